package dev.ward.seccomp;

import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.OptionalInt;

/**
 * The meaning of a seccomp block, evaluated directly on the IR: rules top to bottom, first match wins, a
 * conditional rule with {@code else} decides its syscalls completely, otherwise the default. On 32-bit ABIs
 * the comparisons see the low 32 bits of each argument and of each constant. This is the reference the
 * compiled programs are tested against.
 */
public final class SeccompSemantics {
    private static final long LOW32 = 0xffffffffL;

    private SeccompSemantics() {}

    /** The action for syscall number {@code nr} (table numbering, no x32 bit) of {@code abi}. */
    public static Action decide(Seccomp seccomp, Arch abi, int nr, long[] args) {
        SyscallTable table = SyscallTable.standard();
        boolean narrow = Abis.is32Bit(abi);
        for (SeccompRule rule : seccomp.rules()) {
            if (!mentions(rule, table, abi, nr)) continue;
            if (rule.condition().isEmpty()) return rule.action();
            if (holds(rule.condition().get(), args, narrow)) return rule.action();
            if (rule.elseAction().isPresent()) return rule.elseAction().get();
        }
        return seccomp.defaultAction();
    }

    static boolean mentions(SeccompRule rule, SyscallTable table, Arch abi, int nr) {
        for (String name : rule.syscalls()) {
            OptionalInt n = table.number(abi, name);
            if (n.isPresent() && n.getAsInt() == nr) return true;
        }
        return false;
    }

    /** Whether {@code c} holds for {@code args}, comparing 32-bit values when {@code narrow}. */
    public static boolean holds(Condition c, long[] args, boolean narrow) {
        long mask = narrow ? LOW32 : -1L;
        if (c instanceof Condition.Compare cmp) return compare(cmp.op(), args[cmp.arg()] & mask, cmp.value() & mask);
        if (c instanceof Condition.MaskedEquals m) return (args[m.arg()] & m.mask() & mask) == (m.value() & mask);
        if (c instanceof Condition.In in) {
            for (long v : in.values()) {
                if ((args[in.arg()] & mask) == (v & mask)) return true;
            }
            return false;
        }
        if (c instanceof Condition.And and) return holds(and.left(), args, narrow) && holds(and.right(), args, narrow);
        if (c instanceof Condition.Or or) return holds(or.left(), args, narrow) || holds(or.right(), args, narrow);
        return !holds(((Condition.Not) c).operand(), args, narrow);
    }

    static boolean compare(Condition.Op op, long a, long b) {
        int c = Long.compareUnsigned(a, b);
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }
}
