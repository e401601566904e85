package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.List;

/** A number or named constant, or several joined with {@code |}. */
public record Value(List<Term> terms, Span span) implements Node {
    public Value {
        terms = List.copyOf(terms);
    }

    /** One operand of a value. */
    public sealed interface Term extends Node {
        /** A non-negative number. */
        record Number(Literal literal) implements Term {
            @Override
            public Span span() {
                return literal.span();
            }
        }

        /** {@code -N}, which means 2^64 - N. */
        record Negative(Literal literal, Span span) implements Term {}

        /** A named constant ({@code AF_INET}, {@code EPERM}, or one declared with {@code const}). */
        record Constant(Name name) implements Term {
            @Override
            public Span span() {
                return name.span();
            }
        }
    }
}
