package dev.ward.seccomp;

import dev.ward.ir.Condition;
import dev.ward.ir.Condition.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Simplifies conditions before code generation: constants truncated on 32-bit ABIs, comparisons that
 * always or never hold folded away, negations pushed into the comparisons, and disjunctions of equalities
 * on one argument gathered into {@code in}.
 */
final class Conditions {
    private Conditions() {}

    /** A condition after folding: a constant, or a condition that depends on the arguments. */
    record Folded(Boolean constant, Condition condition) {
        static final Folded TRUE = new Folded(true, null);
        static final Folded FALSE = new Folded(false, null);

        static Folded of(boolean b) {
            return b ? TRUE : FALSE;
        }

        static Folded of(Condition c) {
            return new Folded(null, c);
        }

        boolean isTrue() {
            return Boolean.TRUE.equals(constant);
        }

        boolean isFalse() {
            return Boolean.FALSE.equals(constant);
        }
    }

    /** Folds {@code c}; with {@code narrow}, arguments and constants are 32-bit. */
    static Folded fold(Condition c, boolean narrow) {
        long max = narrow ? 0xffffffffL : -1L;
        if (c instanceof Condition.Compare cmp) return compare(cmp.arg(), cmp.op(), cmp.value() & max, max);
        if (c instanceof Condition.MaskedEquals m) {
            long mask = m.mask() & max;
            long value = m.value() & max;
            if (mask == 0) return Folded.TRUE;
            if (mask == max) return Folded.of(new Condition.Compare(m.arg(), Op.EQ, value));
            return Folded.of(new Condition.MaskedEquals(m.arg(), mask, value));
        }
        if (c instanceof Condition.In in) {
            TreeSet<Long> values = new TreeSet<>(Long::compareUnsigned);
            for (long v : in.values()) values.add(v & max);
            if (values.size() == 1) return Folded.of(new Condition.Compare(in.arg(), Op.EQ, values.first()));
            return Folded.of(new Condition.In(in.arg(), new ArrayList<>(values)));
        }
        if (c instanceof Condition.And and) {
            Folded l = fold(and.left(), narrow);
            if (l.isFalse()) return l;
            Folded r = fold(and.right(), narrow);
            if (l.isTrue() || r.isFalse()) return r;
            if (r.isTrue()) return l;
            return Folded.of(new Condition.And(l.condition(), r.condition()));
        }
        if (c instanceof Condition.Or or) {
            Folded l = fold(or.left(), narrow);
            if (l.isTrue()) return l;
            Folded r = fold(or.right(), narrow);
            if (l.isFalse() || r.isTrue()) return r;
            if (r.isFalse()) return l;
            return Folded.of(gatherEqualities(new Condition.Or(l.condition(), r.condition())));
        }
        Folded inner = fold(((Condition.Not) c).operand(), narrow);
        if (inner.constant() != null) return Folded.of(!inner.constant());
        return Folded.of(negate(inner.condition()));
    }

    private static Folded compare(int arg, Op op, long v, long max) {
        return switch (op) {
            case LT -> v == 0 ? Folded.FALSE : v == max ? Folded.of(new Condition.Compare(arg, Op.NE, max))
                    : Folded.of(new Condition.Compare(arg, op, v));
            case LE -> v == max ? Folded.TRUE : v == 0 ? Folded.of(new Condition.Compare(arg, Op.EQ, 0))
                    : Folded.of(new Condition.Compare(arg, op, v));
            case GT -> v == max ? Folded.FALSE : v == 0 ? Folded.of(new Condition.Compare(arg, Op.NE, 0))
                    : Folded.of(new Condition.Compare(arg, op, v));
            case GE -> v == 0 ? Folded.TRUE : v == max ? Folded.of(new Condition.Compare(arg, Op.EQ, max))
                    : Folded.of(new Condition.Compare(arg, op, v));
            default -> Folded.of(new Condition.Compare(arg, op, v));
        };
    }

    /** {@code !c} without a {@code Not} on top where a comparison can absorb it. */
    static Condition negate(Condition c) {
        if (c instanceof Condition.Not not) return not.operand();
        if (c instanceof Condition.Compare cmp) {
            Op neg = switch (cmp.op()) {
                case EQ -> Op.NE;
                case NE -> Op.EQ;
                case LT -> Op.GE;
                case GE -> Op.LT;
                case LE -> Op.GT;
                case GT -> Op.LE;
            };
            return new Condition.Compare(cmp.arg(), neg, cmp.value());
        }
        return new Condition.Not(c);
    }

    /** {@code a || b} where both sides test one argument for equality: one {@code in}. */
    static Condition gatherEqualities(Condition.Or or) {
        List<Condition> parts = new ArrayList<>();
        flattenOr(or, parts);
        int arg = -1;
        TreeSet<Long> values = new TreeSet<>(Long::compareUnsigned);
        for (Condition p : parts) {
            int a;
            if (p instanceof Condition.Compare cmp && cmp.op() == Op.EQ) {
                a = cmp.arg();
                values.add(cmp.value());
            } else if (p instanceof Condition.In in) {
                a = in.arg();
                values.addAll(in.values());
            } else {
                return or;
            }
            if (arg >= 0 && a != arg) return or;
            arg = a;
        }
        return new Condition.In(arg, new ArrayList<>(values));
    }

    private static void flattenOr(Condition c, List<Condition> out) {
        if (c instanceof Condition.Or or) {
            flattenOr(or.left(), out);
            flattenOr(or.right(), out);
        } else {
            out.add(c);
        }
    }

    /** The constants a condition compares against (masks and values), for probing around them. */
    static void constants(Condition c, List<Long> out) {
        if (c instanceof Condition.Compare cmp) out.add(cmp.value());
        else if (c instanceof Condition.MaskedEquals m) {
            out.add(m.mask());
            out.add(m.value());
        } else if (c instanceof Condition.In in) out.addAll(in.values());
        else if (c instanceof Condition.And and) {
            constants(and.left(), out);
            constants(and.right(), out);
        } else if (c instanceof Condition.Or or) {
            constants(or.left(), out);
            constants(or.right(), out);
        } else constants(((Condition.Not) c).operand(), out);
    }
}
