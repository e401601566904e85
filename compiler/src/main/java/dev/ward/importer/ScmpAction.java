package dev.ward.importer;

import dev.ward.ir.Action;
import java.util.Optional;

/** The actions a Docker or OCI seccomp profile names, as runc turns them into libseccomp actions. */
enum ScmpAction {
    KILL, KILL_THREAD, KILL_PROCESS, TRAP, ERRNO, TRACE, ALLOW, LOG, NOTIFY;

    /** The name profiles use: {@code SCMP_ACT_ERRNO}. */
    String profileName() {
        return "SCMP_ACT_" + name();
    }

    static Optional<ScmpAction> byProfileName(String name) {
        for (ScmpAction a : values()) {
            if (a.profileName().equals(name)) return Optional.of(a);
        }
        return Optional.empty();
    }

    /**
     * The action runc gives libseccomp: KILL is KILL_THREAD; ERRNO and TRACE carry {@code errnoRet}, EPERM
     * when it is absent; the other actions ignore it.
     */
    Action toAction(Optional<Integer> errnoRet) {
        int value = errnoRet.orElse(EPERM);
        return switch (this) {
            case KILL, KILL_THREAD -> Action.KILL_THREAD;
            case KILL_PROCESS -> Action.KILL_PROCESS;
            case TRAP -> new Action(Action.Kind.TRAP, 0);
            case ERRNO -> Action.errno(value);
            case TRACE -> new Action(Action.Kind.TRACE, value);
            case ALLOW -> Action.ALLOW;
            case LOG -> Action.LOG;
            case NOTIFY -> Action.NOTIFY;
        };
    }

    /** True for the actions whose data is {@code errnoRet}. */
    boolean takesErrno() {
        return this == ERRNO || this == TRACE;
    }

    private static final int EPERM = 1;
}
