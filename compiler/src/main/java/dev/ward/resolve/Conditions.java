package dev.ward.resolve;

import dev.ward.ast.Cond;
import dev.ward.ast.Name;
import dev.ward.ast.Value;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Argument conditions: constants folded into unsigned 64-bit values, argument names checked. */
final class Conditions {
    /** More comparisons than this in one condition cannot become a sensible filter. */
    static final int MAX_COMPARISONS = 1024;
    private static final Pattern ARG = Pattern.compile("arg([0-9]+)");

    private final Values values;
    private final Diagnostics d;
    private int comparisons;

    Conditions(Values values, Diagnostics d) {
        this.values = values;
        this.d = d;
    }

    Optional<Condition> resolve(Cond c) {
        comparisons = 0;
        Optional<Condition> result = cond(c);
        if (comparisons > MAX_COMPARISONS) {
            d.error(Codes.CONDITION_TOO_LARGE, c.span(), "condition has " + comparisons + " comparisons; the limit is "
                    + MAX_COMPARISONS);
            return Optional.empty();
        }
        return result;
    }

    private Optional<Condition> cond(Cond c) {
        if (c instanceof Cond.Paren p) return cond(p.inner());
        if (c instanceof Cond.Not n) return cond(n.operand()).map(Condition.Not::new);
        if (c instanceof Cond.And a) return fold(a.operands(), true);
        if (c instanceof Cond.Or o) return fold(o.operands(), false);
        comparisons++;
        if (c instanceof Cond.Compare cmp) {
            OptionalInt arg = argument(cmp.argument());
            OptionalLong v = values.value(cmp.value());
            if (arg.isEmpty() || v.isEmpty()) return Optional.empty();
            return Optional.of(new Condition.Compare(arg.getAsInt(), op(cmp.op()), v.getAsLong()));
        }
        if (c instanceof Cond.Masked m) return masked(m);
        Cond.In in = (Cond.In) c;
        OptionalInt arg = argument(in.argument());
        List<Long> list = new ArrayList<>();
        boolean ok = arg.isPresent();
        for (Value v : in.values()) {
            OptionalLong x = values.value(v);
            if (x.isPresent()) list.add(x.getAsLong());
            else ok = false;
        }
        return ok ? Optional.of(new Condition.In(arg.getAsInt(), list)) : Optional.empty();
    }

    // argN & MASK == VALUE (or !=); a VALUE with bits outside MASK can never match.
    private Optional<Condition> masked(Cond.Masked m) {
        OptionalInt arg = argument(m.argument());
        OptionalLong mask = values.value(m.mask());
        OptionalLong v = values.value(m.value());
        boolean opOk = m.op().equals("==") || m.op().equals("!=");
        if (!opOk) {
            d.error(Codes.MASK_OPERATOR, m.span(), "a masked argument can only be compared with == or !=, not " + m.op());
        }
        if (arg.isEmpty() || mask.isEmpty() || v.isEmpty() || !opOk) return Optional.empty();
        if ((v.getAsLong() & ~mask.getAsLong()) != 0) {
            d.error(Codes.MASK_BITS, m.value().span(), String.format(
                    "value 0x%x has bits outside the mask 0x%x, so the comparison can never hold",
                    v.getAsLong(), mask.getAsLong()));
            return Optional.empty();
        }
        Condition eq = new Condition.MaskedEquals(arg.getAsInt(), mask.getAsLong(), v.getAsLong());
        return Optional.of(m.op().equals("==") ? eq : new Condition.Not(eq));
    }

    private Optional<Condition> fold(List<Cond> operands, boolean and) {
        Condition acc = null;
        boolean ok = true;
        for (Cond operand : operands) {
            Optional<Condition> c = cond(operand);
            if (c.isEmpty()) {
                ok = false;
                continue;
            }
            acc = acc == null ? c.get() : and ? new Condition.And(acc, c.get()) : new Condition.Or(acc, c.get());
        }
        return ok ? Optional.ofNullable(acc) : Optional.empty();
    }

    OptionalInt argument(Name name) {
        Matcher m = ARG.matcher(name.text());
        if (!m.matches()) {
            d.error(Codes.BAD_ARGUMENT, name.span(), "expected a syscall argument arg0..arg5, found '" + name.text() + "'");
            return OptionalInt.empty();
        }
        String digits = m.group(1);
        if (digits.length() > 1 || digits.charAt(0) > '5') {
            d.error(Codes.BAD_ARGUMENT, name.span(), "argument index " + Numbers.shorten(digits)
                    + " is out of range: syscalls have arg0..arg5");
            return OptionalInt.empty();
        }
        return OptionalInt.of(digits.charAt(0) - '0');
    }

    private static Condition.Op op(String symbol) {
        for (Condition.Op op : Condition.Op.values()) {
            if (op.symbol().equals(symbol)) return op;
        }
        throw new IllegalStateException("the grammar admits no operator " + symbol);
    }
}
