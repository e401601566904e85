package dev.ward.ir;

import dev.ward.diag.Span;

/**
 * Where an IR element was written. Origins are provenance, not meaning: every origin equals every other,
 * so two IRs that differ only in layout (for example before and after {@code ward fmt}) are equal.
 */
public final class Origin {
    /** For IR built in code, with no source text behind it. */
    public static final Origin NONE = new Origin(Span.file("<none>"));

    private final Span span;

    private Origin(Span span) {
        this.span = span;
    }

    public static Origin of(Span span) {
        return new Origin(span);
    }

    public Span span() {
        return span;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Origin;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return span.toString();
    }
}
