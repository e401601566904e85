package dev.ward.runtime;

import static dev.ward.runtime.linux.Linux.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.ward.runtime.linux.LibC;
import java.nio.charset.StandardCharsets;

/**
 * What the new namespaces need from inside before the capabilities go: the host name of a new UTS
 * namespace, {@code lo} up in a new network namespace, read-only and masked paths in a new mount namespace.
 */
final class NamespaceSetup {
    // statvfs flags that a remount must keep: in a user namespace the kernel refuses to clear them.
    private static final long ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_NOATIME = 1024,
            ST_NODIRATIME = 2048, ST_RELATIME = 4096;
    private static final long MS_NOATIME = 1024, MS_NODIRATIME = 2048, MS_RELATIME = 1 << 21;
    private static final int STATVFS_BYTES = 112;
    private static final int STATVFS_FLAG_OFFSET = 72;

    private final LibC c;
    private final ExecPlan plan;

    NamespaceSetup(LibC c, ExecPlan plan) {
        this.c = c;
        this.plan = plan;
    }

    void apply() throws StepFailure {
        if (plan.hostname().isPresent()) setHostname(plan.hostname().get());
        if (plan.loopbackUp()) loopbackUp();
        for (ExecPlan.MountStep m : plan.mounts()) mount(m);
    }

    private void setHostname(String name) throws StepFailure {
        try {
            c.sethostname(name, name.getBytes(StandardCharsets.UTF_8).length);
        } catch (LastErrorException e) {
            throw fail("cannot set the host name to " + name, e);
        }
    }

    private void loopbackUp() throws StepFailure {
        int fd;
        try {
            fd = c.socket(AF_INET, SOCK_DGRAM | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw fail("cannot open a socket to bring lo up", e);
        }
        try {
            Memory ifreq = new Memory(IFREQ_BYTES);
            ifreq.clear();
            ifreq.setString(0, "lo");
            c.ioctl(fd, SIOCGIFFLAGS, ifreq);
            ifreq.setShort(16, (short) (ifreq.getShort(16) | IFF_UP));
            c.ioctl(fd, SIOCSIFFLAGS, ifreq);
        } catch (LastErrorException e) {
            throw fail("cannot bring lo up", e);
        } finally {
            c.close(fd);
        }
    }

    private void mount(ExecPlan.MountStep m) throws StepFailure {
        String path = m.path();
        try {
            switch (m.kind()) {
                case READONLY -> {
                    c.mount(path, path, null, MS_BIND | MS_REC, Pointer.NULL);
                    c.mount(null, path, null, MS_BIND | MS_REMOUNT | MS_RDONLY | lockedFlags(path), Pointer.NULL);
                }
                case MASK_FILE -> c.mount("/dev/null", path, null, MS_BIND, Pointer.NULL);
                case MASK_DIR -> {
                    Memory data = new Memory(16);
                    data.setString(0, "size=0");
                    c.mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, data);
                }
            }
        } catch (LastErrorException e) {
            String what = switch (m.kind()) {
                case READONLY -> "cannot make " + path + " read-only";
                case MASK_FILE, MASK_DIR -> "cannot mask " + path;
            };
            throw fail(what, e);
        }
    }

    private long lockedFlags(String path) {
        Memory st = new Memory(STATVFS_BYTES);
        c.statvfs(path, st);
        long f = st.getLong(STATVFS_FLAG_OFFSET);
        long flags = 0;
        if ((f & ST_NOSUID) != 0) flags |= MS_NOSUID;
        if ((f & ST_NODEV) != 0) flags |= MS_NODEV;
        if ((f & ST_NOEXEC) != 0) flags |= MS_NOEXEC;
        if ((f & ST_NOATIME) != 0) flags |= MS_NOATIME;
        if ((f & ST_NODIRATIME) != 0) flags |= MS_NODIRATIME;
        if ((f & ST_RELATIME) != 0) flags |= MS_RELATIME;
        return flags;
    }

    private StepFailure fail(String what, LastErrorException e) {
        return new StepFailure(what + ": " + c.strerror(e.getErrorCode()));
    }
}
