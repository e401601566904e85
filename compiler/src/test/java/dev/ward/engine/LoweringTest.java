package dev.ward.engine;

import static dev.ward.engine.ProfileBuilder.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.CompileOptions.CgroupVersion;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Capability;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoweringTest {
    @Test
    void capabilitiesFillBoundingPermittedEffectiveOnly() {
        Profile p = profile("p").keep(Capability.CHOWN, Capability.CHECKPOINT_RESTORE).build();
        CapabilitySets s = CapabilitySets.of(p.capabilities());
        assertEquals(Set.of(Capability.CHOWN, Capability.CHECKPOINT_RESTORE), s.bounding());
        assertEquals(s.bounding(), s.permitted());
        assertEquals(s.bounding(), s.effective());
        assertTrue(s.inheritable().isEmpty() && s.ambient().isEmpty());
        assertEquals(1L | (1L << 40), CapabilitySets.mask(s.bounding()));
        Profile all = profile("q").drop().build();
        assertEquals((1L << 41) - 1, CapabilitySets.mask(CapabilitySets.of(all.capabilities()).bounding()));
    }

    @Test
    void cgroupFilesForBothVersions() {
        Limits l = profile("p").limits(1L << 30, 1L << 29, 0.5, 10000L, 100L, 1L).build().limits();
        assertEquals(List.of(
                new CgroupSettings.Setting("memory.max", "1073741824"),
                new CgroupSettings.Setting("memory.swap.max", "536870912"),
                new CgroupSettings.Setting("cpu.max", "50000 100000"),
                new CgroupSettings.Setting("cpu.weight", "10000"),
                new CgroupSettings.Setting("pids.max", "100"),
                new CgroupSettings.Setting("io.weight", "1")), CgroupSettings.limits(l, CgroupVersion.V2));
        assertEquals(List.of(
                new CgroupSettings.Setting("memory.limit_in_bytes", "1073741824"),
                new CgroupSettings.Setting("memory.memsw.limit_in_bytes", "1610612736"),
                new CgroupSettings.Setting("cpu.cfs_period_us", "100000"),
                new CgroupSettings.Setting("cpu.cfs_quota_us", "50000"),
                new CgroupSettings.Setting("cpu.shares", "262144"),
                new CgroupSettings.Setting("pids.max", "100"),
                new CgroupSettings.Setting("blkio.weight", "10")), CgroupSettings.limits(l, CgroupVersion.V1));
        assertEquals(2, CgroupSettings.cpuShares(1));
        for (long w = 1; w <= 10000; w++) {
            long runcWeight = 1 + (CgroupSettings.cpuShares(w) - 2) * 9999 / 262142;
            assertTrue(Math.abs(runcWeight - w) <= 1, "weight " + w + " comes back from runc as " + runcWeight);
        }
        assertEquals(1000, CgroupSettings.blkioWeight(10000));
        assertEquals(1000, CgroupSettings.cpuQuotaUs(0.001));
    }

    @Test
    void rlimitsSoftHardAndUnlimited() {
        assertEquals("unlimited", LxcTarget.rlimit(new dev.ward.ir.RlimitValue(-1, -1, dev.ward.ir.Origin.NONE)));
        assertEquals("5:unlimited", LxcTarget.rlimit(new dev.ward.ir.RlimitValue(5, -1, dev.ward.ir.Origin.NONE)));
        assertEquals("7", LxcTarget.rlimit(new dev.ward.ir.RlimitValue(7, 7, dev.ward.ir.Origin.NONE)));
    }

    private static Map<String, byte[]> compile(Diagnostics d, Profile... profiles) {
        Policy policy = new Policy(List.of(profiles));
        CompileContext ctx = new CompileContext(policy, policy.profiles(), CompileOptions.defaults(), d);
        Artifacts out = new Artifacts();
        for (var t : GoldenTest.engineTargets()) t.render(ctx, out);
        return out.files();
    }

    @Test
    void valuesThatWouldInjectALineAreRefusedWithALocatedError() {
        String[] bad = {"/srv/x\nlxc.cap.drop = none", "/srv/\r", "/srv/\u0000", "/srv/\u2028x"};
        for (String path : bad) {
            Diagnostics d = new Diagnostics();
            Map<String, byte[]> files = compile(d, profile("p").filesystem(null, null, List.of(path), List.of()).build());
            assertTrue(d.hasErrors(), path);
            assertEquals(EngineCodes.UNSAFE_VALUE, d.all().get(0).code());
            assertFalse(files.containsKey("p/lxc.conf"));
            assertFalse(files.containsKey("p/systemd.conf"));
            assertEquals(1, d.errorCount(), "reported once for all targets");
        }
        Diagnostics d = new Diagnostics();
        compile(d, profile("p").owner("alice:1:2\nroot").build(),
                profile("q").veth("br0\nlxc.net.1.type = phys", 1).build(),
                profile("r").veth("a-bridge-name-too-long", 1).build(),
                profile("s").filesystem(null, null, List.of("relative/path"), List.of()).build(),
                profile("t").filesystem(null, null, List.of(), List.of(), new Filesystem.Mount("tmpfs", "/x", "tmpfs",
                        List.of("size=1m 0 0\nx"), dev.ward.ir.Origin.NONE)).build());
        assertEquals(List.of(EngineCodes.BAD_NAME, EngineCodes.BAD_INTERFACE, EngineCodes.BAD_INTERFACE,
                EngineCodes.RELATIVE_PATH, EngineCodes.UNSAFE_VALUE), d.all().stream().map(x -> x.code()).toList());
    }

    @Test
    void spacesAndSpecifiersAreEscapedNotRefused() {
        Diagnostics d = new Diagnostics();
        Map<String, byte[]> files = compile(d, profile("p")
                .filesystem(null, null, List.of("/srv/a b\\c"), List.of("/srv/100%"), new Filesystem.Mount(
                        "/data dir", "/mnt/x y", "none", List.of("bind", "ro"), dev.ward.ir.Origin.NONE)).build());
        assertFalse(d.hasErrors(), d.all().toString());
        String lxc = new String(files.get("p/lxc.conf"), StandardCharsets.UTF_8);
        assertTrue(lxc.contains("lxc.mount.entry = srv/a\\040b\\134c srv/a\\040b\\134c none bind,ro,relative,optional 0 0"), lxc);
        assertTrue(lxc.contains("lxc.mount.entry = /data\\040dir mnt/x\\040y none bind,ro 0 0"), lxc);
        String unit = new String(files.get("p/systemd.conf"), StandardCharsets.UTF_8);
        assertTrue(unit.contains("ReadOnlyPaths=-\"/srv/a b\\\\c\""), unit);
        assertTrue(unit.contains("InaccessiblePaths=-/srv/100%%"), unit);
        assertTrue(unit.contains("BindReadOnlyPaths=\"/data dir:/mnt/x y\""), unit);
    }

    @Test
    void sharedNamespacesAreLeftOutOfOciAndKeptByLxc() {
        Diagnostics d = new Diagnostics();
        Profile p = profile("p").idmap(100000, 65536).share(Namespace.NET, Namespace.PID).build();
        Map<String, byte[]> files = compile(d, p);
        String lxc = new String(files.get("p/lxc.conf"), StandardCharsets.UTF_8);
        assertTrue(lxc.contains("lxc.net.0.type = none\n"), lxc);
        assertTrue(lxc.contains("lxc.namespace.keep = pid net\n"), lxc);
        ObjectNode oci = OciFragment.of(p, p.idmap().mappings());
        assertEquals(List.of("ipc", "uts", "mount", "cgroup", "user"), types(oci.path("linux").path("namespaces")));
    }

    @Test
    void ociBundleMergeKeepsTheBundleAndAddsTheUserNamespace() throws Exception {
        ObjectNode config = (ObjectNode) OciFragment.JSON.readTree("""
                {"ociVersion": "1.0.2", "hostname": "box", "root": {"path": "rootfs", "readonly": true},
                 "process": {"args": ["sh"], "cwd": "/", "capabilities": {"bounding": ["CAP_SYS_ADMIN"]}},
                 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                            {"destination": "/dev", "type": "tmpfs", "source": "tmpfs"}],
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "network", "path": "/run/netns/x"},
                                          {"type": "uts"}, {"type": "mount"}],
                           "maskedPaths": ["/proc/kcore", "/proc/keys"],
                           "resources": {"memory": {"reservation": 1000}}}}
                """);
        Profile p = GoldenCases.named("web").profile("web");
        ObjectNode merged = OciBundle.merge(config, OciFragment.of(p, p.idmap().mappings()), p.sharedNamespaces());
        assertEquals("box", merged.path("hostname").asText());
        assertEquals(List.of("sh"), List.of(merged.path("process").path("args").get(0).asText()));
        assertEquals("CAP_CHOWN", merged.path("process").path("capabilities").path("bounding").get(0).asText());
        assertEquals(List.of("pid", "network", "mount", "ipc", "cgroup", "user"), types(merged.path("linux").path("namespaces")));
        assertEquals("/run/netns/x", merged.path("linux").path("namespaces").get(1).path("path").asText());
        assertEquals(200000, merged.path("linux").path("uidMappings").get(0).path("hostID").asLong());
        assertEquals(1000, merged.path("linux").path("resources").path("memory").path("reservation").asLong());
        assertEquals(536870912, merged.path("linux").path("resources").path("memory").path("limit").asLong());
        assertEquals(List.of("/proc/kcore", "/proc/keys", "/sys/firmware"),
                strings(merged.path("linux").path("maskedPaths")));
        assertEquals(List.of("/proc", "/dev", "/sys"), strings(merged.path("mounts").findValues("destination")));
        assertEquals("ward-web", merged.path("process").path("apparmorProfile").asText());
        assertTrue(merged.path("process").path("noNewPrivileges").asBoolean());
    }

    private static List<String> types(JsonNode namespaces) {
        return strings(namespaces.findValues("type"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> strings(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::asText).toList();
    }
}
