package dev.ward.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * The disassembly of a program ({@code seccomp.ARCH.txt}): one instruction a line with its index, jump
 * targets as labels, and the comment the compiler attached (the syscall a test splits at, the policy line
 * an argument check comes from, the action a {@code ret} stands for).
 */
public final class BpfListing {
    private BpfListing() {}

    /** Renders {@code program}, after {@code header} lines (written as comments). */
    public static String render(BpfProgram program, List<String> header) {
        List<Insn> insns = program.instructions();
        String[] names = labelNames(program);
        StringBuilder out = new StringBuilder();
        for (String h : header) out.append("# ").append(h).append('\n');
        out.append("# ").append(insns.size()).append(" instructions\n");
        for (int i = 0; i < insns.size(); i++) {
            if (names[i] != null) out.append(names[i]).append(":\n");
            String text = String.format("%6d  %s", i, instruction(insns.get(i), i, names));
            String comment = program.comment(i);
            if (!comment.isEmpty()) text = String.format("%-52s ; %s", text, comment);
            out.append(text.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String[] labelNames(BpfProgram program) {
        List<Insn> insns = program.instructions();
        boolean[] target = new boolean[insns.size()];
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (in.instructionClass() != Insn.JMP) continue;
            if (in.isConditionalJump()) {
                target[i + 1 + in.jt()] = true;
                target[i + 1 + in.jf()] = true;
            } else {
                target[i + 1 + in.k()] = true;
            }
        }
        String[] names = new String[insns.size()];
        List<String> used = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            String given = program.label(i);
            if (given == null && !target[i]) continue;
            String name = given != null ? given : "L" + i;
            if (used.contains(name)) name = name + "_" + i;
            used.add(name);
            names[i] = name;
        }
        return names;
    }

    static String instruction(Insn in, int pc, String[] names) {
        int code = in.code();
        String k = "#0x" + Long.toHexString(in.unsignedK());
        return switch (in.instructionClass()) {
            case Insn.LD -> switch (code & 0xe0) {
                case Insn.ABS -> "ld   [" + in.k() + "]";
                case Insn.LEN -> "ld   #len";
                case Insn.IMM -> "ld   " + k;
                case Insn.MEM -> "ld   M[" + in.k() + "]";
                default -> raw(in);
            };
            case Insn.LDX -> switch (code & 0xe0) {
                case Insn.LEN -> "ldx  #len";
                case Insn.IMM -> "ldx  " + k;
                case Insn.MEM -> "ldx  M[" + in.k() + "]";
                default -> raw(in);
            };
            case Insn.ST -> "st   M[" + in.k() + "]";
            case Insn.STX -> "stx  M[" + in.k() + "]";
            case Insn.ALU -> alu(in, k);
            case Insn.JMP -> jump(in, pc, names, k);
            case Insn.RET -> (code & 0x18) == Insn.A ? "ret  a" : "ret  " + k;
            case Insn.MISC -> (code & 0xf8) == Insn.TAX ? "tax" : "txa";
            default -> raw(in);
        };
    }

    private static String alu(Insn in, String k) {
        String[] ops = {"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor"};
        int op = (in.code() & 0xf0) >> 4;
        if (op >= ops.length) return raw(in);
        if (op == 8) return "neg";
        return String.format("%-4s %s", ops[op], (in.code() & Insn.X) != 0 ? "x" : k);
    }

    private static String jump(Insn in, int pc, String[] names, String k) {
        int op = in.code() & 0xf0;
        if (op == Insn.JA) return "ja   " + target(pc + 1 + in.k(), names);
        String[] ops = {"ja", "jeq", "jgt", "jge", "jset"};
        String operand = (in.code() & Insn.X) != 0 ? "x" : k;
        String name = (op >> 4) < ops.length ? ops[op >> 4] : "j?";
        return String.format("%-4s %s, %s, %s", name, operand, target(pc + 1 + in.jt(), names),
                target(pc + 1 + in.jf(), names));
    }

    private static String target(int index, String[] names) {
        return index < names.length && names[index] != null ? names[index] : Integer.toString(index);
    }

    private static String raw(Insn in) {
        return String.format(".insn 0x%04x, %d, %d, 0x%x", in.code(), in.jt(), in.jf(), in.unsignedK());
    }
}
