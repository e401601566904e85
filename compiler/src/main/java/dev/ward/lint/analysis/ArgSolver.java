package dev.ward.lint.analysis;

import dev.ward.ir.Condition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides whether one 64-bit argument can satisfy a conjunction of condition atoms, each required true or
 * false, and finds the smallest such value. Values compare unsigned, as seccomp compares them.
 */
public final class ArgSolver {
    /** How many search nodes one query may visit before it gives up and answers "maybe". */
    private static final int BUDGET = 20_000;

    /** The answer: a witness value, none (infeasible), or unknown when the search ran out of budget. */
    public record Answer(boolean feasible, OptionalLong witness) {
        static final Answer NONE = new Answer(false, OptionalLong.empty());
        static final Answer UNKNOWN = new Answer(true, OptionalLong.empty());

        static Answer of(long value) {
            return new Answer(true, OptionalLong.of(value));
        }
    }

    /** An atom (a Compare, MaskedEquals or In on one argument) with the truth value it must have. */
    public record Literal(Condition atom, boolean truth) {}

    private long lo = 0;
    private long hi = -1L;
    private long fixedMask = 0;
    private long fixedValue = 0;
    private Set<Long> candidates;
    private final Set<Long> excluded = new HashSet<>();
    private final List<long[]> notMasked = new ArrayList<>();
    private boolean empty;
    private int budget = BUDGET;

    private ArgSolver() {}

    /** The smallest value for which every literal has its truth value, if there is one. */
    public static Answer solve(List<Literal> literals) {
        ArgSolver s = new ArgSolver();
        for (Literal l : literals) s.add(l.atom(), l.truth());
        return s.answer();
    }

    private void add(Condition atom, boolean truth) {
        if (atom instanceof Condition.Compare c) {
            compare(c.op(), c.value(), truth);
        } else if (atom instanceof Condition.MaskedEquals m) {
            if (truth) fix(m.mask(), m.value());
            else notMasked.add(new long[] {m.mask(), m.value()});
        } else if (atom instanceof Condition.In in) {
            if (truth) restrict(new HashSet<>(in.values()));
            else excluded.addAll(in.values());
        } else {
            throw new IllegalArgumentException("not an atom: " + atom);
        }
    }

    private void compare(Condition.Op op, long v, boolean truth) {
        Condition.Op effective = truth ? op : negate(op);
        switch (effective) {
            case EQ -> restrict(Set.of(v));
            case NE -> excluded.add(v);
            case LT -> {
                if (v == 0) empty = true;
                else atMost(v - 1);
            }
            case LE -> atMost(v);
            case GT -> {
                if (v == -1L) empty = true;
                else atLeast(v + 1);
            }
            case GE -> atLeast(v);
        }
    }

    private static Condition.Op negate(Condition.Op op) {
        return switch (op) {
            case EQ -> Condition.Op.NE;
            case NE -> Condition.Op.EQ;
            case LT -> Condition.Op.GE;
            case LE -> Condition.Op.GT;
            case GT -> Condition.Op.LE;
            case GE -> Condition.Op.LT;
        };
    }

    private void atMost(long v) {
        if (Long.compareUnsigned(v, hi) < 0) hi = v;
    }

    private void atLeast(long v) {
        if (Long.compareUnsigned(v, lo) > 0) lo = v;
    }

    private void fix(long mask, long value) {
        if (((fixedValue ^ value) & fixedMask & mask) != 0) empty = true;
        fixedMask |= mask;
        fixedValue |= value;
    }

    private void restrict(Set<Long> values) {
        if (candidates == null) {
            candidates = new HashSet<>(values);
        } else {
            candidates.retainAll(values);
        }
    }

    private Answer answer() {
        if (empty || Long.compareUnsigned(lo, hi) > 0) return Answer.NONE;
        if (candidates != null) {
            long best = 0;
            boolean found = false;
            for (long c : candidates) {
                if (admits(c) && (!found || Long.compareUnsigned(c, best) < 0)) {
                    best = c;
                    found = true;
                }
            }
            return found ? Answer.of(best) : Answer.NONE;
        }
        return search(fixedMask, fixedValue, 0);
    }

    private boolean admits(long x) {
        if (Long.compareUnsigned(x, lo) < 0 || Long.compareUnsigned(x, hi) > 0) return false;
        if ((x & fixedMask) != fixedValue) return false;
        if (excluded.contains(x)) return false;
        for (long[] nm : notMasked) {
            if ((x & nm[0]) == nm[1]) return false;
        }
        return true;
    }

    // Each "x & m != v" needs one bit of m, not yet fixed, set opposite to v; branch over those bits.
    private Answer search(long mask, long value, int from) {
        if (--budget < 0) return Answer.UNKNOWN;
        for (int i = from; i < notMasked.size(); i++) {
            long m = notMasked.get(i)[0];
            long v = notMasked.get(i)[1];
            if (((value ^ v) & mask & m) != 0) continue;
            long free = m & ~mask;
            if (free == 0) return Answer.NONE;
            boolean unknown = false;
            for (long bits = free; bits != 0; bits &= bits - 1) {
                long bit = Long.lowestOneBit(bits);
                Answer a = search(mask | bit, value | (~v & bit), i + 1);
                if (a.witness().isPresent()) return a;
                if (a.feasible()) unknown = true;
            }
            return unknown ? Answer.UNKNOWN : Answer.NONE;
        }
        return smallest(mask, value);
    }

    private Answer smallest(long mask, long value) {
        OptionalLong x = nextMatching(lo, mask, value);
        for (int guard = 0; guard <= excluded.size() && x.isPresent(); guard++) {
            long c = x.getAsLong();
            if (Long.compareUnsigned(c, hi) > 0) return Answer.NONE;
            if (!excluded.contains(c)) return Answer.of(c);
            if (c == -1L) return Answer.NONE;
            x = nextMatching(c + 1, mask, value);
        }
        return Answer.NONE;
    }

    /** The smallest x >= lo (unsigned) with {@code x & mask == value}, if any. */
    public static OptionalLong nextMatching(long lo, long mask, long value) {
        long x = (lo & ~mask) | value;
        if (x == lo) return OptionalLong.of(x);
        int p = 63 - Long.numberOfLeadingZeros(x ^ lo);
        long below = p == 63 ? -1L >>> 1 : (1L << p) - 1;
        if ((x & (1L << p)) != 0) {
            // x is above lo at a fixed bit: keep the higher bits, clear the free bits below it.
            return OptionalLong.of((x & ~below) | (value & below));
        }
        // x is below lo at a fixed bit: carry into the lowest free zero bit above p.
        long above = p == 63 ? 0 : -1L << (p + 1);
        long carry = ~mask & ~x & above;
        if (carry == 0) return OptionalLong.empty();
        long q = Long.lowestOneBit(carry);
        long lower = q - 1;
        return OptionalLong.of((x & ~lower) | q | (value & lower));
    }
}
