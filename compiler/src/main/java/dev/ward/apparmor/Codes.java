package dev.ward.apparmor;

/** The AppArmor backend's diagnostic codes (W03xx). */
public final class Codes {
    private Codes() {}

    /** Unknown rule family, or a rule whose operands do not fit its family. */
    public static final String RULE = "W0301";
    /** Invalid file permissions or exec mode. */
    public static final String PERMISSION = "W0302";
    /** A path or glob that is not a valid, absolute AppArmor pattern. */
    public static final String PATH = "W0303";
    /** A value that cannot be written safely (control character, NUL, quote where none may be, too long). */
    public static final String VALUE = "W0304";
    /** An unknown keyword value: network domain, signal, mount option, capability, ... */
    public static final String KEYWORD = "W0305";
    /** A rule that needs {@code abi "4.0"}. */
    public static final String ABI = "W0306";
    /** A {@code raw} rule that is not exactly one valid rule. */
    public static final String RAW = "W0307";
    /** An include that is not an abstraction or tunable. */
    public static final String INCLUDE = "W0308";
    /** A reference to an AppArmor variable that the shipped tunables do not define. */
    public static final String VARIABLE = "W0309";
    /** A deny rule takes away everything an allow rule grants (deny always wins in AppArmor). */
    public static final String DENY_OVERRIDES = "W0310";
    /** A profile without mode and without apparmor block gets no AppArmor profile. */
    public static final String NO_PROFILE = "W0311";
}
