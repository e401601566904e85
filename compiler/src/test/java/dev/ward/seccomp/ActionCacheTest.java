package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernel's constant-action emulation ({@link ActionCache}, after seccomp_is_const_allow) on hand-made
 * programs, and the cache property on every shipped profile and seccomp case: a syscall is cacheable exactly
 * when its decision is an argument-independent allow, and a cacheable one is allowed whatever its arguments.
 */
class ActionCacheTest {
    private static final long X86_64 = Arch.X86_64.auditArch();
    private static final long ALLOW = Action.ALLOW.seccompRet();

    @Test
    void constantRunsToAllowAreCacheable() {
        // arch check, nr & 0xff, jset, ja: everything the kernel's emulator follows.
        List<Insn> program = List.of(
                Insn.load(SeccompData.ARCH_OFFSET),
                Insn.jump(Insn.JEQ, (int) X86_64, 0, 7),
                Insn.load(SeccompData.NR_OFFSET),
                Insn.and(0xff),
                Insn.jump(Insn.JSET, 0x80, 3, 0),
                Insn.jump(Insn.JGE, 10, 0, 1),
                Insn.ja(1),
                Insn.ret(ALLOW),
                Insn.ret(Action.errno(1).seccompRet()),
                Insn.ret(Action.KILL_PROCESS.seccompRet()));
        assertEquals(java.util.Optional.empty(), BpfInterpreter.check(program));
        assertTrue(ActionCache.isConstantAllow(program, X86_64, 3));
        assertTrue(ActionCache.isConstantAllow(program, X86_64, 0x103), "and drops bit 8");
        assertFalse(ActionCache.isConstantAllow(program, X86_64, 0x83), "jset taken");
        assertFalse(ActionCache.isConstantAllow(program, X86_64, 12), "ja to errno");
        assertFalse(ActionCache.isConstantAllow(program, Arch.AARCH64.auditArch(), 3), "other arch: kill");
    }

    @Test
    void anythingElseOnThePathIsNotCacheable() {
        Insn allow = Insn.ret(ALLOW);
        // An argument or instruction-pointer load, a return of A, a jump against X, another ALU operation.
        assertFalse(ActionCache.isConstantAllow(List.of(Insn.load(SeccompData.ARGS_OFFSET), allow), X86_64, 0));
        assertFalse(ActionCache.isConstantAllow(List.of(Insn.load(SeccompData.IP_OFFSET), allow), X86_64, 0));
        assertFalse(ActionCache.isConstantAllow(List.of(new Insn(Insn.RET | Insn.A, 0, 0, 0)), X86_64, 0));
        assertFalse(ActionCache.isConstantAllow(List.of(new Insn(Insn.JMP | Insn.JEQ | Insn.X, 0, 0, 0), allow),
                X86_64, 0));
        assertFalse(ActionCache.isConstantAllow(List.of(new Insn(Insn.ALU | Insn.OR | Insn.K, 0, 0, 1), allow),
                X86_64, 0));
        // ...unless it is off the path this number takes.
        List<Insn> skip = List.of(Insn.load(SeccompData.NR_OFFSET), Insn.jump(Insn.JEQ, 5, 1, 0), allow,
                Insn.load(SeccompData.ARGS_OFFSET), allow);
        assertTrue(ActionCache.isConstantAllow(skip, X86_64, 4));
        assertFalse(ActionCache.isConstantAllow(skip, X86_64, 5));
    }

    static List<Profile> profiles() {
        List<Profile> out = new ArrayList<>(SeccompCorpus.shippedAndCases().profiles());
        out.add(DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, Arch.X86_64));
        out.add(DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, Arch.AARCH64));
        return out;
    }

    @Test
    void everyArgumentIndependentAllowOfTheShippedProfilesIsCacheable() {
        SplittableRandom random = new SplittableRandom(7);
        int cacheable = 0;
        for (Profile p : profiles()) {
            for (Arch arch : Abis.programArches(p.arches())) {
                BpfProgram prog = BpfCompiler.compile(p, arch, new Diagnostics());
                for (SeccompCorpus.Cached c : SeccompCorpus.assertCachesExactlyTheConstantAllows(p, prog)) {
                    cacheable++;
                    // what the cache answers, the program answers too, whatever the arguments
                    for (int i = 0; i < 4; i++) {
                        long[] args = random.longs(6).toArray();
                        long ret = BpfInterpreter.run(prog, SeccompData.of(c.nr(), c.abi().auditArch(), args)).ret();
                        assertEquals(ALLOW, ret, () -> p.name() + " " + c);
                    }
                }
            }
        }
        assertTrue(cacheable > 3000, "only " + cacheable + " cacheable syscalls");
    }
}
