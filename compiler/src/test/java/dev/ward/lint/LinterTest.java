package dev.ward.lint;

import static dev.ward.lint.ProfileBuilder.at;
import static dev.ward.lint.ProfileBuilder.fileRule;
import static dev.ward.lint.ProfileBuilder.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Severity;
import dev.ward.ir.Action;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.Condition.Op;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Rules over IR built in code; the annotated .ward cases cover the same rules through the parser. */
class LinterTest {
    private static List<Finding> lint(Map<String, String> sources, Profile... ps) {
        return Linter.findings(new Policy(List.of(ps)), LintConfig.defaults(), SourceText.of(sources));
    }

    private static List<String> codes(Profile... ps) {
        return lint(Map.of(), ps).stream().map(f -> f.rule().code() + "@" + f.span().line()).toList();
    }

    private static ProfileBuilder p() {
        return new ProfileBuilder("web");
    }

    @Test
    void theBaselineProfileIsClean() {
        assertEquals(List.of(), codes(p().build()));
    }

    @Test
    void privileged() {
        var b = p().privileged();
        b.apparmor = dev.ward.ir.AppArmor.none();
        b.defaultAction = Action.ALLOW;
        b.rules(rule(Action.LOG, null, 6, "reboot"));
        b.keep(Capability.SYS_ADMIN, Capability.CHOWN, Capability.SYS_MODULE);
        b.devices.clear();
        List<String> got = codes(b.build());
        assertTrue(got.containsAll(List.of("W1001@1", "W1002@1", "W1003@1", "W1004@5", "W1050@1")), got.toString());
        assertEquals(2, got.stream().filter(c -> c.startsWith("W1004")).count());
        // trusted, confined, filtered, without the dangerous capabilities: none of those
        var ok = p().privileged().trusted();
        ok.rules(rule(Action.errno(1), null, 6, "kexec_load"));
        List<String> clean = codes(ok.build());
        assertTrue(clean.stream().noneMatch(c -> c.startsWith("W100") || c.startsWith("W105")), clean.toString());
    }

    @Test
    void idMaps() {
        var b = p().idmap(new IdMapping(IdMapping.Kind.UID, 0, 0, 65536, at(3)),
                new IdMapping(IdMapping.Kind.GID, 0, 1000, 1, at(4)));
        assertEquals(List.of("W1010@3", "W1011@4", "W1012@4"), codes(b.build()));
    }

    @Test
    void overlappingUntrustedRanges() {
        var a = new ProfileBuilder("a").build();
        var b = new ProfileBuilder("b").idmap(new IdMapping(IdMapping.Kind.UID, 0, 265535, 65536, at(3)),
                new IdMapping(IdMapping.Kind.GID, 0, 300000, 65536, at(4))).build();
        assertEquals(List.of("W1013@3"), codes(a, b));
        // a base and the profile extending it are one container, not two
        var child = new ProfileBuilder("child").extending("a").build();
        assertEquals(List.of(), codes(a, child));
        // trusted profiles may share
        var c = new ProfileBuilder("c").trusted().build();
        assertEquals(List.of(), codes(a, c));
    }

    @Test
    void everyPairOfIntersectingUntrustedRangesIsReported() {
        java.util.Random r = new java.util.Random(11);
        List<Profile> ps = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long uid = 100_000 + r.nextInt(40) * 50_000L;
            long gid = 100_000 + r.nextInt(40) * 50_000L;
            ps.add(new ProfileBuilder("p" + i).idmap(new IdMapping(IdMapping.Kind.UID, 0, uid, 65536, at(3)),
                    new IdMapping(IdMapping.Kind.GID, 0, gid, 1 + r.nextInt(65536), at(4))).build());
        }
        // every pair, every kind, compared directly
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            for (int j = i + 1; j < ps.size(); j++) {
                for (IdMapping.Kind kind : IdMapping.Kind.values()) {
                    IdMapping x = ps.get(i).idmap().mappings().stream().filter(m -> m.kind() == kind).findFirst().orElseThrow();
                    IdMapping y = ps.get(j).idmap().mappings().stream().filter(m -> m.kind() == kind).findFirst().orElseThrow();
                    if (x.host() <= y.hostEnd() && y.host() <= x.hostEnd()) {
                        expected.add("'p" + i + "' and 'p" + j + "' share host " + kind.name().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        }
        List<String> got = lint(Map.of(), ps.toArray(new Profile[0])).stream().filter(f -> f.rule().code().equals("W1013"))
                .map(f -> f.what().replaceAll(".*profiles (.*) share host (uid|gid).*", "$1 share host $2")).sorted().toList();
        assertTrue(expected.size() > 20, "the ranges should collide often: " + expected.size());
        assertEquals(expected.stream().sorted().toList(), got);
    }

    @Test
    void limits() {
        var b = p();
        b.limits = Limits.none();
        b.rlimits = Map.of(Rlimit.NPROC, new RlimitValue(200, 100, at(9)), Rlimit.CORE, new RlimitValue(RlimitValue.UNLIMITED, 0, at(20)));
        List<Finding> fs = lint(Map.of(), b.build());
        assertEquals(List.of("W1020", "W1021", "W1022", "W1023", "W1023"), fs.stream().map(f -> f.rule().code()).toList());
        assertTrue(fs.stream().filter(f -> f.rule().code().startsWith("W102") && !f.rule().code().equals("W1023"))
                .allMatch(f -> f.severity() == Severity.ERROR));
        var t = p().trusted();
        t.limits = new Limits(OptionalLong.of(Limits.MAX), OptionalLong.empty(), OptionalDouble.empty(),
                OptionalLong.of(100), OptionalLong.of(10), OptionalLong.empty(), at(8));
        List<Finding> ft = lint(Map.of(), t.build());
        assertEquals(List.of("W1020"), ft.stream().map(f -> f.rule().code()).toList());
        assertEquals(Severity.WARNING, ft.get(0).severity());
    }

    @Test
    void seccompDefaultAllowAndBaseline() {
        var b = p();
        b.defaultAction = Action.ALLOW;
        b.rules(rule(Action.errno(1), null, 6, "kexec_load", "init_module"));
        List<Finding> fs = lint(Map.of(), b.build());
        assertEquals(List.of("W1030", "W1031", "W1035", "W1036"), fs.stream().map(f -> f.rule().code()).distinct().toList());
        assertTrue(fs.stream().anyMatch(f -> f.what().contains("open_by_handle_at, finit_module, delete_module")), fs.toString());
    }

    @Test
    void shadowedAndRedundantRules() {
        var b = p().rules(
                rule(Action.ALLOW, null, 6, "read"),
                rule(Action.errno(1), null, 7, "read"),
                rule(Action.errno(1), null, 8, "mount"),
                rule(Action.ALLOW, new Condition.Compare(0, Op.LT, 0), 9, "personality"),
                rule(Action.ALLOW, new Condition.Compare(0, Op.EQ, 8), Action.errno(1), 10, "personality"),
                rule(Action.ALLOW, null, 11, "personality"));
        assertEquals(List.of("W1032@7", "W1033@8", "W1032@9", "W1032@11"), codes(b.build()));
    }

    @Test
    void inheritedRulesAreNotTheChildsToFix() {
        var parent = new ProfileBuilder("base").rules(rule(Action.ALLOW, null, 20, "read"));
        var child = new ProfileBuilder("web").extending("base").rules(
                rule(Action.errno(1), null, 6, "read"), rule(Action.ALLOW, null, 20, "read"));
        assertEquals(List.of(), codes(parent.build(), child.build()));
    }

    @Test
    void allowDenyOverlap() {
        var b = p().rules(
                rule(Action.errno(1), new Condition.Compare(0, Op.GT, 10), 6, "personality"),
                rule(Action.ALLOW, new Condition.Compare(0, Op.LT, 20), 7, "personality"));
        List<Finding> fs = lint(Map.of(), b.build());
        assertEquals(List.of("W1034"), fs.stream().map(f -> f.rule().code()).toList());
        assertTrue(fs.get(0).what().contains("personality(0xb)"), fs.get(0).what());
        var disjoint = p().rules(
                rule(Action.errno(22), new Condition.Compare(0, Op.GT, 10), 6, "personality"),
                rule(Action.ALLOW, new Condition.Compare(0, Op.LT, 5), 7, "personality"));
        assertEquals(List.of(), codes(disjoint.build()));
    }

    @Test
    void dangerousSyscallsForUntrusted() {
        var b = p().rules(
                rule(Action.ALLOW, null, 6, "ptrace", "bpf", "read"),
                rule(Action.ALLOW, new Condition.Compare(0, Op.EQ, 0), 7, "keyctl"),
                rule(Action.ALLOW, null, 8, "unshare"),
                rule(Action.ALLOW, new Condition.MaskedEquals(0, 0x10000000L, 0), Action.errno(1), 9, "clone"));
        List<Finding> fs = lint(Map.of(), b.build());
        assertEquals(List.of("W1035@6", "W1036@8"), fs.stream().map(f -> f.rule().code() + "@" + f.span().line()).toList());
        assertTrue(fs.get(0).what().contains("bpf, ptrace"), fs.get(0).what());
        assertTrue(fs.get(1).what().contains("unshare(0x10000000)") && !fs.get(1).what().contains("clone"), fs.get(1).what());
        assertEquals(List.of(), codes(p().trusted().rules(rule(Action.ALLOW, null, 6, "ptrace", "bpf", "clone3")).build()));
        assertEquals(List.of("W1036@6"), codes(p().rules(rule(Action.ALLOW, null, 6, "clone3")).build()));
    }

    @Test
    void appArmor() {
        assertEquals(List.of("W1040@7"), codes(p().apparmor(rule(false, "unconfined", 7)).build()));
        var b = p().apparmor(
                fileRule(true, "w", "/proc/**", 8),
                fileRule(false, "rw", "/proc/sys/net/**", 9),
                rule(true, "network", 11, "inet"),
                rule(false, "network", 12, "inet", "stream"),
                rule(false, "network", 13, "inet6", "stream"),
                rule(true, "mount", 14),
                rule(false, "mount", 15, "fstype=tmpfs"));
        assertEquals(List.of("W1041@9", "W1041@12", "W1041@15"), codes(b.build()));
        // without a mode there are no container defaults: writes to host tunables are the policy's own
        var plain = p().apparmor(fileRule(false, "rw", "/sys/kernel/**", 10), fileRule(false, "rw", "/proc/sys/net/**", 11));
        plain.mode = Optional.empty();
        assertEquals(List.of("W1042@10"), codes(plain.build()));
        var ok = p().apparmor(fileRule(false, "rw", "/**", 7), fileRule(true, "w", "/proc/sys/**", 8),
                fileRule(true, "w", "/sys/**", 9));
        ok.mode = Optional.empty();
        assertEquals(List.of(), codes(ok.build()));
    }

    @Test
    void devicesAndFilesystem() {
        var b = p();
        b.devices.add(new DeviceRule(true, 'a', DeviceRule.ANY, DeviceRule.ANY, "rwm", at(13)));
        b.devices.add(new DeviceRule(true, 'b', 8, DeviceRule.ANY, "rw", at(14)));
        b.devices.add(new DeviceRule(true, 'b', 8, DeviceRule.ANY, "r", at(15)));
        b.filesystem = new Filesystem(Optional.of(Filesystem.Mode.RW), Optional.of(Filesystem.Mode.RO), List.of(),
                List.of(), List.of(), at(12));
        assertEquals(List.of("W1052@12", "W1051@13", "W1051@14"), codes(b.build()));
    }

    @Test
    void namespaces() {
        assertEquals(List.of("W1060@1", "W1060@1"), codes(p().share(Namespace.NET, Namespace.IPC, Namespace.UTS).build()));
        assertEquals(List.of("W1061@1", "W1062@1"), codes(p().privileged().trusted().share(Namespace.PID, Namespace.NET).build()));
        String src = String.join("\n", "profile web {", "  namespaces {", "    # the DHCP server needs the host's interfaces",
                "    share net", "  }", "}");
        var t = p().trusted();
        t.origin = dev.ward.ir.Origin.of(new dev.ward.diag.Span(ProfileBuilder.FILE, 1, 1, 6, 2));
        assertEquals(List.of(), lint(Map.of(ProfileBuilder.FILE, src), t.share(Namespace.NET).build()));
        String bare = src.replace("    # the DHCP server needs the host's interfaces", "");
        List<Finding> fs = lint(Map.of(ProfileBuilder.FILE, bare), t.build());
        assertEquals(List.of("W1062@4"), fs.stream().map(f -> f.rule().code() + "@" + f.span().line()).toList());
    }

    @Test
    void network() {
        var a = new ProfileBuilder("a");
        var b = new ProfileBuilder("b");
        b.owner = Optional.of("bob");
        b.idmap(new IdMapping(IdMapping.Kind.UID, 0, 300000, 65536, at(3)),
                new IdMapping(IdMapping.Kind.GID, 0, 300000, 65536, at(4)));
        assertEquals(List.of("W1070@10"), codes(a.build(), b.build()));
        b.network = new Network(Network.Kind.VETH, Optional.empty(), true, 1, at(10));
        assertEquals(List.of(), codes(a.build(), b.build()));
        var c = p();
        c.owner = Optional.empty();
        c.network = new Network(Network.Kind.MACVLAN, Optional.of("eth0"), false, 1, at(10));
        assertEquals(List.of("W1071@10"), codes(c.build()));
        c.network = new Network(Network.Kind.VETH, Optional.of("br0"), false, 1, at(10));
        assertEquals(List.of("W1072@1"), codes(c.build()));
    }

    @Test
    void containerDefaultsDenyEveryHostTunable() {
        // W1042 leaves container profiles to the backend's default denials; this holds them to that
        for (String path : AppArmorCheck.HOST_TUNABLES) {
            Profile container = p().apparmor(fileRule(false, "w", path, 7)).build();
            assertTrue(dev.ward.apparmor.DenyOverrides.find(container).stream()
                    .anyMatch(f -> f.complete() && f.lost().contains("w")), path);
            assertEquals(List.of("W1041@7"), codes(container), path);
        }
    }
}
