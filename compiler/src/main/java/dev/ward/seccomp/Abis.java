package dev.ward.seccomp;

import dev.ward.ir.Arch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which ABIs meet in one kernel's seccomp filter. An x86_64 kernel runs x86_64, x32 (same AUDIT_ARCH, x32
 * bit in the number) and i386 (AUDIT_ARCH_I386) processes; an aarch64 kernel also runs 32-bit arm ones. A
 * program installed on a kernel decides every ABI the profile lists among those, and gives the others the
 * bad-architecture action.
 */
public final class Abis {
    /** What a filter returns for an ABI the profile does not list. */
    public static final dev.ward.ir.Action BAD_ARCH = dev.ward.ir.Action.KILL_PROCESS;

    private Abis() {}

    /** The kernel architecture that runs {@code abi} natively (x32 runs on x86_64 kernels). */
    public static Arch kernelOf(Arch abi) {
        return abi == Arch.X32 ? Arch.X86_64 : abi;
    }

    /** Every ABI a kernel of {@code kernel}'s architecture can run, the native one first. */
    public static List<Arch> runnableOn(Arch kernel) {
        return switch (kernel) {
            case X86_64 -> List.of(Arch.X86_64, Arch.X32, Arch.X86);
            case AARCH64 -> List.of(Arch.AARCH64, Arch.ARM);
            default -> List.of(kernel);
        };
    }

    /**
     * The ABIs the program for {@code programArch} decides: {@code programArch} itself and the listed ABIs
     * its kernel also runs, native first.
     */
    public static List<Arch> decidedBy(Arch programArch, List<Arch> listed) {
        Set<Arch> wanted = EnumSet.of(programArch);
        wanted.addAll(listed);
        List<Arch> out = new ArrayList<>();
        for (Arch a : runnableOn(kernelOf(programArch))) {
            if (wanted.contains(a) && (a == programArch || listed.contains(a))) out.add(a);
        }
        return out;
    }

    /**
     * The architectures that get a program file of their own: each listed one, except x32 when x86_64 is
     * listed (its calls reach the x86_64 kernel's program, which decides them).
     */
    public static List<Arch> programArches(List<Arch> listed) {
        List<Arch> out = new ArrayList<>();
        for (Arch a : Arch.values()) {
            if (!listed.contains(a)) continue;
            if (a == Arch.X32 && listed.contains(Arch.X86_64)) continue;
            out.add(a);
        }
        return out;
    }

    /**
     * True for the ABIs whose arguments are 32 bits wide. Like libseccomp, Ward compares only the low 32
     * bits of their arguments, against constants truncated to 32 bits.
     */
    public static boolean is32Bit(Arch abi) {
        return abi == Arch.X86 || abi == Arch.X32 || abi == Arch.ARM;
    }

    /** The syscall number as the kernel reports it for {@code abi} (x32 numbers carry the x32 bit). */
    public static int wireNumber(Arch abi, int tableNumber) {
        return abi == Arch.X32 ? tableNumber | Arch.X32_SYSCALL_BIT : tableNumber;
    }

    /** The name written in the listing for an AUDIT_ARCH value's ABI. */
    public static String auditName(long audit) {
        if (audit == Arch.X86_64.auditArch()) return "AUDIT_ARCH_X86_64";
        if (audit == Arch.X86.auditArch()) return "AUDIT_ARCH_I386";
        for (Arch a : Arch.values()) {
            if (a.auditArch() == audit) return "AUDIT_ARCH_" + a.wardName().toUpperCase(java.util.Locale.ROOT);
        }
        return "0x" + Long.toHexString(audit);
    }
}
