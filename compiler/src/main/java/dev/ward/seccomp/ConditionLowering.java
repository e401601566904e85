package dev.ward.seccomp;

import dev.ward.ir.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers argument conditions to BPF, which compares 32-bit words: each 64-bit comparison becomes a test of
 * the high word and, where that does not settle it, of the low word (on big-endian machines the high word
 * comes first in memory). On 32-bit ABIs only the low word is read. Code is built backwards: every
 * condition is lowered knowing the nodes to go to when it holds and when it does not.
 */
final class ConditionLowering {
    private static final long LOW32 = 0xffffffffL;

    private final FilterGraph g;
    private final boolean narrow;
    private final boolean bigEndian;

    ConditionLowering(FilterGraph g, boolean narrow, boolean bigEndian) {
        this.g = g;
        this.narrow = narrow;
        this.bigEndian = bigEndian;
    }

    /** The entry of code that goes to {@code t} when {@code c} holds and to {@code f} otherwise. */
    int lower(Condition c, int t, int f) {
        int entry = lowerInner(c, t, f);
        if (c instanceof Condition.Compare || c instanceof Condition.MaskedEquals || c instanceof Condition.In) {
            g.comment(entry, ConditionText.format(c));
        }
        return entry;
    }

    private int lowerInner(Condition c, int t, int f) {
        if (c instanceof Condition.And and) return lower(and.left(), lower(and.right(), t, f), f);
        if (c instanceof Condition.Or or) return lower(or.left(), t, lower(or.right(), t, f));
        if (c instanceof Condition.Not not) return lower(not.operand(), f, t);
        if (c instanceof Condition.Compare cmp) return compare(cmp, t, f);
        if (c instanceof Condition.MaskedEquals m) return masked(m.arg(), m.mask(), m.value(), t, f);
        Condition.In in = (Condition.In) c;
        return in(in.arg(), in.values(), t, f);
    }

    private int lo(int arg) {
        return SeccompData.ARGS_OFFSET + 8 * arg + (bigEndian ? 4 : 0);
    }

    private int hi(int arg) {
        return SeccompData.ARGS_OFFSET + 8 * arg + (bigEndian ? 0 : 4);
    }

    private int compare(Condition.Compare cmp, int t, int f) {
        long v = cmp.value();
        int arg = cmp.arg();
        return switch (cmp.op()) {
            case EQ -> equal(arg, v, t, f);
            case NE -> equal(arg, v, f, t);
            case GT -> greater(arg, v, false, t, f);
            case LE -> greater(arg, v, false, f, t);
            case GE -> greater(arg, v, true, t, f);
            case LT -> greater(arg, v, true, f, t);
        };
    }

    private int equal(int arg, long v, int t, int f) {
        int low = g.load(lo(arg), g.jump(Insn.JEQ, (int) v, t, f));
        if (narrow) return low;
        return g.load(hi(arg), g.jump(Insn.JEQ, (int) (v >>> 32), low, f));
    }

    /** {@code arg > v}, or {@code arg >= v} when {@code orEqual}; the folder has removed the trivial cases. */
    private int greater(int arg, long v, boolean orEqual, int t, int f) {
        int op = orEqual ? Insn.JGE : Insn.JGT;
        long vl = v & LOW32;
        long vh = v >>> 32;
        if (narrow) return g.load(lo(arg), g.jump(op, (int) vl, t, f));
        if (orEqual ? vl == 0 : vl == LOW32) {
            // The low word cannot change the outcome: compare the high words alone.
            return g.load(hi(arg), g.jump(orEqual ? Insn.JGE : Insn.JGT, (int) vh, t, f));
        }
        int low = g.load(lo(arg), g.jump(op, (int) vl, t, f));
        if (vh == 0) return g.load(hi(arg), g.jump(Insn.JEQ, 0, low, t));
        if (vh == LOW32) return g.load(hi(arg), g.jump(Insn.JEQ, (int) vh, low, f));
        return g.load(hi(arg), g.jump(Insn.JGT, (int) vh, t, g.jump(Insn.JEQ, (int) vh, low, f)));
    }

    private int masked(int arg, long mask, long value, int t, int f) {
        int next = t;
        long lm = mask & LOW32;
        long hm = mask >>> 32;
        if (lm != 0) next = word(lo(arg), lm, value & LOW32, next, f);
        if (hm != 0 && !narrow) next = word(hi(arg), hm, value >>> 32, next, f);
        return next;
    }

    /** {@code word & mask == value} for one 32-bit word. */
    private int word(int offset, long mask, long value, int t, int f) {
        if (mask == LOW32) return g.load(offset, g.jump(Insn.JEQ, (int) value, t, f));
        if (value == 0) return g.load(offset, g.jump(Insn.JSET, (int) mask, f, t));
        if (value == mask && Long.bitCount(mask) == 1) return g.load(offset, g.jump(Insn.JSET, (int) mask, t, f));
        return g.load(offset, g.and((int) mask, g.jump(Insn.JEQ, (int) value, t, f)));
    }

    /** {@code arg in (values)}: values grouped by high word, then a chain of low-word equalities. */
    private int in(int arg, List<Long> values, int t, int f) {
        Map<Long, List<Long>> byHigh = new LinkedHashMap<>();
        for (long v : values) {
            byHigh.computeIfAbsent(narrow ? 0L : v >>> 32, h -> new ArrayList<>()).add(v & LOW32);
        }
        int next = f;
        List<Map.Entry<Long, List<Long>>> groups = new ArrayList<>(byHigh.entrySet());
        for (int i = groups.size() - 1; i >= 0; i--) {
            List<Long> lows = groups.get(i).getValue();
            int chain = f;
            for (int j = lows.size() - 1; j >= 0; j--) chain = g.jump(Insn.JEQ, (int) (long) lows.get(j), t, chain);
            int low = g.load(lo(arg), chain);
            next = narrow ? low : g.jump(Insn.JEQ, (int) (long) groups.get(i).getKey(), low, next);
        }
        return narrow ? next : g.load(hi(arg), next);
    }
}
