package dev.ward.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A set of unsigned 64-bit numbers as sorted, disjoint, non-adjacent closed intervals. */
final class IntervalSet {
    /** A closed interval [lo, hi], unsigned. */
    record Range(long lo, long hi) {
        boolean point() {
            return lo == hi;
        }
    }

    static final long MAX = -1L;
    static final IntervalSet ALL = new IntervalSet(List.of(new Range(0, MAX)));
    static final IntervalSet NONE = new IntervalSet(List.of());

    private final List<Range> ranges;

    private IntervalSet(List<Range> ranges) {
        this.ranges = Collections.unmodifiableList(ranges);
    }

    static IntervalSet of(long lo, long hi) {
        return Long.compareUnsigned(lo, hi) > 0 ? NONE : new IntervalSet(List.of(new Range(lo, hi)));
    }

    static IntervalSet point(long v) {
        return of(v, v);
    }

    /** [v, MAX]. */
    static IntervalSet atLeast(long v) {
        return of(v, MAX);
    }

    /** [0, v]. */
    static IntervalSet atMost(long v) {
        return of(0, v);
    }

    List<Range> ranges() {
        return ranges;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean isAll() {
        return ranges.size() == 1 && ranges.get(0).lo() == 0 && ranges.get(0).hi() == MAX;
    }

    boolean contains(long v) {
        for (Range r : ranges) {
            if (Long.compareUnsigned(v, r.lo()) >= 0 && Long.compareUnsigned(v, r.hi()) <= 0) return true;
        }
        return false;
    }

    IntervalSet complement() {
        List<Range> out = new ArrayList<>();
        long next = 0;
        boolean open = true;
        for (Range r : ranges) {
            if (Long.compareUnsigned(r.lo(), next) > 0) out.add(new Range(next, r.lo() - 1));
            if (r.hi() == MAX) {
                open = false;
                break;
            }
            next = r.hi() + 1;
        }
        if (open) out.add(new Range(next, MAX));
        return new IntervalSet(out);
    }

    IntervalSet union(IntervalSet o) {
        List<Range> all = new ArrayList<>(ranges);
        all.addAll(o.ranges);
        all.sort((a, b) -> Long.compareUnsigned(a.lo(), b.lo()));
        List<Range> out = new ArrayList<>();
        for (Range r : all) {
            if (!out.isEmpty()) {
                Range last = out.get(out.size() - 1);
                boolean touches = last.hi() == MAX || Long.compareUnsigned(r.lo(), last.hi() + 1) <= 0;
                if (touches) {
                    long hi = Long.compareUnsigned(r.hi(), last.hi()) > 0 ? r.hi() : last.hi();
                    out.set(out.size() - 1, new Range(last.lo(), hi));
                    continue;
                }
            }
            out.add(r);
        }
        return new IntervalSet(out);
    }

    IntervalSet intersect(IntervalSet o) {
        return complement().union(o.complement()).complement();
    }

    IntervalSet minus(IntervalSet o) {
        return intersect(o.complement());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalSet s && s.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Range r : ranges) {
            parts.add(r.point() ? Long.toUnsignedString(r.lo())
                    : "[" + Long.toUnsignedString(r.lo()) + ", " + Long.toUnsignedString(r.hi()) + "]");
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
