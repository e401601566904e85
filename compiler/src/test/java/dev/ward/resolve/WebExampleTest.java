package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Limits;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.SeccompRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC.md's web.ward, resolved: every block lands in the IR as the spec describes. */
class WebExampleTest {
    static Path web() {
        return Path.of(System.getProperty("ward.repo"), "policies/examples/web.ward");
    }

    static Profile load() {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(web()), d);
        assertFalse(d.all().stream().anyMatch(x -> x.severity() == Severity.ERROR), () -> d.all().toString());
        return loaded.policy().profile("web").orElseThrow();
    }

    @Test
    void scalarsAndInheritance() {
        Profile web = load();
        assertEquals(List.of("web", "unprivileged"), web.lineage());
        assertEquals(Mode.UNPRIVILEGED, web.mode().orElseThrow());
        assertEquals("nginx serving static files", web.description().orElseThrow());
        assertEquals(List.of(Arch.X86_64, Arch.AARCH64), web.arches());
        assertEquals("alice", web.owner().orElseThrow());
        assertTrue(web.untrusted());
    }

    @Test
    void seccompRulesInMatchOrderWithParentRulesLast() {
        Profile web = load();
        assertEquals(Action.errno(1), web.seccomp().defaultAction());
        List<SeccompRule> rules = web.seccomp().rules();
        assertEquals(List.of("personality"), rules.get(0).syscalls());
        Condition personality = rules.get(0).condition().orElseThrow();
        assertEquals(new Condition.Or(new Condition.Or(new Condition.Compare(0, Condition.Op.EQ, 0),
                new Condition.Compare(0, Condition.Op.EQ, 8)), new Condition.Compare(0, Condition.Op.EQ, 0xffffffffL)),
                personality);
        assertEquals(Action.errno(1), rules.get(0).elseAction().orElseThrow());
        assertEquals(new Condition.MaskedEquals(0, 0x10000000L, 0), rules.get(2).condition().orElseThrow());
        assertEquals(Action.errno(38), rules.get(3).action());
        assertEquals(Action.KILL_PROCESS, rules.get(4).action());
        assertEquals(List.of("kexec_load", "init_module", "finit_module", "delete_module"), rules.get(4).syscalls());
        assertTrue(rules.get(5).syscalls().containsAll(List.of("read", "write", "readv")), rules.get(5).syscalls()::toString);
        assertEquals(List.of("bind", "listen", "accept4"), rules.get(6).syscalls());
        // the parent's rules (std/unprivileged.ward starts with `errno(EPERM) ioctl if ...`) follow the child's
        assertEquals(List.of("ioctl"), rules.get(7).syscalls());
        assertTrue(rules.get(7).condition().isPresent());
    }

    @Test
    void engineBlocks() {
        Profile web = load();
        assertEquals(List.of(IdMapping.Kind.UID, IdMapping.Kind.GID),
                web.idmap().mappings().stream().map(IdMapping::kind).toList());
        assertEquals(200000, web.idmap().mappings().get(0).host());
        assertTrue(web.idmap().isolatedCount().isEmpty(), "the child's idmap block replaces the parent's");
        assertTrue(web.capabilities().kept().contains(Capability.NET_BIND_SERVICE));
        assertFalse(web.capabilities().kept().contains(Capability.SYS_ADMIN));
        Limits limits = web.limits();
        assertEquals(512L << 20, limits.memoryBytes().getAsLong());
        assertEquals(0, limits.swapBytes().getAsLong());
        assertEquals(1.5, limits.cpuCores().getAsDouble());
        assertEquals(256, limits.pids().getAsLong());
        assertEquals(1024, web.rlimits().get(Rlimit.NOFILE).soft());
        assertEquals(4096, web.rlimits().get(Rlimit.NOFILE).hard());
        assertEquals(256, web.rlimits().get(Rlimit.NPROC).hard());
        assertEquals(Network.Kind.VETH, web.network().kind());
        assertEquals("br-alice", web.network().bridge().orElseThrow());
        // the parent's device rules, then the child's three
        List<DeviceRule> devices = web.devices();
        assertTrue(devices.size() > 3);
        assertEquals(136, devices.get(devices.size() - 1).major());
        assertEquals(DeviceRule.ANY, devices.get(devices.size() - 1).minor());
        assertEquals(java.util.Set.of(Namespace.UTS), web.sharedNamespaces());
        assertEquals(Filesystem.Mode.MIXED, web.filesystem().proc().orElseThrow());
        List<String> readonly = web.filesystem().readonly();
        assertEquals(List.of("/proc/sys", "/proc/sysrq-trigger"), readonly.subList(readonly.size() - 2, readonly.size()));
        assertEquals(readonly.size(), readonly.stream().distinct().count(), "the parent's and child's lists are united");
        // the parent's apparmor rules, then the child's six; `deny mount` last
        var aa = web.apparmor().rules();
        var last = aa.get(aa.size() - 1);
        assertEquals("mount", last.family());
        assertEquals(java.util.Set.of(dev.ward.ir.AppArmorRule.Qualifier.DENY), last.qualifiers());
        assertEquals("file", aa.get(aa.size() - 6).family());
        assertEquals("/etc/nginx/**", ((dev.ward.ir.AppArmorRule.Atom.Quoted) aa.get(aa.size() - 6).atoms().get(1)).value());
    }

    @Test
    void expectations() {
        Profile web = load();
        assertEquals(7, web.expectations().size());
        assertEquals("openat", web.expectations().get(2).syscall());
        assertEquals(List.of(0xffffffffL, 0L, 0L, 0L, 0L, 0L), web.expectations().get(5).args());
        assertEquals(Action.errno(1), web.expectations().get(6).action());
    }
}
