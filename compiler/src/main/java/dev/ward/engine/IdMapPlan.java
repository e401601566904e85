package dev.ward.engine;

import dev.ward.backend.CompileContext;
import dev.ward.diag.Diagnostics;
import dev.ward.engine.IdAllocation.Range;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The id maps of every profile compiled together: explicit maps as written, {@code idmap isolated [COUNT]}
 * filled in from the allocation file. Ranges already recorded are kept; a new profile gets the first free
 * range of the pool (first fit, profiles in name order) that overlaps no recorded range and no explicit map;
 * the ranges of profiles no longer in the policy are released.
 */
public final class IdMapPlan {
    private static final CompileContext.RunKey<IdMapPlan> PLAN =
            CompileContext.RunKey.of("id map plan", IdMapPlan.class);

    private final Map<String, List<IdMapping>> maps;
    private final IdAllocation allocation;
    private final boolean changed;

    private IdMapPlan(Map<String, List<IdMapping>> maps, IdAllocation allocation, boolean changed) {
        this.maps = maps;
        this.allocation = allocation;
        this.changed = changed;
    }

    /** The plan for a compile run, computed once per context (its allocation file read once). */
    public static IdMapPlan of(CompileContext ctx) {
        return ctx.shared(PLAN, c -> {
            Optional<Path> file = c.options().policyRoot().map(r -> r.resolve(IdAllocation.FILE_NAME));
            Optional<IdAllocation> previous = file.isPresent()
                    ? IdAllocation.read(file.get(), c.diagnostics()) : Optional.of(IdAllocation.empty());
            return plan(c.policy().profiles(), previous.orElse(null), c.diagnostics());
        });
    }

    /**
     * Plans the maps of {@code profiles} against a previous allocation ({@code null} when it could not be
     * read: isolated profiles then get no map, and nothing is allocated over a file the user must fix).
     */
    public static IdMapPlan plan(List<Profile> profiles, IdAllocation previous, Diagnostics d) {
        Map<String, List<IdMapping>> maps = new LinkedHashMap<>();
        List<Profile> isolated = new ArrayList<>();
        List<Range> taken = new ArrayList<>();
        for (Profile p : profiles) {
            if (p.idmap().isolatedCount().isPresent()) {
                isolated.add(p);
            } else {
                maps.put(p.name(), p.idmap().mappings());
                for (IdMapping m : p.idmap().mappings()) {
                    if (m.count() > 0) taken.add(new Range(m.host(), m.count()));
                }
            }
        }
        if (previous == null) {
            isolated.forEach(p -> maps.put(p.name(), List.of()));
            return new IdMapPlan(maps, null, false);
        }
        Map<String, Range> kept = new TreeMap<>();
        isolated.sort(Comparator.comparing(Profile::name));
        for (Profile p : isolated) {
            Range r = previous.profiles().get(p.name());
            long count = p.idmap().isolatedCount().getAsLong();
            if (r != null && r.count() == count && inside(previous.pool(), r)
                    && taken.stream().noneMatch(r::overlaps)) {
                kept.put(p.name(), r);
                taken.add(r);
            }
        }
        Map<String, Range> result = new TreeMap<>(kept);
        for (Profile p : isolated) {
            if (result.containsKey(p.name())) continue;
            long count = p.idmap().isolatedCount().getAsLong();
            Optional<Range> free = firstFit(previous.pool(), taken, count);
            if (free.isEmpty()) {
                d.error(EngineCodes.ID_SPACE_EXHAUSTED, p.idmap().origin().span(), "no free range of " + count
                        + " host ids is left for profile '" + p.name() + "' in the pool " + previous.pool().start()
                        + ".." + (previous.pool().end() - 1) + " of " + IdAllocation.FILE_NAME
                        + "; widen the pool or remove profiles that no longer need their range");
                continue;
            }
            result.put(p.name(), free.get());
            taken.add(free.get());
        }
        for (Profile p : profiles) {
            Range r = result.get(p.name());
            if (p.idmap().isolatedCount().isPresent()) {
                Origin o = p.idmap().origin();
                maps.put(p.name(), r == null ? List.of() : List.of(
                        new IdMapping(IdMapping.Kind.UID, 0, r.start(), r.count(), o),
                        new IdMapping(IdMapping.Kind.GID, 0, r.start(), r.count(), o)));
            }
        }
        IdAllocation next = new IdAllocation(previous.pool(), result);
        return new IdMapPlan(maps, next, !next.equals(previous));
    }

    private static boolean inside(Range pool, Range r) {
        return r.start() >= pool.start() && r.end() <= pool.end();
    }

    private static Optional<Range> firstFit(Range pool, List<Range> taken, long count) {
        List<Range> sorted = new ArrayList<>(taken);
        sorted.sort(Comparator.comparingLong(Range::start));
        long candidate = pool.start();
        for (Range t : sorted) {
            if (t.end() <= candidate) continue;
            if (t.start() >= candidate + count) break;
            candidate = t.end();
        }
        return candidate + count <= pool.end() ? Optional.of(new Range(candidate, count)) : Optional.empty();
    }

    /** The uid and gid mappings of a profile (empty when it has none). */
    public List<IdMapping> mappings(Profile p) {
        return maps.getOrDefault(p.name(), p.idmap().mappings());
    }

    /** The allocation to record, when the file could be read. */
    public Optional<IdAllocation> allocation() {
        return Optional.ofNullable(allocation);
    }

    /** True when the allocation differs from the file (new ranges, released ranges, a new file). */
    public boolean changed() {
        return changed;
    }
}
