package dev.ward.runtime;

import com.sun.jna.LastErrorException;
import dev.ward.runtime.linux.LibC;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The process that becomes the command. The parent starts it (inside the namespaces the profile asks for)
 * and hands it an {@link ExecPlan} on fd 3. Once this JVM is up (all its threads started) it says so with a
 * byte on fd 5; the parent then moves it into the cgroup and raises its hard limits, and writes one byte on
 * fd 4. This process then confines itself on the thread that calls execve, so the per-thread state
 * (capabilities, no_new_privs, the seccomp filter, the AppArmor exec request) is the one the command gets.
 * A step that fails ends it with a one-line message before the command starts.
 */
public final class Exec {
    /** The fd the plan arrives on. */
    public static final int PLAN_FD = 3;
    /** The fd the parent's go-ahead arrives on; end of file means the parent gave up. */
    public static final int GO_FD = 4;
    /** The fd this process says it is up on. */
    public static final int READY_FD = 5;

    private Exec() {}

    public static void main(String[] args) {
        LibC c = LibC.INSTANCE;
        ExecPlan plan;
        try {
            plan = ExecPlan.decode(readAll(c, PLAN_FD));
        } catch (IOException | LastErrorException e) {
            System.err.println("ward run: cannot read the exec plan: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            c.write(READY_FD, new byte[] {1}, 1);
            c.close(READY_FD);
        } catch (LastErrorException e) {
            System.exit(1);
            return;
        }
        if (!awaitGo(c)) {
            System.exit(1);
            return;
        }
        try {
            ThreadConfinement confinement = new ThreadConfinement(c, plan);
            new NamespaceSetup(c, plan).apply();
            confinement.apply();
            confinement.exec();
        } catch (StepFailure f) {
            System.err.println("ward run: " + plan.label() + ": " + f.getMessage());
            System.err.flush();
            c._exit(f.exitCode());
        }
    }

    private static byte[] readAll(LibC c, int fd) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (true) {
            long n;
            try {
                n = c.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == 4) continue;
                throw new IOException(c.strerror(e.getErrorCode()));
            }
            if (n == 0) break;
            out.write(buf, 0, (int) n);
        }
        c.close(fd);
        return out.toByteArray();
    }

    private static boolean awaitGo(LibC c) {
        byte[] one = new byte[1];
        while (true) {
            try {
                long n = c.read(GO_FD, one, 1);
                c.close(GO_FD);
                return n == 1;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 4) return false;
            }
        }
    }
}
