package dev.ward.lint.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.Condition.Op;
import dev.ward.ir.Origin;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The cells against direct evaluation: every witness lies in its cell, and every argument vector has a cell. */
class DecisionSpaceTest {
    private static final long[] VALUES = {0, 1, 2, 3, 7, 8, 0x10, 0xff, 0x100, -1L, Long.MIN_VALUE};

    private static Condition atom(Random r) {
        int arg = r.nextInt(2);
        long v = VALUES[r.nextInt(VALUES.length)];
        return switch (r.nextInt(3)) {
            case 0 -> new Condition.Compare(arg, Op.values()[r.nextInt(Op.values().length)], v);
            case 1 -> {
                long mask = VALUES[1 + r.nextInt(VALUES.length - 1)];
                yield new Condition.MaskedEquals(arg, mask, v & mask);
            }
            default -> new Condition.In(arg, List.of(v, VALUES[r.nextInt(VALUES.length)]));
        };
    }

    private static Condition condition(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) return atom(r);
        return switch (r.nextInt(3)) {
            case 0 -> new Condition.And(condition(r, depth - 1), condition(r, depth - 1));
            case 1 -> new Condition.Or(condition(r, depth - 1), condition(r, depth - 1));
            default -> new Condition.Not(condition(r, depth - 1));
        };
    }

    static boolean eval(Condition c, long[] args) {
        if (c instanceof Condition.And a) return eval(a.left(), args) && eval(a.right(), args);
        if (c instanceof Condition.Or o) return eval(o.left(), args) || eval(o.right(), args);
        if (c instanceof Condition.Not n) return !eval(n.operand(), args);
        if (c instanceof Condition.MaskedEquals m) return (args[m.arg()] & m.mask()) == m.value();
        if (c instanceof Condition.In in) return in.values().contains(args[in.arg()]);
        Condition.Compare cmp = (Condition.Compare) c;
        int x = Long.compareUnsigned(args[cmp.arg()], cmp.value());
        return switch (cmp.op()) {
            case EQ -> x == 0;
            case NE -> x != 0;
            case LT -> x < 0;
            case LE -> x <= 0;
            case GT -> x > 0;
            case GE -> x >= 0;
        };
    }

    static Action decide(List<SeccompRule> rules, Action def, long[] args) {
        for (SeccompRule r : rules) {
            if (r.condition().isEmpty()) return r.action();
            if (eval(r.condition().get(), args)) return r.action();
            if (r.elseAction().isPresent()) return r.elseAction().get();
        }
        return def;
    }

    @Property(tries = 300)
    void cellsAgreeWithDirectEvaluation(@ForAll long seed) {
        Random r = new Random(seed);
        List<SeccompRule> rules = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            Action a = r.nextBoolean() ? Action.ALLOW : Action.errno(1 + r.nextInt(3));
            Optional<Action> otherwise = r.nextInt(3) == 0 ? Optional.of(Action.KILL_PROCESS) : Optional.empty();
            rules.add(new SeccompRule(a, List.of("personality"), Optional.of(condition(r, 2)), otherwise, Origin.NONE));
        }
        Action def = Action.errno(38);
        DecisionSpace space = DecisionSpace.of("personality", rules, def, List.of()).orElseThrow();
        // sound: each witness is inside its cell, and the cell's outcome is what the filter does there
        for (DecisionSpace.Cell c : space.cells()) {
            if (!c.witnessed()) continue;
            for (SeccompRule rule : rules) {
                assertEquals(eval(rule.condition().get(), c.witness()), space.holds(rule.condition().get(), c));
            }
            assertEquals(decide(rules, def, c.witness()), space.decide(c).action());
        }
        // complete: any argument vector's decision is some cell's decision
        for (int t = 0; t < 50; t++) {
            long[] args = {VALUES[r.nextInt(VALUES.length)] + r.nextInt(3) - 1, VALUES[r.nextInt(VALUES.length)], 0, 0, 0, 0};
            Action direct = decide(rules, def, args);
            assertTrue(space.cells().stream().anyMatch(c -> rules.stream().allMatch(
                            rule -> space.holds(rule.condition().get(), c) == eval(rule.condition().get(), args))
                    && space.decide(c).action().equals(direct)), () -> "no cell for " + java.util.Arrays.toString(args));
        }
    }

    @Property(tries = 200)
    void memoisedAndIndexedSpacesEqualFreshOnes(@ForAll long seed) {
        Random r = new Random(seed);
        List<String> calls = List.of("personality", "clone", "ioctl");
        List<SeccompRule> rules = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            Action a = r.nextBoolean() ? Action.ALLOW : Action.errno(1 + r.nextInt(3));
            List<String> named = calls.stream().filter(c -> r.nextBoolean()).toList();
            Optional<Condition> cond = r.nextInt(4) == 0 ? Optional.empty() : Optional.of(condition(r, 2));
            Optional<Action> otherwise = cond.isPresent() && r.nextInt(3) == 0 ? Optional.of(Action.KILL_PROCESS) : Optional.empty();
            rules.add(new SeccompRule(a, named.isEmpty() ? List.of("read") : named, cond, otherwise, Origin.NONE));
        }
        Action def = Action.errno(38);
        RuleIndex index = RuleIndex.of(rules);
        List<Condition> probes = r.nextBoolean() ? List.of() : List.of(atom(r));
        for (String call : calls) {
            Optional<DecisionSpace> fresh = DecisionSpace.computed(call, rules, def, probes);
            // twice each: the second answer comes from the memo
            for (int k = 0; k < 2; k++) {
                for (Optional<DecisionSpace> other : List.of(DecisionSpace.of(call, rules, def, probes),
                        DecisionSpace.of(call, index, def, probes))) {
                    assertEquals(fresh.isPresent(), other.isPresent());
                    if (fresh.isEmpty()) continue;
                    DecisionSpace f = fresh.get();
                    DecisionSpace o = other.get();
                    assertEquals(f.toString(), o.toString());
                    assertEquals(f.cells().size(), o.cells().size());
                    for (int c = 0; c < f.cells().size(); c++) {
                        DecisionSpace.Cell fc = f.cells().get(c);
                        DecisionSpace.Cell oc = o.cells().get(c);
                        assertTrue(java.util.Arrays.equals(fc.truth(), oc.truth()));
                        assertTrue(java.util.Arrays.equals(fc.witness(), oc.witness()));
                        assertEquals(f.decide(fc), o.decide(oc));
                        for (int i = 0; i < rules.size(); i++) {
                            int skipped = i;
                            assertEquals(f.decide(fc, x -> x == skipped), o.decide(oc, x -> x == skipped));
                            assertEquals(f.matches(i, fc), o.matches(i, oc));
                            assertEquals(f.conditionHolds(i, fc), o.conditionHolds(i, oc));
                        }
                        // and the cell's outcome is what the filter does at the witness
                        if (fc.witnessed()) assertEquals(decide(rulesNaming(rules, call), def, fc.witness()), o.decide(oc).action());
                    }
                }
            }
        }
    }

    private static List<SeccompRule> rulesNaming(List<SeccompRule> rules, String call) {
        return rules.stream().filter(rule -> rule.syscalls().contains(call)).toList();
    }

    @Test
    void tooManyAtomsIsNotAnalysed() {
        List<SeccompRule> rules = new ArrayList<>();
        for (int i = 0; i < DecisionSpace.MAX_CELLS; i++) {
            rules.add(new SeccompRule(Action.ALLOW, List.of("ioctl"),
                    Optional.of(new Condition.Compare(i % 6, Op.EQ, i)), Optional.empty(), Origin.NONE));
        }
        assertTrue(DecisionSpace.of("ioctl", rules, Action.KILL_PROCESS, List.of()).isEmpty());
    }
}
