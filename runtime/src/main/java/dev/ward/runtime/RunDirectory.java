package dev.ward.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's private temporary directory (mode 0700), {@code ward-run-PID-*} after the ward process that made
 * it, removed with everything in it when the run ends.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    public static RunDirectory create() throws RunFailure {
        try {
            return new RunDirectory(Files.createTempDirectory("ward-run-" + ProcessHandle.current().pid() + "-"));
        } catch (IOException e) {
            throw new RunFailure("cannot create a temporary directory: " + e.getMessage(), 2);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // Best effort: a file an engine still holds open is left for the system's tmp cleaning.
        }
    }
}
