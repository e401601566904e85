package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BpfInterpreterTest {
    private static final long X86_64 = 0xC000003EL;

    @Test
    void loadsTheFieldsOfSeccompDataInEachByteOrder() {
        SeccompData d = new SeccompData(59, X86_64, 0x1122334455667788L, 0xAAAABBBBCCCCDDDDL, 7);
        assertEquals(59, d.word(0, false));
        assertEquals((int) X86_64, d.word(4, true));
        assertEquals(0x55667788, d.word(8, false));
        assertEquals(0x11223344, d.word(12, false));
        assertEquals(0x11223344, d.word(8, true));
        assertEquals(0xCCCCDDDD, d.word(16, false));
        assertEquals(0xAAAABBBB, d.word(20, false));
        assertEquals(0xAAAABBBB, d.word(16, true));
        assertEquals(7, d.word(24, false));
        assertEquals(7, d.word(28, true));
    }

    @Test
    void runsJumpsAndCountsInstructions() {
        // if (nr >= 10) allow; else if (arg0 & 4) errno(5); else kill
        List<Insn> p = List.of(
                Insn.load(0),
                Insn.jump(Insn.JGE, 10, 3, 0),
                Insn.load(16),
                Insn.jump(Insn.JSET, 4, 2, 0),
                Insn.ret(0x80000000L),
                Insn.ret(0x7fff0000L),
                Insn.ret(0x00050005L));
        assertEquals(Optional.empty(), BpfInterpreter.check(p));
        BpfInterpreter.Result allowed = BpfInterpreter.run(p, SeccompData.of(12, X86_64), false);
        assertEquals(0x7fff0000L, allowed.ret());
        assertEquals(3, allowed.executed());
        assertEquals(0x00050005L, BpfInterpreter.run(p, SeccompData.of(1, X86_64, 4), false).ret());
        BpfInterpreter.Result killed = BpfInterpreter.trace(p, SeccompData.of(1, X86_64, 3), false);
        assertEquals(0x80000000L, killed.ret());
        assertEquals(List.of(0, 1, 2, 3, 4), killed.trace());
    }

    @Test
    void comparesUnsigned() {
        List<Insn> p = List.of(Insn.load(16), Insn.jump(Insn.JGT, 0x7fffffff, 0, 1), Insn.ret(1), Insn.ret(2));
        assertEquals(1, BpfInterpreter.evaluate(p, SeccompData.of(0, X86_64, 0x80000000L), false));
        assertEquals(2, BpfInterpreter.evaluate(p, SeccompData.of(0, X86_64, 5), false));
    }

    @Test
    void aluAndScratchMemoryAndIndexRegister() {
        List<Insn> p = List.of(
                Insn.load(16),
                Insn.and(0xff),
                new Insn(Insn.ST, 0, 0, 3),
                new Insn(Insn.LDX | Insn.IMM, 0, 0, 2),
                new Insn(Insn.ALU | Insn.LSH | Insn.X, 0, 0, 0),
                new Insn(Insn.LDX | Insn.MEM, 0, 0, 3),
                new Insn(Insn.ALU | Insn.ADD | Insn.X, 0, 0, 0),
                new Insn(Insn.RET | Insn.A, 0, 0, 0));
        assertEquals(Optional.empty(), BpfInterpreter.check(p));
        // (0x12 << 2) + 0x12
        assertEquals(0x5a, BpfInterpreter.evaluate(p, SeccompData.of(0, X86_64, 0x1234512), false));
    }

    @Test
    void divisionByZeroInTheIndexRegisterEndsTheFilterWithZero() {
        List<Insn> p = List.of(new Insn(Insn.LDX | Insn.IMM, 0, 0, 0),
                new Insn(Insn.ALU | Insn.DIV | Insn.X, 0, 0, 0), Insn.ret(0x7fff0000L));
        assertEquals(0, BpfInterpreter.evaluate(p, SeccompData.of(0, X86_64), false));
    }

    @Test
    void refusesWhatTheKernelRefuses() {
        assertTrue(BpfInterpreter.check(List.of()).isPresent());
        assertTrue(BpfInterpreter.check(List.of(Insn.load(0))).get().contains("last instruction"));
        assertTrue(BpfInterpreter.check(List.of(Insn.load(2), Insn.ret(0))).get().contains("instruction 0"));
        assertTrue(BpfInterpreter.check(List.of(Insn.load(64), Insn.ret(0))).isPresent());
        assertTrue(BpfInterpreter.check(List.of(Insn.jump(Insn.JEQ, 0, 1, 0), Insn.ret(0))).isPresent());
        assertTrue(BpfInterpreter.check(List.of(Insn.ja(1), Insn.ret(0))).isPresent());
        assertTrue(BpfInterpreter.check(List.of(new Insn(Insn.LD | Insn.B | Insn.ABS, 0, 0, 0), Insn.ret(0))).isPresent());
        assertTrue(BpfInterpreter.check(List.of(new Insn(Insn.ALU | Insn.DIV | Insn.K, 0, 0, 0), Insn.ret(0))).isPresent());
        assertTrue(BpfInterpreter.check(List.of(new Insn(Insn.ST, 0, 0, 16), Insn.ret(0))).isPresent());
        List<Insn> tooLong = new java.util.ArrayList<>(java.util.Collections.nCopies(4096, Insn.load(0)));
        tooLong.add(Insn.ret(0));
        assertTrue(BpfInterpreter.check(tooLong).get().contains("4097"));
    }
}
