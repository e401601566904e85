package dev.ward.lint;

import dev.ward.ir.IdMapping;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.TreeSet;

/** W1010-W1013: an unprivileged container is safe by its id map, so the map must really isolate it. */
final class IdMapCheck implements Check {
    static final long SAFE_HOST_ID = 65536;
    static final long FULL_RANGE = 65536;

    @Override
    public void run(LintContext ctx) {
        List<Profile> profiles = ctx.policy().profiles();
        for (Profile p : profiles) {
            if (p.privileged()) continue;
            for (IdMapping m : p.idmap().mappings()) {
                String kind = m.kind().name().toLowerCase(Locale.ROOT);
                if (m.host() == 0) {
                    ctx.report(LintRule.IDMAP_HOST_ROOT, p, m.origin(), "profile '" + p.name() + "' maps container "
                            + kind + " " + m.inside() + " to host " + kind + " 0");
                } else if (m.host() < SAFE_HOST_ID) {
                    ctx.report(LintRule.IDMAP_LOW_HOST_IDS, p, m.origin(), "profile '" + p.name() + "' maps onto host "
                            + kind + "s " + m.host() + ".." + m.hostEnd() + ", below " + SAFE_HOST_ID);
                }
            }
            for (IdMapping.Kind kind : IdMapping.Kind.values()) {
                List<IdMapping> ms = p.idmap().mappings().stream().filter(m -> m.kind() == kind).toList();
                long total = ms.stream().mapToLong(IdMapping::count).sum();
                if (!ms.isEmpty() && total < FULL_RANGE) {
                    String k = kind.name().toLowerCase(Locale.ROOT);
                    ctx.report(LintRule.IDMAP_SMALL, p, ms.get(0).origin(),
                            "profile '" + p.name() + "' maps only " + total + " " + k + "s");
                }
            }
            p.idmap().isolatedCount().ifPresent(n -> {
                if (n < FULL_RANGE) {
                    ctx.report(LintRule.IDMAP_SMALL, p, p.idmap().origin(),
                            "profile '" + p.name() + "' asks for an isolated range of only " + n + " ids");
                }
            });
        }
        overlaps(ctx, profiles);
    }

    // Pairs of untrusted profiles whose host ranges of one kind intersect, reported once per pair and kind.
    private static void overlaps(LintContext ctx, List<Profile> profiles) {
        for (long pair : candidatePairs(profiles)) {
            Profile a = profiles.get((int) (pair >>> 32));
            Profile b = profiles.get((int) pair);
            if (LintContext.related(a, b)) continue;
            for (IdMapping.Kind kind : IdMapping.Kind.values()) {
                overlap(a, b, kind).ifPresent(found -> ctx.report(LintRule.IDMAP_OVERLAP, b, found[1].origin(),
                        "untrusted profiles '" + a.name() + "' and '" + b.name() + "' share host "
                                + kind.name().toLowerCase(Locale.ROOT) + "s "
                                + Math.max(found[0].host(), found[1].host()) + ".."
                                + Math.min(found[0].hostEnd(), found[1].hostEnd())
                                + " (" + a.name() + "'s map is at " + found[0].origin() + ")"));
            }
        }
    }

    /**
     * The pairs (i, j), i before j, of untrusted unprivileged profiles with some intersecting host ranges of one
     * kind, ascending: a sweep over the ranges sorted by start instead of a comparison of every pair.
     */
    private static TreeSet<Long> candidatePairs(List<Profile> profiles) {
        TreeSet<Long> pairs = new TreeSet<>();
        for (IdMapping.Kind kind : IdMapping.Kind.values()) {
            List<long[]> ranges = new ArrayList<>(); // host, hostEnd, profile index
            for (int i = 0; i < profiles.size(); i++) {
                Profile p = profiles.get(i);
                if (!p.untrusted() || p.privileged()) continue;
                for (IdMapping m : p.idmap().mappings()) {
                    if (m.kind() == kind && m.count() > 0) ranges.add(new long[] {m.host(), m.hostEnd(), i});
                }
            }
            ranges.sort(Comparator.comparingLong(r -> r[0]));
            PriorityQueue<long[]> open = new PriorityQueue<>(Comparator.comparingLong(r -> r[1]));
            for (long[] r : ranges) {
                while (!open.isEmpty() && open.peek()[1] < r[0]) open.poll();
                for (long[] o : open) {
                    if (o[2] != r[2]) pairs.add((Math.min(o[2], r[2]) << 32) | Math.max(o[2], r[2]));
                }
                open.add(r);
            }
        }
        return pairs;
    }

    private static java.util.Optional<IdMapping[]> overlap(Profile a, Profile b, IdMapping.Kind kind) {
        for (IdMapping x : a.idmap().mappings()) {
            if (x.kind() != kind || x.count() <= 0) continue;
            for (IdMapping y : b.idmap().mappings()) {
                if (y.kind() != kind || y.count() <= 0) continue;
                if (x.host() <= y.hostEnd() && y.host() <= x.hostEnd()) return java.util.Optional.of(new IdMapping[] {x, y});
            }
        }
        return java.util.Optional.empty();
    }
}
