package dev.ward.importer;

/** The diagnostic codes of {@code ward import}: files, then seccomp profiles (W029x), then LXC configs (W049x). */
public final class ImportCodes {
    /** The input cannot be read. */
    public static final String CANNOT_READ = "W0001";
    /** The output cannot be written. */
    public static final String CANNOT_WRITE = "W0011";
    /** Malformed JSON, or JSON of the wrong shape for a seccomp profile. */
    public static final String BAD_PROFILE = "W0290";
    /** A value the profile uses that runc or libseccomp refuses (an action, operator, errno, argument index). */
    public static final String BAD_VALUE = "W0291";
    /** A field runc does not read; it is ignored. */
    public static final String IGNORED_FIELD = "W0292";
    /** libseccomp refuses to add a rule, so runc refuses the whole profile. */
    public static final String REJECTED_BY_LIBSECCOMP = "W0293";
    /** The options ask for something the profile cannot give (an architecture, a capability, a kernel). */
    public static final String BAD_OPTION = "W0294";
    /** Something the import keeps only as a note: Ward cannot express it exactly. */
    public static final String NOT_EXPRESSIBLE = "W0295";
    /** A malformed LXC configuration line or seccomp policy. */
    public static final String BAD_LXC = "W0490";
    /** An LXC key or value with no Ward form; it is kept as a note. */
    public static final String LXC_NOTE = "W0491";

    private ImportCodes() {}
}
