package dev.ward.seccomp;

import dev.ward.ir.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A compiled seccomp filter for the kernel of one architecture: the instructions, the ABIs it decides
 * (the others get the bad-architecture action), and for the listing a label and a comment per instruction.
 */
public final class BpfProgram {
    private final Arch arch;
    private final List<Arch> abis;
    private final List<Insn> instructions;
    private final List<String> labels;
    private final List<String> comments;

    BpfProgram(Arch arch, List<Arch> abis, List<Insn> instructions, List<String> labels, List<String> comments) {
        if (labels.size() != instructions.size() || comments.size() != instructions.size()) {
            throw new IllegalArgumentException("one label and one comment per instruction");
        }
        this.arch = arch;
        this.abis = List.copyOf(abis);
        this.instructions = List.copyOf(instructions);
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.comments = List.copyOf(comments);
    }

    /** A program without listing annotations, for instructions from elsewhere (another compiler, a file). */
    public static BpfProgram of(Arch arch, List<Arch> abis, List<Insn> instructions) {
        List<String> none = Collections.nCopies(instructions.size(), "");
        return new BpfProgram(arch, abis, instructions, Collections.nCopies(instructions.size(), null), none);
    }

    /** Reads a raw {@code struct sock_filter} array in {@code arch}'s byte order. */
    public static BpfProgram fromBytes(Arch arch, List<Arch> abis, byte[] bytes) {
        if (bytes.length % 8 != 0) throw new IllegalArgumentException("not a whole number of instructions");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order(arch));
        List<Insn> insns = new ArrayList<>();
        while (buf.hasRemaining()) {
            int code = Short.toUnsignedInt(buf.getShort());
            int jt = Byte.toUnsignedInt(buf.get());
            int jf = Byte.toUnsignedInt(buf.get());
            insns.add(new Insn(code, jt, jf, buf.getInt()));
        }
        return of(arch, abis, insns);
    }

    /** The architecture of the kernel this program is installed on. */
    public Arch arch() {
        return arch;
    }

    /** The ABIs this program decides: its own and the compat ABIs the profile lists. */
    public List<Arch> abis() {
        return abis;
    }

    public List<Insn> instructions() {
        return instructions;
    }

    /** The number of instructions. */
    public int length() {
        return instructions.size();
    }

    /** The label of instruction {@code i} for the listing, or null. */
    public String label(int i) {
        return labels.get(i);
    }

    /** The comment of instruction {@code i} for the listing ("" when none). */
    public String comment(int i) {
        return comments.get(i);
    }

    /** The raw {@code struct sock_filter} array, in the target architecture's byte order. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(instructions.size() * 8).order(order(arch));
        for (Insn in : instructions) {
            buf.putShort((short) in.code());
            buf.put((byte) in.jt());
            buf.put((byte) in.jf());
            buf.putInt(in.k());
        }
        return buf.array();
    }

    private static ByteOrder order(Arch arch) {
        return arch.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
