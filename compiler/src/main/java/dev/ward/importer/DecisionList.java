package dev.ward.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One syscall's libseccomp decision as an ordered list of cases, the first that holds deciding: the paths
 * of its argument tree in the order the generated filter tries them, each a conjunction over arguments of a
 * set of values (intervals) and masked tests. This is exactly what the tree decides, in a form Ward's
 * first-match rules can say.
 */
record DecisionList(List<Case> cases, boolean wide) {
    static final long LOW32 = 0xffffffffL;

    DecisionList {
        cases = List.copyOf(cases);
    }

    /** A conjunction: each argument's value lies in its set and every masked test holds as stated. */
    record Case(Map<Integer, IntervalSet> regions, List<MaskTest> masks, long action) {
        Case {
            regions = java.util.Collections.unmodifiableMap(new TreeMap<>(regions));
            masks = List.copyOf(masks);
        }

        boolean holds(long[] args, boolean wide) {
            for (var e : regions.entrySet()) {
                long a = wide ? args[e.getKey()] : args[e.getKey()] & LOW32;
                if (!e.getValue().contains(a)) return false;
            }
            for (MaskTest m : masks) {
                long a = wide ? args[m.arg()] : args[m.arg()] & LOW32;
                if (((a & m.mask()) == m.value()) != m.positive()) return false;
            }
            return true;
        }

        boolean unconditional() {
            return regions.isEmpty() && masks.isEmpty();
        }
    }

    /** {@code arg & mask == value}, or its negation. */
    record MaskTest(int arg, long mask, long value, boolean positive) {}

    /** The action of the first case that holds; empty when none does (the default decides). */
    Optional<Long> decide(long[] args) {
        for (Case c : cases) {
            if (c.holds(args, wide)) return Optional.of(c.action());
        }
        return Optional.empty();
    }

    /** The decision of one database entry: its action for every call, or its tree's paths. */
    static DecisionList of(RuleDatabase.Entry entry, boolean wide) {
        List<Case> cases = new ArrayList<>();
        if (entry.tree().isEmpty()) {
            cases.add(new Case(Map.of(), List.of(), entry.action));
        } else {
            collect(entry.tree().get(), new ArrayList<>(), cases, wide);
        }
        return new DecisionList(cases, wide);
    }

    private record Test(ArgNode node, boolean holds) {}

    // The generated filter tries a level's nodes in order; a node's branch leads to an action, to a deeper
    // level (whose failure resumes with the next node), or straight to the next node.
    private static void collect(ArgNode level, List<Test> path, List<Case> out, boolean wide) {
        for (ArgNode n = level.first(); n != null; n = n.next) {
            for (boolean holds : new boolean[] {true, false}) {
                ArgNode deeper = holds ? n.nextT : n.nextF;
                boolean acts = holds ? n.hasActionT : n.hasActionF;
                if (deeper == null && !acts) continue;
                path.add(new Test(n, holds));
                if (deeper != null) {
                    collect(deeper, path, out, wide);
                } else {
                    toCase(path, holds ? n.actionT : n.actionF, wide).ifPresent(out::add);
                }
                path.remove(path.size() - 1);
            }
        }
    }

    private static final class Words {
        IntervalSet high = IntervalSet.of(0, LOW32);
        IntervalSet low = IntervalSet.of(0, LOW32);
        final List<MaskTest> masks = new ArrayList<>();
    }

    // A path's word tests, per argument, as a set of values and masked tests; empty when they contradict.
    private static Optional<Case> toCase(List<Test> path, long action, boolean wide) {
        Map<Integer, Words> byArg = new TreeMap<>();
        for (Test t : path) {
            ArgNode n = t.node();
            Words w = byArg.computeIfAbsent(n.arg, k -> new Words());
            if (n.op == ScmpOp.MASKED_EQ && (n.mask != LOW32 || (wide && !n.high))) {
                if (n.mask == 0) {
                    if (!t.holds()) return Optional.empty();
                    continue;
                }
                long shift = n.high ? 32 : 0;
                w.masks.add(new MaskTest(n.arg, n.mask << shift, n.datum << shift, t.holds()));
                continue;
            }
            IntervalSet s = switch (n.op) {
                case EQ, MASKED_EQ -> IntervalSet.point(n.datum);
                case GT -> n.datum == LOW32 ? IntervalSet.NONE : IntervalSet.of(n.datum + 1, LOW32);
                case GE -> IntervalSet.of(n.datum, LOW32);
                default -> throw new IllegalStateException("tree node with " + n.op);
            };
            if (!t.holds()) s = s.complement().intersect(IntervalSet.of(0, LOW32));
            if (n.high) w.high = w.high.intersect(s);
            else w.low = w.low.intersect(s);
        }
        Map<Integer, IntervalSet> regions = new TreeMap<>();
        List<MaskTest> masks = new ArrayList<>();
        for (var e : byArg.entrySet()) {
            Words w = e.getValue();
            IntervalSet region = wide ? widen(w.high, w.low) : w.low;
            if (region.isEmpty()) return Optional.empty();
            if (!(wide ? region.isAll() : region.equals(IntervalSet.of(0, LOW32)))) regions.put(e.getKey(), region);
            masks.addAll(combine(w.masks));
        }
        return Optional.of(new Case(regions, masks, action));
    }

    // The 64-bit values whose high word is in {@code high} and low word in {@code low}. libseccomp tests a
    // low word only below a high-word equality, so the low set is either unrestricted or the high word is
    // pinned to few values.
    private static IntervalSet widen(IntervalSet high, IntervalSet low) {
        IntervalSet out = IntervalSet.NONE;
        boolean anyLow = low.equals(IntervalSet.of(0, LOW32));
        if (anyLow) {
            for (IntervalSet.Range h : high.ranges()) out = out.union(IntervalSet.of(h.lo() << 32, (h.hi() << 32) | LOW32));
            return out;
        }
        long count = 0;
        for (IntervalSet.Range h : high.ranges()) count += h.hi() - h.lo() + 1;
        if (count > 16) throw new IllegalStateException("a low-word test without a fixed high word");
        for (IntervalSet.Range h : high.ranges()) {
            for (long v = h.lo(); v <= h.hi(); v++) {
                for (IntervalSet.Range l : low.ranges()) out = out.union(IntervalSet.of((v << 32) | l.lo(), (v << 32) | l.hi()));
            }
        }
        return out;
    }

    // The positive high-word and low-word halves of one masked comparison become one 64-bit test.
    private static List<MaskTest> combine(List<MaskTest> masks) {
        List<MaskTest> out = new ArrayList<>();
        MaskTest hi = null;
        for (MaskTest m : masks) {
            boolean isHigh = (m.mask() & LOW32) == 0;
            if (m.positive() && isHigh && hi == null) {
                hi = m;
                continue;
            }
            if (m.positive() && !isHigh && hi != null) {
                out.add(new MaskTest(m.arg(), hi.mask() | m.mask(), hi.value() | m.value(), true));
                hi = null;
                continue;
            }
            out.add(m);
        }
        if (hi != null) out.add(hi);
        return out;
    }
}
