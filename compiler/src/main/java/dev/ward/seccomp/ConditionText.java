package dev.ward.seccomp;

import dev.ward.ir.Condition;
import java.util.stream.Collectors;

/** Renders a resolved condition in policy syntax ({@code arg0 & 0x10000000 == 0 || arg1 in (1, 2)}). */
public final class ConditionText {
    private ConditionText() {}

    public static String format(Condition c) {
        return format(c, 0);
    }

    // Precedence levels: 0 for ||, 1 for &&, 2 for ! and atoms.
    private static String format(Condition c, int context) {
        if (c instanceof Condition.Compare cmp) return "arg" + cmp.arg() + " " + cmp.op().symbol() + " " + number(cmp.value());
        if (c instanceof Condition.MaskedEquals m) {
            return "arg" + m.arg() + " & " + number(m.mask()) + " == " + number(m.value());
        }
        if (c instanceof Condition.In in) {
            return "arg" + in.arg() + " in (" + in.values().stream().map(ConditionText::number)
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (c instanceof Condition.And and) {
            return paren(format(and.left(), 1) + " && " + format(and.right(), 1), context > 1);
        }
        if (c instanceof Condition.Or or) {
            return paren(format(or.left(), 0) + " || " + format(or.right(), 0), context > 0);
        }
        return "!" + paren(format(((Condition.Not) c).operand(), 2), !isAtom(((Condition.Not) c).operand()));
    }

    private static boolean isAtom(Condition c) {
        return c instanceof Condition.Not;
    }

    private static String paren(String s, boolean wrap) {
        return wrap ? "(" + s + ")" : s;
    }

    /** Small numbers in decimal, the rest in hexadecimal, always unsigned. */
    public static String number(long v) {
        return Long.compareUnsigned(v, 4096) < 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }
}
