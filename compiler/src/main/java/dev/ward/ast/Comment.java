package dev.ward.ast;

import dev.ward.diag.Span;

/** A {@code #} comment, kept for the formatter. */
public record Comment(String text, Span span) implements Node {}
