package dev.ward.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Argument values that tell rules apart: each value a rule compares with, its neighbours, the edges of its
 * high and low 32-bit words, and for masked comparisons the value with each masked bit flipped and with the
 * unmasked bits set. Several arguments are combined as a cross product, thinned to a bounded number.
 */
final class Probes {
    private static final long LOW32 = 0xffffffffL;
    private static final int MAX_VECTORS = 20_000;

    private Probes() {}

    /** Probe values per argument index for the comparisons of {@code rules}. */
    static Map<Integer, Set<Long>> values(List<LibRule> rules) {
        Map<Integer, Set<Long>> out = new TreeMap<>();
        for (LibRule r : rules) {
            for (LibRule.ArgCmp c : r.args()) {
                Set<Long> s = out.computeIfAbsent(c.arg(), k -> new TreeSet<>(Long::compareUnsigned));
                if (c.op() == ScmpOp.MASKED_EQ) {
                    long mask = c.a();
                    long v = c.b() & mask;
                    s.add(v);
                    s.add(v | ~mask);
                    s.add(c.b());
                    s.add(mask);
                    for (int bit = 0; bit < 64; bit++) {
                        if ((mask & (1L << bit)) != 0) s.add(v ^ (1L << bit));
                    }
                } else {
                    around(s, c.a());
                }
            }
        }
        for (Set<Long> s : out.values()) {
            for (long edge : new long[] {0, 1, LOW32, LOW32 + 1, 1L << 32, -1L, -2L, 0x7fffffffL, 0x80000000L}) s.add(edge);
        }
        return out;
    }

    private static void around(Set<Long> s, long c) {
        for (long d = -1; d <= 1; d++) s.add(c + d);
        long lo = c & LOW32;
        long hi = c >>> 32;
        for (long d = -1; d <= 1; d++) {
            s.add((lo + d) & LOW32);
            s.add(((hi + d) << 32) | lo);
            s.add(((hi + d) << 32));
            s.add(((hi + d) << 32) | LOW32);
        }
    }

    /** Argument vectors (six arguments each) covering the probe values of every argument. */
    static List<long[]> vectors(Map<Integer, Set<Long>> values) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[6]);
        long product = 1;
        for (Set<Long> s : values.values()) product = Math.min(Long.MAX_VALUE / 1000, product * s.size());
        if (product <= MAX_VECTORS) {
            for (var e : values.entrySet()) {
                List<long[]> next = new ArrayList<>();
                for (long[] base : out) {
                    for (long v : e.getValue()) {
                        long[] x = base.clone();
                        x[e.getKey()] = v;
                        next.add(x);
                    }
                }
                out = next;
            }
            return out;
        }
        // Too many combinations: every value of each argument, against each value of every other argument
        // in turn (all pairs), which is what distinguishes rules that compare two arguments.
        List<Integer> args = new ArrayList<>(values.keySet());
        for (int i = 0; i < args.size(); i++) {
            for (int j = i + 1; j < args.size(); j++) {
                for (long a : values.get(args.get(i))) {
                    for (long b : values.get(args.get(j))) {
                        long[] x = new long[6];
                        x[args.get(i)] = a;
                        x[args.get(j)] = b;
                        out.add(x);
                    }
                }
            }
        }
        return out;
    }
}
