package dev.ward.ir;

/** A soft and hard rlimit; {@link #UNLIMITED} is RLIM_INFINITY. */
public record RlimitValue(long soft, long hard, Origin origin) {
    /** {@code unlimited}: RLIM_INFINITY (all ones as an unsigned 64-bit number). */
    public static final long UNLIMITED = -1L;
}
