package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.diag.Span;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An LXC container configuration as LXC reads it: {@code key = value} lines, {@code #} comments, and
 * {@code lxc.include} of a file or of every {@code *.conf} in a directory, expanded in place (recursively,
 * relative paths from the including file's directory).
 */
final class LxcConfig {
    /** One setting and where its value was written. */
    record Entry(String key, String value, Span span) {}

    /** How deep includes may nest, which also stops include cycles. */
    static final int MAX_DEPTH = 16;
    private static final long MAX_BYTES = 8L << 20;

    private final List<Entry> entries = new ArrayList<>();
    private final Diagnostics diagnostics;
    private final SourceFiles sources;

    private LxcConfig(Diagnostics diagnostics, SourceFiles sources) {
        this.diagnostics = diagnostics;
        this.sources = sources;
    }

    /** Reads a config's text ({@code file} is its path, for includes and messages). */
    static List<Entry> read(Path file, String text, Diagnostics diagnostics, SourceFiles sources) {
        LxcConfig c = new LxcConfig(diagnostics, sources);
        c.parse(file, file.toString(), text, 0);
        return c.entries;
    }

    private void parse(Path file, String label, String text, int depth) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            int column = raw.indexOf(line.charAt(0)) + 1;
            if (eq < 0) {
                diagnostics.error(ImportCodes.BAD_LXC, Span.at(label, i + 1, column),
                        "expected 'key = value', found '" + WardText.printable(shorten(line)) + "'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            int valueColumn = raw.indexOf('=') + 2 + (raw.substring(raw.indexOf('=') + 1).length()
                    - raw.substring(raw.indexOf('=') + 1).stripLeading().length());
            Span span = new Span(label, i + 1, valueColumn, i + 1, valueColumn + Math.max(1, value.length()));
            if (key.equals("lxc.include")) {
                include(file, value, span, depth);
            } else {
                entries.add(new Entry(key, value, span));
            }
        }
    }

    private void include(Path from, String value, Span span, int depth) {
        if (value.isEmpty()) return;
        if (depth >= MAX_DEPTH) {
            diagnostics.error(ImportCodes.BAD_LXC, span, "includes nest deeper than " + MAX_DEPTH + " (an include cycle?)");
            return;
        }
        Path dir = Optional.ofNullable(from.toAbsolutePath().getParent()).orElse(Path.of("."));
        Path target = dir.resolve(value).normalize();
        if (Files.isDirectory(target)) {
            try (Stream<Path> s = Files.list(target)) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".conf") && Files.isRegularFile(f)).sorted().toList()) {
                    includeFile(p, span, depth);
                }
            } catch (IOException e) {
                diagnostics.error(ImportCodes.CANNOT_READ, span, "cannot read the included directory " + value + ": " + e.getMessage());
            }
            return;
        }
        includeFile(target, span, depth);
    }

    private void includeFile(Path p, Span span, int depth) {
        Optional<String> text = readText(p, span, diagnostics);
        if (text.isEmpty()) return;
        sources.add(p.toString(), text.get());
        parse(p, p.toString(), text.get(), depth + 1);
    }

    /** A file's UTF-8 text; a located error when it cannot be read. */
    static Optional<String> readText(Path p, Span from, Diagnostics diagnostics) {
        try {
            if (Files.size(p) > MAX_BYTES) {
                diagnostics.error(ImportCodes.CANNOT_READ, from, p + " is larger than " + (MAX_BYTES >> 20) + " MiB");
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(p);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            diagnostics.error(ImportCodes.CANNOT_READ, from, p + " is not UTF-8 text");
        } catch (IOException e) {
            diagnostics.error(ImportCodes.CANNOT_READ, from, "cannot read " + p + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
