package dev.ward.engine;

import static dev.ward.engine.ProfileBuilder.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostics;
import dev.ward.engine.IdAllocation.Range;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMapPlanTest {
    private static Profile iso(String name) {
        return profile(name).isolated(65536).build();
    }

    private static IdMapPlan plan(IdAllocation previous, Diagnostics d, Profile... profiles) {
        return IdMapPlan.plan(List.of(profiles), previous, d);
    }

    @Test
    void firstFitInNameOrderFromThePoolStart() {
        Diagnostics d = new Diagnostics();
        IdMapPlan p = plan(IdAllocation.empty(), d, iso("b"), iso("a"));
        long start = IdAllocation.DEFAULT_POOL.start();
        assertEquals(Map.of("a", new Range(start, 65536), "b", new Range(start + 65536, 65536)),
                p.allocation().orElseThrow().profiles());
        List<IdMapping> maps = p.mappings(iso("a"));
        assertEquals(List.of(IdMapping.Kind.UID, IdMapping.Kind.GID), maps.stream().map(IdMapping::kind).toList());
        assertEquals(0, maps.get(0).inside());
        assertEquals(start, maps.get(1).host());
        assertTrue(p.changed());
        assertFalse(d.hasErrors());
    }

    @Test
    void addingAndRemovingProfilesKeepsTheOtherRanges() {
        Diagnostics d = new Diagnostics();
        IdAllocation first = plan(IdAllocation.empty(), d, iso("web"), iso("db"), iso("cache")).allocation().orElseThrow();
        // Remove db (the middle range), add two more: web and cache keep theirs; "aaa" takes the freed gap.
        IdAllocation second = plan(first, d, iso("web"), iso("cache"), iso("aaa"), iso("zzz")).allocation().orElseThrow();
        assertEquals(first.profiles().get("web"), second.profiles().get("web"));
        assertEquals(first.profiles().get("cache"), second.profiles().get("cache"));
        assertFalse(second.profiles().containsKey("db"));
        assertEquals(first.profiles().get("cache").start(), IdAllocation.DEFAULT_POOL.start());
        assertEquals(first.profiles().get("db"), second.profiles().get("aaa"));
        assertDisjoint(second.profiles().values());
        IdMapPlan again = plan(second, d, iso("web"), iso("cache"), iso("aaa"), iso("zzz"));
        assertFalse(again.changed());
        assertFalse(d.hasErrors());
    }

    @Test
    void neverOverlapsExplicitMapsOrEachOther() {
        Random random = new Random(7);
        Diagnostics d = new Diagnostics();
        IdAllocation alloc = new IdAllocation(new Range(100000, 50_000_000), Map.of());
        List<Profile> live = new ArrayList<>();
        Profile explicit = profile("explicit").idmap(150000, 100000).build();
        for (int round = 0; round < 200; round++) {
            if (!live.isEmpty() && random.nextInt(3) == 0) live.remove(random.nextInt(live.size()));
            live.add(profile("p" + round).isolated(1 + random.nextInt(70000)).build());
            List<Profile> all = new ArrayList<>(live);
            all.add(explicit);
            IdMapPlan p = IdMapPlan.plan(all, alloc, d);
            IdAllocation next = p.allocation().orElseThrow();
            for (Map.Entry<String, Range> e : alloc.profiles().entrySet()) {
                if (next.profiles().containsKey(e.getKey())) assertEquals(e.getValue(), next.profiles().get(e.getKey()));
            }
            List<Range> ranges = new ArrayList<>(next.profiles().values());
            ranges.add(new Range(150000, 100000));
            assertDisjoint(ranges);
            if (d.hasErrors()) break;
            alloc = next;
        }
        assertFalse(d.hasErrors(), () -> d.all().toString());
    }

    @Test
    void exhaustionIsALocatedError() {
        Diagnostics d = new Diagnostics();
        IdAllocation small = new IdAllocation(new Range(100000, 131072), Map.of());
        IdMapPlan p = plan(small, d, iso("a"), iso("b"), iso("c"));
        assertEquals(1, d.errorCount());
        assertEquals(EngineCodes.ID_SPACE_EXHAUSTED, d.all().get(0).code());
        assertTrue(d.all().get(0).message().contains("no free range of 65536 host ids is left for profile 'c'"),
                d.all().get(0).message());
        assertTrue(p.mappings(iso("c")).isEmpty());
        assertEquals(2, p.allocation().orElseThrow().profiles().size());
    }

    @Test
    void theFileRoundTripsAndIsReadFromThePolicyRoot(@TempDir Path root) throws Exception {
        Diagnostics d = new Diagnostics();
        IdAllocation a = plan(IdAllocation.empty(), d, iso("web"), iso("db")).allocation().orElseThrow();
        Path file = root.resolve(IdAllocation.FILE_NAME);
        Files.writeString(file, a.toYaml());
        assertEquals(a, IdAllocation.read(file, d).orElseThrow());
        Files.writeString(file, a.toYaml().replace("db:", "cache:"));
        Policy policy = new Policy(List.of(iso("web"), iso("cache"), iso("db")));
        CompileContext ctx = new CompileContext(policy, policy.profiles(),
                new CompileOptions(List.of(), CompileOptions.CgroupVersion.V2, Optional.of(root)), d);
        IdMapPlan p = IdMapPlan.of(ctx);
        assertEquals(a.profiles().get("db"), p.allocation().orElseThrow().profiles().get("cache"));
        assertEquals(a.profiles().get("web"), p.allocation().orElseThrow().profiles().get("web"));
        assertFalse(d.hasErrors());
    }

    @Test
    void aMalformedFileIsReportedAndNothingIsAllocated(@TempDir Path root) throws Exception {
        Path file = root.resolve(IdAllocation.FILE_NAME);
        Files.writeString(file, "pool: {start: -5, count: x}\n");
        Diagnostics d = new Diagnostics();
        assertTrue(IdAllocation.read(file, d).isEmpty());
        assertEquals(EngineCodes.ALLOCATION_FILE, d.all().get(0).code());
        assertTrue(d.all().get(0).headline().startsWith(file.toString() + ": error[W0403]"), d.all().get(0).headline());
        IdMapPlan p = IdMapPlan.plan(List.of(iso("a")), null, d);
        assertTrue(p.mappings(iso("a")).isEmpty());
        assertTrue(p.allocation().isEmpty());
    }

    private static void assertDisjoint(java.util.Collection<Range> ranges) {
        List<Range> list = new ArrayList<>(ranges);
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                assertFalse(list.get(i).overlaps(list.get(j)), list.get(i) + " overlaps " + list.get(j));
            }
        }
    }
}
