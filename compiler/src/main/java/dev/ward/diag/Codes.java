package dev.ward.diag;

/** The diagnostic codes of the front end (files, syntax, names, and the checks done while resolving). */
public final class Codes {
    private Codes() {}

    // W00xx: files and syntax
    public static final String CANNOT_READ = "W0001";
    public static final String NO_POLICIES = "W0002";
    public static final String FILE_TOO_LARGE = "W0003";
    public static final String INVALID_UTF8 = "W0004";
    public static final String BAD_CHARACTER = "W0005";
    public static final String UNTERMINATED_STRING = "W0006";
    public static final String BAD_STRING = "W0007";
    public static final String SYNTAX = "W0008";
    public static final String TOO_DEEP = "W0009";
    public static final String TOO_MANY_ERRORS = "W0010";
    public static final String CANNOT_WRITE = "W0011";
    public static final String NETWORK_WORD_ON_NEXT_LINE = "W0012";

    // W01xx: names and resolution
    public static final String MISSING_USE = "W0101";
    public static final String UNKNOWN_PROFILE = "W0102";
    public static final String EXTENDS_CYCLE = "W0103";
    public static final String UNKNOWN_SYSCALL = "W0104";
    public static final String SYSCALL_NOT_ON_ARCH = "W0105";
    public static final String UNKNOWN_GROUP = "W0106";
    public static final String GROUP_CYCLE = "W0107";
    public static final String UNKNOWN_CONSTANT = "W0108";
    public static final String DUPLICATE_PROFILE = "W0109";
    public static final String DUPLICATE_SETTING = "W0110";
    public static final String UNKNOWN_ARCH = "W0111";
    public static final String UNKNOWN_WORD = "W0112";
    public static final String DUPLICATE_NAME = "W0113";
    public static final String UNKNOWN_ACTION = "W0114";
    public static final String BAD_NUMBER = "W0115";
    public static final String UNKNOWN_CAPABILITY = "W0116";
    public static final String UNKNOWN_RLIMIT = "W0117";
    public static final String UNKNOWN_LIMIT = "W0118";
    public static final String UNKNOWN_NAMESPACE = "W0119";
    public static final String CONSTANT_CYCLE = "W0120";

    // W02xx: seccomp
    public static final String NO_DEFAULT = "W0201";
    public static final String DUPLICATE_DEFAULT = "W0202";
    public static final String BAD_ARGUMENT = "W0203";
    public static final String MASK_BITS = "W0204";
    public static final String ACTION_VALUE = "W0205";
    public static final String CONDITION_TOO_LARGE = "W0206";
    public static final String MASK_OPERATOR = "W0207";
    public static final String BAD_EXPECTATION = "W0208";

    // W04xx: capabilities, id maps, limits, network, devices, filesystem, namespaces
    public static final String KEEP_AND_DROP = "W0401";
    public static final String UNPRIVILEGED_ROOT = "W0402";
    public static final String OVERLAPPING_IDS = "W0403";
    public static final String BAD_UNIT = "W0404";
    public static final String SOFT_ABOVE_HARD = "W0405";
    public static final String LIMIT_RANGE = "W0406";
    public static final String BAD_DEVICE = "W0407";
    public static final String BAD_PATH = "W0408";
    public static final String BAD_NETWORK = "W0409";
    public static final String BAD_OWNER = "W0410";
    public static final String SHARED_USER_NAMESPACE = "W0411";
    public static final String BAD_IDMAP = "W0412";
}
