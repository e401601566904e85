package dev.ward.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON document read with the position of every value, so that an imported profile's mistakes are
 * reported at their line and column. Jackson's streaming parser does the reading.
 */
sealed interface Json {
    Span span();

    /** What a value of this kind is called in messages. */
    String kind();

    record Obj(Map<String, Json> members, Map<String, Span> keys, Span span) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(members);
            keys = Collections.unmodifiableMap(keys);
        }

        public Optional<Json> get(String key) {
            return Optional.ofNullable(members.get(key)).filter(v -> !(v instanceof Null));
        }

        public String kind() {
            return "an object";
        }
    }

    record Arr(List<Json> items, Span span) implements Json {
        public Arr {
            items = List.copyOf(items);
        }

        public String kind() {
            return "an array";
        }
    }

    record Str(String value, Span span) implements Json {
        public String kind() {
            return "a string";
        }
    }

    /** A number; integers keep their exact value. */
    record Num(BigInteger integer, boolean integral, Span span) implements Json {
        public String kind() {
            return "a number";
        }
    }

    record Bool(boolean value, Span span) implements Json {
        public String kind() {
            return "a boolean";
        }
    }

    record Null(Span span) implements Json {
        public String kind() {
            return "null";
        }
    }

    /** How deeply arrays and objects may nest before the document is refused. */
    int MAX_DEPTH = 64;

    /** Parses {@code text}; syntax errors are reported with {@code code} and give an empty result. */
    static Optional<Json> parse(String file, String text, String code, Diagnostics diagnostics) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() == null) {
                diagnostics.error(code, Span.file(file), "the file is empty; a JSON object was expected");
                return Optional.empty();
            }
            Json value = read(p, file);
            if (p.nextToken() != null) {
                diagnostics.error(code, span(file, p.currentTokenLocation()), "unexpected text after the JSON value");
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
            diagnostics.error(code, at == null ? Span.file(file) : span(file, at), "invalid JSON: " + message);
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.error(code, Span.file(file), "cannot read JSON: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Json read(JsonParser p, String file) throws IOException {
        Span at = span(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Json> members = new LinkedHashMap<>();
                Map<String, Span> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Span keySpan = span(file, p.currentTokenLocation());
                    p.nextToken();
                    // A repeated key: the last one wins, as in Go's encoding/json.
                    members.put(key, read(p, file));
                    keys.put(key, keySpan);
                }
                return new Obj(members, keys, at);
            }
            case START_ARRAY -> {
                List<Json> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(read(p, file));
                return new Arr(items, at);
            }
            case VALUE_STRING -> {
                return new Str(p.getText(), at);
            }
            case VALUE_NUMBER_INT -> {
                return new Num(p.getBigIntegerValue(), true, at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Num(p.getDecimalValue().toBigInteger(), false, at);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Bool(t == JsonToken.VALUE_TRUE, at);
            }
            default -> {
                return new Null(at);
            }
        }
    }

    private static Span span(String file, JsonLocation at) {
        int line = Math.max(1, at.getLineNr());
        int column = Math.max(1, at.getColumnNr());
        return Span.at(file, line, column);
    }
}
