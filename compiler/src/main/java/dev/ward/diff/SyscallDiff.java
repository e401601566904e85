package dev.ward.diff;

import dev.ward.diff.Change.Direction;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import dev.ward.lint.analysis.DecisionSpace;
import dev.ward.lint.analysis.SyscallVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seccomp differences, decided per syscall by evaluating both rule lists over the same argument cells, and
 * per architecture (a call that exists on only some architectures is compared only there).
 */
final class SyscallDiff {
    private SyscallDiff() {}

    /** A syscall's change on some architectures. */
    record Entry(String syscall, Direction direction, String description) {}

    static List<Change> diff(String profile, Seccomp old, Seccomp neu, List<Arch> oldArches, List<Arch> newArches) {
        List<Change> out = new ArrayList<>();
        for (Arch a : newArches) {
            if (!oldArches.contains(a)) {
                out.add(new Change(profile, Change.Aspect.ARCH, Direction.LOOSER, "architecture " + a.wardName()
                        + " added: its calls are decided by the filter instead of killed"));
            }
        }
        for (Arch a : oldArches) {
            if (!newArches.contains(a)) {
                out.add(new Change(profile, Change.Aspect.ARCH, Direction.TIGHTER, "architecture " + a.wardName()
                        + " removed: its calls are now killed"));
            }
        }
        List<Arch> common = newArches.stream().filter(oldArches::contains).toList();
        if (common.isEmpty()) return out;

        Set<String> named = new TreeSet<>();
        for (SeccompRule r : old.rules()) named.addAll(r.syscalls());
        for (SeccompRule r : neu.rules()) named.addAll(r.syscalls());

        // The same change on several architectures is reported once, naming them.
        Map<Entry, List<Arch>> byEntry = new LinkedHashMap<>();
        SyscallTable table = SyscallTable.standard();
        for (String s : named) {
            List<Arch> on = common.stream().filter(a -> table.number(a, s).isPresent()).toList();
            if (on.isEmpty()) continue;
            compare(s, old, neu).ifPresent(e -> byEntry.put(e, on));
        }
        byEntry.forEach((e, arches) -> out.add(new Change(profile, Change.Aspect.SYSCALL, e.direction(),
                e.syscall() + ": " + e.description() + " (" + String.join(", ", arches.stream().map(Arch::wardName).toList()) + ")")));

        if (!old.defaultAction().equals(neu.defaultAction())) {
            int rank = Integer.compare(SyscallVerdict.permissiveness(neu.defaultAction()),
                    SyscallVerdict.permissiveness(old.defaultAction()));
            out.add(new Change(profile, Change.Aspect.SYSCALL, direction(rank > 0, rank < 0), "default: "
                    + old.defaultAction() + " -> " + neu.defaultAction() + " for every call no rule names"));
        }
        return out;
    }

    /** How {@code s} changed from {@code old} to {@code neu}, if it did. */
    static Optional<Entry> compare(String s, Seccomp old, Seccomp neu) {
        Optional<DecisionSpace> sp = DecisionSpace.joint(s, old.rules(), old.defaultAction(), neu.rules());
        if (sp.isEmpty()) {
            return Optional.of(new Entry(s, Direction.CHANGED, "too many argument conditions to compare"));
        }
        DecisionSpace space = sp.get();
        boolean looser = false;
        boolean tighter = false;
        boolean changed = false;
        Map<Action, DecisionSpace.Cell> before = new LinkedHashMap<>();
        Map<Action, DecisionSpace.Cell> after = new LinkedHashMap<>();
        DecisionSpace.Cell looserAt = null;
        DecisionSpace.Cell tighterAt = null;
        for (DecisionSpace.Cell c : space.cells()) {
            Action o = space.decide(c).action();
            Action n = space.decide(neu.rules(), neu.defaultAction(), c).action();
            before.putIfAbsent(o, c);
            after.putIfAbsent(n, c);
            if (o.equals(n)) continue;
            changed = true;
            int rank = Integer.compare(SyscallVerdict.permissiveness(n), SyscallVerdict.permissiveness(o));
            if (rank > 0 && looserAt == null) looserAt = c;
            if (rank < 0 && tighterAt == null) tighterAt = c;
            looser |= rank > 0;
            tighter |= rank < 0;
        }
        if (!changed) return Optional.empty();
        StringBuilder d = new StringBuilder(describe(s, before)).append(" -> ").append(describe(s, after));
        boolean conditional = before.size() > 1 || after.size() > 1;
        if (conditional && looserAt != null) d.append("; looser for ").append(s).append(looserAt.arguments());
        if (conditional && tighterAt != null) d.append("; tighter for ").append(s).append(tighterAt.arguments());
        return Optional.of(new Entry(s, direction(looser, tighter), d.toString()));
    }

    // One action, or "conditional (allow e.g. personality(0x8), errno(1) e.g. personality(0x1))".
    private static String describe(String s, Map<Action, DecisionSpace.Cell> actions) {
        if (actions.size() == 1) return actions.keySet().iterator().next().toString();
        Set<String> parts = new LinkedHashSet<>();
        actions.forEach((a, c) -> parts.add(a + " e.g. " + s + c.arguments()));
        return "conditional (" + String.join(", ", parts) + ")";
    }

    static Direction direction(boolean looser, boolean tighter) {
        if (looser && !tighter) return Direction.LOOSER;
        if (tighter && !looser) return Direction.TIGHTER;
        return Direction.CHANGED;
    }
}
