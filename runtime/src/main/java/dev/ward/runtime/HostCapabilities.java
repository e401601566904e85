package dev.ward.runtime;

import dev.ward.ir.Capability;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/** The capabilities ward itself may hand on: its bounding set, as /proc/self/status reports it. */
final class HostCapabilities {
    private HostCapabilities() {}

    /** The bounding set as a bit mask by capability number; all ones when it cannot be read. */
    static long bounding() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) return new BigInteger(line.substring(7).trim(), 16).longValue();
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through: the kernel's capset refuses what ward does not have.
        }
        return -1L;
    }

    static String names(long mask) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < 64; i++) {
            if ((mask & (1L << i)) != 0) j.add(Capability.byNumber(i).map(Capability::wardName).orElse("#" + i));
        }
        return j.toString();
    }
}
