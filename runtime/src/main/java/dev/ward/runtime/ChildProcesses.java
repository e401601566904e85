package dev.ward.runtime;

import static dev.ward.runtime.linux.Linux.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.ward.ir.Rlimit;
import dev.ward.runtime.linux.LibC;
import dev.ward.runtime.linux.Pipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The native engine's dealings with the processes it starts: finding, readying, limiting, waiting. */
final class ChildProcesses {
    private static final long PAYLOAD_TIMEOUT_MS = 20_000;

    private ChildProcesses() {}

    // Below unshare: newuidmap and newgidmap for a moment, init.lxc, and under it the JVM that becomes the
    // command.
    static int payload(int helper) throws RunFailure {
        Path java = ChildJvm.javaBinary();
        long deadline = System.currentTimeMillis() + PAYLOAD_TIMEOUT_MS;
        IntByReference status = new IntByReference();
        while (System.currentTimeMillis() < deadline) {
            if (LibC.INSTANCE.waitpid(helper, status, 1 /* WNOHANG */) == helper) {
                throw new RunFailure("unshare could not create the namespaces (exit status "
                        + shellStatus(status.getValue()) + ")", 1);
            }
            Optional<Integer> found = descendantRunning(helper, java, 3);
            if (found.isPresent()) return found.get();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new RunFailure("the command's process did not appear under unshare", 1);
    }

    private static Optional<Integer> descendantRunning(int pid, Path exe, int depth) {
        if (depth == 0) return Optional.empty();
        String p = Integer.toString(pid);
        String children;
        try {
            children = Files.readString(Path.of("/proc", p, "task", p, "children")).trim();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String child : children.split("\\s+")) {
            if (child.isEmpty()) continue;
            try {
                if (Files.readSymbolicLink(Path.of("/proc", child, "exe")).equals(exe)) {
                    return Optional.of(Integer.parseInt(child));
                }
            } catch (IOException e) {
                // Gone, or not executing yet.
            }
            Optional<Integer> below = descendantRunning(Integer.parseInt(child), exe, depth - 1);
            if (below.isPresent()) return below;
        }
        return Optional.empty();
    }

    static void awaitReady(Pipe ready, int child) throws RunFailure {
        long deadline = System.currentTimeMillis() + PAYLOAD_TIMEOUT_MS;
        IntByReference status = new IntByReference();
        while (System.currentTimeMillis() < deadline) {
            if (ready.readable(50)) {
                if (ready.readByte() == 1) return;
                break;
            }
            if (LibC.INSTANCE.waitpid(child, status, 1 /* WNOHANG */) == child) break;
        }
        throw new RunFailure("the process that becomes the command did not start", 1);
    }

    // Only the parent, outside any user namespace, may raise a hard limit; the child sets the exact values.
    static void raiseHardLimits(int pid, ExecPlan plan) throws RunFailure {
        LibC c = LibC.INSTANCE;
        Memory old = new Memory(16);
        Memory raised = new Memory(16);
        for (ExecPlan.RlimitSetting r : plan.rlimits()) {
            try {
                c.prlimit(pid, r.resource(), Pointer.NULL, old);
                if (Long.compareUnsigned(r.hard(), old.getLong(8)) <= 0) continue;
                raised.setLong(0, old.getLong(0));
                raised.setLong(8, r.hard());
                c.prlimit(pid, r.resource(), raised, Pointer.NULL);
            } catch (LastErrorException e) {
                throw new RunFailure("cannot raise the hard limit of rlimit " + Rlimit.values()[r.resource()].wardName()
                        + ": " + c.strerror(e.getErrorCode()), 1);
            }
        }
    }

    static void abort(int child) {
        try {
            LibC.INSTANCE.kill(child, SIGKILL);
        } catch (LastErrorException e) {
            // Already gone.
        }
        waitFor(child);
    }

    static int waitFor(int pid) {
        IntByReference status = new IntByReference();
        while (true) {
            try {
                LibC.INSTANCE.waitpid(pid, status, 0);
                return status.getValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) return 127 << 8; // not our child any more: report 127
            }
        }
    }
}
