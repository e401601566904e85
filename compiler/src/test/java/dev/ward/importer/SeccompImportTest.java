package dev.ward.importer;

import static dev.ward.importer.Imports.decide;
import static dev.ward.importer.Imports.importOk;
import static dev.ward.importer.Imports.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.Profile;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Imports of hand-written profiles: libseccomp's way of resolving rules, Docker's selection, the output's form. */
class SeccompImportTest {
    private static final Action EPERM = Action.errno(1);
    private static final SeccompImporter.Options X86_64 = SeccompImporter.Options.defaults()
            .withArches(List.of(Arch.X86_64)).withKernel(new KernelVersion(6, 1));

    private static Profile one(String json) {
        List<Profile> ps = load(importOk(json, SeccompImporter.Format.OCI, X86_64));
        assertEquals(1, ps.size());
        return ps.get(0);
    }

    private static String profile(String defaultAction, String syscalls) {
        return "{\"defaultAction\": \"" + defaultAction + "\", \"syscalls\": [" + syscalls + "]}";
    }

    @Test
    void socketRulesAreUnitedAndWrittenAsTheTwoExcludedFamilies() {
        String json = profile("SCMP_ACT_ERRNO", """
                {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 38, "op": "SCMP_CMP_LT"}]},
                {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 39, "op": "SCMP_CMP_EQ"}]},
                {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_GT"}]}
                """);
        String text = importOk(json, SeccompImporter.Format.OCI, X86_64);
        assertTrue(text.contains("allow socket if arg0 != AF_ALG && arg0 != AF_VSOCK\n"), text);
        Profile p = load(text).get(0);
        for (long v : new long[] {0, 37, 39, 41, 1L << 32, -1L}) assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "socket", v));
        for (long v : new long[] {38, 40}) assertEquals(EPERM, decide(p, Arch.X86_64, "socket", v));
    }

    @Test
    void ofTwoErrnoRulesTheNarrowerConditionDecides() {
        // libseccomp orders greater-than tests by value, the larger first, whatever the rule order.
        for (boolean swap : new boolean[] {false, true}) {
            String a = "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 11, \"args\": [{\"index\": 0, \"value\": 5, \"op\": \"SCMP_CMP_GT\"}]}";
            String b = "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 22, \"args\": [{\"index\": 0, \"value\": 10, \"op\": \"SCMP_CMP_GT\"}]}";
            Profile p = one(profile("SCMP_ACT_ALLOW", swap ? b + "," + a : a + "," + b));
            assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "read", 5));
            assertEquals(Action.errno(11), decide(p, Arch.X86_64, "read", 6));
            assertEquals(Action.errno(11), decide(p, Arch.X86_64, "read", 10));
            assertEquals(Action.errno(22), decide(p, Arch.X86_64, "read", 11));
            assertEquals(Action.errno(22), decide(p, Arch.X86_64, "read", -1L));
        }
    }

    @Test
    void aRuleWithoutConditionsOverridesConditionalOnesInEitherOrder() {
        String cond = "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"}]}";
        String plain = "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\"}";
        for (String body : List.of(cond + "," + plain, plain + "," + cond)) {
            Profile p = one(profile("SCMP_ACT_ALLOW", body));
            assertEquals(Action.LOG, decide(p, Arch.X86_64, "read", 3));
            assertEquals(Action.LOG, decide(p, Arch.X86_64, "read", 4));
        }
    }

    @Test
    void theFirstRuleWithoutConditionsWins() {
        Profile p = one(profile("SCMP_ACT_ALLOW", """
                {"names": ["read"], "action": "SCMP_ACT_LOG"},
                {"names": ["read"], "action": "SCMP_ACT_KILL_PROCESS"}
                """));
        assertEquals(Action.LOG, decide(p, Arch.X86_64, "read"));
    }

    @Test
    void aRuleWithTheDefaultActionIsDroppedAndDoesNotShadowLaterOnes() {
        String text = importOk(profile("SCMP_ACT_ERRNO", """
                {"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
                {"names": ["read"], "action": "SCMP_ACT_ALLOW"}
                """), SeccompImporter.Format.OCI, X86_64);
        Profile p = load(text).get(0);
        assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "read"));
    }

    @Test
    void sameConditionWithAnotherActionIsRefusedAsRuncRefusesIt() {
        Diagnostics d = new Diagnostics();
        var out = SeccompImporter.importProfile("p.json", profile("SCMP_ACT_ERRNO", """
                {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
                {"names": ["read"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}
                """), SeccompImporter.Format.OCI, X86_64, d);
        assertTrue(out.isEmpty());
        assertEquals("W0293", d.all().get(0).code());
        assertEquals(2, d.all().get(0).span().line());
    }

    /** Two rules on which libseccomp 2.5's merge links a level of the tree in a circle and never returns. */
    private static final String LOOPING_RULES = """
            {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 0, "op": "SCMP_CMP_LT"}]},
            {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 0, "op": "SCMP_CMP_NE"}]}
            """;

    @Test
    void rulesLibseccompNeverFinishesAddingAreAnErrorNotAHang() {
        Diagnostics d = new Diagnostics();
        var out = SeccompImporter.importProfile("p.json", profile("SCMP_ACT_ERRNO", LOOPING_RULES),
                SeccompImporter.Format.OCI, X86_64, d);
        assertTrue(out.isEmpty());
        assertEquals("W0293", d.all().get(0).code());
        assertEquals(2, d.all().get(0).span().line(), "the second rule is the one libseccomp cannot add");
        assertTrue(d.all().get(0).message().contains("never finishes"), d.all().get(0).message());
    }

    /** The same two rules given to the real libseccomp (through ctypes, in a child process): it does not return. */
    @Test
    void libseccompItselfNeverFinishesAddingThoseRules() throws Exception {
        String script = """
                import ctypes
                ls = ctypes.CDLL("libseccomp.so.2")
                class Cmp(ctypes.Structure):
                    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("a", ctypes.c_uint64), ("b", ctypes.c_uint64)]
                ls.seccomp_init.restype = ctypes.c_void_p
                ls.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(Cmp)]
                ctx = ls.seccomp_init(ctypes.c_uint32(0x50001))
                NE, LT = 1, 2
                for second in (LT, NE):
                    rc = ls.seccomp_rule_add_array(ctx, 0x7fff0000, 0, 2, (Cmp * 2)(Cmp(0, NE, 0, 0), Cmp(1, second, 0, 0)))
                    print("added", rc, flush=True)
                """;
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        try {
            boolean finished = p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
            String out = finished ? new String(p.getInputStream().readAllBytes()) : "";
            assertFalse(finished, "libseccomp returned: " + out);
        } finally {
            p.destroyForcibly().waitFor();
        }
        // a python of the machine that cannot load libseccomp would have finished with an error, not hung
    }

    @Test
    void everyOperatorOnSixtyFourBitValues() {
        long big = 0x1_0000_0005L;
        String[] ops = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT"};
        String[] calls = {"read", "write", "open", "close", "stat", "fstat"};
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < ops.length; i++) {
            if (i > 0) body.append(',');
            body.append("{\"names\": [\"").append(calls[i]).append("\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, \"value\": ")
                    .append(big).append(", \"op\": \"").append(ops[i]).append("\"}]}");
        }
        body.append(",{\"names\": [\"lseek\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 2, \"value\": ")
                .append(0xff00_0000_00f0L).append(", \"valueTwo\": ").append(0x1200_0000_0030L).append(", \"op\": \"SCMP_CMP_MASKED_EQ\"}]}");
        Profile p = one(profile("SCMP_ACT_ERRNO", body.toString()));
        long[] probes = {0, 5, big - 1, big, big + 1, 0xffffffffL, -1L};
        for (long v : probes) {
            int c = Long.compareUnsigned(v, big);
            assertEquals(c != 0, decide(p, Arch.X86_64, "read", 0, v).equals(Action.ALLOW), "ne " + v);
            assertEquals(c < 0, decide(p, Arch.X86_64, "write", 0, v).equals(Action.ALLOW), "lt " + v);
            assertEquals(c <= 0, decide(p, Arch.X86_64, "open", 0, v).equals(Action.ALLOW), "le " + v);
            assertEquals(c == 0, decide(p, Arch.X86_64, "close", 0, v).equals(Action.ALLOW), "eq " + v);
            assertEquals(c >= 0, decide(p, Arch.X86_64, "stat", 0, v).equals(Action.ALLOW), "ge " + v);
            assertEquals(c > 0, decide(p, Arch.X86_64, "fstat", 0, v).equals(Action.ALLOW), "gt " + v);
        }
        assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "lseek", 0, 0, 0x1234_5678_0031L));
        assertEquals(EPERM, decide(p, Arch.X86_64, "lseek", 0, 0, 0x1334_5678_0031L));
        assertEquals(EPERM, decide(p, Arch.X86_64, "lseek", 0, 0, 0x1234_5678_0021L));
    }

    @Test
    void conditionsOnOneArgumentAreOredAndOnTwoAnded() {
        Profile p = one(profile("SCMP_ACT_ERRNO", """
                {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [
                    {"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]},
                {"names": ["write"], "action": "SCMP_ACT_ALLOW", "args": [
                    {"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]}
                """));
        assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "read", 1));
        assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "read", 2));
        assertEquals(EPERM, decide(p, Arch.X86_64, "read", 3));
        assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "write", 1, 2));
        assertEquals(EPERM, decide(p, Arch.X86_64, "write", 1, 3));
        assertEquals(EPERM, decide(p, Arch.X86_64, "write", 2, 2));
    }

    @Test
    void includesAndExcludesFollowCapabilitiesArchitectureAndKernel() {
        String json = """
                {"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
                 "syscalls": [
                  {"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}},
                  {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_BOOT"]}},
                  {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
                  {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
                  {"names": ["modify_ldt"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
                  {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
                  {"names": ["kcmp"], "action": "SCMP_ACT_ALLOW", "excludes": {"minKernel": "5.0"}}
                 ]}
                """;
        SeccompImporter.Options old = SeccompImporter.Options.defaults().withArches(List.of(Arch.X86_64, Arch.X86))
                .withKernel(new KernelVersion(4, 4));
        Profile a = load(importOk(json, SeccompImporter.Format.DOCKER, old)).get(0);
        assertEquals(List.of(Arch.X86_64, Arch.X86), a.arches());
        assertEquals(EPERM, decide(a, Arch.X86_64, "reboot"));
        assertEquals(EPERM, decide(a, Arch.X86_64, "mount"));
        assertEquals(Action.errno(38), decide(a, Arch.X86_64, "clone3"));
        assertEquals(Action.ALLOW, decide(a, Arch.X86_64, "arch_prctl"));
        assertEquals(EPERM, decide(a, Arch.X86, "modify_ldt"));
        assertEquals(EPERM, decide(a, Arch.X86_64, "ptrace"));
        assertEquals(Action.ALLOW, decide(a, Arch.X86_64, "kcmp"));

        Set<Capability> caps = EnumSet.of(Capability.SYS_ADMIN, Capability.SYS_BOOT);
        Profile b = load(importOk(json, SeccompImporter.Format.DOCKER, old.withCaps(caps).withKernel(new KernelVersion(6, 1)))).get(0);
        assertEquals(Action.ALLOW, decide(b, Arch.X86_64, "reboot"));
        assertEquals(Action.ALLOW, decide(b, Arch.X86_64, "mount"));
        assertEquals(EPERM, decide(b, Arch.X86_64, "clone3"));
        assertEquals(Action.ALLOW, decide(b, Arch.X86_64, "ptrace"));
        assertEquals(EPERM, decide(b, Arch.X86_64, "kcmp"));
    }

    @Test
    void namesWardDoesNotKnowAreKeptAsNotes() {
        String text = importOk(profile("SCMP_ACT_ERRNO", """
                {"names": ["read", "future_call_2031", "evil\\n}profile x{"], "action": "SCMP_ACT_ALLOW"}
                """), SeccompImporter.Format.OCI, X86_64);
        assertTrue(text.contains("# Not in Ward's syscall table, so not imported:"), text);
        assertTrue(text.contains("future_call_2031"), text);
        assertTrue(text.contains("evil\\x0a}profile x{"), text);
        assertEquals(1, load(text).size());
    }

    @Test
    void badInputGivesLocatedDiagnostics() {
        Diagnostics d = new Diagnostics();
        var out = SeccompImporter.importProfile("bad.json", """
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_MAYBE",
                               "args": [{"index": 7, "value": -1, "op": "SCMP_CMP_SORTOF"}]}]}
                """, SeccompImporter.Format.OCI, X86_64, d);
        assertTrue(out.isEmpty());
        List<String> got = d.all().stream().map(x -> x.span().line() + ":" + x.span().column() + " " + x.message()).toList();
        assertTrue(got.contains("2:45 unknown action 'SCMP_ACT_MAYBE' (SCMP_ACT_ALLOW, _ERRNO, _KILL, _KILL_THREAD, "
                + "_KILL_PROCESS, _TRAP, _TRACE, _LOG or _NOTIFY)"), got::toString);
        assertTrue(got.stream().anyMatch(s -> s.startsWith("3:35 argument index 7")), got::toString);
        assertTrue(got.stream().anyMatch(s -> s.startsWith("3:47 syscalls[0].args[0].value -1")), got::toString);
        assertTrue(got.stream().anyMatch(s -> s.startsWith("3:57 unknown operator 'SCMP_CMP_SORTOF'")), got::toString);

        Diagnostics syntax = new Diagnostics();
        assertTrue(SeccompImporter.importProfile("bad.json", "{\"defaultAction\": ", SeccompImporter.Format.OCI, X86_64, syntax).isEmpty());
        assertEquals("W0290", syntax.all().get(0).code());
        assertFalse(syntax.all().get(0).message().isEmpty());
    }

    @Test
    void flagsAndTheNotifyListenerAreNotes() {
        String text = importOk("""
                {"defaultAction": "SCMP_ACT_ERRNO", "flags": ["SECCOMP_FILTER_FLAG_LOG"], "listenerPath": "/run/agent.sock",
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}
                """, SeccompImporter.Format.OCI, X86_64);
        assertTrue(text.contains("# flag SECCOMP_FILTER_FLAG_LOG has no Ward form; it is not imported"), text);
        assertTrue(text.contains("# listenerPath /run/agent.sock has no Ward form; it is not imported"), text);
    }

    @Test
    void kernelsWithTheSameRulesShareOneProfileAndOthersGetTheirOwn() {
        SeccompImporter.Options both = SeccompImporter.Options.defaults().withKernel(new KernelVersion(6, 1))
                .withArches(List.of(Arch.X86_64, Arch.AARCH64));
        List<Profile> same = load(importOk(profile("SCMP_ACT_ERRNO", "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}"),
                SeccompImporter.Format.OCI, both));
        assertEquals(1, same.size());
        assertEquals(List.of(Arch.X86_64, Arch.AARCH64), same.get(0).arches());

        List<Profile> docker = load(importOk(Imports.read(Imports.dockerDefault()), SeccompImporter.Format.DOCKER,
                both.withArches(List.of(Arch.X86_64, Arch.X86, Arch.X32, Arch.AARCH64, Arch.ARM))));
        assertEquals(List.of("test-x86-64", "test-aarch64"), docker.stream().map(Profile::name).toList());
        assertEquals(Action.ALLOW, decide(docker.get(0), Arch.X86_64, "arch_prctl"));
        assertEquals(Action.ALLOW, decide(docker.get(1), Arch.ARM, "arm_fadvise64_64"));
        assertEquals(EPERM, decide(docker.get(0), Arch.X86, "arm_fadvise64_64"));
    }

    @Test
    void anOciConfigIsReadFromLinuxSeccomp() {
        String config = """
                {"ociVersion": "1.0.2", "process": {}, "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
                  "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}}}
                """;
        Profile p = one(config);
        assertEquals(Action.errno(13), decide(p, Arch.X86_64, "mount"));
        assertEquals(Action.ALLOW, decide(p, Arch.X86_64, "umount2"));
    }
}
