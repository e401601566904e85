package dev.ward.seccomp;

import static dev.ward.seccomp.TestProfiles.cmp;
import static dev.ward.seccomp.TestProfiles.eq;
import static dev.ward.seccomp.TestProfiles.profile;
import static dev.ward.seccomp.TestProfiles.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BpfCompilerTest {
    private static final long ALLOW = Action.ALLOW.seccompRet();
    private static final long KILL = Action.KILL_PROCESS.seccompRet();
    private static final long EPERM = Action.errno(1).seccompRet();

    private static long run(BpfProgram p, Arch abi, int nr, long... args) {
        return BpfInterpreter.run(p, SeccompData.of(Abis.wireNumber(abi, nr), abi.auditArch(), args)).ret();
    }

    private static int nr(Arch abi, String name) {
        return SyscallTable.standard().number(abi, name).getAsInt();
    }

    @Test
    void smallestProgramIsPinnedInstructionByInstruction() {
        Profile p = profile("p", List.of(Arch.X86_64), new Seccomp(Action.errno(1), List.of(rule(Action.ALLOW, "read"))));
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
        assertEquals(List.of(
                Insn.load(4),
                Insn.jump(Insn.JEQ, 0xC000003E, 0, 5),
                Insn.load(0),
                Insn.jump(Insn.JGE, 1, 1, 0),
                Insn.ret(ALLOW),
                Insn.jump(Insn.JGE, 0x40000000, 0, 2),
                Insn.jump(Insn.JGE, 0xffffffff, 1, 0),
                Insn.ret(KILL),
                Insn.ret(EPERM)), decoded(prog));
        assertEquals(Optional.empty(), BpfInterpreter.check(prog.instructions()));
    }

    private static List<Insn> decoded(BpfProgram prog) {
        return BpfProgram.fromBytes(Arch.X86_64, prog.abis(), prog.toBytes()).instructions();
    }

    @Test
    void foreignArchitecturesAndOtherAbisAreKilled() {
        Profile p = profile("p", List.of(Arch.X86_64), new Seccomp(Action.ALLOW, List.of(rule(Action.errno(1), "mount"))));
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
        assertEquals(ALLOW, run(prog, Arch.X86_64, nr(Arch.X86_64, "read")));
        assertEquals(EPERM, run(prog, Arch.X86_64, nr(Arch.X86_64, "mount")));
        assertEquals(KILL, run(prog, Arch.X32, nr(Arch.X32, "read")));
        assertEquals(KILL, run(prog, Arch.X86, nr(Arch.X86, "read")));
        assertEquals(KILL, BpfInterpreter.run(prog, SeccompData.of(0, Arch.AARCH64.auditArch())).ret());
        // -1 is a tracer skipping the call: the default decides, as under libseccomp.
        assertEquals(ALLOW, BpfInterpreter.run(prog, SeccompData.of(-1, Arch.X86_64.auditArch())).ret());
        assertEquals(List.of(Arch.X86_64), prog.abis());
    }

    @Test
    void listedCompatAbisAreDecidedByTheirOwnNumbers() {
        Profile p = profile("p", List.of(Arch.X86_64, Arch.X32, Arch.X86),
                new Seccomp(Action.errno(1), List.of(rule(Action.ALLOW, "read", "socketcall", "arch_prctl"))));
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
        assertEquals(List.of(Arch.X86_64, Arch.X32, Arch.X86), prog.abis());
        for (Arch abi : prog.abis()) {
            assertEquals(ALLOW, run(prog, abi, nr(abi, "read")), abi.wardName());
            assertEquals(EPERM, run(prog, abi, nr(abi, "write")), abi.wardName());
        }
        assertEquals(ALLOW, run(prog, Arch.X86, nr(Arch.X86, "socketcall")));
        assertEquals(ALLOW, run(prog, Arch.X32, nr(Arch.X32, "arch_prctl")));
        // The i386 kernel's program decides i386 alone.
        BpfProgram i386 = BpfCompiler.compile(p, Arch.X86, new Diagnostics());
        assertEquals(List.of(Arch.X86), i386.abis());
        assertEquals(ALLOW, run(i386, Arch.X86, nr(Arch.X86, "read")));
        assertEquals(KILL, run(i386, Arch.X86_64, nr(Arch.X86_64, "read")));
        assertEquals(List.of(Arch.X86_64, Arch.X86), Abis.programArches(p.arches()));
    }

    @Test
    void aProfileWithX32AloneGetsAProgramThatRefusesNativeCalls() {
        Profile p = profile("p", List.of(Arch.X32), new Seccomp(Action.errno(1), List.of(rule(Action.ALLOW, "read"))));
        BpfProgram prog = BpfCompiler.compile(p, Arch.X32, new Diagnostics());
        assertEquals(Arch.X32, prog.arch());
        assertEquals(ALLOW, run(prog, Arch.X32, 0));
        assertEquals(KILL, run(prog, Arch.X86_64, 0));
    }

    @Test
    void sixtyFourBitComparisonsLookAtBothHalvesInEachByteOrder() {
        Condition c = new Condition.And(cmp(0, Condition.Op.GT, 0x100000005L), cmp(1, Condition.Op.LE, 0xfffffffeL));
        Profile p = profile("p", List.of(Arch.S390X, Arch.AARCH64),
                new Seccomp(Action.errno(1), List.of(rule(Action.ALLOW, c, "personality"))));
        for (Arch arch : List.of(Arch.S390X, Arch.AARCH64)) {
            BpfProgram prog = BpfCompiler.compile(p, arch, new Diagnostics());
            int n = nr(arch, "personality");
            assertEquals(ALLOW, run(prog, arch, n, 0x100000006L, 0xfffffffeL));
            assertEquals(EPERM, run(prog, arch, n, 0x100000005L, 0));
            assertEquals(EPERM, run(prog, arch, n, 0x6L, 0));
            assertEquals(ALLOW, run(prog, arch, n, 0x200000000L, 0));
            assertEquals(EPERM, run(prog, arch, n, 0x200000000L, 0xffffffffL));
        }
        byte[] be = BpfCompiler.compile(p, Arch.S390X, new Diagnostics()).toBytes();
        // ld [4]: opcode 0x0020, k = 4, big-endian.
        assertArrayEquals(new byte[] {0, 0x20, 0, 0, 0, 0, 0, 4}, java.util.Arrays.copyOf(be, 8));
    }

    @Test
    void thirtyTwoBitAbisCompareTheLowWordAndWarnAboutWideConstants() {
        SeccompRule r = new SeccompRule(Action.ALLOW, List.of("personality"), Optional.of(eq(0, 0x100000008L)),
                Optional.empty(), Origin.of(Span.at("p.ward", 7, 5)));
        Profile p = profile("p", List.of(Arch.X86_64, Arch.X86), new Seccomp(Action.errno(1), List.of(r)));
        Diagnostics d = new Diagnostics();
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, d);
        assertEquals(ALLOW, run(prog, Arch.X86, nr(Arch.X86, "personality"), 8));
        assertEquals(EPERM, run(prog, Arch.X86_64, nr(Arch.X86_64, "personality"), 8));
        assertEquals(ALLOW, run(prog, Arch.X86_64, nr(Arch.X86_64, "personality"), 0x100000008L));
        assertEquals(1, d.all().size());
        assertEquals("p.ward:7:5: warning[" + SeccompCodes.CONSTANT_TRUNCATED
                        + "]: on x86 arguments are 32 bits wide: 0x100000008 is compared as 8",
                d.all().get(0).headline());
    }

    @Test
    void longProgramsStayWithinJumpRangeThroughTrampolines() {
        List<SeccompRule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>(SyscallTable.standard().numbers(Arch.X86_64).values());
        for (int i = 0; i < 120; i++) {
            List<Long> values = List.of((long) i, i + 1000L, 0x100000000L + i);
            rules.add(rule(i % 2 == 0 ? Action.ALLOW : Action.errno(i), new Condition.In(i % 3, values), names.get(i * 3)));
        }
        Profile p = profile("p", List.of(Arch.X86_64), new Seccomp(Action.KILL_PROCESS, rules));
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
        assertTrue(prog.length() > 600, "length " + prog.length());
        assertEquals(Optional.empty(), BpfInterpreter.check(prog.instructions()));
        assertTrue(prog.instructions().stream().anyMatch(in -> in.code() == (Insn.JMP | Insn.JA)));
        Differential.Report report = Differential.run(p, false, new Differential.Report());
        assertEquals(List.of(), report.mismatches);
    }

    @Test
    void aFilterOverTheKernelsLimitIsAnError() {
        List<SeccompRule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>(SyscallTable.standard().numbers(Arch.X86_64).values());
        for (int i = 0; i < 300; i++) {
            List<Long> values = new ArrayList<>();
            for (int k = 0; k < 16; k++) values.add((long) k * 7 + i);
            rules.add(rule(Action.ALLOW, new Condition.In(0, values), names.get(i)));
        }
        Profile p = profile("big", List.of(Arch.X86_64), new Seccomp(Action.KILL_PROCESS, rules));
        Diagnostics d = new Diagnostics();
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, d);
        assertTrue(prog.length() > 4096);
        assertTrue(d.hasErrors());
        assertTrue(d.all().get(0).message().contains("the kernel accepts at most 4096"), d.all().get(0).message());
        assertEquals(SeccompCodes.PROGRAM_TOO_LARGE, d.all().get(0).code());
    }

    @Test
    void everyArgumentIndependentAllowIsCacheable() {
        for (Arch arch : List.of(Arch.X86_64, Arch.AARCH64)) {
            Profile docker = DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, arch);
            BpfProgram prog = BpfCompiler.compile(docker, arch, new Diagnostics());
            assertEquals(1.0, SeccompBenchmark.measure(docker, prog).cacheable());
        }
        for (long seed = 0; seed < 200; seed++) {
            Profile p = new RandomPolicies(seed).profile();
            for (Arch arch : Abis.programArches(p.arches())) {
                SeccompCorpus.assertCachesExactlyTheConstantAllows(p, BpfCompiler.compile(p, arch, new Diagnostics()));
            }
        }
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        Profile docker = DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, Arch.X86_64);
        byte[] a = BpfCompiler.compile(docker, Arch.X86_64, new Diagnostics()).toBytes();
        byte[] b = BpfCompiler.compile(DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, Arch.X86_64),
                Arch.X86_64, new Diagnostics()).toBytes();
        assertArrayEquals(a, b);
    }

    @Test
    void theListingNamesSyscallsAndThePolicyLines() {
        SeccompRule r = new SeccompRule(Action.ALLOW, List.of("personality"), Optional.of(eq(0, 8)),
                Optional.of(Action.errno(1)), Origin.of(Span.at("web.ward", 12, 9)));
        Profile p = profile("web", List.of(Arch.X86_64), new Seccomp(Action.KILL_PROCESS,
                List.of(r, rule(Action.ALLOW, "read", "write"))));
        BpfProgram prog = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
        String text = BpfListing.render(prog, List.of("profile web"));
        assertTrue(text.startsWith("# profile web\n# "), text);
        assertTrue(text.contains("personality:\n"), text);
        assertTrue(text.contains("; web.ward:12: allow personality if arg0 == 8 else errno(1)"), text);
        assertTrue(text.contains("; AUDIT_ARCH_X86_64"), text);
        assertTrue(text.contains("(personality)"), text);
        assertFalse(text.contains("null"), text);
    }
}
