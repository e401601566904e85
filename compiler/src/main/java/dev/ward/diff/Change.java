package dev.ward.diff;

import java.util.Locale;

/** One difference between two versions of a profile, and whether it loosens or tightens the confinement. */
public record Change(String profile, Aspect aspect, Direction direction, String description) {
    /** What part of the profile changed. */
    public enum Aspect {
        PROFILE, MODE, TRUST, ARCH, SYSCALL, CAPABILITY, APPARMOR, LIMIT, RLIMIT, IDMAP, DEVICE, NAMESPACE, NETWORK,
        FILESYSTEM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** LOOSER gives the workload more, TIGHTER less; CHANGED is neither (or both, depending on arguments). */
    public enum Direction {
        LOOSER, TIGHTER, CHANGED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
