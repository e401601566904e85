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
    private final Map<RunKey<?>, Object> shared = new HashMap<>();

    public CompileContext(Policy policy, List<Profile> selected, CompileOptions options, Diagnostics diagnostics) {
        this.policy = policy;
        this.selected = List.copyOf(selected);
        this.options = options;
        this.diagnostics = diagnostics;
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
     * The value of {@code key} for this run, made by {@code create} the first time it is asked for. Creation
     * may itself ask for other keys.
     */
    public synchronized <T> T shared(RunKey<T> key, Function<CompileContext, T> create) {
        Object value = shared.get(key);
        if (value == null) {
            value = create.apply(this);
            shared.put(key, value);
        }
        return key.type().cast(value);
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
