package dev.ward.ir;

import java.util.List;
import java.util.Set;

/**
 * One rule of the apparmor block in a generic form: qualifiers, the family keyword ({@code file},
 * {@code network}, {@code mount}, {@code signal}, {@code include}, {@code raw}, ...) and its operands as
 * written. The AppArmor backend validates the family and operands and reports located diagnostics.
 */
public record AppArmorRule(Set<Qualifier> qualifiers, String family, List<Atom> atoms, Origin origin) {
    public enum Qualifier { AUDIT, DENY, OWNER }

    public AppArmorRule {
        qualifiers = Set.copyOf(qualifiers);
        atoms = List.copyOf(atoms);
    }

    /** An operand as written in the policy. */
    public sealed interface Atom {
        Origin origin();

        /** A bare word: {@code rw}, {@code inet}, {@code stream}, {@code ix}, {@code 4.0}. */
        record Word(String text, Origin origin) implements Atom {}

        /** A string literal with escapes already decoded. */
        record Quoted(String value, Origin origin) implements Atom {}

        /** {@code ->}, which introduces an exec or mount target. */
        record Arrow(Origin origin) implements Atom {}

        /** {@code key=value} or {@code key=(a, b)}: {@code fstype=ext4}, {@code peer="x"}, {@code set=(hup, term)}. */
        record Option(String key, List<Atom> values, Origin origin) implements Atom {
            public Option {
                values = List.copyOf(values);
            }
        }
    }
}
