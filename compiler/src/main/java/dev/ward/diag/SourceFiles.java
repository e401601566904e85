package dev.ward.diag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The text of every file a run read, by the name its diagnostics carry; used to print source excerpts. */
public final class SourceFiles {
    private final Map<String, String> texts = new LinkedHashMap<>();

    public void add(String name, String text) {
        texts.put(name, text);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(texts.get(name));
    }

    public Set<String> names() {
        return texts.keySet();
    }

    /** Line {@code n} (1-based) of a file, without its line terminator. */
    public Optional<String> line(String name, int n) {
        String text = texts.get(name);
        if (text == null || n < 1) return Optional.empty();
        int start = 0;
        for (int i = 1; i < n; i++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) return Optional.empty();
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) end = text.length();
        if (end > start && text.charAt(end - 1) == '\r') end--;
        return Optional.of(text.substring(start, end));
    }
}
