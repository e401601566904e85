package dev.ward.ast;

import dev.ward.diag.Span;

/** A string literal: {@code raw} is the source text with quotes, {@code value} the decoded text. */
public record Str(String raw, String value, Span span) implements Node {}
