package dev.ward.seccomp;

/**
 * The diagnostic codes of the seccomp backend (W021x; the front end's seccomp codes are W0201..W0208 and the
 * importer's W029x).
 */
public final class SeccompCodes {
    private SeccompCodes() {}

    /** An {@code expect} line the compiled filter does not satisfy. */
    public static final String EXPECTATION_FAILED = "W0210";
    /** A filter longer than the kernel accepts. */
    public static final String PROGRAM_TOO_LARGE = "W0211";
    /** An {@code expect} line that cannot be checked (syscall or program missing for its architecture). */
    public static final String EXPECTATION_UNCHECKABLE = "W0212";
    /** A policy the OCI/Docker or LXC seccomp format cannot express exactly. */
    public static final String NOT_EXPRESSIBLE = "W0213";
    /** A constant wider than the 32-bit arguments of an ABI the profile lists. */
    public static final String CONSTANT_TRUNCATED = "W0214";
}
