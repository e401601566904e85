package dev.ward.resolve;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads and parses the files of a directory ahead, on one thread per core, while the loader takes them in
 * order. Reading and parsing one file touches nothing shared, so the loader gets what it would have computed
 * itself; when a file cannot be prepared (a read error, input too deep for the stack) the loader reads it
 * itself as before, so errors are reported exactly as without the threads.
 */
final class ParallelReader {
    /** Fewer files than this are read by the loader alone: threads would cost more than they save. */
    static final int MIN_FILES = 16;
    private static final int MAX_THREADS = 4;

    private ParallelReader() {}

    /** The files' preparations, started; empty when there are too few files or one core. */
    static Map<Path, Future<SourceLoader.Prepared>> prepare(List<Path> files) {
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS);
        if (files.size() < MIN_FILES || threads < 2) return Map.of();
        // the loader's large stack, so that what parses on the loader thread parses here too
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "ward-reader", PolicyLoader.STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
        Map<Path, Future<SourceLoader.Prepared>> out = new HashMap<>();
        try {
            for (Path f : files) out.put(f, pool.submit(() -> SourceLoader.prepare(f)));
        } finally {
            pool.shutdown(); // the threads end once every file is done
        }
        return out;
    }

    /** The preparation, or null when it failed and the loader should read the file itself. */
    static SourceLoader.Prepared await(Future<SourceLoader.Prepared> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
