package dev.ward.ir;

import java.util.List;

/**
 * A resolved argument condition: constants folded, values unsigned 64-bit (held in a {@code long}).
 * Argument indexes are 0..5.
 */
public sealed interface Condition {

    /** {@code argN OP value}, compared as unsigned 64-bit numbers. */
    record Compare(int arg, Op op, long value) implements Condition {
        public Compare {
            checkArg(arg);
        }
    }

    /** {@code argN & mask == value}; value has no bits outside mask. */
    record MaskedEquals(int arg, long mask, long value) implements Condition {
        public MaskedEquals {
            checkArg(arg);
            if ((value & ~mask) != 0) throw new IllegalArgumentException("value has bits outside mask");
        }
    }

    /** {@code argN in (a, b, ...)}. */
    record In(int arg, List<Long> values) implements Condition {
        public In {
            checkArg(arg);
            values = List.copyOf(values);
            if (values.isEmpty()) throw new IllegalArgumentException("empty in-list");
        }
    }

    record And(Condition left, Condition right) implements Condition {}

    record Or(Condition left, Condition right) implements Condition {}

    record Not(Condition operand) implements Condition {}

    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private static void checkArg(int arg) {
        if (arg < 0 || arg > 5) throw new IllegalArgumentException("argument index " + arg + " is not 0..5");
    }
}
