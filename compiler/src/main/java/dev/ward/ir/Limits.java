package dev.ward.ir;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * cgroup limits. Byte and count values use {@link #MAX} for {@code max} (no limit). {@code cpuCores} is
 * a bandwidth in cores ({@code 1.5}); the weights use cgroup v2's range 1..10000.
 */
public record Limits(OptionalLong memoryBytes, OptionalLong swapBytes, OptionalDouble cpuCores,
                     OptionalLong cpuWeight, OptionalLong pids, OptionalLong ioWeight, Origin origin) {
    /** {@code max}: explicitly unlimited. */
    public static final long MAX = Long.MAX_VALUE;

    public static Limits none() {
        return new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Origin.NONE);
    }
}
