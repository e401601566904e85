package dev.ward.importer;

import dev.ward.ir.Condition;
import dev.ward.ir.Condition.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes "argument N lies in this set of values" as a Ward condition: equalities, an {@code in} list, bounds
 * and ranges joined by {@code ||}, or the negation of the complement when that is shorter
 * ({@code arg0 != AF_ALG && arg0 != AF_VSOCK} rather than three ranges).
 */
final class ValueRender {
    private final int arg;
    private final long max;
    private final Set<Long> constants;

    /** {@code max} is the largest value (all ones: 64 bits, or 32 on 32-bit ABIs). */
    ValueRender(int arg, long max, Set<Long> constants) {
        this.arg = arg;
        this.max = max;
        this.constants = constants;
    }

    /** The condition for a set that is neither empty nor every value. */
    Condition condition(IntervalSet values) {
        IntervalSet complement = IntervalSet.of(0, max).minus(values);
        if (values.isEmpty() || complement.isEmpty()) throw new IllegalArgumentException("no condition for " + values);
        Condition positive = positive(values);
        Condition negative = negative(complement);
        return size(negative) < size(positive) ? negative : positive;
    }

    private Condition positive(IntervalSet s) {
        List<Long> points = new ArrayList<>();
        List<Condition> terms = new ArrayList<>();
        for (IntervalSet.Range r : s.ranges()) {
            if (r.point()) points.add(r.lo());
            else terms.add(range(r));
        }
        List<Condition> all = new ArrayList<>();
        if (points.size() == 1) all.add(new Condition.Compare(arg, Op.EQ, points.get(0)));
        if (points.size() > 1) all.add(new Condition.In(arg, points));
        all.addAll(terms);
        return join(all, false);
    }

    private Condition negative(IntervalSet complement) {
        List<IntervalSet.Range> ranges = complement.ranges();
        if (ranges.stream().allMatch(IntervalSet.Range::point) && ranges.size() <= 3) {
            List<Condition> ne = new ArrayList<>();
            for (IntervalSet.Range r : ranges) ne.add(new Condition.Compare(arg, Op.NE, r.lo()));
            return join(ne, true);
        }
        return new Condition.Not(positive(complement));
    }

    private Condition range(IntervalSet.Range r) {
        if (r.lo() == 0) return upper(r.hi());
        if (r.hi() == max) return lower(r.lo());
        return new Condition.And(lower(r.lo()), upper(r.hi()));
    }

    // x <= hi, or x < hi + 1 when hi + 1 is a value the profile names.
    private Condition upper(long hi) {
        return constants.contains(hi + 1) && !constants.contains(hi) ? new Condition.Compare(arg, Op.LT, hi + 1)
                : new Condition.Compare(arg, Op.LE, hi);
    }

    private Condition lower(long lo) {
        return constants.contains(lo - 1) && !constants.contains(lo) ? new Condition.Compare(arg, Op.GT, lo - 1)
                : new Condition.Compare(arg, Op.GE, lo);
    }

    private static Condition join(List<Condition> parts, boolean and) {
        Condition out = null;
        for (Condition c : parts) {
            out = out == null ? c : and ? new Condition.And(out, c) : new Condition.Or(out, c);
        }
        return out;
    }

    /** How many comparisons a condition makes, an {@code in} list counting one per two values. */
    static int size(Condition c) {
        if (c instanceof Condition.And a) return size(a.left()) + size(a.right());
        if (c instanceof Condition.Or o) return size(o.left()) + size(o.right());
        if (c instanceof Condition.Not n) return size(n.operand()) + 1;
        if (c instanceof Condition.In in) return 1 + in.values().size() / 2;
        return 1;
    }
}
