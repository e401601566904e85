package dev.ward.seccomp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a classic BPF program over {@link SeccompData} as the kernel's seccomp does, counting the
 * instructions executed. {@link #check} applies the kernel's load-time checks (bpf_check_classic and
 * seccomp_check_filter); {@link #run} expects a program that passes them.
 */
public final class BpfInterpreter {
    /** The kernel's limit on a filter's length, BPF_MAXINSNS. */
    public static final int MAX_INSNS = 4096;
    private static final int MEM_WORDS = 16;

    private BpfInterpreter() {}

    /** The outcome of one run: the 32-bit value returned and the indexes of the instructions executed. */
    public record Result(long ret, int executed, List<Integer> trace) {
        public Result {
            trace = List.copyOf(trace);
        }
    }

    /** Runs {@code program} and returns the value of the {@code ret} reached. */
    public static long evaluate(List<Insn> program, SeccompData data, boolean bigEndian) {
        return execute(program, data, bigEndian, null).ret();
    }

    /** Runs {@code program}, counting executed instructions. */
    public static Result run(List<Insn> program, SeccompData data, boolean bigEndian) {
        return execute(program, data, bigEndian, null);
    }

    /** Runs {@code program}, recording the index of every executed instruction. */
    public static Result trace(List<Insn> program, SeccompData data, boolean bigEndian) {
        return execute(program, data, bigEndian, new ArrayList<>());
    }

    public static Result run(BpfProgram program, SeccompData data) {
        return run(program.instructions(), data, program.arch().bigEndian());
    }

    public static Result trace(BpfProgram program, SeccompData data) {
        return trace(program.instructions(), data, program.arch().bigEndian());
    }

    private static Result execute(List<Insn> program, SeccompData data, boolean bigEndian, List<Integer> trace) {
        int a = 0;
        int x = 0;
        int[] mem = new int[MEM_WORDS];
        int pc = 0;
        int executed = 0;
        while (true) {
            if (pc >= program.size()) throw new IllegalArgumentException("ran off the end of the program");
            Insn in = program.get(pc);
            executed++;
            if (trace != null) trace.add(pc);
            int code = in.code();
            int k = in.k();
            pc++;
            switch (in.instructionClass()) {
                case Insn.LD -> a = switch (code & 0xe0) {
                    case Insn.ABS -> data.word(k, bigEndian);
                    case Insn.LEN -> SeccompData.SIZE;
                    case Insn.IMM -> k;
                    case Insn.MEM -> mem[k];
                    default -> throw unsupported(in);
                };
                case Insn.LDX -> x = switch (code & 0xe0) {
                    case Insn.LEN -> SeccompData.SIZE;
                    case Insn.IMM -> k;
                    case Insn.MEM -> mem[k];
                    default -> throw unsupported(in);
                };
                case Insn.ST -> mem[k] = a;
                case Insn.STX -> mem[k] = x;
                case Insn.ALU -> {
                    int operand = (code & Insn.X) != 0 ? x : k;
                    int op = code & 0xf0;
                    if ((op == Insn.DIV || op == Insn.MOD) && operand == 0) {
                        return new Result(0, executed, trace == null ? List.of() : trace);
                    }
                    a = alu(op, a, operand, in);
                }
                case Insn.JMP -> {
                    int op = code & 0xf0;
                    if (op == Insn.JA) {
                        pc += k;
                    } else {
                        long left = Integer.toUnsignedLong(a);
                        long right = Integer.toUnsignedLong((code & Insn.X) != 0 ? x : k);
                        boolean taken = switch (op) {
                            case Insn.JEQ -> left == right;
                            case Insn.JGT -> left > right;
                            case Insn.JGE -> left >= right;
                            case Insn.JSET -> (left & right) != 0;
                            default -> throw unsupported(in);
                        };
                        pc += taken ? in.jt() : in.jf();
                    }
                }
                case Insn.RET -> {
                    long value = Integer.toUnsignedLong((code & 0x18) == Insn.A ? a : k);
                    return new Result(value, executed, trace == null ? List.of() : trace);
                }
                case Insn.MISC -> {
                    if ((code & 0xf8) == Insn.TAX) x = a;
                    else a = x;
                }
                default -> throw unsupported(in);
            }
        }
    }

    private static int alu(int op, int a, int operand, Insn in) {
        return switch (op) {
            case Insn.ADD -> a + operand;
            case Insn.SUB -> a - operand;
            case Insn.MUL -> a * operand;
            case Insn.DIV -> Integer.divideUnsigned(a, operand);
            case Insn.MOD -> Integer.remainderUnsigned(a, operand);
            case Insn.OR -> a | operand;
            case Insn.AND -> a & operand;
            case Insn.XOR -> a ^ operand;
            case Insn.LSH -> operand >= 32 ? 0 : a << operand;
            case Insn.RSH -> operand >= 32 ? 0 : a >>> operand;
            case Insn.NEG -> -a;
            default -> throw unsupported(in);
        };
    }

    private static IllegalArgumentException unsupported(Insn in) {
        return new IllegalArgumentException("instruction not allowed in seccomp filters: " + in);
    }

    /**
     * The reason the kernel would refuse {@code program} as a seccomp filter, or empty when it would load it:
     * length 1..4096, only the opcodes seccomp allows, aligned loads inside seccomp_data, jumps that land
     * inside the program, scratch memory indexes below 16, no division by a constant zero, and a return at
     * the end.
     */
    public static Optional<String> check(List<Insn> program) {
        int n = program.size();
        if (n == 0 || n > MAX_INSNS) return Optional.of("length " + n + " is not 1.." + MAX_INSNS);
        for (int pc = 0; pc < n; pc++) {
            Insn in = program.get(pc);
            int code = in.code();
            String where = "instruction " + pc + ": ";
            boolean ok = switch (code) {
                case Insn.LD | Insn.W | Insn.ABS -> in.k() >= 0 && in.k() < SeccompData.SIZE && (in.k() & 3) == 0;
                case Insn.LD | Insn.W | Insn.LEN, Insn.LDX | Insn.W | Insn.LEN, Insn.LD | Insn.IMM, Insn.LDX | Insn.IMM,
                     Insn.RET | Insn.K, Insn.RET | Insn.A, Insn.MISC | Insn.TAX, Insn.MISC | Insn.TXA,
                     Insn.ALU | Insn.NEG -> true;
                case Insn.LD | Insn.MEM, Insn.LDX | Insn.MEM, Insn.ST, Insn.STX ->
                        in.k() >= 0 && in.k() < MEM_WORDS;
                default -> checkAluOrJump(in, pc, n);
            };
            if (!ok) return Optional.of(where + "not a valid seccomp instruction: " + in);
        }
        if (program.get(n - 1).instructionClass() != Insn.RET) return Optional.of("the last instruction is not a return");
        return Optional.empty();
    }

    private static boolean checkAluOrJump(Insn in, int pc, int n) {
        int code = in.code();
        if (code > 0xff) return false;
        int cls = in.instructionClass();
        int op = code & 0xf0;
        if (cls == Insn.ALU) {
            if ((code & ~0xf8) != Insn.ALU) return false;
            if (op > Insn.XOR || op == Insn.NEG) return false;
            return !((op == Insn.DIV || op == Insn.MOD) && (code & Insn.X) == 0 && in.k() == 0);
        }
        if (cls != Insn.JMP || (code & ~0xf8) != Insn.JMP) return false;
        if (op == Insn.JA) {
            return code == (Insn.JMP | Insn.JA) && Integer.toUnsignedLong(in.k()) < n - pc - 1;
        }
        if (op > Insn.JSET) return false;
        return pc + 1 + in.jt() < n && pc + 1 + in.jf() < n;
    }
}
