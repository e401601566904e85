package dev.ward.runtime.linux;

import static dev.ward.runtime.linux.Linux.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * posix_spawn with exact control of the child's descriptors: 0-2 are inherited, then the listed pipe ends
 * and opened paths take 3, 4, ... in order, and everything above is closed. The JVM's own ProcessBuilder
 * cannot hand a child extra descriptors, which the runtime needs for its plan, its go-ahead and its
 * class path.
 */
public final class Spawn {
    private final List<Integer> dupFds = new ArrayList<>();
    private final List<String> openPaths = new ArrayList<>();
    private String workingDirectory;

    /** Passes one of this process's descriptors as the next child descriptor. */
    public Spawn passFd(int fd) {
        if (!openPaths.isEmpty()) throw new IllegalStateException("descriptors come before paths");
        dupFds.add(fd);
        return this;
    }

    /** Opens a path with O_PATH in the child (before its exec, with its credentials) as the next descriptor. */
    public Spawn openPath(String path) {
        openPaths.add(path);
        return this;
    }

    /** Starts the child in this directory. */
    public Spawn workingDirectory(String dir) {
        workingDirectory = dir;
        return this;
    }

    /** The descriptor number the i-th opened path gets in the child. */
    public int pathFd(int i) {
        return 3 + dupFds.size() + i;
    }

    /** Starts {@code path} (absolute) with argv and envp, in a new process group if asked; returns its pid. */
    public int start(String path, List<String> argv, List<String> envp, boolean newProcessGroup)
            throws IOException {
        LibC c = LibC.INSTANCE;
        Memory actions = new Memory(SPAWN_STRUCT_BYTES);
        Memory attributes = new Memory(SPAWN_STRUCT_BYTES);
        Memory mask = new Memory(SIGSET_BYTES);
        check(c.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        check(c.posix_spawnattr_init(attributes), "posix_spawnattr_init");
        List<Integer> temporary = new ArrayList<>();
        try {
            int target = 3;
            for (int fd : dupFds) {
                // A source below the target range could be overwritten by an earlier dup2: move it up first.
                int src = fd;
                if (src < 3 + dupFds.size() + openPaths.size()) {
                    src = c.fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, 64);
                    temporary.add(src);
                }
                check(c.posix_spawn_file_actions_adddup2(actions, src, target++), "adddup2");
            }
            for (String p : openPaths) {
                check(c.posix_spawn_file_actions_addopen(actions, target++, p, O_PATH, 0), "addopen");
            }
            check(c.posix_spawn_file_actions_addclosefrom_np(actions, target), "addclosefrom_np");
            if (workingDirectory != null) {
                check(c.posix_spawn_file_actions_addchdir_np(actions, workingDirectory), "addchdir_np");
            }
            c.sigemptyset(mask);
            check(c.posix_spawnattr_setsigmask(attributes, mask), "setsigmask");
            short flags = POSIX_SPAWN_SETSIGMASK;
            if (newProcessGroup) {
                check(c.posix_spawnattr_setpgroup(attributes, 0), "setpgroup");
                flags |= POSIX_SPAWN_SETPGROUP;
            }
            check(c.posix_spawnattr_setflags(attributes, flags), "setflags");
            IntByReference pid = new IntByReference();
            int rc = c.posix_spawn(pid, path, actions, attributes, new StringArray(argv.toArray(new String[0])),
                    new StringArray(envp.toArray(new String[0])));
            if (rc != 0) throw new IOException("cannot start " + path + ": " + c.strerror(rc));
            return pid.getValue();
        } catch (LastErrorException e) {
            throw new IOException("cannot prepare the child's descriptors: " + c.strerror(e.getErrorCode()));
        } finally {
            for (int fd : temporary) c.close(fd);
            c.posix_spawn_file_actions_destroy(actions);
            c.posix_spawnattr_destroy(attributes);
        }
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) throw new IOException(what + ": " + LibC.INSTANCE.strerror(rc));
    }
}
