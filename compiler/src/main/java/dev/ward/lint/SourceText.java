package dev.ward.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text of the policy files, by the file name their spans carry; the linter reads comments
 * ({@code # ward:ignore}, reasons) that the IR no longer has.
 */
@FunctionalInterface
public interface SourceText {
    /** The lines of {@code file}, if its text is available. */
    Optional<List<String>> lines(String file);

    /** Files from disk, and the shipped library ({@code std/...}) from the classpath; cached. */
    static SourceText files() {
        Map<String, Optional<List<String>>> cache = new HashMap<>();
        return file -> cache.computeIfAbsent(file, SourceText::read);
    }

    /** Texts given in memory (tests, or a front end that already holds them), by file name. */
    static SourceText of(Map<String, String> texts) {
        return file -> Optional.ofNullable(texts.get(file)).map(SourceText::splitLines);
    }

    /**
     * {@code sources} asked at most once per file, safe to share between threads: the answers are kept, and
     * {@code sources} itself is asked by one thread at a time.
     */
    static SourceText shared(SourceText sources) {
        Map<String, Optional<List<String>>> answers = new ConcurrentHashMap<>();
        return file -> {
            Optional<List<String>> known = answers.get(file);
            if (known != null) return known;
            synchronized (answers) {
                known = answers.get(file);
                if (known == null) {
                    known = sources.lines(file);
                    answers.put(file, known);
                }
                return known;
            }
        };
    }

    /** The lines of a text, split at {@code \n} and {@code \r\n} ({@code text.split("\r?\n", -1)}, without a regex). */
    static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
            out.add(text.substring(start, end));
            start = i + 1;
        }
        out.add(text.substring(start));
        return List.copyOf(out);
    }

    private static Optional<List<String>> read(String file) {
        try {
            Path p = Path.of(file);
            if (Files.isRegularFile(p)) return Optional.of(Files.readAllLines(p, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        int std = file.lastIndexOf("std/");
        if (std < 0) return Optional.empty();
        try (InputStream in = SourceText.class.getClassLoader().getResourceAsStream("policies/" + file.substring(std))) {
            if (in == null) return Optional.empty();
            return Optional.of(splitLines(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
