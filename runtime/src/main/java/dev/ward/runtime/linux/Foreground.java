package dev.ward.runtime.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Hands the terminal to a child's process group while it runs, as a shell does for a job, when ward itself
 * holds the terminal's foreground: then a Ctrl-C reaches the command (or the init that forwards to it) once,
 * not once directly and once more through ward. {@link #close()} takes the terminal back.
 */
public final class Foreground implements AutoCloseable {
    private static final int SIGTTOU = 22;
    private static final int SIG_BLOCK = 0;

    private final int ownGroup;
    private final boolean handed;

    private Foreground(int ownGroup, boolean handed) {
        this.ownGroup = ownGroup;
        this.handed = handed;
    }

    /** Gives the terminal on stdin to process group {@code group} if ward is in its foreground now. */
    public static Foreground handTo(int group) {
        LibC c = LibC.INSTANCE;
        try {
            int own = c.getpgrp();
            if (c.isatty(0) != 1 || c.tcgetpgrp(0) != own) return new Foreground(own, false);
            c.tcsetpgrp(0, group);
            return new Foreground(own, true);
        } catch (LastErrorException e) {
            return new Foreground(0, false);
        }
    }

    @Override
    public void close() {
        if (!handed) return;
        LibC c = LibC.INSTANCE;
        // ward is a background group now: tcsetpgrp would stop it with SIGTTOU unless the signal is blocked.
        Memory set = new Memory(Linux.SIGSET_BYTES);
        Memory old = new Memory(Linux.SIGSET_BYTES);
        try {
            c.sigemptyset(set);
            c.sigaddset(set, SIGTTOU);
            c.sigprocmask(SIG_BLOCK, set, old);
            try {
                c.tcsetpgrp(0, ownGroup);
            } finally {
                c.sigprocmask(Linux.SIG_SETMASK, old, Pointer.NULL);
            }
        } catch (LastErrorException e) {
            // The terminal is gone (hung up): nothing to take back.
        }
    }
}
