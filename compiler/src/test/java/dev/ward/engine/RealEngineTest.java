package dev.ward.engine;

import static dev.ward.engine.ProfileBuilder.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated lxc.conf (cgroup v1 keys, as this kind of host needs) run by {@code lxc-execute}, and the OCI
 * fragment merged into a minimal bundle run by {@code runc run}, for a privileged and an unprivileged profile.
 * The probe inside reports what the kernel enforces. Needs root, lxc and runc, which ./test.sh installs.
 */
class RealEngineTest {
    static final long MIB = 1024 * 1024;
    static Map<String, String> host;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireEngines() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the engine tests run as root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lxc-execute")) && Files.isExecutable(Path.of("/usr/sbin/runc")),
                "lxc and runc are installed by ./test.sh");
        host = EngineProbe.host();
    }

    static Filesystem.Mount tmpfsOnMnt() {
        return new Filesystem.Mount("tmpfs", "/mnt", "tmpfs", List.of("mode=755"), Origin.NONE);
    }

    /** EMLINK, a policy errno no runtime would answer by itself. */
    static final int EMLINK = 31;

    /**
     * A denylist with argument conditions: mkdir with mode 0700 (0x1c0) fails with EMLINK, any other mode works.
     * glibc's mkdir() is the mkdir syscall on x86_64, mkdirat elsewhere.
     */
    static ProfileBuilder seccomp(ProfileBuilder b) {
        return b.seccomp(Action.ALLOW,
                new SeccompRule(Action.errno(EMLINK), List.of("mkdir"),
                        Optional.of(new Condition.Compare(1, Condition.Op.EQ, 0x1c0)), Optional.empty(), Origin.NONE),
                new SeccompRule(Action.errno(EMLINK), List.of("mkdirat"),
                        Optional.of(new Condition.Compare(2, Condition.Op.EQ, 0x1c0)), Optional.empty(), Origin.NONE));
    }

    static ProfileBuilder devices(ProfileBuilder b) {
        return b.device(true, 'c', 1, 3, "rwm").device(true, 'c', 1, 5, "rwm").device(true, 'c', 1, 8, "rwm")
                .device(true, 'c', 1, 9, "rwm").device(true, 'c', 136, -1, "rwm").device(true, 'c', 5, 2, "rwm")
                .device(true, 'c', 1, 11, "m");
    }

    static Profile unprivileged(boolean shareUts) {
        return devices(seccomp(profile("unpriv")).mode(Mode.UNPRIVILEGED).isolated(65536)
                .share(shareUts ? new Namespace[] {Namespace.UTS} : new Namespace[0])
                .keep(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.SETUID,
                        Capability.SETGID, Capability.KILL, Capability.MKNOD, Capability.NET_BIND_SERVICE)
                .limits(64 * MIB, null, null, null, 40L, null)
                .rlimit(Rlimit.NOFILE, 1024, 4096)
                .network(new Network(Network.Kind.NONE, Optional.empty(), false, 0, Origin.NONE)))
                .filesystem(Filesystem.Mode.MIXED, Filesystem.Mode.MIXED, List.of("/proc/sys"),
                        List.of("/proc/version", "/sys/firmware"), tmpfsOnMnt())
                .build();
    }

    /**
     * A trusted privileged container sharing the host's network. It leaves /sys alone: in the host's network
     * namespace a fresh sysfs mount needs a fully visible one, which this kind of host does not have. Besides
     * what it drops, it drops what this host's own bounding set lacks: runc refuses to start with a capability
     * it cannot grant (LXC silently skips it).
     */
    static Profile privileged(boolean shareHostNetworkAndUts) {
        java.util.Set<Capability> drop = java.util.EnumSet.of(Capability.SYS_MODULE, Capability.SYS_TIME,
                Capability.SYS_RAWIO, Capability.MAC_ADMIN, Capability.MAC_OVERRIDE, Capability.SYS_BOOT);
        long hostMask = Long.parseUnsignedLong(host.get("capbnd"), 16);
        for (Capability c : Capability.values()) {
            if ((hostMask & (1L << c.number())) == 0) drop.add(c);
        }
        return devices(seccomp(profile("priv")).mode(Mode.PRIVILEGED).trust(Trust.TRUSTED)
                .drop(drop.toArray(Capability[]::new))
                .limits(96 * MIB, null, null, null, 50L, null)
                .rlimit(Rlimit.NOFILE, 2048, 8192)
                .share(shareHostNetworkAndUts ? new Namespace[] {Namespace.UTS, Namespace.NET} : new Namespace[0]))
                .filesystem(Filesystem.Mode.RW, null, List.of("/proc/sys"),
                        List.of("/proc/version", "/sys/firmware"), tmpfsOnMnt())
                .build();
    }

    private Map<String, byte[]> compile(Profile p) {
        Diagnostics d = new Diagnostics();
        Policy policy = new Policy(List.of(p));
        CompileContext ctx = new CompileContext(policy, policy.profiles(),
                new CompileOptions(List.of(), CompileOptions.CgroupVersion.V1, Optional.empty(), Optional.of(dir)), d);
        Artifacts out = new Artifacts();
        new LxcTarget().render(ctx, out);
        new OciTarget().render(ctx, out);
        assertFalse(d.hasErrors(), d.all().toString());
        return out.files();
    }

    private Map<String, String> runLxc(Profile p) throws Exception {
        openUp(dir);
        Path conf = dir.resolve(p.name()).resolve("lxc.conf");
        for (Map.Entry<String, byte[]> f : compile(p).entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        // What only a test run on the host's root needs: no console; the host's /dev (LXC 5 fails to build a
        // fresh one once lxc.namespace.keep is set: EOVERFLOW on dev/pts); a hostname to tell namespaces apart.
        String wrapper = "lxc.include = " + conf + "\nlxc.console.path = none\nlxc.autodev = 0\n"
                + (p.sharedNamespaces().contains(Namespace.UTS) ? "" : "lxc.uts.name = ward-test\n");
        Files.writeString(dir.resolve("run.conf"), wrapper);
        String name = "ward-" + p.name() + "-" + ProcessHandle.current().pid();
        String out = EngineProbe.run(List.of("lxc-execute", "-n", name, "-P", dir.toString(), "-f",
                dir.resolve("run.conf").toString(), "--", "sh", "-c", EngineProbe.SCRIPT), dir, 90);
        Map<String, String> f = EngineProbe.facts(out);
        assertEquals("1", f.get("end"), out + "\n" + Files.readString(conf));
        return f;
    }

    /** The container root of an unprivileged profile is an unprivileged host uid: it must reach the files. */
    private static void openUp(Path p) throws IOException {
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Map<String, String> runRunc(Profile p) throws Exception {
        openUp(dir);
        Path bundle = dir.resolve("bundle");
        Path rootfs = bundle.resolve("rootfs");
        for (String d : List.of("usr", "etc", "proc", "sys", "dev", "mnt", "tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        for (String l : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(rootfs.resolve(l), Path.of("usr/" + l));
        }
        EngineProbe.run(List.of("runc", "spec"), bundle, 30);
        ObjectNode config = (ObjectNode) OciFragment.JSON.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        process.putArray("args").add("sh").add("-c").add(EngineProbe.SCRIPT);
        config.putObject("root").put("path", "rootfs").put("readonly", true);
        config.put("hostname", "ward-test");
        ObjectNode linux = (ObjectNode) config.get("linux");
        linux.remove("maskedPaths");
        linux.remove("readonlyPaths");
        ArrayNode mounts = (ArrayNode) config.get("mounts");
        for (String d : List.of("/usr", "/etc")) {
            mounts.addObject().put("destination", d).put("type", "bind").put("source", d)
                    .putArray("options").add("rbind").add("ro");
        }
        ObjectNode merged = OciBundle.merge(config, (ObjectNode) OciFragment.JSON.readTree(
                compile(p).get(p.name() + "/oci.json")), p.sharedNamespaces());
        if (p.sharedNamespaces().contains(Namespace.UTS)) merged.remove("hostname");
        ObjectNode mergedProcess = (ObjectNode) merged.get("process");
        assertEquals("ward-" + p.name(), mergedProcess.path("apparmorProfile").asText());
        if (!Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))) {
            // No AppArmor in this kernel to load the profile into (LXC skips it then; runc fails). The AppArmor
            // backend's own tests check the profile with apparmor_parser.
            mergedProcess.remove("apparmorProfile");
        }
        Files.writeString(bundle.resolve("config.json"), OciFragment.text(merged));
        String id = "ward-" + p.name() + "-" + ProcessHandle.current().pid();
        String out = EngineProbe.run(List.of("runc", "run", "-b", bundle.toString(), id), dir, 90);
        Map<String, String> f = EngineProbe.facts(out);
        assertEquals("1", f.get("end"), out);
        return f;
    }

    private static String mask(Profile p) {
        long hostMask = Long.parseUnsignedLong(host.get("capbnd"), 16);
        return String.format("%016x", CapabilitySets.mask(p.capabilities().kept()) & hostMask);
    }

    private static void assertCommon(Profile p, Map<String, String> f, long pids, String nofile) {
        assertEquals(mask(p), f.get("capbnd"), "CapBnd");
        assertEquals(mask(p), f.get("capeff"), "CapEff");
        assertEquals(p.untrusted() ? "1" : "0", f.get("nnp"), "NoNewPrivs");
        assertEquals("2", f.get("seccomp"), "a seccomp filter is installed");
        assertEquals("ok", f.get("mkdir_allowed"), "a call the policy allows works");
        assertEquals("Too many links", f.get("mkdir_denied"), "a call the policy denies fails with its errno");
        assertEquals(nofile, f.get("nofile"), "ulimit -n soft:hard");
        assertNotEquals(host.get("ns_pid"), f.get("ns_pid"), "own pid namespace");
        assertNotEquals(host.get("ns_mnt"), f.get("ns_mnt"), "own mount namespace");
        assertNotEquals(host.get("ns_ipc"), f.get("ns_ipc"), "own ipc namespace");
        assertEquals("ok", f.get("devnull"), "/dev/null opens");
        assertEquals("Operation not permitted", f.get("block_device"), "a block device the policy does not allow");
        assertEquals("Operation not permitted", f.get("open_unallowed"), "opening a device the policy does not allow");
        assertEquals("Read-only file system", f.get("readonly"), "writing a read-only path");
        assertEquals("0", f.get("masked_file"), "a masked file reads empty");
        assertEquals("0", f.get("masked_dir"), "a masked directory lists empty");
        assertEquals("0", f.get("mem_small"), "a small allocation succeeds");
        assertEquals("137", f.get("mem_big"), "an allocation past the memory limit is killed");
        int forked = Integer.parseInt(f.get("forked"));
        assertTrue(forked < pids && forked >= pids - 8, "a fork loop stops at pids.max " + pids + ": " + forked);
    }

    private static void assertOwnNamespaces(Map<String, String> f) {
        assertEquals("ward-test", f.get("hostname"));
        assertNotEquals(host.get("ns_uts"), f.get("ns_uts"));
        assertNotEquals(host.get("ns_net"), f.get("ns_net"));
        assertEquals("lo ", f.get("links"), "only loopback");
    }

    private static void assertSharedUts(Map<String, String> f) {
        assertEquals(host.get("hostname"), f.get("hostname"), "shared uts sees the host's hostname");
        assertEquals(host.get("ns_uts"), f.get("ns_uts"));
    }

    private static void assertSharedNet(Map<String, String> f) {
        assertEquals(host.get("ns_net"), f.get("ns_net"));
        assertEquals(host.get("links"), f.get("links"), "shared net sees the host's interfaces");
    }

    private static final String ISOLATED_MAP = "0 " + IdAllocation.DEFAULT_POOL.start() + " 65536";
    private static final String HOST_MAP = "0 0 4294967295";

    @Test
    void lxcUnprivileged() throws Exception {
        Profile p = unprivileged(false);
        Map<String, String> f = runLxc(p);
        assertCommon(p, f, 40, "1024:4096");
        assertEquals(ISOLATED_MAP, f.get("uidmap"));
        assertOwnNamespaces(f);
    }

    /**
     * LXC 5.0 cannot share the network of a host like this one (the sysfs mount fails outside a user-owned
     * network namespace) and hangs when a privileged container keeps a namespace; the uts namespace is shared
     * by an unprivileged container here, the network by runc below.
     */
    @Test
    void lxcUnprivilegedSharingUts() throws Exception {
        Profile p = unprivileged(true);
        Map<String, String> f = runLxc(p);
        assertEquals(ISOLATED_MAP, f.get("uidmap"));
        assertSharedUts(f);
        assertNotEquals(host.get("ns_net"), f.get("ns_net"));
    }

    @Test
    void lxcPrivileged() throws Exception {
        Profile p = privileged(false);
        Map<String, String> f = runLxc(p);
        assertCommon(p, f, 50, "2048:8192");
        assertEquals(HOST_MAP, f.get("uidmap"));
        assertOwnNamespaces(f);
    }

    /**
     * A veth network on a bridge the test creates: inside, eth0 is a veth and up; on the host, while the
     * container waits, its peer is a port of that bridge.
     */
    @Test
    void lxcVethJoinsTheBridge() throws Exception {
        String bridge = "wtbr" + ProcessHandle.current().pid() % 100000;
        EngineProbe.run(List.of("ip", "link", "add", bridge, "type", "bridge"), dir, 10);
        try {
            EngineProbe.run(List.of("ip", "link", "set", bridge, "up"), dir, 10);
            Profile p = profile("vethp").mode(Mode.PRIVILEGED).trust(Trust.TRUSTED).veth(bridge, 1).build();
            Path conf = dir.resolve("lxc.conf");
            Files.write(conf, compile(p).get(p.name() + "/lxc.conf"));
            Files.writeString(dir.resolve("run.conf"), "lxc.include = " + conf + "\nlxc.console.path = none\n"
                    + "lxc.autodev = 0\nlxc.uts.name = ward-test\nlxc.mount.auto = proc:mixed sys:mixed\n");
            String script = "ip -d -o link show eth0 > eth0; cat /sys/class/net/eth0/iflink > iflink.tmp;"
                    + " mv iflink.tmp iflink; i=0; while [ ! -e go ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done";
            Process lxc = new ProcessBuilder("lxc-execute", "-n", "ward-vethp-" + ProcessHandle.current().pid(), "-P",
                    dir.toString(), "-f", dir.resolve("run.conf").toString(), "--", "sh", "-c", "cd " + dir + " && " + script)
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("lxc.log").toFile())
                    .start();
            try {
                Path iflink = dir.resolve("iflink");
                for (int i = 0; i < 300 && !Files.exists(iflink) && lxc.isAlive(); i++) Thread.sleep(100);
                assertTrue(Files.exists(iflink), () -> "the container did not start: " + read(dir.resolve("lxc.log")));
                String ports = EngineProbe.run(List.of("ip", "-o", "link", "show", "master", bridge), dir, 10);
                String peer = Files.readString(iflink).strip();
                assertTrue(ports.startsWith(peer + ": ") || ports.contains("\n" + peer + ": "),
                        "the host end (ifindex " + peer + ") is a port of " + bridge + ": " + ports);
                Files.writeString(dir.resolve("go"), "");
                assertTrue(lxc.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            } finally {
                lxc.destroyForcibly();
            }
            String eth0 = Files.readString(dir.resolve("eth0"));
            assertTrue(eth0.matches("(?s)\\d+: eth0@if\\d+: .*"), eth0);
            assertTrue(eth0.contains(" veth ") && eth0.contains("state UP"), eth0);
        } finally {
            EngineProbe.run(List.of("ip", "link", "del", bridge), dir, 10);
        }
    }

    /**
     * Every shipped example's lxc.conf and lxc.seccomp, as `ward compile --cgroup v1 -o DIR` writes them, start a
     * container under lxc-execute with the filter installed. Only the network is replaced, by an empty one: the
     * examples' bridges do not exist here.
     */
    @Test
    void lxcRunsEveryShippedExampleWithItsSeccompPolicy() throws Exception {
        openUp(dir);
        int run = 0;
        for (GoldenCases.Case c : GoldenCases.all().values()) {
            if (!c.name().startsWith("policies/examples/")) continue;
            Diagnostics d = new Diagnostics();
            Artifacts out = new Artifacts();
            new LxcTarget().render(new CompileContext(c.policy(), c.profiles(), new CompileOptions(List.of(),
                    CompileOptions.CgroupVersion.V1, Optional.empty(), Optional.of(dir)), d), out);
            assertFalse(d.hasErrors(), d.all().toString());
            for (Map.Entry<String, byte[]> f : out.files().entrySet()) {
                Files.createDirectories(dir.resolve(f.getKey()).getParent());
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            for (Profile p : c.profiles()) {
                Path conf = dir.resolve(p.name() + ".run.conf");
                Files.writeString(conf, "lxc.include = " + dir.resolve(p.name()).resolve("lxc.conf")
                        + "\nlxc.console.path = none\nlxc.autodev = 0\nlxc.net.0.type = empty\n"
                        + (p.sharedNamespaces().contains(Namespace.UTS) ? "" : "lxc.uts.name = ward-test\n")
                        + rlimitsWithinThisHost(p));
                String result = EngineProbe.run(List.of("lxc-execute", "-n", "ward-" + p.name() + "-"
                        + ProcessHandle.current().pid(), "-P", dir.toString(), "-f", conf.toString(), "--", "sh", "-c",
                        "echo \"seccomp=$(grep '^Seccomp:' /proc/self/status | cut -f2)\""), dir, 60);
                assertEquals("2", EngineProbe.facts(result).get("seccomp"), p.name() + ": " + result);
                run++;
            }
        }
        assertTrue(run >= 5, "examples run: " + run);
    }

    /**
     * A profile's rlimits above what this process may raise its own to (a sandbox without sys_resource) are
     * lowered to that, so that the container can start here.
     */
    private static String rlimitsWithinThisHost(Profile p) {
        StringBuilder b = new StringBuilder();
        p.rlimits().forEach((r, v) -> {
            String limit = host.get("hard_" + r.wardName());
            if (limit == null || limit.equals("unlimited")) return;
            long hostHard = Long.parseLong(limit);
            if (v.hard() != dev.ward.ir.RlimitValue.UNLIMITED && v.hard() <= hostHard) return;
            long soft = v.soft() == dev.ward.ir.RlimitValue.UNLIMITED ? hostHard : Math.min(v.soft(), hostHard);
            b.append("lxc.prlimit.").append(r.wardName()).append(" = ").append(soft).append(':').append(hostHard)
                    .append('\n');
        });
        return b.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void runcUnprivileged() throws Exception {
        Profile p = unprivileged(false);
        Map<String, String> f = runRunc(p);
        assertCommon(p, f, 40, "1024:4096");
        assertEquals(ISOLATED_MAP, f.get("uidmap"));
        assertOwnNamespaces(f);
    }

    @Test
    void runcPrivilegedSharingNetworkAndUts() throws Exception {
        Profile p = privileged(true);
        Map<String, String> f = runRunc(p);
        assertCommon(p, f, 50, "2048:8192");
        assertEquals(HOST_MAP, f.get("uidmap"));
        assertSharedUts(f);
        assertSharedNet(f);
    }
}
