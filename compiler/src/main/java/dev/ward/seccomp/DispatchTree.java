package dev.ward.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * The dispatch on the syscall number: the 32-bit number space cut into ranges of consecutive numbers that
 * share one decision, searched by a binary tree of {@code jge} tests. The tree minimizes the expected number
 * of tests for the given weights (an optimal alphabetic tree, Knuth's dynamic program), so frequent or
 * numerous ranges sit near the root. It reads only the number, so the kernel can evaluate it ahead of time.
 */
final class DispatchTree {
    /** Numbers {@code start..end} (unsigned, inclusive) go to {@code leaf}; {@code weight} is their share of calls. */
    record Range(long start, long end, int leaf, double weight, String firstName) {}

    private final List<Range> ranges = new ArrayList<>();

    /** Adds the next range of numbers; it must start right after the previous one. Equal neighbours merge. */
    void add(long start, long end, int leaf, double weight, String firstName) {
        if (!ranges.isEmpty()) {
            Range last = ranges.get(ranges.size() - 1);
            if (last.end() + 1 != start) throw new IllegalArgumentException("ranges must be contiguous");
            if (last.leaf() == leaf) {
                ranges.set(ranges.size() - 1, new Range(last.start(), end, leaf, last.weight() + weight, last.firstName()));
                return;
            }
        } else if (start != 0) {
            throw new IllegalArgumentException("ranges start at 0");
        }
        ranges.add(new Range(start, end, leaf, weight, firstName));
    }

    List<Range> ranges() {
        return ranges;
    }

    /** Builds the tree into {@code g} and returns its root; the accumulator must hold the number. */
    int build(FilterGraph g) {
        if (ranges.isEmpty() || ranges.get(ranges.size() - 1).end() != 0xffffffffL) {
            throw new IllegalStateException("ranges must cover every number");
        }
        int m = ranges.size();
        double[] prefix = new double[m + 1];
        for (int i = 0; i < m; i++) prefix[i + 1] = prefix[i] + ranges.get(i).weight();
        // cost and split of ranges i..j, i <= j, kept in one triangular array: index(m, i, j).
        double[] cost = new double[m * (m + 1) / 2];
        int[] split = new int[m * (m + 1) / 2];
        for (int i = 0; i < m; i++) split[index(m, i, i)] = i;
        for (int len = 2; len <= m; len++) {
            for (int i = 0; i + len - 1 < m; i++) {
                int j = i + len - 1;
                int lo = Math.max(i + 1, split[index(m, i, j - 1)]);
                int hi = Math.min(j, split[index(m, i + 1, j)]);
                double best = Double.MAX_VALUE;
                int bestK = lo;
                int bestImbalance = Integer.MAX_VALUE;
                for (int k = lo; k <= hi; k++) {
                    double c = cost[index(m, i, k - 1)] + cost[index(m, k, j)];
                    int imbalance = Math.abs((k - i) - (j - k + 1));
                    if (c < best - 1e-9 || (c <= best + 1e-9 && imbalance < bestImbalance)) {
                        best = c;
                        bestK = k;
                        bestImbalance = imbalance;
                    }
                }
                cost[index(m, i, j)] = best + prefix[j + 1] - prefix[i];
                split[index(m, i, j)] = bestK;
            }
        }
        return emit(g, split, m, 0, m - 1);
    }

    /** Position of ranges {@code i..j} in a triangular array over {@code m} ranges, row by row. */
    private static int index(int m, int i, int j) {
        return i * m - i * (i - 1) / 2 + (j - i);
    }

    private int emit(FilterGraph g, int[] split, int m, int i, int j) {
        if (i == j) return ranges.get(i).leaf();
        int k = split[index(m, i, j)];
        int left = emit(g, split, m, i, k - 1);
        int right = emit(g, split, m, k, j);
        Range r = ranges.get(k);
        int id = g.jump(Insn.JGE, (int) r.start(), right, left);
        g.comment(id, "nr >= " + ConditionText.number(r.start()) + (r.firstName() == null ? "" : " (" + r.firstName() + ")"));
        return id;
    }
}
