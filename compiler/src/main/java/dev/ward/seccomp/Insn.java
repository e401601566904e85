package dev.ward.seccomp;

/**
 * One classic BPF instruction, {@code struct sock_filter}: a 16-bit opcode, two 8-bit conditional jump
 * offsets and a 32-bit constant (held in an {@code int}, read unsigned).
 */
public record Insn(int code, int jt, int jf, int k) {
    // Opcode parts (linux/filter.h, linux/bpf_common.h).
    public static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06,
            MISC = 0x07;
    public static final int W = 0x00, H = 0x08, B = 0x10;
    public static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, LEN = 0x80, MSH = 0xa0;
    public static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60,
            RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0;
    public static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
    public static final int K = 0x00, X = 0x08, A = 0x10;
    public static final int TAX = 0x00, TXA = 0x80;

    /** The most a conditional jump can skip. */
    public static final int MAX_JUMP = 255;

    public Insn {
        if (code < 0 || code > 0xffff) throw new IllegalArgumentException("opcode " + code);
        if (jt < 0 || jt > MAX_JUMP || jf < 0 || jf > MAX_JUMP) {
            throw new IllegalArgumentException("jump offset out of range: " + jt + ", " + jf);
        }
    }

    /** {@code A = seccomp_data[offset]} (a 32-bit word). */
    public static Insn load(int offset) {
        return new Insn(LD | W | ABS, 0, 0, offset);
    }

    public static Insn jump(int op, int k, int jt, int jf) {
        return new Insn(JMP | op | K, jt, jf, k);
    }

    public static Insn ja(int offset) {
        return new Insn(JMP | JA, 0, 0, offset);
    }

    public static Insn ret(long value) {
        return new Insn(RET | K, 0, 0, (int) value);
    }

    public static Insn and(int mask) {
        return new Insn(ALU | AND | K, 0, 0, mask);
    }

    public int instructionClass() {
        return code & 0x07;
    }

    /** The constant as an unsigned 32-bit value. */
    public long unsignedK() {
        return Integer.toUnsignedLong(k);
    }

    public boolean isConditionalJump() {
        return instructionClass() == JMP && (code & 0xf0) != JA;
    }
}
