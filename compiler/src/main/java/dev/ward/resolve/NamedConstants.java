package dev.ward.resolve;

import java.util.Set;
import java.util.OptionalLong;

/** The table of named constants ({@code AF_*}, {@code CLONE_*}, errno names, ...) resolution looks names up in. */
public interface NamedConstants {
    /** The value of {@code name} as an unsigned 64-bit number, if known. */
    OptionalLong value(String name);

    /** Every known name, for suggestions. */
    Set<String> names();
}
