package dev.ward.seccomp;

import java.util.Arrays;

/**
 * What a seccomp filter reads, {@code struct seccomp_data}: the syscall number, the AUDIT_ARCH value,
 * the instruction pointer and six 64-bit arguments.
 */
public final class SeccompData {
    /** {@code sizeof(struct seccomp_data)}. */
    public static final int SIZE = 64;
    public static final int NR_OFFSET = 0;
    public static final int ARCH_OFFSET = 4;
    public static final int IP_OFFSET = 8;
    public static final int ARGS_OFFSET = 16;

    private final int nr;
    private final long arch;
    private final long instructionPointer;
    private final long[] args;

    public SeccompData(int nr, long arch, long instructionPointer, long... args) {
        if (args.length > 6) throw new IllegalArgumentException("at most six arguments");
        this.nr = nr;
        this.arch = arch & 0xffffffffL;
        this.instructionPointer = instructionPointer;
        this.args = Arrays.copyOf(args, 6);
    }

    public static SeccompData of(int nr, long arch, long... args) {
        return new SeccompData(nr, arch, 0, args);
    }

    public int nr() {
        return nr;
    }

    public long arch() {
        return arch;
    }

    public long instructionPointer() {
        return instructionPointer;
    }

    public long arg(int i) {
        return args[i];
    }

    /**
     * The 32-bit word at {@code offset}, as a filter loads it on a machine of the given byte order: the
     * 64-bit fields keep their low half first on little-endian machines and their high half first on
     * big-endian ones.
     */
    public int word(int offset, boolean bigEndian) {
        if (offset == NR_OFFSET) return nr;
        if (offset == ARCH_OFFSET) return (int) arch;
        long field = offset < ARGS_OFFSET ? instructionPointer : args[(offset - ARGS_OFFSET) / 8];
        boolean firstHalf = (offset & 4) == 0;
        boolean high = firstHalf == bigEndian;
        return (int) (high ? field >>> 32 : field);
    }

    @Override
    public String toString() {
        return "nr=" + nr + " arch=0x" + Long.toHexString(arch) + " args=" + Arrays.toString(args);
    }
}
