package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.List;

/** An operand of an AppArmor rule as written. */
public sealed interface AppArmorAtom extends Node {
    record Word(String text, Span span) implements AppArmorAtom {}

    record Quoted(Str str) implements AppArmorAtom {
        @Override
        public Span span() {
            return str.span();
        }
    }

    record Arrow(Span span) implements AppArmorAtom {}

    /** A comma between operands; ignored by resolution, kept by the formatter. */
    record Comma(Span span) implements AppArmorAtom {}

    /** {@code key=value} ({@code list} false, one value) or {@code key=(a, b)}. */
    record Option(String key, List<AppArmorAtom> values, boolean list, Span span) implements AppArmorAtom {
        public Option {
            values = List.copyOf(values);
        }
    }
}
