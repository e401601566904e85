package dev.ward.importer;

import static dev.ward.importer.Imports.decide;
import static dev.ward.importer.Imports.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Limits;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ward import lxc: hand-written configs and seccomp policies, LXC's own shipped config, bad input. */
class LxcImportTest {
    private static final List<Arch> X86_64_HOST = List.of(Arch.X86_64, Arch.X86, Arch.X32);

    static String importOk(Path config) throws IOException {
        Diagnostics d = new Diagnostics();
        Optional<String> out = LxcImporter.importConfig(config, Files.readString(config), X86_64_HOST, d, new SourceFiles());
        assertFalse(d.hasErrors(), () -> Imports.messages(d));
        return out.orElseThrow();
    }

    static Diagnostics importFails(Path config) throws IOException {
        Diagnostics d = new Diagnostics();
        Optional<String> out = LxcImporter.importConfig(config, Files.readString(config), X86_64_HOST, d, new SourceFiles());
        assertTrue(out.isEmpty());
        assertTrue(d.hasErrors());
        return d;
    }

    @Test
    void everyMappedKeyBecomesItsWardStatement(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("limits.conf"), """
                lxc.cgroup2.memory.max = 512M
                lxc.cgroup2.memory.swap.max = 0
                lxc.cgroup2.cpu.max = 150000 100000
                lxc.cgroup2.pids.max = 256
                lxc.cgroup2.cpu.weight = 200
                lxc.cgroup2.io.weight = default 50
                """);
        Files.writeString(dir.resolve("policy.seccomp"), """
                2
                allowlist errno 1
                [all]
                read
                write
                exit_group
                personality allow [0,0,==]
                socket errno 97 [0,40,SCMP_CMP_EQ]
                reject_force_umount
                kexec_load kill
                mount errno 13 [3,0x1000,&=,0x1000]
                [arm64]
                brk
                """);
        Path config = dir.resolve("config");
        Files.writeString(config, """
                # a container
                lxc.idmap = u 0 100000 65536
                lxc.idmap = g 0 100000 65536
                lxc.cap.keep = chown setuid setgid net_bind_service
                lxc.include = limits.conf
                lxc.prlimit.nofile = 1024:4096
                lxc.prlimit.core = 0
                lxc.prlimit.stack = unlimited
                lxc.apparmor.profile = unconfined
                lxc.no_new_privs = 1
                lxc.net.0.type = veth
                lxc.net.0.link = br-alice
                lxc.net.0.name = eth0
                lxc.net.0.flags = up
                lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
                lxc.namespace.keep = uts ipc
                lxc.mount.auto = proc:mixed sys:ro cgroup:mixed
                lxc.mount.entry = proc/sys proc/sys none bind,ro,relative,optional 0 0
                lxc.mount.entry = /dev/null proc/kcore none bind,optional 0 0
                lxc.mount.entry = tmpfs proc/kcore tmpfs ro,nosuid,nodev,noexec,optional 0 0
                lxc.mount.entry = /srv/data srv/data none bind,create=dir 0 0
                lxc.cgroup2.devices.deny = a
                lxc.cgroup2.devices.allow = c 1:3 rwm
                lxc.cgroup2.devices.allow = c 136:* rw
                lxc.seccomp.profile = policy.seccomp
                lxc.tty.max = 4
                """);
        String text = importOk(config);
        assertTrue(text.contains("#   lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx (config:15)"), text);
        assertTrue(text.contains("#   lxc.tty.max = 4 (config:26)"), text);
        assertTrue(text.contains("#   lxc.mount.auto cgroup:mixed (config:17) has no Ward form"), text);
        Profile p = load(text).get(0);
        assertEquals(Optional.of(Mode.UNPRIVILEGED), p.mode());
        assertEquals(Trust.UNTRUSTED, p.trust());
        assertEquals(X86_64_HOST, p.arches());
        assertEquals(List.of("UID 0 100000 65536", "GID 0 100000 65536"), p.idmap().mappings().stream().map(m -> m.kind() + " " + m.inside() + " " + m.host() + " " + m.count()).toList());
        assertEquals(Capabilities.Style.KEEP, p.capabilities().style());
        assertEquals(EnumSet.of(Capability.CHOWN, Capability.SETUID, Capability.SETGID, Capability.NET_BIND_SERVICE),
                p.capabilities().kept());
        Limits l = p.limits();
        assertEquals(512L << 20, l.memoryBytes().getAsLong());
        assertEquals(0, l.swapBytes().getAsLong());
        assertEquals(1.5, l.cpuCores().getAsDouble());
        assertEquals(256, l.pids().getAsLong());
        assertEquals(200, l.cpuWeight().getAsLong());
        assertEquals(50, l.ioWeight().getAsLong());
        assertEquals(1024, p.rlimits().get(Rlimit.NOFILE).soft());
        assertEquals(4096, p.rlimits().get(Rlimit.NOFILE).hard());
        assertEquals(0, p.rlimits().get(Rlimit.CORE).hard());
        assertEquals(RlimitValue.UNLIMITED, p.rlimits().get(Rlimit.STACK).soft());
        assertTrue(p.apparmor().unconfined());
        assertEquals(Network.Kind.VETH, p.network().kind());
        assertEquals(Optional.of("br-alice"), p.network().bridge());
        assertEquals(Set.of(Namespace.UTS, Namespace.IPC), p.sharedNamespaces());
        Filesystem fs = p.filesystem();
        assertEquals(Optional.of(Filesystem.Mode.MIXED), fs.proc());
        assertEquals(Optional.of(Filesystem.Mode.RO), fs.sys());
        assertEquals(List.of("/proc/sys"), fs.readonly());
        assertEquals(List.of("/proc/kcore"), fs.masked());
        assertEquals(1, fs.mounts().size());
        assertEquals("/srv/data", fs.mounts().get(0).target());
        assertEquals(List.of("bind", "create=dir"), fs.mounts().get(0).options());
        assertEquals(List.of("c 1:3 rwm allow", "c 136:* rw allow"), p.devices().stream()
                .map(r -> r.type() + " " + r.major() + ":" + (r.minor() == DeviceRule.ANY ? "*" : r.minor()) + " " + r.access()
                        + (r.allow() ? " allow" : " deny")).toList());

        // The seccomp policy, as LXC 5 loads it on an x86_64 host: the [arm64] section does not apply.
        assertEquals(Action.errno(1), p.seccomp().defaultAction());
        for (Arch a : X86_64_HOST) {
            assertEquals(Action.ALLOW, decide(p, a, "read"));
            assertEquals(Action.ALLOW, decide(p, a, "personality", 0));
            assertEquals(Action.errno(1), decide(p, a, "personality", 8));
            assertEquals(Action.errno(13), decide(p, a, "umount2", 0, 3));
            assertEquals(Action.errno(1), decide(p, a, "umount2", 0, 2));
            assertEquals(Action.KILL_THREAD, decide(p, a, "kexec_load"));
            assertEquals(Action.errno(13), decide(p, a, "mount", 0, 0, 0, 0x1001));
            assertEquals(Action.errno(1), decide(p, a, "mount", 0, 0, 0, 0x2000));
            assertEquals(Action.errno(1), decide(p, a, "brk"));
        }
        assertEquals(Action.errno(97), decide(p, Arch.X86_64, "socket", 40));
        assertEquals(Action.errno(1), decide(p, Arch.X86_64, "socket", 2));
    }

    @Test
    void aVersionOnePolicyAllowsNativeNumbersOnly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("v1.seccomp"), "1\nallowlist\n0\n1\n60\n231\n");
        Path config = dir.resolve("c.conf");
        Files.writeString(config, "lxc.seccomp.profile = v1.seccomp\n");
        Profile p = load(importOk(config)).get(0);
        assertEquals(List.of(Arch.X86_64), p.arches());
        assertEquals(Action.KILL_THREAD, p.seccomp().defaultAction());
        for (String allowed : List.of("read", "write", "exit", "exit_group")) assertEquals(Action.ALLOW, decide(p, Arch.X86_64, allowed));
        assertEquals(Action.KILL_THREAD, decide(p, Arch.X86_64, "open"));
    }

    @Test
    void lxcsShippedDebianConfigImports() throws IOException {
        Path debian = Path.of("/usr/share/lxc/config/debian.common.conf");
        assertTrue(Files.isRegularFile(debian), "test.sh installs lxc, which ships " + debian);
        String text = importOk(debian);
        Profile p = load(text).get(0);
        assertEquals(Optional.of(Mode.PRIVILEGED), p.mode());
        assertEquals(Trust.TRUSTED, p.trust());
        assertEquals(EnumSet.of(Capability.MAC_ADMIN, Capability.MAC_OVERRIDE, Capability.SYS_TIME, Capability.SYS_MODULE,
                Capability.SYS_RAWIO), p.capabilities().dropped());
        assertEquals(Action.ALLOW, p.seccomp().defaultAction());
        assertEquals(Action.errno(1), decide(p, Arch.X86_64, "kexec_load"));
        assertEquals(Action.errno(13), decide(p, Arch.X86, "umount2", 0, 1));
        assertEquals(Action.ALLOW, decide(p, Arch.X86, "umount2", 0, 2));
        assertTrue(p.devices().stream().anyMatch(r -> r.major() == 10 && r.minor() == 229));
        assertTrue(text.contains("lxc.hook.mount = /usr/share/lxcfs/lxc.mount.hook"), text);
        assertTrue(text.contains("v1 also has: allow c 254:0 rm"), text);
    }

    @Test
    void badConfigsAreLocatedErrors(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.conf");
        Files.writeString(a, "lxc.cap.keep = chown\nthis line has no equals sign\n");
        assertEquals("a.conf:2:1", at(importFails(a)));

        Path b = dir.resolve("b.conf");
        Files.writeString(b, "lxc.include = b.conf\n");
        assertTrue(importFails(b).all().get(0).message().contains("include cycle"));

        Path c = dir.resolve("c.conf");
        Files.writeString(c, "lxc.cap.keep = chown\nlxc.cap.drop = sys_admin\n");
        assertEquals("c.conf:2:16", at(importFails(c)));

        Path policy = dir.resolve("bad.seccomp");
        Files.writeString(policy, "2\ndenylist\nmount errno 1 [7,1,==]\n");
        Path d = dir.resolve("d.conf");
        Files.writeString(d, "lxc.seccomp.profile = bad.seccomp\n");
        assertEquals("bad.seccomp:3:1", at(importFails(d)));

        Path same = dir.resolve("same.seccomp");
        Files.writeString(same, "2\ndenylist errno 1\nmount errno 1\n");
        Path e = dir.resolve("e.conf");
        Files.writeString(e, "lxc.seccomp.profile = same.seccomp\n");
        assertTrue(importFails(e).all().get(0).message().contains("the policy's default"));
    }

    private static String at(Diagnostics d) {
        var x = d.all().stream().filter(y -> y.severity() == dev.ward.diag.Severity.ERROR).findFirst().orElseThrow();
        return Path.of(x.span().file()).getFileName() + ":" + x.span().line() + ":" + x.span().column();
    }
}
