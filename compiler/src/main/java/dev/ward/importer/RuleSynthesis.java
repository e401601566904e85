package dev.ward.importer;

import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.Origin;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one syscall's {@link DecisionList} into Ward rules that decide the same, as plainly as possible.
 * When every case tests the same one argument against intervals, the value space is partitioned by action
 * and each action gets one rule (with {@code else} when no value is left to the default); otherwise the
 * cases become first-match rules in their order, consecutive ones with the same action joined by
 * {@code ||}.
 */
final class RuleSynthesis {
    private RuleSynthesis() {}

    /**
     * The rules for {@code syscall}. {@code constants} are the values the profile compares each argument
     * with; a bound is written with the operator that shows one of them ({@code < 38} rather than {@code <= 37}).
     */
    static List<SeccompRule> rules(String syscall, DecisionList d, long defaultAction, Map<Integer, Set<Long>> constants) {
        List<DecisionList.Case> cases = reachable(d.cases());
        while (!cases.isEmpty() && cases.get(cases.size() - 1).action() == defaultAction) {
            cases.remove(cases.size() - 1);
        }
        if (cases.isEmpty()) return List.of();
        if (cases.get(0).unconditional()) return List.of(SeccompRule.of(action(cases.get(0).action()), List.of(syscall), Origin.NONE));
        long universe = d.wide() ? IntervalSet.MAX : DecisionList.LOW32;
        Optional<Integer> arg = singleArgument(cases);
        if (arg.isPresent()) return partitioned(syscall, cases, arg.get(), defaultAction, universe, constants.getOrDefault(arg.get(), Set.of()));
        return inOrder(syscall, cases, universe, constants);
    }

    // Cases after an unconditional one never decide anything.
    private static List<DecisionList.Case> reachable(List<DecisionList.Case> cases) {
        List<DecisionList.Case> out = new ArrayList<>();
        for (DecisionList.Case c : cases) {
            out.add(c);
            if (c.unconditional()) break;
        }
        return out;
    }

    private static Optional<Integer> singleArgument(List<DecisionList.Case> cases) {
        Integer arg = null;
        for (DecisionList.Case c : cases) {
            if (!c.masks().isEmpty() || c.regions().size() > 1) return Optional.empty();
            for (int a : c.regions().keySet()) {
                if (arg != null && arg != a) return Optional.empty();
                arg = a;
            }
        }
        return Optional.ofNullable(arg);
    }

    private static List<SeccompRule> partitioned(String syscall, List<DecisionList.Case> cases, int arg, long defaultAction,
                                                 long universe, Set<Long> constants) {
        IntervalSet all = IntervalSet.of(0, universe);
        Map<Long, IntervalSet> byAction = new LinkedHashMap<>();
        IntervalSet covered = IntervalSet.NONE;
        for (DecisionList.Case c : cases) {
            IntervalSet region = c.regions().getOrDefault(arg, all).intersect(all).minus(covered);
            covered = covered.union(region);
            if (region.isEmpty()) continue;
            byAction.merge(c.action(), region, IntervalSet::union);
        }
        IntervalSet rest = all.minus(covered);
        byAction.merge(defaultAction, rest, IntervalSet::union);
        byAction.values().removeIf(IntervalSet::isEmpty);
        List<Long> actions = new ArrayList<>(byAction.keySet());
        actions.remove(defaultAction);
        if (actions.isEmpty()) return List.of();
        if (!byAction.containsKey(defaultAction) && actions.size() == 1) {
            return List.of(SeccompRule.of(action(actions.get(0)), List.of(syscall), Origin.NONE));
        }
        ValueRender render = new ValueRender(arg, universe, constants);
        if (!byAction.containsKey(defaultAction) && actions.size() == 2) {
            long a = actions.get(0);
            long b = actions.get(1);
            Condition ca = render.condition(byAction.get(a));
            Condition cb = render.condition(byAction.get(b));
            if (ValueRender.size(cb) < ValueRender.size(ca)) {
                return List.of(new SeccompRule(action(b), List.of(syscall), Optional.of(cb), Optional.of(action(a)), Origin.NONE));
            }
            return List.of(new SeccompRule(action(a), List.of(syscall), Optional.of(ca), Optional.of(action(b)), Origin.NONE));
        }
        List<SeccompRule> out = new ArrayList<>();
        for (long a : actions) {
            out.add(new SeccompRule(action(a), List.of(syscall), Optional.of(render.condition(byAction.get(a))),
                    Optional.empty(), Origin.NONE));
        }
        return out;
    }

    private static List<SeccompRule> inOrder(String syscall, List<DecisionList.Case> cases, long universe,
                                             Map<Integer, Set<Long>> constants) {
        List<SeccompRule> out = new ArrayList<>();
        Long current = null;
        Condition joined = null;
        for (DecisionList.Case c : cases) {
            // An unconditional case is the last reachable one; a null condition stands for "always".
            Condition cond = c.unconditional() ? null : conjunction(c, universe, constants);
            if (current != null && current == c.action()) {
                joined = joined == null || cond == null ? null : new Condition.Or(joined, cond);
                continue;
            }
            if (current != null) out.add(rule(syscall, current, joined));
            current = c.action();
            joined = cond;
        }
        out.add(rule(syscall, current, joined));
        return out;
    }

    private static SeccompRule rule(String syscall, long action, Condition cond) {
        return new SeccompRule(action(action), List.of(syscall), Optional.ofNullable(cond), Optional.empty(), Origin.NONE);
    }

    private static Condition conjunction(DecisionList.Case c, long universe, Map<Integer, Set<Long>> constants) {
        Condition out = null;
        for (var e : c.regions().entrySet()) {
            Condition x = new ValueRender(e.getKey(), universe, constants.getOrDefault(e.getKey(), Set.of()))
                    .condition(e.getValue());
            out = out == null ? x : new Condition.And(out, x);
        }
        for (DecisionList.MaskTest m : c.masks()) {
            Condition x = new Condition.MaskedEquals(m.arg(), m.mask(), m.value());
            if (!m.positive()) x = new Condition.Not(x);
            out = out == null ? x : new Condition.And(out, x);
        }
        return out;
    }

    /**
     * Rules that say what the libseccomp rules say in their own terms: per action, the OR of its rules'
     * comparisons (ANDed), the actions in the order they first appear and in the reverse order. Comparisons
     * keep their own values, which 32-bit ABIs cut to the low word the way libseccomp does; where the value
     * partition of one width does not hold on the other, one of these may hold on both.
     */
    static List<List<SeccompRule>> direct(String syscall, List<LibRule> rules, long defaultAction) {
        Map<Long, Condition> byAction = new LinkedHashMap<>();
        for (LibRule r : rules) {
            long a = r.action().seccompRet();
            if (a == defaultAction) continue;
            Condition all = null;
            for (LibRule.ArgCmp c : r.args()) {
                Condition x = switch (c.op()) {
                    case MASKED_EQ -> new Condition.MaskedEquals(c.arg(), c.a(), c.b() & c.a());
                    default -> new Condition.Compare(c.arg(), Condition.Op.valueOf(c.op().name()), c.a());
                };
                all = all == null ? x : new Condition.And(all, x);
            }
            if (all == null) {
                // The first rule without conditions decides every call.
                return List.of(List.of(SeccompRule.of(action(a), List.of(syscall), Origin.NONE)));
            }
            Condition cond = all;
            byAction.merge(a, cond, Condition.Or::new);
        }
        List<SeccompRule> forward = new ArrayList<>();
        for (var e : byAction.entrySet()) {
            forward.add(new SeccompRule(action(e.getKey()), List.of(syscall), Optional.of(e.getValue()), Optional.empty(), Origin.NONE));
        }
        List<SeccompRule> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        return List.of(forward, backward);
    }

    /** The Ward action of a SECCOMP_RET_* value. */
    static Action action(long ret) {
        long base = ret & 0xffff0000L;
        int data = (int) (ret & 0xffff);
        for (Action.Kind k : Action.Kind.values()) {
            if (k.base() == base) {
                return switch (k) {
                    case ERRNO, TRAP, TRACE -> new Action(k, data);
                    default -> new Action(k, 0);
                };
            }
        }
        throw new IllegalArgumentException("no Ward action for 0x" + Long.toHexString(ret));
    }
}
