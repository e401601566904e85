package dev.ward.ir;

/**
 * A seccomp action. {@code value} is the errno for ERRNO (0..4095) and the data for TRAP and TRACE
 * (0..65535); it is 0 for the others.
 */
public record Action(Kind kind, int value) {
    public enum Kind {
        ALLOW("allow", 0x7fff0000L),
        LOG("log", 0x7ffc0000L),
        ERRNO("errno", 0x00050000L),
        KILL_PROCESS("kill-process", 0x80000000L),
        KILL_THREAD("kill-thread", 0x00000000L),
        TRAP("trap", 0x00030000L),
        NOTIFY("notify", 0x7fc00000L),
        TRACE("trace", 0x7ff00000L);

        private final String keyword;
        private final long base;

        Kind(String keyword, long base) {
            this.keyword = keyword;
            this.base = base;
        }

        /** The keyword written in policies. */
        public String keyword() {
            return keyword;
        }

        /** The SECCOMP_RET_* value before the data bits are added. */
        public long base() {
            return base;
        }
    }

    public static final Action ALLOW = new Action(Kind.ALLOW, 0);
    public static final Action LOG = new Action(Kind.LOG, 0);
    public static final Action KILL_PROCESS = new Action(Kind.KILL_PROCESS, 0);
    public static final Action KILL_THREAD = new Action(Kind.KILL_THREAD, 0);
    public static final Action NOTIFY = new Action(Kind.NOTIFY, 0);

    public Action {
        int max = switch (kind) {
            case ERRNO -> 4095;
            case TRAP, TRACE -> 65535;
            default -> 0;
        };
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(kind.keyword() + " takes 0.." + max + ", not " + value);
        }
    }

    public static Action errno(int errno) {
        return new Action(Kind.ERRNO, errno);
    }

    /** The 32-bit value a seccomp filter returns for this action. */
    public long seccompRet() {
        return kind.base() | value;
    }

    /** The policy form: {@code allow}, {@code errno(1)}, {@code trace(7)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case ERRNO, TRACE -> kind.keyword() + "(" + value + ")";
            case TRAP -> value == 0 ? "trap" : "trap(" + value + ")";
            default -> kind.keyword();
        };
    }
}
