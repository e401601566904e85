package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.List;
import java.util.Optional;

/** A top-level item of a file. */
public sealed interface Item extends Node {
    /** {@code use "path"}. */
    record Use(Str path, Span span) implements Item {}

    /** {@code const NAME = VALUE}. */
    record Const(Name name, Value value, Span span) implements Item {}

    /** {@code group @name = a, b, @other}. */
    record Group(Name name, List<Name> members, Span span) implements Item {
        public Group {
            members = List.copyOf(members);
        }
    }

    /** {@code profile NAME [extends PARENT] { ... }}. */
    record Profile(Name name, Optional<Name> parent, List<Statement> body, Span span) implements Item {
        public Profile {
            body = List.copyOf(body);
        }
    }
}
