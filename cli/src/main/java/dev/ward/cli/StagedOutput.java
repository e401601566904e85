package dev.ward.cli;

import dev.ward.backend.Artifacts;
import dev.ward.backend.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The rendered files, written as each profile's are done to a staging directory inside the output directory
 * (so that they are not all held in memory), then renamed into place only when the run succeeded: until
 * then no file of the output changes, and each is replaced at once by a rename, as {@link AtomicFile} does.
 */
final class StagedOutput implements Renderer.Output {
    private final Path outputDir;
    private final Map<String, Path> files = new TreeMap<>();
    /** Directories this made for the output, deepest first, removed again when nothing is written. */
    private final List<Path> made = new ArrayList<>();
    private Path staging;
    private int batches;
    private IOException failure;

    StagedOutput(Path outputDir) {
        this.outputDir = outputDir;
    }

    @Override
    public void put(Artifacts rendered) {
        // each batch (one profile's files) in a directory of its own: threads do not create files side by side
        Path batch = batch();
        if (batch == null) return;
        int i = 0;
        for (Map.Entry<String, byte[]> f : rendered.files().entrySet()) {
            Path file = reserve(f.getKey(), batch.resolve(Integer.toString(i++)));
            if (file == null) return;
            try {
                Files.write(file, f.getValue());
                AtomicFile.keepPermissions(outputDir.resolve(f.getKey()), file);
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
    }

    /** A new directory for one batch of staged files, or null once staging has failed. */
    private synchronized Path batch() {
        if (failure != null) return null;
        try {
            if (staging == null) {
                for (Path d = outputDir; d != null && !Files.exists(d); d = d.getParent()) made.add(d);
                Files.createDirectories(outputDir);
                staging = Files.createTempDirectory(outputDir, ".ward-compile-");
            }
            return Files.createDirectory(staging.resolve(Integer.toString(batches++)));
        } catch (IOException e) {
            failure = e;
            return null;
        }
    }

    /** Records {@code file} as the staged form of {@code relativePath}, or null once staging has failed. */
    private synchronized Path reserve(String relativePath, Path file) {
        if (failure != null) return null;
        Path replaced = files.put(relativePath, file);
        if (replaced != null) replaced.toFile().delete();
        return file;
    }

    private synchronized void fail(IOException e) {
        if (failure == null) failure = e;
    }

    @Override
    public synchronized void clear() {
        files.values().forEach(f -> f.toFile().delete());
        files.clear();
    }

    /** How many files the run rendered. */
    synchronized int count() {
        return files.size();
    }

    /** The staged content of one rendered file. */
    synchronized Optional<byte[]> read(String relativePath) throws IOException {
        if (failure != null) throw failure;
        Path file = files.get(relativePath);
        return file == null ? Optional.empty() : Optional.of(Files.readAllBytes(file));
    }

    /** Moves every file into place, in path order. */
    synchronized void commit() throws IOException {
        if (failure != null) throw failure;
        Set<Path> dirs = new HashSet<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path target = outputDir.resolve(f.getKey());
            Path dir = target.getParent();
            if (dirs.add(dir)) Files.createDirectories(dir);
            AtomicFile.moveOver(f.getValue(), target);
        }
    }

    /** Removes what is left of the staging directory, and the output directory when this made it for nothing. */
    synchronized void discard() {
        if (staging == null) return;
        try (Stream<Path> left = Files.walk(staging)) {
            left.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // nothing staged is left to read: an undeletable leftover is only clutter
        }
        // only empty directories go: after a commit the output directory holds the files
        made.forEach(d -> d.toFile().delete());
    }
}
