package dev.ward.backend;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Rendered output files, by path relative to the output directory ({@code web/seccomp.json}). */
public final class Artifacts {
    private final Map<String, byte[]> files = new TreeMap<>();

    public void put(String relativePath, byte[] content) {
        keep(relativePath, content.clone());
    }

    public void put(String relativePath, String content) {
        keep(relativePath, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps {@code content}, which no one else holds. */
    private void keep(String relativePath, byte[] content) {
        if (relativePath.startsWith("/") || relativePath.contains("..")) {
            throw new IllegalArgumentException("artifact path must stay inside the output directory: " + relativePath);
        }
        files.put(relativePath, content);
    }

    /** Takes over every file of {@code other}, replacing files of the same path. */
    public void putAll(Artifacts other) {
        files.putAll(other.files);
    }

    /** The files in path order. */
    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }
}
