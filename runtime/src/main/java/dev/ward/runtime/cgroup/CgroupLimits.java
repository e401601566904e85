package dev.ward.runtime.cgroup;

import dev.ward.ir.DeviceRule;
import dev.ward.ir.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A profile's limits as the files to write, per cgroup version, in the order the kernel accepts them
 * (v1's memory.memsw after memory.limit_in_bytes, devices.deny "a" before the allow list).
 */
public final class CgroupLimits {
    /** One write: the controller (v1 name) whose directory holds the file, the file, the value. */
    public record Write(String controller, String file, String value) {}

    /** cpu.cfs_period_us and the period of v2's cpu.max. */
    public static final long CPU_PERIOD_US = 100_000;

    private CgroupLimits() {}

    /** The writes for cgroup v1; throws IllegalArgumentException for what v1 cannot express. */
    public static List<Write> v1(Limits limits, List<DeviceRule> devices) {
        List<Write> w = new ArrayList<>();
        if (limits.memoryBytes().isPresent()) {
            w.add(new Write("memory", "memory.limit_in_bytes", bytes(limits.memoryBytes().getAsLong())));
        }
        if (limits.swapBytes().isPresent()) {
            if (limits.memoryBytes().isEmpty() || limits.memoryBytes().getAsLong() == Limits.MAX) {
                if (limits.swapBytes().getAsLong() != Limits.MAX) {
                    throw new IllegalArgumentException("a swap limit needs a memory limit on cgroup v1");
                }
            } else {
                long swap = limits.swapBytes().getAsLong();
                long mem = limits.memoryBytes().getAsLong();
                String total = swap == Limits.MAX ? "-1" : Long.toString(Math.addExact(mem, swap));
                w.add(new Write("memory", "memory.memsw.limit_in_bytes", total));
            }
        }
        if (limits.cpuCores().isPresent()) {
            w.add(new Write("cpu", "cpu.cfs_period_us", Long.toString(CPU_PERIOD_US)));
            w.add(new Write("cpu", "cpu.cfs_quota_us", cpuQuota(limits.cpuCores().getAsDouble(), "-1")));
        }
        if (limits.cpuWeight().isPresent()) {
            long shares = Math.max(2, limits.cpuWeight().getAsLong() * 1024 / 100);
            w.add(new Write("cpu", "cpu.shares", Long.toString(shares)));
        }
        if (limits.pids().isPresent()) {
            w.add(new Write("pids", "pids.max", count(limits.pids().getAsLong())));
        }
        if (limits.ioWeight().isPresent()) {
            long weight = Math.max(10, Math.min(1000, limits.ioWeight().getAsLong() / 10));
            w.add(new Write("blkio", "blkio.bfq.weight", Long.toString(weight)));
        }
        if (!devices.isEmpty()) {
            w.add(new Write("devices", "devices.deny", "a"));
            for (DeviceRule d : devices) {
                w.add(new Write("devices", d.allow() ? "devices.allow" : "devices.deny", device(d)));
            }
        }
        return w;
    }

    /** The writes for cgroup v2; throws IllegalArgumentException for device rules (a BPF program on v2). */
    public static List<Write> v2(Limits limits, List<DeviceRule> devices) {
        if (!devices.isEmpty()) {
            throw new IllegalArgumentException("device rules need the v1 devices controller; on cgroup v2 they are a "
                    + "BPF program the native engine does not attach (use --engine lxc or runc)");
        }
        List<Write> w = new ArrayList<>();
        limits.memoryBytes().ifPresent(m -> w.add(new Write("memory", "memory.max", count(m))));
        limits.swapBytes().ifPresent(s -> w.add(new Write("memory", "memory.swap.max", count(s))));
        limits.cpuCores().ifPresent(c -> w.add(new Write("cpu", "cpu.max", cpuQuota(c, "max") + " " + CPU_PERIOD_US)));
        limits.cpuWeight().ifPresent(c -> w.add(new Write("cpu", "cpu.weight", Long.toString(c))));
        limits.pids().ifPresent(p -> w.add(new Write("pids", "pids.max", count(p))));
        limits.ioWeight().ifPresent(i -> w.add(new Write("blkio", "io.weight", "default " + i)));
        return w;
    }

    /** {@code c 1:3 rwm}, with {@code *} for any major or minor. */
    public static String device(DeviceRule d) {
        if (d.type() == 'a') return "a";
        return d.type() + " " + number(d.major()) + ":" + number(d.minor()) + " " + d.access();
    }

    private static String number(int n) {
        return n == DeviceRule.ANY ? "*" : Integer.toString(n);
    }

    private static String cpuQuota(double cores, String unlimited) {
        if (Double.isInfinite(cores) || cores <= 0) return unlimited;
        return Long.toString(Math.max(1000, Math.round(cores * CPU_PERIOD_US)));
    }

    private static String bytes(long n) {
        return n == Limits.MAX ? "-1" : Long.toString(n);
    }

    private static String count(long n) {
        return n == Limits.MAX ? "max" : Long.toString(n).toLowerCase(Locale.ROOT);
    }
}
