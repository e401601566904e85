package dev.ward.backend;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The input of every target: the whole policy, the profiles to compile, options and the diagnostics sink.
 * A context is one compile run: it equals only itself, and it holds what the targets of the run share (the
 * id map plan, checks done once per profile), so nothing computed for one run leaks into another.
 */
public final class CompileContext {
    private final Policy policy;
    private final List<Profile> selected;
    private final CompileOptions options;
    private final Diagnostics diagnostics;
    /** What the run's targets share; contexts of one run (see {@link #part}) hold the same map. */
    private final Map<RunKey<?>, Object> shared;

    public CompileContext(Policy policy, List<Profile> selected, CompileOptions options, Diagnostics diagnostics) {
        this(policy, selected, options, diagnostics, new HashMap<>());
    }

    private CompileContext(Policy policy, List<Profile> selected, CompileOptions options, Diagnostics diagnostics,
                           Map<RunKey<?>, Object> shared) {
        this.policy = policy;
        this.selected = List.copyOf(selected);
        this.options = options;
        this.diagnostics = diagnostics;
        this.shared = shared;
    }

    /**
     * A context of the same run for some of its profiles, reporting into {@code d}, that shares the values in
     * {@code state} (from {@link #sharedSnapshot}) with every other context made from the same map.
     */
    CompileContext part(List<Profile> profiles, Diagnostics d, Map<RunKey<?>, Object> state) {
        return new CompileContext(policy, profiles, options, d, state);
    }

    /** A copy of what this run has shared so far, for contexts that must not change this one's. */
    Map<RunKey<?>, Object> sharedSnapshot() {
        synchronized (shared) {
            return new HashMap<>(shared);
        }
    }

    /** Takes over the values of {@code state} that this context does not have yet. */
    void adopt(Map<RunKey<?>, Object> state) {
        synchronized (shared) {
            state.forEach(shared::putIfAbsent);
        }
    }

    public Policy policy() {
        return policy;
    }

    public List<Profile> selected() {
        return selected;
    }

    public CompileOptions options() {
        return options;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /**
     * The value of {@code key} for this run, made by {@code create} the first time it is asked for (once, also
     * when targets render on several threads). Creation may itself ask for other keys.
     */
    public <T> T shared(RunKey<T> key, Function<CompileContext, T> create) {
        synchronized (shared) {
            Object value = shared.get(key);
            if (value == null) {
                value = create.apply(this);
                shared.put(key, value);
            }
            return key.type().cast(value);
        }
    }

    /** Names one value a run shares between its targets; each key is a constant of the class that owns it. */
    public static final class RunKey<T> {
        private final String name;
        private final Class<T> type;

        private RunKey(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        /** A new key, equal only to itself. */
        public static <T> RunKey<T> of(String name, Class<T> type) {
            return new RunKey<>(name, type);
        }

        Class<T> type() {
            return type;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Override
    public String toString() {
        return "CompileContext[" + selected.size() + " of " + policy.profiles().size() + " profiles, " + options + "]";
    }
}
