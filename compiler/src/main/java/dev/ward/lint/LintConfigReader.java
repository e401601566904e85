package dev.ward.lint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.diag.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads .ward.yaml through Jackson's YAML parser, keeping each value's position for diagnostics. */
final class LintConfigReader {
    /** A parsed YAML value and where it was written: a String, a List of Node, or a Map of String to Node. */
    private record Node(Object value, Span span) {}

    private final Path file;
    private final Diagnostics d;

    private LintConfigReader(Path file, Diagnostics d) {
        this.file = file;
        this.d = d;
    }

    static LintConfig read(Path file, Diagnostics d) {
        return new LintConfigReader(file, d).read();
    }

    private LintConfig read() {
        Path base = file.toAbsolutePath().getParent();
        LintConfig defaults = new LintConfig(Map.of(), List.of(), List.of(), List.of(), Optional.empty(), base);
        Node root;
        try (JsonParser p = new YAMLFactory().createParser(Files.readString(file))) {
            if (p.nextToken() == null) return defaults;
            root = node(p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            error(loc == null ? Span.file(file.toString()) : span(loc), "invalid YAML: " + e.getOriginalMessage());
            return defaults;
        } catch (IOException e) {
            error(Span.file(file.toString()), "cannot read the configuration: " + e.getMessage());
            return defaults;
        }
        Map<String, Node> top = map(root, "the configuration");
        if (top == null) return defaults;
        Map<String, Optional<Severity>> severities = new HashMap<>();
        List<LintConfig.PathIgnore> ignores = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        Optional<Severity> failOn = Optional.empty();
        for (Map.Entry<String, Node> e : top.entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "rules" -> rules(v, severities);
                case "ignore" -> ignores(v, ignores);
                case "paths" -> strings(v, "paths", paths);
                case "exclude" -> strings(v, "exclude", exclude);
                case "fail-on" -> {
                    String s = scalar(v, "fail-on");
                    if (s != null) {
                        Optional<Severity> sev = severity(s, v.span, false);
                        if (sev != null) failOn = sev;
                    }
                }
                default -> error(v.span, "unknown key '" + e.getKey() + "' (expected rules, ignore, paths, exclude or fail-on)");
            }
        }
        return new LintConfig(severities, ignores, paths, exclude, failOn, base);
    }

    private void rules(Node v, Map<String, Optional<Severity>> out) {
        Map<String, Node> m = map(v, "rules");
        if (m == null) return;
        m.forEach((code, sev) -> {
            if (LintRule.byCode(code).isEmpty()) {
                error(sev.span, "'" + code + "' is not a lint rule code (W1xxx)");
                return;
            }
            String s = scalar(sev, "the severity of " + code);
            if (s == null) return;
            Optional<Severity> parsed = severity(s, sev.span, true);
            if (parsed != null) out.put(LintRule.byCode(code).get().code(), parsed);
        });
    }

    private void ignores(Node v, List<LintConfig.PathIgnore> out) {
        if (!(v.value instanceof List<?> items)) {
            error(v.span, "ignore must be a list of {code, path, reason}");
            return;
        }
        for (Object o : items) {
            Node item = (Node) o;
            Map<String, Node> m = map(item, "an ignore entry");
            if (m == null) continue;
            String code = null;
            String path = "**";
            String reason = "";
            for (Map.Entry<String, Node> e : m.entrySet()) {
                String s = scalar(e.getValue(), e.getKey());
                if (s == null) continue;
                switch (e.getKey()) {
                    case "code" -> code = s;
                    case "path" -> path = s;
                    case "reason" -> reason = s;
                    default -> error(e.getValue().span, "unknown key '" + e.getKey() + "' in an ignore entry (expected code, path, reason)");
                }
            }
            if (code == null) {
                error(item.span, "an ignore entry needs a code");
            } else if (LintRule.byCode(code).isEmpty()) {
                error(m.get("code").span, "'" + code + "' is not a lint rule code (W1xxx)");
            } else {
                out.add(new LintConfig.PathIgnore(LintRule.byCode(code).get().code(), path, reason));
            }
        }
    }

    private void strings(Node v, String what, List<String> out) {
        if (v.value instanceof String s) {
            out.add(s);
            return;
        }
        if (!(v.value instanceof List<?> items)) {
            error(v.span, what + " must be a list of strings");
            return;
        }
        for (Object o : items) {
            String s = scalar((Node) o, "an entry of " + what);
            if (s != null) out.add(s);
        }
    }

    // null when invalid (already reported); Optional.empty() for "off".
    private Optional<Severity> severity(String s, Span at, boolean offAllowed) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "error": return Optional.of(Severity.ERROR);
            case "warning": return Optional.of(Severity.WARNING);
            case "note": return Optional.of(Severity.NOTE);
            case "off":
                if (offAllowed) return Optional.empty();
                break;
            default:
                break;
        }
        error(at, "'" + s + "' is not a severity (expected error, warning, note" + (offAllowed ? " or off)" : ")"));
        return null;
    }

    private Map<String, Node> map(Node n, String what) {
        if (n.value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Node> typed = (Map<String, Node>) m;
            return typed;
        }
        error(n.span, what + " must be a mapping");
        return null;
    }

    private String scalar(Node n, String what) {
        if (n.value instanceof String s) return s;
        error(n.span, what + " must be a single value");
        return null;
    }

    private void error(Span at, String message) {
        d.error(LintRule.BAD_CONFIG.code(), at, message);
    }

    private Span span(JsonLocation loc) {
        return LintConfig.at(file, loc.getLineNr(), loc.getColumnNr());
    }

    // Reads the value the parser stands on (its current token), with nested values.
    private Node node(JsonParser p) throws IOException {
        Span at = span(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Span keyAt = span(p.currentTokenLocation());
                p.nextToken();
                Node value = node(p);
                if (m.containsKey(key)) error(keyAt, "duplicate key '" + key + "'");
                m.put(key, value);
            }
            return new Node(m, at);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) items.add(node(p));
            return new Node(items, at);
        }
        return new Node(t == JsonToken.VALUE_NULL ? "" : p.getText(), at);
    }
}
