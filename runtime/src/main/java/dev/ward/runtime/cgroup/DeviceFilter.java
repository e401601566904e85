package dev.ward.runtime.cgroup;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.ward.ir.Arch;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.SyscallTable;
import dev.ward.runtime.HostArch;
import dev.ward.runtime.RunFailure;
import dev.ward.runtime.linux.LibC;
import dev.ward.runtime.linux.Linux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Loads a {@link DeviceProgram} and attaches it to a cgroup v2 directory with bpf(2). */
final class DeviceFilter {
    private static final int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15, BPF_CGROUP_DEVICE = 6;
    private static final int ATTR_BYTES = 128, LOG_BYTES = 4096;

    private DeviceFilter() {}

    /** Attaches the allowlist to the cgroup at {@code dir}; the cgroup keeps it until it is removed. */
    static void attach(Path dir, List<DeviceRule> rules) throws RunFailure {
        LibC c = LibC.INSTANCE;
        Arch arch = HostArch.current().orElseThrow(() -> new RunFailure("unsupported architecture", 2));
        long bpf = SyscallTable.standard().number(arch, "bpf").orElseThrow(() -> new RunFailure("no bpf(2) on "
                + arch.wardName(), 2));
        byte[] program = DeviceProgram.compile(rules);
        Memory insns = new Memory(program.length);
        insns.write(0, program, 0, program.length);
        Memory license = new Memory(8);
        license.setString(0, "GPL", StandardCharsets.US_ASCII.name());
        Memory log = new Memory(LOG_BYTES);
        log.clear();
        Memory load = new Memory(ATTR_BYTES);
        load.clear();
        load.setInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
        load.setInt(4, program.length / 8);
        load.setPointer(8, insns);
        load.setPointer(16, license);
        load.setInt(24, 1);
        load.setInt(28, LOG_BYTES);
        load.setPointer(32, log);
        int progFd;
        try {
            progFd = (int) c.syscall(bpf, (long) BPF_PROG_LOAD, load, (long) ATTR_BYTES);
        } catch (LastErrorException e) {
            String verifier = log.getString(0, StandardCharsets.US_ASCII.name()).strip().replace('\n', ' ');
            throw new RunFailure("cannot load the device allowlist program: " + c.strerror(e.getErrorCode())
                    + (verifier.isEmpty() ? "" : " (" + verifier + ")"), 1);
        }
        int dirFd = -1;
        try {
            dirFd = c.open(dir.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
            Memory attach = new Memory(ATTR_BYTES);
            attach.clear();
            attach.setInt(0, dirFd);
            attach.setInt(4, progFd);
            attach.setInt(8, BPF_CGROUP_DEVICE);
            c.syscall(bpf, (long) BPF_PROG_ATTACH, attach, (long) ATTR_BYTES);
        } catch (LastErrorException e) {
            throw new RunFailure("cannot attach the device allowlist to " + dir + ": " + c.strerror(e.getErrorCode()), 1);
        } finally {
            if (dirFd >= 0) c.close(dirFd);
            c.close(progFd);
        }
    }
}
