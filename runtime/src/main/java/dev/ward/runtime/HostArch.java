package dev.ward.runtime;

import dev.ward.ir.Arch;
import java.util.Optional;

/** The architecture this JVM runs on, as Ward names it. */
public final class HostArch {
    private HostArch() {}

    /** This machine's architecture, or a run failure naming the one Ward cannot confine. */
    public static Arch require() throws RunFailure {
        return current().orElseThrow(() -> new RunFailure("unsupported architecture "
                + System.getProperty("os.arch"), 2));
    }

    public static Optional<Arch> current() {
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> Optional.of(Arch.X86_64);
            case "aarch64", "arm64" -> Optional.of(Arch.AARCH64);
            case "riscv64" -> Optional.of(Arch.RISCV64);
            case "ppc64le" -> Optional.of(Arch.PPC64LE);
            case "s390x" -> Optional.of(Arch.S390X);
            case "x86", "i386", "i686" -> Optional.of(Arch.X86);
            case "arm" -> Optional.of(Arch.ARM);
            default -> Optional.empty();
        };
    }
}
