package dev.ward.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.ward.ir.IdMapping;
import dev.ward.ir.Namespace;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which namespaces a run creates and the helper command lines that create them. */
class NamespacePlanTest {
    @Test
    void everythingNewByDefaultWithInitInANewPidNamespace() throws RunFailure {
        Profile p = TestProfiles.profile("p").build();
        NamespacePlan ns = NamespacePlan.of(p, List.of());
        assertFalse(ns.created().contains(Namespace.USER));
        assertEquals(List.of("unshare", "--kill-child=SIGKILL", "--mount", "--pid", "--mount-proc", "--net",
                "--ipc", "--uts", "--cgroup", "--time", "--", "init.lxc", "-n", "run", "-q", "--"),
                ns.helperArgs("unshare", "init.lxc", "run"));
    }

    @Test
    void anIdMapAddsTheUserNamespaceAndBecomesItsRoot() throws RunFailure {
        Profile p = TestProfiles.profile("p").idmap(300000, 65536).share(Namespace.PID, Namespace.TIME,
                Namespace.MOUNT, Namespace.NET, Namespace.IPC, Namespace.UTS, Namespace.CGROUP).build();
        NamespacePlan ns = NamespacePlan.of(p, p.idmap().mappings());
        assertFalse(ns.forks());
        assertEquals(List.of("unshare", "--map-users=300000,0,65536", "--map-groups=300000,0,65536",
                "--setuid=0", "--setgid=0", "--"), ns.helperArgs("unshare", "init.lxc", "run"));
    }

    @Test
    void sharingEverythingNeedsNoHelper() throws RunFailure {
        Profile p = TestProfiles.profile("p").share(Namespace.values()).build();
        assertFalse(NamespacePlan.of(p, List.of()).needsHelper());
    }

    @Test
    void whatUnshareCannotMapIsRefused() {
        Profile p = TestProfiles.profile("p").idmap(300000, 65536).build();
        List<IdMapping> two = List.of(p.idmap().mappings().get(0), p.idmap().mappings().get(1),
                new IdMapping(IdMapping.Kind.UID, 70000, 500000, 10, Origin.NONE));
        RunFailure f = assertThrows(RunFailure.class, () -> NamespacePlan.of(p, two));
        assertEquals(1, f.exitCode());
        assertTrue(f.getMessage().contains("maps one of each"), f.getMessage());
        Profile shared = TestProfiles.profile("q").idmap(300000, 65536).share(Namespace.USER).build();
        assertThrows(RunFailure.class, () -> NamespacePlan.of(shared, shared.idmap().mappings()));
    }
}
