package dev.ward.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return file -> Optional.ofNullable(texts.get(file)).map(t -> List.of(t.split("\r?\n", -1)));
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
            return Optional.of(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n", -1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
