package dev.ward.ast;

import dev.ward.diag.Span;

/**
 * A numeric token as written; it is interpreted during resolution so that a bad unit or an oversized
 * number gets a located diagnostic there. {@code KEYWORD} holds {@code max} or {@code unlimited}.
 */
public record Literal(Kind kind, String text, Span span) implements Node {
    public enum Kind { NUMBER, HEX, OCTAL, DECIMAL, SIZED, KEYWORD }
}
