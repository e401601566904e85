package dev.ward.ir;

import java.util.List;
import java.util.Optional;

/** The filesystem view: proc and sys modes, read-only and masked paths, extra mounts. */
public record Filesystem(Optional<Mode> proc, Optional<Mode> sys, List<String> readonly, List<String> masked,
                         List<Mount> mounts, Origin origin) {
    public enum Mode { RW, RO, MIXED }

    /** {@code mount "SOURCE" "TARGET" TYPE [options "a,b"]}. */
    public record Mount(String source, String target, String fstype, List<String> options, Origin origin) {
        public Mount {
            options = List.copyOf(options);
        }
    }

    public Filesystem {
        readonly = List.copyOf(readonly);
        masked = List.copyOf(masked);
        mounts = List.copyOf(mounts);
    }

    public static Filesystem none() {
        return new Filesystem(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), Origin.NONE);
    }
}
