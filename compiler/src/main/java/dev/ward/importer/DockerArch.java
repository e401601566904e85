package dev.ward.importer;

import dev.ward.ir.Arch;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How Docker and libseccomp name Ward's architectures, and which ABIs one kernel runs. */
final class DockerArch {
    private static final Map<Arch, String> SCMP = Map.of(Arch.X86_64, "SCMP_ARCH_X86_64", Arch.X86, "SCMP_ARCH_X86",
            Arch.X32, "SCMP_ARCH_X32", Arch.AARCH64, "SCMP_ARCH_AARCH64", Arch.ARM, "SCMP_ARCH_ARM",
            Arch.RISCV64, "SCMP_ARCH_RISCV64", Arch.PPC64LE, "SCMP_ARCH_PPC64LE", Arch.S390X, "SCMP_ARCH_S390X");
    // Docker's own names for the machine it runs on (goToNative), used by includes/excludes "arches".
    private static final Map<Arch, String> NATIVE = Map.of(Arch.X86_64, "amd64", Arch.X86, "x86", Arch.X32, "x32",
            Arch.AARCH64, "arm64", Arch.ARM, "arm", Arch.RISCV64, "riscv64", Arch.PPC64LE, "ppc64le",
            Arch.S390X, "s390x");

    private DockerArch() {}

    /** {@code SCMP_ARCH_X86_64} for x86_64. */
    static String scmpName(Arch a) {
        return SCMP.get(a);
    }

    static Optional<Arch> byScmpName(String name) {
        return SCMP.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
    }

    /** Docker's name for a machine of this architecture: {@code amd64}, {@code arm64}, {@code x86}. */
    static String nativeName(Arch a) {
        return NATIVE.get(a);
    }

    /** The architecture of the kernel that runs {@code abi}: x32 and x86 run on x86_64, arm on aarch64. */
    static Arch kernelOf(Arch abi) {
        return switch (abi) {
            case X86, X32 -> Arch.X86_64;
            case ARM -> Arch.AARCH64;
            default -> abi;
        };
    }

    /** The ABIs a kernel of this architecture runs, its own first. */
    static List<Arch> runnableOn(Arch kernel) {
        return switch (kernel) {
            case X86_64 -> List.of(Arch.X86_64, Arch.X86, Arch.X32);
            case AARCH64 -> List.of(Arch.AARCH64, Arch.ARM);
            default -> List.of(kernel);
        };
    }

    /** True for ABIs whose arguments libseccomp compares as 32-bit words. */
    static boolean is32Bit(Arch abi) {
        return abi == Arch.X86 || abi == Arch.X32 || abi == Arch.ARM;
    }

    /** True for ABIs where libseccomp also filters socket and IPC calls through socketcall(2) and ipc(2). */
    static boolean multiplexes(Arch abi) {
        return abi == Arch.X86 || abi == Arch.PPC64LE || abi == Arch.S390X;
    }

    /** The architecture of this machine, as the JVM reports it. */
    static Optional<Arch> machine() {
        String a = System.getProperty("os.arch", "");
        return switch (a) {
            case "amd64", "x86_64" -> Optional.of(Arch.X86_64);
            case "aarch64", "arm64" -> Optional.of(Arch.AARCH64);
            case "x86", "i386", "i686" -> Optional.of(Arch.X86);
            case "arm" -> Optional.of(Arch.ARM);
            case "riscv64" -> Optional.of(Arch.RISCV64);
            case "ppc64le" -> Optional.of(Arch.PPC64LE);
            case "s390x" -> Optional.of(Arch.S390X);
            default -> Optional.empty();
        };
    }
}
