package dev.ward.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Layout detection from mountinfo and /proc/self/cgroup text: hybrid v1, pure v2, a container's subtree. */
class CgroupLayoutTest {
    @Test
    void aHybridHostIsV1WithEachControllerInItsHierarchy() {
        List<String> mountinfo = List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");
        List<String> procCgroup = List.of("8:pids:/", "4:memory:/jobs/42", "1:cpu,cpuacct:/", "0::/");
        CgroupLayout l = CgroupLayout.detect(mountinfo, procCgroup, p -> Set.of("hugetlb")).orElseThrow();
        assertEquals(CgroupLayout.Version.V1, l.version());
        assertEquals(Path.of("/sys/fs/cgroup/memory/jobs/42"), l.hierarchyOf("memory").orElseThrow().current());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), l.hierarchyOf("cpu").orElseThrow().current());
        assertEquals(Path.of("/sys/fs/cgroup/pids"), l.hierarchyOf("pids").orElseThrow().current());
        assertTrue(l.hierarchyOf("devices").isEmpty());
    }

    @Test
    void aUnifiedHostIsV2WithIoForBlkio() {
        List<String> mountinfo = List.of(
                "30 23 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw");
        List<String> procCgroup = List.of("0::/user.slice/user-0.slice/session-3.scope");
        CgroupLayout l = CgroupLayout.detect(mountinfo, procCgroup,
                p -> Set.of("cpu", "io", "memory", "pids")).orElseThrow();
        assertEquals(CgroupLayout.Version.V2, l.version());
        CgroupLayout.Hierarchy h = l.hierarchyOf("memory").orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"), h.current());
        assertSame(h, l.hierarchyOf("blkio").orElseThrow());
        assertTrue(l.hierarchyOf("devices").isEmpty());
    }

    @Test
    void aMountOfASubtreeIsJoinedRelativeToItsRoot() {
        // Inside a container: the hierarchy's root is /lxc.payload.c1, /proc/self/cgroup names the full path.
        List<String> mountinfo = List.of("50 40 0:27 /lxc.payload.c1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw");
        List<String> procCgroup = List.of("0::/lxc.payload.c1/app");
        CgroupLayout l = CgroupLayout.detect(mountinfo, procCgroup, p -> Set.of("pids")).orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/app"), l.hierarchyOf("pids").orElseThrow().current());
    }

    @Test
    void noHierarchyNoLayout() {
        assertTrue(CgroupLayout.detect(List.of("22 1 0:5 / /proc rw - proc proc rw"), List.of("0::/"),
                p -> Set.of()).isEmpty());
    }
}
