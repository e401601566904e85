package dev.ward.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent tasks on the machine's cores: this thread and up to one more per further core take the
 * tasks in list order until none is left. Callers give each task its own place for results and read them
 * after {@link #run} returns, in the order a sequential run would have produced them.
 */
final class SideBySide {
    private static final int MAX_THREADS = 4;

    private SideBySide() {}

    /** Runs every task and returns when all are done; what the first failing task (in list order) threw is thrown here. */
    static void run(List<Runnable> tasks) {
        int threads = Math.min(Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS), tasks.size());
        Throwable[] failures = new Throwable[tasks.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                try {
                    tasks.get(i).run();
                } catch (Throwable t) {
                    failures[i] = t;
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int k = 1; k < threads; k++) {
            Thread t = new Thread(worker, "ward-side-by-side-" + k);
            t.setDaemon(true);
            helpers.add(t);
            t.start();
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        for (Throwable t : failures) {
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }
    }
}
