package dev.ward.importer;

import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.SeccompRule;
import dev.ward.resolve.Constants;
import java.util.ArrayList;
import java.util.List;

/** Writes seccomp actions, conditions and rules in Ward's syntax, values by name where that is clear. */
final class RuleWriter {
    private final ConstantNames names;
    private final Constants constants;

    RuleWriter(Constants constants) {
        this.constants = constants;
        this.names = new ConstantNames(constants);
    }

    /** {@code allow}, {@code errno(EPERM)}, {@code trace(7)}. */
    String action(Action a) {
        return switch (a.kind()) {
            case ERRNO -> "errno(" + constants.errnoName(a.value()).orElse(Integer.toString(a.value())) + ")";
            case TRACE -> "trace(" + a.value() + ")";
            case TRAP -> a.value() == 0 ? "trap" : "trap(" + a.value() + ")";
            default -> a.kind().keyword();
        };
    }

    /** What follows a rule's names: {@code  if COND [else ACTION]}, or nothing. */
    String suffix(SeccompRule r, String syscall) {
        if (r.condition().isEmpty()) return "";
        return " if " + condition(r.condition().get(), syscall, 0)
                + r.elseAction().map(a -> " else " + action(a)).orElse("");
    }

    /** A condition; {@code context} is 1 inside {@code ||}, 2 inside {@code &&}, 0 at the top. */
    String condition(Condition c, String syscall, int context) {
        if (c instanceof Condition.Or) {
            String s = String.join(" || ", flatten(c, true).stream().map(x -> condition(x, syscall, 1)).toList());
            return context == 2 ? "(" + s + ")" : s;
        }
        if (c instanceof Condition.And) {
            String s = String.join(" && ", flatten(c, false).stream().map(x -> condition(x, syscall, 2)).toList());
            return context == 1 ? "(" + s + ")" : s;
        }
        if (c instanceof Condition.Not n) return "!(" + condition(n.operand(), syscall, 0) + ")";
        if (c instanceof Condition.Compare x) {
            return "arg" + x.arg() + " " + x.op().symbol() + " " + names.value(syscall, x.arg(), x.value());
        }
        if (c instanceof Condition.MaskedEquals x) {
            String value = x.value() == 0 ? "0" : names.value(syscall, x.arg(), x.value());
            return "arg" + x.arg() + " & " + names.value(syscall, x.arg(), x.mask()) + " == " + value;
        }
        Condition.In in = (Condition.In) c;
        return "arg" + in.arg() + " in (" + String.join(", ",
                in.values().stream().map(v -> names.value(syscall, in.arg(), v)).toList()) + ")";
    }

    private static List<Condition> flatten(Condition c, boolean or) {
        List<Condition> out = new ArrayList<>();
        if (or && c instanceof Condition.Or o) {
            out.addAll(flatten(o.left(), true));
            out.addAll(flatten(o.right(), true));
        } else if (!or && c instanceof Condition.And a) {
            out.addAll(flatten(a.left(), false));
            out.addAll(flatten(a.right(), false));
        } else {
            out.add(c);
        }
        return out;
    }
}
