package dev.ward.backend;

import dev.ward.backend.CompileContext.RunKey;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders targets for the profiles of a context on several threads, with the files and findings, in reporting
 * order, of rendering each target in turn for every profile. Each profile goes through the targets on a worker,
 * reporting into a collector of its own; the collectors are then read back target by target, profile by
 * profile. A target that combines profiles renders at its turn, on the calling thread.
 *
 * <p>Rendered together, a finding that was already reported (the same text at the same place) may be left out
 * the second time; rendered apart, two profiles cannot know of each other's. So when a finding repeats, the
 * run is done again the plain way, every target in turn over all profiles.
 */
public final class Renderer {
    private static final ThreadFactory WORKERS = new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "ward-render-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    };

    private Renderer() {}

    /** Where rendered files go as soon as they are done. */
    public interface Output {
        /** Takes the files of one profile, or of a target that combines profiles; called from several threads. */
        void put(Artifacts files);

        /** Forgets every file taken so far: the run renders again. */
        void clear();
    }

    /** Renders {@code targets} in order for the context's profiles, using up to {@code threads} threads. */
    public static Artifacts render(CompileContext ctx, List<Target> targets, int threads) {
        Collected all = new Collected();
        render(ctx, targets, threads, all);
        return all.files;
    }

    /**
     * Renders {@code targets} in order for the context's profiles, using up to {@code threads} threads, handing
     * the files to {@code out} as each profile's are done, so that they need not all be held at once.
     */
    public static void render(CompileContext ctx, List<Target> targets, int threads, Output out) {
        if (ctx.selected().size() < 2) {
            out.put(inTurn(ctx, targets));
            return;
        }
        Diagnostics found = new Diagnostics(Integer.MAX_VALUE);
        Map<RunKey<?>, Object> state = ctx.sharedSnapshot();
        CompileContext whole = ctx.part(ctx.selected(), found, state);
        int workers = Math.min(threads, ctx.selected().size());
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, WORKERS) : null;
        try {
            int i = 0;
            while (i < targets.size()) {
                if (!targets.get(i).rendersProfilesAlone()) {
                    Artifacts files = new Artifacts();
                    targets.get(i).render(whole, files);
                    out.put(files);
                    i++;
                    continue;
                }
                int j = i;
                while (j < targets.size() && targets.get(j).rendersProfilesAlone()) j++;
                byProfile(whole, targets.subList(i, j), state, pool, out);
                i = j;
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        if (repeats(ctx.diagnostics(), found)) {
            out.clear();
            out.put(inTurn(ctx, targets));
            return;
        }
        ctx.adopt(state);
        found.all().forEach(ctx.diagnostics()::add);
    }

    /** Files kept in memory. */
    private static final class Collected implements Output {
        private Artifacts files = new Artifacts();

        @Override
        public synchronized void put(Artifacts more) {
            files.putAll(more);
        }

        @Override
        public synchronized void clear() {
            files = new Artifacts();
        }
    }

    /** Every target in turn over all the context's profiles. */
    private static Artifacts inTurn(CompileContext ctx, List<Target> targets) {
        Artifacts out = new Artifacts();
        for (Target t : targets) t.render(ctx, out);
        return out;
    }

    /** One profile through targets rendered apart: its findings and where each target's findings end. */
    private record Part(Diagnostics found, int[] ends) {
        void replay(int target, Diagnostics into) {
            int from = target == 0 ? 0 : ends[target - 1];
            found.all().subList(from, ends[target]).forEach(into::add);
        }
    }

    private static void byProfile(CompileContext whole, List<Target> targets, Map<RunKey<?>, Object> state,
                                  ExecutorService pool, Output out) {
        List<Part> parts = new ArrayList<>();
        if (pool == null) {
            for (Profile p : whole.selected()) parts.add(part(whole, p, targets, state, out));
        } else {
            List<Future<Part>> futures = new ArrayList<>();
            for (Profile p : whole.selected()) futures.add(pool.submit(() -> part(whole, p, targets, state, out)));
            for (Future<Part> f : futures) parts.add(result(f));
        }
        for (int t = 0; t < targets.size(); t++) {
            for (Part part : parts) part.replay(t, whole.diagnostics());
        }
    }

    private static Part part(CompileContext whole, Profile p, List<Target> targets, Map<RunKey<?>, Object> state,
                             Output out) {
        Diagnostics found = new Diagnostics(Integer.MAX_VALUE);
        CompileContext one = whole.part(List.of(p), found, state);
        Artifacts files = new Artifacts();
        int[] ends = new int[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            targets.get(t).render(one, files);
            ends[t] = found.all().size();
        }
        out.put(files);
        return new Part(found, ends);
    }

    private static Part result(Future<Part> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering", e);
        }
    }

    /** Whether a finding of the run repeats one reported before it or earlier in the run. */
    private static boolean repeats(Diagnostics before, Diagnostics found) {
        Set<Diagnostic> seen = new HashSet<>(before.all());
        for (Diagnostic d : found.all()) {
            if (!seen.add(d)) return true;
        }
        return false;
    }
}
