package dev.ward.lint.analysis;

import dev.ward.ir.Action;
import dev.ward.ir.Seccomp;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a filter does with one syscall over all its arguments: one action for every argument, or several
 * (argument-conditional). {@code complete} is false when the space was too large to decide.
 */
public record SyscallVerdict(String syscall, Set<Action> actions, boolean complete) {
    public SyscallVerdict {
        actions = Set.copyOf(actions);
    }

    /** The verdict of {@code seccomp} for {@code syscall}. */
    public static SyscallVerdict of(Seccomp seccomp, String syscall) {
        return of(DecisionSpace.of(syscall, seccomp.rules(), seccomp.defaultAction(), List.of()), syscall);
    }

    /** The verdict of the filter whose rules {@code index} holds, with default {@code defaultAction}. */
    public static SyscallVerdict of(RuleIndex index, Action defaultAction, String syscall) {
        return of(DecisionSpace.of(syscall, index, defaultAction, List.of()), syscall);
    }

    private static SyscallVerdict of(Optional<DecisionSpace> sp, String syscall) {
        if (sp.isEmpty()) return new SyscallVerdict(syscall, Set.of(), false);
        Set<Action> actions = new LinkedHashSet<>();
        for (DecisionSpace.Cell c : sp.get().cells()) actions.add(sp.get().decide(c).action());
        return new SyscallVerdict(syscall, actions, true);
    }

    /** The single action when the decision does not depend on the arguments. */
    public Optional<Action> unconditional() {
        return complete && actions.size() == 1 ? Optional.of(actions.iterator().next()) : Optional.empty();
    }

    /** True when the call runs (allow or log) for every argument. */
    public boolean alwaysRuns() {
        return complete && actions.stream().allMatch(SyscallVerdict::runs);
    }

    /** True when the call runs for some arguments. */
    public boolean sometimesRuns() {
        return actions.stream().anyMatch(SyscallVerdict::runs);
    }

    /** Whether an action lets the syscall run: allow, or log (which allows and logs). */
    public static boolean runs(Action a) {
        return a.kind() == Action.Kind.ALLOW || a.kind() == Action.Kind.LOG;
    }

    /**
     * How much an action lets through: 3 runs the call, 2 hands it to a supervisor (notify, trace),
     * 1 fails it (errno, trap), 0 kills.
     */
    public static int permissiveness(Action a) {
        return switch (a.kind()) {
            case ALLOW, LOG -> 3;
            case NOTIFY, TRACE -> 2;
            case ERRNO, TRAP -> 1;
            case KILL_PROCESS, KILL_THREAD -> 0;
        };
    }
}
