package dev.ward.ast;

import dev.ward.diag.Span;

/** A word as written: a name, a keyword used as a value, or an {@code @group} name (with its '@'). */
public record Name(String text, Span span) implements Node {}
