package dev.ward.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.*;

import dev.ward.ir.DeviceRule;
import dev.ward.ir.Limits;
import dev.ward.ir.Origin;
import dev.ward.runtime.RunFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run's cgroup on this host's hierarchies (as root): limits written, a process moved in, all removed. */
class CgroupTest {
    static final Limits LIMITS = new Limits(OptionalLong.of(64L << 20), OptionalLong.empty(), OptionalDouble.of(0.25),
            OptionalLong.empty(), OptionalLong.of(10), OptionalLong.empty(), Origin.NONE);

    @Test
    void limitsAreWrittenAndCloseKillsAndRemoves() throws Exception {
        CgroupLayout layout = CgroupLayout.detect().orElseThrow();
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        List<Path> dirs;
        try (Cgroup cg = Cgroup.create(layout, "ward-rtcgroup-" + ProcessHandle.current().pid(), LIMITS,
                List.of(new DeviceRule(true, 'c', 1, 3, "rwm", Origin.NONE)))) {
            dirs = cg.directories();
            assertFalse(dirs.isEmpty());
            cg.join(sleeper.pid());
            for (Path d : dirs) {
                assertTrue(Files.readAllLines(d.resolve("cgroup.procs")).contains(Long.toString(sleeper.pid())), d.toString());
            }
            if (layout.version() == CgroupLayout.Version.V1) {
                Path pids = layout.hierarchyOf("pids").orElseThrow().current();
                assertEquals("10", Files.readString(dirs.stream().filter(d -> d.startsWith(pids)).findFirst()
                        .orElseThrow().resolve("pids.max")).trim());
                Path cpu = layout.hierarchyOf("cpu").orElseThrow().current();
                assertEquals("25000", Files.readString(dirs.stream().filter(d -> d.startsWith(cpu)).findFirst()
                        .orElseThrow().resolve("cpu.cfs_quota_us")).trim());
                Path devices = layout.hierarchyOf("devices").orElseThrow().current();
                assertEquals("c 1:3 rwm", Files.readString(dirs.stream().filter(d -> d.startsWith(devices))
                        .findFirst().orElseThrow().resolve("devices.list")).trim());
            }
        }
        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "the process left in the cgroup is killed");
        for (Path d : dirs) assertFalse(Files.exists(d), d + " removed");
    }

    @Test
    void whatTheHierarchyCannotDoIsRefusedWithoutLeavingAnything() {
        // A v2 hierarchy offering only hugetlb, like this host's empty unified one.
        CgroupLayout v2 = new CgroupLayout(CgroupLayout.Version.V2, List.of(new CgroupLayout.Hierarchy(
                Set.of("hugetlb"), Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup/unified"))));
        RunFailure f = assertThrows(RunFailure.class, () -> Cgroup.create(v2, "ward-rtv2", LIMITS, List.of()));
        assertEquals("the pids cgroup controller is not available on this host", f.getMessage());
        f = assertThrows(RunFailure.class, () -> Cgroup.create(v2, "ward-rtv2", Limits.none(),
                List.of(new DeviceRule(true, 'c', 1, 3, "rwm", Origin.NONE))));
        assertTrue(f.getMessage().startsWith("device rules need the v1 devices controller"), f.getMessage());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/unified/ward-rtv2")));
    }
}
