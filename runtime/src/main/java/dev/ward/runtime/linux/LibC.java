package dev.ward.runtime.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/**
 * The C library calls the runtime needs. Every method throws {@link LastErrorException} when the call fails,
 * so no caller can forget to look at errno.
 */
public interface LibC extends Library {
    /** glibc by its soname: a bare "c" makes JNA run ldconfig -p to find it, a process per JVM. */
    LibC INSTANCE = load();

    private static LibC load() {
        try {
            return Native.load("libc.so.6", LibC.class);
        } catch (UnsatisfiedLinkError e) {
            return Native.load("c", LibC.class);
        }
    }

    int geteuid() throws LastErrorException;

    int getpid() throws LastErrorException;

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int capget(Pointer header, Pointer data) throws LastErrorException;

    int capset(Pointer header, Pointer data) throws LastErrorException;

    int prlimit(int pid, int resource, Pointer newLimit, Pointer oldLimit) throws LastErrorException;

    long syscall(long number, Object... args) throws LastErrorException;

    int execve(Pointer path, StringArray argv, StringArray envp) throws LastErrorException;

    void _exit(int status);

    int kill(int pid, int signal) throws LastErrorException;

    int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int open(String path, int flags, int mode) throws LastErrorException;

    int poll(Pointer fds, long count, int timeoutMs) throws LastErrorException;

    int fcntl(int fd, int command, int arg) throws LastErrorException;

    int sigprocmask(int how, Pointer set, Pointer oldSet) throws LastErrorException;

    int sigemptyset(Pointer set) throws LastErrorException;

    int sigaddset(Pointer set, int signal) throws LastErrorException;

    int isatty(int fd);

    int getpgrp() throws LastErrorException;

    int tcgetpgrp(int fd) throws LastErrorException;

    int tcsetpgrp(int fd, int group) throws LastErrorException;

    int sethostname(String name, long length) throws LastErrorException;

    int mount(String source, String target, String fstype, long flags, Pointer data) throws LastErrorException;

    int statvfs(String path, Pointer buffer) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attributes, StringArray argv,
                    StringArray envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setpgroup(Pointer attributes, int pgroup);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    String strerror(int errno);
}
