package dev.ward.importer;

import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.SeccompRule;
import java.util.List;
import java.util.Optional;

/**
 * What a list of Ward rules decides for one syscall's arguments: first match wins, a rule with {@code else}
 * decides completely. On 32-bit ABIs ({@code narrow}) Ward compares the low 32 bits of arguments and values.
 */
final class RuleSemantics {
    private static final long LOW32 = 0xffffffffL;

    private RuleSemantics() {}

    /** The decision of {@code rules} (all taken to name the syscall), or empty for the default. */
    static Optional<Action> decide(List<SeccompRule> rules, long[] args, boolean narrow) {
        for (SeccompRule r : rules) {
            if (r.condition().isEmpty() || holds(r.condition().get(), args, narrow)) return Optional.of(r.action());
            if (r.elseAction().isPresent()) return r.elseAction();
        }
        return Optional.empty();
    }

    static boolean holds(Condition c, long[] args, boolean narrow) {
        long m = narrow ? LOW32 : -1L;
        if (c instanceof Condition.Compare x) {
            int cmp = Long.compareUnsigned(args[x.arg()] & m, x.value() & m);
            return switch (x.op()) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
        if (c instanceof Condition.MaskedEquals x) return (args[x.arg()] & x.mask() & m) == (x.value() & m);
        if (c instanceof Condition.In x) {
            for (long v : x.values()) {
                if ((args[x.arg()] & m) == (v & m)) return true;
            }
            return false;
        }
        if (c instanceof Condition.And x) return holds(x.left(), args, narrow) && holds(x.right(), args, narrow);
        if (c instanceof Condition.Or x) return holds(x.left(), args, narrow) || holds(x.right(), args, narrow);
        return !holds(((Condition.Not) c).operand(), args, narrow);
    }
}
