package dev.ward.ast;

import dev.ward.diag.Span;

/** Every syntax tree node knows where it was written. */
public interface Node {
    Span span();
}
