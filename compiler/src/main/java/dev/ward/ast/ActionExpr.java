package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.Optional;

/** A seccomp action as written: {@code allow}, {@code errno(EPERM)}, {@code trace(7)}. */
public record ActionExpr(Name name, Optional<Value> argument, Span span) implements Node {}
