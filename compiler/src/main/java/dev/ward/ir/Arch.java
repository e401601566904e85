package dev.ward.ir;

import java.util.Locale;
import java.util.Optional;

/**
 * The architectures (ABIs) a profile can name. {@code X32} shares AUDIT_ARCH_X86_64 and is told apart by
 * the x32 bit in the syscall number; its table numbers are stored without that bit.
 */
public enum Arch {
    X86_64("x86_64", "x86_64", 0xC000003EL, false),
    X86("x86", "x86", 0x40000003L, false),
    X32("x32", "x32", 0xC000003EL, false),
    AARCH64("aarch64", "aarch64", 0xC00000B7L, false),
    ARM("arm", "arm", 0x40000028L, false),
    RISCV64("riscv64", "riscv64", 0xC00000F3L, false),
    PPC64LE("ppc64le", "ppc64", 0xC0000015L, false),
    S390X("s390x", "s390x", 0x80000016L, true);

    /** The syscall number bit that marks an x32 call on x86_64. */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    private final String wardName;
    private final String tableColumn;
    private final long auditArch;
    private final boolean bigEndian;

    Arch(String wardName, String tableColumn, long auditArch, boolean bigEndian) {
        this.wardName = wardName;
        this.tableColumn = tableColumn;
        this.auditArch = auditArch;
        this.bigEndian = bigEndian;
    }

    /** The name written in policies ({@code arch x86_64, aarch64}). */
    public String wardName() {
        return wardName;
    }

    /** The column of libseccomp's syscalls.csv that holds this ABI's numbers. */
    public String tableColumn() {
        return tableColumn;
    }

    /** The AUDIT_ARCH_* value the kernel puts in seccomp_data.arch. */
    public long auditArch() {
        return auditArch;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public static Optional<Arch> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Arch a : values()) {
            if (a.wardName.equals(n)) return Optional.of(a);
        }
        return Optional.empty();
    }
}
