package dev.ward.runtime;

import static dev.ward.runtime.linux.Linux.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import dev.ward.ir.Capability;
import dev.ward.ir.Rlimit;
import dev.ward.runtime.linux.LibC;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The confinement steps, in the order the kernel needs them, applied to the calling thread, which then
 * executes the command. Everything the steps pass to the kernel is allocated up front: once the rlimits are
 * set the process may not be allowed to map more memory or open more files, and once the filter is
 * installed only the calls it allows may run.
 */
final class ThreadConfinement {
    private static final int SYS_ADMIN = 21;

    private final LibC c;
    private final ExecPlan plan;
    private final int capLastCap;
    private final Memory[] rlimits;
    private final Memory capHeader = new Memory(8);
    private final Memory capData = new Memory(24);
    private final Memory interimCapData = new Memory(24);
    private final boolean interimSysAdmin;
    private final Memory emptyMask = new Memory(SIGSET_BYTES);
    private final Memory filter;
    private final Memory filterProg = new Memory(16);
    private final Memory path;
    private final StringArray argv;
    private final StringArray envp;

    ThreadConfinement(LibC c, ExecPlan plan) throws StepFailure {
        this.c = c;
        this.plan = plan;
        this.capLastCap = readCapLastCap();
        rlimits = new Memory[plan.rlimits().size()];
        for (int i = 0; i < rlimits.length; i++) {
            rlimits[i] = new Memory(16);
            rlimits[i].setLong(0, plan.rlimits().get(i).soft());
            rlimits[i].setLong(8, plan.rlimits().get(i).hard());
        }
        capHeader.setInt(0, LINUX_CAPABILITY_VERSION_3);
        capHeader.setInt(4, 0);
        ExecPlan.CapabilityMasks caps = plan.caps();
        // Without no_new_privs the kernel installs a filter only for a thread with CAP_SYS_ADMIN: keep it in
        // the effective set until the filter is in, then drop it (the filter must allow that capset).
        interimSysAdmin = !plan.noNewPrivs() && plan.seccompFilter().length > 0 && !in(caps.effective(), SYS_ADMIN);
        long extra = interimSysAdmin ? 1L << SYS_ADMIN : 0;
        capSets(capData, caps.effective(), caps.permitted(), caps.inheritable());
        capSets(interimCapData, caps.effective() | extra, caps.permitted() | extra, caps.inheritable());
        c.sigemptyset(emptyMask);
        byte[] program = plan.seccompFilter();
        filter = new Memory(Math.max(8, program.length));
        filter.write(0, program, 0, program.length);
        filterProg.clear();
        filterProg.setShort(0, (short) (program.length / 8));
        filterProg.setPointer(8, filter);
        byte[] p = plan.path().getBytes(StandardCharsets.UTF_8);
        path = new Memory(p.length + 1L);
        path.write(0, p, 0, p.length);
        path.setByte(p.length, (byte) 0);
        argv = new StringArray(plan.argv().toArray(new String[0]));
        envp = new StringArray(plan.env().toArray(new String[0]));
    }

    private static void capSets(Memory data, long effective, long permitted, long inheritable) {
        for (int word = 0; word < 2; word++) {
            data.setInt(word * 12L, (int) (effective >>> (32 * word)));
            data.setInt(word * 12L + 4, (int) (permitted >>> (32 * word)));
            data.setInt(word * 12L + 8, (int) (inheritable >>> (32 * word)));
        }
    }

    /** Applies every step; the first one the kernel refuses ends the run. */
    void apply() throws StepFailure {
        closeOnExec();
        setRlimits();
        dropBoundingSet();
        setCapabilities();
        setNoNewPrivs();
        requestAppArmorProfile();
        clearSignalMask();
        installSeccomp();
        if (interimSysAdmin) {
            try {
                c.capset(capHeader, capData);
            } catch (LastErrorException e) {
                throw fail("cannot drop sys_admin after installing the seccomp filter (does it allow capset?)", e);
            }
        }
    }

    /** Replaces this process with the command; returns only by throwing. */
    void exec() throws StepFailure {
        try {
            c.execve(path, argv, envp);
        } catch (LastErrorException e) {
            int code = e.getErrorCode() == ENOENT ? 127 : 126;
            throw new StepFailure("cannot execute " + plan.path() + ": " + c.strerror(e.getErrorCode()), code);
        }
        throw new StepFailure("execve returned", 126);
    }

    // The JVM opens its files without O_CLOEXEC; none of them may reach the command.
    private void closeOnExec() throws StepFailure {
        try {
            c.syscall(plan.closeRangeSyscall(), 3L, 0xffffffffL, (long) CLOSE_RANGE_CLOEXEC);
            return;
        } catch (LastErrorException e) {
            // close_range needs Linux 5.11; older kernels get the per-descriptor loop below.
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                int n = Integer.parseInt(fd.getFileName().toString());
                if (n < 3) continue;
                try {
                    c.fcntl(n, F_SETFD, FD_CLOEXEC);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != 9) throw fail("cannot mark fd " + n + " close-on-exec", e);
                }
            }
        } catch (IOException e) {
            throw new StepFailure("cannot list /proc/self/fd: " + e.getMessage());
        }
    }

    private void setRlimits() throws StepFailure {
        for (int i = 0; i < rlimits.length; i++) {
            ExecPlan.RlimitSetting r = plan.rlimits().get(i);
            try {
                c.prlimit(0, r.resource(), rlimits[i], Pointer.NULL);
            } catch (LastErrorException e) {
                throw fail("cannot set rlimit " + rlimitName(r.resource()) + " to " + limit(r.soft()) + " " + limit(r.hard()), e);
            }
        }
    }

    private void dropBoundingSet() throws StepFailure {
        for (int cap = 0; cap <= capLastCap; cap++) {
            if (in(plan.caps().bounding(), cap)) continue;
            try {
                c.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
            } catch (LastErrorException e) {
                throw fail("cannot drop capability " + capabilityName(cap) + " from the bounding set", e);
            }
        }
    }

    private void setCapabilities() throws StepFailure {
        try {
            c.capset(capHeader, interimSysAdmin ? interimCapData : capData);
        } catch (LastErrorException e) {
            throw fail("cannot set the permitted, effective and inheritable capabilities", e);
        }
        try {
            c.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
            for (int cap = 0; cap <= capLastCap; cap++) {
                if (in(plan.caps().ambient(), cap)) c.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0);
            }
        } catch (LastErrorException e) {
            throw fail("cannot set the ambient capabilities", e);
        }
    }

    private void setNoNewPrivs() throws StepFailure {
        if (!plan.noNewPrivs()) return;
        try {
            c.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        } catch (LastErrorException e) {
            throw fail("cannot set no_new_privs", e);
        }
    }

    // The request is per thread: /proc/thread-self, not /proc/self, which is the thread group leader.
    private void requestAppArmorProfile() throws StepFailure {
        if (plan.apparmorProfile().isEmpty()) return;
        byte[] request = ("exec " + plan.apparmorProfile().get()).getBytes(StandardCharsets.UTF_8);
        Path attr = Path.of("/proc/thread-self/attr/apparmor/exec");
        if (!Files.exists(attr)) attr = Path.of("/proc/thread-self/attr/exec");
        try (FileOutputStream out = new FileOutputStream(attr.toFile())) {
            out.write(request);
        } catch (IOException e) {
            throw new StepFailure("cannot request AppArmor profile " + plan.apparmorProfile().get() + " for exec: "
                    + e.getMessage());
        }
    }

    private void clearSignalMask() throws StepFailure {
        try {
            c.sigprocmask(SIG_SETMASK, emptyMask, Pointer.NULL);
        } catch (LastErrorException e) {
            throw fail("cannot clear the signal mask", e);
        }
    }

    private void installSeccomp() throws StepFailure {
        if (plan.seccompFilter().length == 0) return;
        try {
            c.syscall(plan.seccompSyscall(), (long) SECCOMP_SET_MODE_FILTER, 0L, filterProg);
        } catch (LastErrorException e) {
            throw fail("cannot install the seccomp filter (" + plan.seccompFilter().length / 8 + " instructions)", e);
        }
    }

    private static boolean in(long mask, int cap) {
        return cap < 64 && (mask & (1L << cap)) != 0;
    }

    private static String rlimitName(int resource) {
        return Rlimit.values().length > resource ? Rlimit.values()[resource].wardName() : "#" + resource;
    }

    private static String capabilityName(int cap) {
        return Capability.byNumber(cap).map(Capability::wardName).orElse("#" + cap);
    }

    private static String limit(long value) {
        return value == -1 ? "unlimited" : Long.toString(value);
    }

    private StepFailure fail(String what, LastErrorException e) {
        return new StepFailure(what + ": " + c.strerror(e.getErrorCode()));
    }

    // One read: a sysctl file answers a read at a non-zero offset with end of file, so a reader that
    // starts with a small buffer sees only the first digit.
    private static int readCapLastCap() throws StepFailure {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/sys/kernel/cap_last_cap")) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return Integer.parseInt(new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            throw new StepFailure("cannot read /proc/sys/kernel/cap_last_cap: " + e.getMessage());
        }
    }
}
