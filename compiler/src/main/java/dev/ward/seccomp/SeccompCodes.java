package dev.ward.seccomp;

/** The diagnostic codes of the seccomp backend (W02xx). */
public final class SeccompCodes {
    private SeccompCodes() {}

    /** An {@code expect} line the compiled filter does not satisfy. */
    public static final String EXPECTATION_FAILED = "W0201";
    /** A filter longer than the kernel accepts. */
    public static final String PROGRAM_TOO_LARGE = "W0202";
    /** An {@code expect} line that cannot be checked (syscall or program missing for its architecture). */
    public static final String EXPECTATION_UNCHECKABLE = "W0203";
    /** A policy the OCI/Docker or LXC seccomp format cannot express exactly. */
    public static final String NOT_EXPRESSIBLE = "W0204";
    /** A constant wider than the 32-bit arguments of an ABI the profile lists. */
    public static final String CONSTANT_TRUNCATED = "W0205";
}
