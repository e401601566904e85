package dev.ward.runtime.linux;

/** Kernel ABI constants shared by the architectures Ward runs on (x86_64, aarch64, riscv64, s390x, ppc64le). */
public final class Linux {
    private Linux() {}

    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_CAP_AMBIENT = 47;
    public static final int PR_CAP_AMBIENT_RAISE = 2;
    public static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    public static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    public static final int SECCOMP_SET_MODE_FILTER = 1;

    public static final int O_RDONLY = 0;
    public static final int O_PATH = 010000000;
    public static final int O_CLOEXEC = 02000000;

    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int FD_CLOEXEC = 1;
    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    public static final int SIG_SETMASK = 2;
    public static final int SIGSET_BYTES = 128;
    public static final short POSIX_SPAWN_SETPGROUP = 0x02;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** glibc's posix_spawn_file_actions_t and posix_spawnattr_t are smaller than this on every architecture. */
    public static final int SPAWN_STRUCT_BYTES = 512;

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    public static final int EINTR = 4;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EBUSY = 16;
    public static final int ECHILD = 10;

    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final long SIOCGIFFLAGS = 0x8913;
    public static final long SIOCSIFFLAGS = 0x8914;
    public static final int IFF_UP = 0x1;
    public static final int IFREQ_BYTES = 40;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;

    /** The exit status a shell reports: the code, or 128 + the signal for a death by signal. */
    public static int shellStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        if (signal == 0) return (waitStatus >> 8) & 0xff;
        return 128 + signal;
    }

    /** True when a wait status says the process has ended (exited or killed), not stopped or continued. */
    public static boolean ended(int waitStatus) {
        return (waitStatus & 0x7f) != 0x7f;
    }
}
