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
import org.junit.jupiter.api.io.TempDir;

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

    /** This host's unified hierarchy, with only hugetlb: a v2 layout for what needs no v2 controller. */
    static final CgroupLayout UNIFIED = new CgroupLayout(CgroupLayout.Version.V2, List.of(new CgroupLayout.Hierarchy(
            Set.of("hugetlb"), Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup/unified"))));

    @Test
    void onV2TheDeviceAllowlistIsAnEbpfProgramTheKernelEnforces(@TempDir Path tmp) throws Exception {
        // A shell that waits until it is in the cgroup, then opens an allowed and a denied device.
        Path go = tmp.resolve("go");
        Process sh = new ProcessBuilder("sh", "-c", "while [ ! -e " + go + " ]; do sleep 0.02; done; "
                + "head -c 1 /dev/urandom | wc -c; head -c 1 /dev/zero | wc -c; echo > /dev/null && echo null").start();
        List<Path> dirs;
        try (Cgroup cg = Cgroup.create(UNIFIED, "ward-rtdev-" + ProcessHandle.current().pid(), Limits.none(),
                List.of(new DeviceRule(true, 'c', 1, 3, "rwm", Origin.NONE),
                        new DeviceRule(true, 'c', 1, DeviceRule.ANY, "rw", Origin.NONE),
                        new DeviceRule(false, 'c', 1, 5, "rwm", Origin.NONE)))) {
            dirs = cg.directories();
            cg.join(sh.pid());
            Files.writeString(go, "");
            assertTrue(sh.waitFor(20, TimeUnit.SECONDS));
        }
        // urandom (1:9) by the wildcard rule, null (1:3); zero (1:5) denied by the last rule that matches it.
        assertEquals("1\n0\nnull\n", new String(sh.getInputStream().readAllBytes()));
        assertTrue(new String(sh.getErrorStream().readAllBytes()).contains("Operation not permitted"));
        for (Path d : dirs) assertFalse(Files.exists(d));
    }

    @Test
    void whatTheHierarchyCannotDoIsRefusedWithoutLeavingAnything() {
        RunFailure f = assertThrows(RunFailure.class, () -> Cgroup.create(UNIFIED, "ward-rtv2", LIMITS, List.of()));
        assertEquals("the memory cgroup controller is not available on this host", f.getMessage());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/unified/ward-rtv2")));
    }
}
