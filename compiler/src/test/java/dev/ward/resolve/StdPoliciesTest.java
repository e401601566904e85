package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Action;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Mode;
import dev.ward.ir.Network;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped library and examples, resolved: each profile says in the IR what its file promises. */
class StdPoliciesTest {
    private static Policy policy;

    private static Path repo() {
        return Path.of(System.getProperty("ward.repo"));
    }

    @BeforeAll
    static void load() {
        Diagnostics d = new Diagnostics();
        policy = PolicyLoader.load(List.of(repo().resolve("policies")), d).policy();
        List<Diagnostic> errors = d.all().stream().filter(x -> x.severity() == Severity.ERROR).toList();
        assertEquals(List.of(), errors);
    }

    private static Profile profile(String name) {
        return policy.profile(name).orElseThrow(() -> new AssertionError("no profile " + name));
    }

    @Test
    void everyShippedProfileIsThereAndCarriesExpectations() {
        List<String> names = policy.profiles().stream().map(Profile::name).sorted().toList();
        assertEquals(List.of("ci-runner", "legacy-db", "privileged", "tenant-alice", "tenant-bob", "unprivileged",
                "web"), names);
        for (Profile p : policy.profiles()) {
            assertFalse(p.expectations().isEmpty(), p.name() + " has no expect lines");
        }
    }

    @Test
    void privilegedFollowsLxcDefaults() {
        Profile p = profile("privileged");
        assertEquals(Mode.PRIVILEGED, p.mode().orElseThrow());
        assertEquals(Trust.TRUSTED, p.trust());
        assertTrue(p.capabilities().dropped().containsAll(Set.of(Capability.MAC_ADMIN, Capability.MAC_OVERRIDE,
                Capability.SYS_TIME, Capability.SYS_MODULE, Capability.SYS_RAWIO)));
        assertTrue(p.capabilities().kept().containsAll(Set.of(Capability.CHOWN, Capability.NET_ADMIN,
                Capability.SYS_PTRACE)), "everything else of LXC's set is kept");
        assertEquals(Action.ALLOW, p.seccomp().defaultAction());
        List<SeccompRule> rules = p.seccomp().rules();
        assertEquals(List.of("kexec_load", "open_by_handle_at", "init_module", "finit_module", "delete_module"),
                rules.get(0).syscalls());
        assertEquals(Action.errno(1), rules.get(0).action());
        SeccompRule umount = rules.stream().filter(r -> r.syscalls().equals(List.of("umount2"))).findFirst().orElseThrow();
        assertEquals(Action.errno(1), umount.action());
        assertEquals(new Condition.MaskedEquals(1, 1, 1), umount.condition().orElseThrow());
        assertTrue(umount.elseAction().isEmpty(), "a forced umount is refused; the rest falls to the default");
        assertTrue(p.apparmor().present());
        assertLxcDevices(p);
        assertEquals(Filesystem.Mode.MIXED, p.filesystem().proc().orElseThrow());
        assertEquals(Filesystem.Mode.MIXED, p.filesystem().sys().orElseThrow());
    }

    @Test
    void unprivilegedIsTheRecommendedBase() {
        Profile p = profile("unprivileged");
        assertEquals(Mode.UNPRIVILEGED, p.mode().orElseThrow());
        assertTrue(p.untrusted());
        assertEquals(List.of("UID 0 -> 100000 count 65536", "GID 0 -> 100000 count 65536"),
                p.idmap().mappings().stream().map(m -> m.kind() + " " + m.inside() + " -> " + m.host() + " count "
                        + m.count()).toList());
        assertEquals(Action.errno(1), p.seccomp().defaultAction());
        assertTrue(p.limits().memoryBytes().isPresent() && p.limits().pids().isPresent()
                && p.limits().cpuCores().isPresent());
        assertTrue(p.rlimits().keySet().containsAll(Set.of(Rlimit.NOFILE, Rlimit.NPROC, Rlimit.CORE)));
        assertEquals(0, p.rlimits().get(Rlimit.CORE).hard());
        assertFalse(p.capabilities().kept().contains(Capability.SYS_ADMIN));
        assertTrue(p.capabilities().kept().contains(Capability.NET_BIND_SERVICE));
        assertEquals(Network.Kind.NONE, p.network().kind());
        assertLxcDevices(p);
        assertTrue(p.sharedNamespaces().isEmpty());
        assertEquals(Filesystem.Mode.MIXED, p.filesystem().proc().orElseThrow());
    }

    private static void assertLxcDevices(Profile p) {
        for (String dev : List.of("1:3", "1:5", "1:7", "1:8", "1:9", "5:0", "5:1", "5:2", "136:*", "10:229")) {
            boolean allowed = p.devices().stream().anyMatch(r -> r.allow() && r.type() == 'c'
                    && r.access().equals("rwm") && (r.major() + ":" + (r.minor() == DeviceRule.ANY ? "*" : r.minor()))
                    .equals(dev));
            assertTrue(allowed, p.name() + " does not allow c " + dev);
        }
        assertTrue(p.devices().stream().noneMatch(r -> r.allow() && r.access().contains("w")
                && (r.type() != 'c' || r.major() == DeviceRule.ANY)), p.name() + " allows writing too much");
    }

    @Test
    void untrustedProfilesHaveDisjointIdRanges() {
        List<Profile> untrusted = policy.profiles().stream().filter(Profile::untrusted).toList();
        List<long[]> ranges = new ArrayList<>();
        for (Profile p : untrusted) {
            for (IdMapping m : p.idmap().mappings()) {
                if (m.kind() != IdMapping.Kind.UID) continue;
                assertEquals(65536, m.count(), p.name());
                for (long[] other : ranges) {
                    assertTrue(m.hostEnd() < other[0] || m.host() > other[1], p.name() + " overlaps another range");
                }
                ranges.add(new long[] {m.host(), m.hostEnd()});
            }
        }
        assertEquals(untrusted.size(), ranges.size(), "every untrusted profile maps its own uids");
    }

    @Test
    void tenantsHaveTheirOwnOwnersAndBridges() {
        Profile alice = profile("tenant-alice");
        Profile bob = profile("tenant-bob");
        assertEquals("alice", alice.owner().orElseThrow());
        assertEquals("bob", bob.owner().orElseThrow());
        assertEquals("br-alice", alice.network().bridge().orElseThrow());
        assertEquals("br-bob", bob.network().bridge().orElseThrow());
        assertEquals(List.of("tenant-alice", "unprivileged"), alice.lineage());
    }

    @Test
    void legacyDatabaseIsPrivilegedButConfined() {
        Profile db = profile("legacy-db");
        assertTrue(db.privileged());
        assertEquals(Trust.TRUSTED, db.trust());
        assertTrue(db.capabilities().kept().containsAll(Set.of(Capability.IPC_LOCK, Capability.SYS_NICE)));
        assertFalse(db.capabilities().kept().contains(Capability.SYS_ADMIN));
        assertEquals(Action.errno(1), db.seccomp().defaultAction(), "the child's default is the nearest");
        assertTrue(db.apparmor().rules().size() > profile("privileged").apparmor().rules().size());
    }

    @Test
    void ciRunnerIsUntrustedAndTight() {
        Profile ci = profile("ci-runner");
        assertTrue(ci.untrusted());
        for (Capability c : List.of(Capability.SYS_ADMIN, Capability.SYS_PTRACE, Capability.NET_RAW, Capability.BPF)) {
            assertFalse(ci.capabilities().kept().contains(c), c.toString());
        }
        assertTrue(ci.limits().pids().getAsLong() <= 512);
        assertEquals(Network.Kind.VETH, ci.network().kind());
    }

    /** The README's language tour: every policy fragment it shows parses and resolves. */
    @Test
    void readmeFragmentsResolve() throws IOException {
        String readme = Files.readString(repo().resolve("README.md"));
        Matcher m = Pattern.compile("```ward\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int checked = 0;
        while (m.find()) {
            String block = m.group(1);
            String text = block.startsWith("profile") || block.startsWith("use") || block.startsWith("const")
                    ? block : "profile tour {\n" + block + "\n}\n";
            // Fragments need the library and a seccomp default; a separate file keeps their names apart.
            String source = "use \"std/groups.ward\"\nprofile tour_base { seccomp { default allow } }\n"
                    + text.replace("profile web extends unprivileged", "profile web extends tour_base")
                            .replace("profile tour {", "profile tour extends tour_base {");
            Diagnostics d = new Diagnostics();
            PolicyLoader.loadString("README.md", source, d);
            List<Diagnostic> errors = d.all().stream().filter(x -> x.severity() == Severity.ERROR
                    && !x.code().equals("W0101")).toList();
            assertEquals(List.of(), errors, block);
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " fragments found");
    }
}
