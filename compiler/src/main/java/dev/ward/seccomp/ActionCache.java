package dev.ward.seccomp;

import java.util.List;

/**
 * Which syscalls the kernel's seccomp action cache (Linux 5.11+) answers without running the filter. When a
 * filter is attached, the kernel emulates it for every syscall number of the native and compat ABIs with only
 * the number and architecture known; a run that reaches {@code ret ALLOW} through loads of those two fields,
 * constant jumps and {@code and} with a constant marks the number as always allowed. Anything else (a load of
 * an argument or the instruction pointer, another instruction) makes the number uncacheable. This is that
 * emulation, written after the kernel's description of seccomp_is_const_allow.
 */
public final class ActionCache {
    private static final long RET_ALLOW = 0x7fff0000L;

    private ActionCache() {}

    /** True when the kernel would cache {@code nr} on {@code audit} as allowed for this program. */
    public static boolean isConstantAllow(List<Insn> program, long audit, int nr) {
        long a = 0;
        int pc = 0;
        while (pc < program.size()) {
            Insn in = program.get(pc);
            long k = in.unsignedK();
            switch (in.code()) {
                case Insn.LD | Insn.W | Insn.ABS -> {
                    if (k == SeccompData.NR_OFFSET) a = Integer.toUnsignedLong(nr);
                    else if (k == SeccompData.ARCH_OFFSET) a = audit;
                    else return false;
                }
                case Insn.RET | Insn.K -> {
                    return k == RET_ALLOW;
                }
                case Insn.JMP | Insn.JA -> pc += in.k();
                case Insn.JMP | Insn.JEQ | Insn.K -> pc += a == k ? in.jt() : in.jf();
                case Insn.JMP | Insn.JGE | Insn.K -> pc += a >= k ? in.jt() : in.jf();
                case Insn.JMP | Insn.JGT | Insn.K -> pc += a > k ? in.jt() : in.jf();
                case Insn.JMP | Insn.JSET | Insn.K -> pc += (a & k) != 0 ? in.jt() : in.jf();
                case Insn.ALU | Insn.AND | Insn.K -> a &= k;
                default -> {
                    return false;
                }
            }
            pc++;
        }
        return false;
    }
}
