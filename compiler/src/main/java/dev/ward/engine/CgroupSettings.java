package dev.ward.engine;

import dev.ward.backend.CompileOptions.CgroupVersion;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * cgroup limits and the device allowlist lowered to the controller files of cgroup v2 or v1, in the order
 * they are written: {@code memory.max = 536870912}, {@code cpu.max = 150000 100000}, ...
 */
public final class CgroupSettings {
    /** The CFS period Ward uses for cpu bandwidth, in microseconds (the kernel's default). */
    public static final long CPU_PERIOD_US = 100_000;

    /** One controller file and the value written to it. */
    public record Setting(String file, String value) {}

    private CgroupSettings() {}

    /** The limits as controller files of {@code version}. */
    public static List<Setting> limits(Limits l, CgroupVersion version) {
        List<Setting> out = new ArrayList<>();
        boolean v2 = version == CgroupVersion.V2;
        l.memoryBytes().ifPresent(m -> out.add(new Setting(v2 ? "memory.max" : "memory.limit_in_bytes",
                v2 ? max(m) : v1Bytes(m))));
        l.swapBytes().ifPresent(s -> {
            if (v2) {
                out.add(new Setting("memory.swap.max", max(s)));
            } else {
                // v1 limits memory and swap together: memsw = memory + swap.
                long mem = l.memoryBytes().orElse(Limits.MAX);
                long total = mem == Limits.MAX || s == Limits.MAX ? Limits.MAX : mem + s;
                out.add(new Setting("memory.memsw.limit_in_bytes", v1Bytes(total)));
            }
        });
        l.cpuCores().ifPresent(cores -> {
            long quota = cpuQuotaUs(cores);
            if (v2) {
                out.add(new Setting("cpu.max", quota + " " + CPU_PERIOD_US));
            } else {
                out.add(new Setting("cpu.cfs_period_us", Long.toString(CPU_PERIOD_US)));
                out.add(new Setting("cpu.cfs_quota_us", Long.toString(quota)));
            }
        });
        l.cpuWeight().ifPresent(w -> out.add(v2 ? new Setting("cpu.weight", Long.toString(w))
                : new Setting("cpu.shares", Long.toString(cpuShares(w)))));
        l.pids().ifPresent(p -> out.add(new Setting("pids.max", max(p))));
        l.ioWeight().ifPresent(w -> out.add(v2 ? new Setting("io.weight", Long.toString(w))
                : new Setting("blkio.weight", Long.toString(blkioWeight(w)))));
        return out;
    }

    /** The device rules as devices.deny / devices.allow entries: deny everything, then the rules in order. */
    public static List<Setting> devices(List<DeviceRule> rules) {
        List<Setting> out = new ArrayList<>();
        if (rules.isEmpty()) return out;
        out.add(new Setting("devices.deny", "a"));
        for (DeviceRule r : rules) {
            out.add(new Setting(r.allow() ? "devices.allow" : "devices.deny", deviceEntry(r)));
        }
        return out;
    }

    /** {@code c 1:3 rwm}, with {@code *} for wildcards; {@code a} alone for every device. */
    public static String deviceEntry(DeviceRule r) {
        if (r.type() == 'a' && r.major() == DeviceRule.ANY && r.minor() == DeviceRule.ANY) {
            return "a *:* " + r.access();
        }
        return r.type() + " " + num(r.major()) + ":" + num(r.minor()) + " " + r.access();
    }

    /** cpu bandwidth in cores as a CFS quota per {@link #CPU_PERIOD_US}; at least the kernel's 1ms minimum. */
    public static long cpuQuotaUs(double cores) {
        return Math.max(1000, Math.round(cores * CPU_PERIOD_US));
    }

    /** cgroup v2 cpu.weight (1..10000) as v1 cpu.shares (2..262144), the inverse of runc's shares-to-weight. */
    public static long cpuShares(long weight) {
        return 2 + (weight - 1) * 262142 / 9999;
    }

    /** cgroup v2 io.weight (1..10000) as v1 blkio.weight (10..1000). */
    public static long blkioWeight(long weight) {
        return 10 + (weight - 1) * 990 / 9999;
    }

    private static String max(long v) {
        return v == Limits.MAX ? "max" : Long.toString(v);
    }

    private static String v1Bytes(long v) {
        return v == Limits.MAX ? "-1" : Long.toString(v);
    }

    private static String num(int n) {
        return n == DeviceRule.ANY ? "*" : Integer.toString(n);
    }
}
