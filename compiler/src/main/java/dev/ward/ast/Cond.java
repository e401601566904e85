package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.List;

/** A seccomp argument condition as written. */
public sealed interface Cond extends Node {
    /** {@code a || b || ...}. */
    record Or(List<Cond> operands, Span span) implements Cond {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a && b && ...}. */
    record And(List<Cond> operands, Span span) implements Cond {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code !a}. */
    record Not(Cond operand, Span span) implements Cond {}

    /** {@code (a)}, kept so the formatter keeps the author's grouping. */
    record Paren(Cond inner, Span span) implements Cond {}

    /** {@code argN OP value}. */
    record Compare(Name argument, String op, Value value, Span span) implements Cond {}

    /** {@code argN & mask OP value}. */
    record Masked(Name argument, Value mask, String op, Value value, Span span) implements Cond {}

    /** {@code argN in (a, b, ...)}. */
    record In(Name argument, List<Value> values, Span span) implements Cond {
        public In {
            values = List.copyOf(values);
        }
    }
}
