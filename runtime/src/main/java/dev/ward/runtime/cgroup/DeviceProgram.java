package dev.ward.runtime.cgroup;

import dev.ward.ir.DeviceRule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A device allowlist as the eBPF program cgroup v2 runs on every device access
 * (BPF_PROG_TYPE_CGROUP_DEVICE): the v2 form of v1's devices.deny / devices.allow. As with v1's files
 * written in order, the last rule that matches an access decides it; no match denies.
 *
 * <p>The program reads {@code struct bpf_cgroup_dev_ctx} (access_type: the device type in the low 16 bits,
 * the access in the high 16; major; minor) and returns 1 to allow, 0 to deny.
 */
public final class DeviceProgram {
    // struct bpf_cgroup_dev_ctx and the kernel's constants.
    private static final int ACCESS_TYPE = 0, MAJOR = 4, MINOR = 8;
    private static final int DEV_BLOCK = 1, DEV_CHAR = 2;
    private static final int ACC_MKNOD = 1, ACC_READ = 2, ACC_WRITE = 4;

    // eBPF opcodes used here.
    private static final int LDX_W = 0x61, MOV64_X = 0xbf, MOV64_K = 0xb7, AND64_K = 0x57, RSH64_K = 0x77,
            JNE_K = 0x55, EXIT = 0x95;
    // Registers: r1 the context; r2 type, r3 access, r4 major, r5 minor, r6 scratch, r0 the result.
    private static final int R0 = 0, R1 = 1, TYPE = 2, ACCESS = 3, MAJ = 4, MIN = 5, TMP = 6;

    private record Insn(int op, int dst, int src, int off, int imm) {}

    private DeviceProgram() {}

    /** The program's instructions as this host's kernel takes them (struct bpf_insn, native byte order). */
    public static byte[] compile(List<DeviceRule> rules) {
        List<Insn> code = new ArrayList<>();
        code.add(new Insn(LDX_W, TYPE, R1, ACCESS_TYPE, 0));
        code.add(new Insn(MOV64_X, ACCESS, TYPE, 0, 0));
        code.add(new Insn(AND64_K, TYPE, 0, 0, 0xffff));
        code.add(new Insn(RSH64_K, ACCESS, 0, 0, 16));
        code.add(new Insn(LDX_W, MAJ, R1, MAJOR, 0));
        code.add(new Insn(LDX_W, MIN, R1, MINOR, 0));
        for (int i = rules.size() - 1; i >= 0; i--) code.addAll(rule(rules.get(i)));
        code.add(new Insn(MOV64_K, R0, 0, 0, 0));
        code.add(new Insn(EXIT, 0, 0, 0, 0));
        ByteOrder order = ByteOrder.nativeOrder();
        ByteBuffer b = ByteBuffer.allocate(code.size() * 8).order(order);
        for (Insn x : code) {
            // dst_reg and src_reg are 4-bit fields: dst in the low nibble on little-endian hosts.
            int regs = order == ByteOrder.LITTLE_ENDIAN ? (x.src() << 4) | x.dst() : (x.dst() << 4) | x.src();
            b.put((byte) x.op()).put((byte) regs).putShort((short) x.off()).putInt(x.imm());
        }
        return b.array();
    }

    // One rule: each test jumps past the rule's remaining instructions when it fails.
    private static List<Insn> rule(DeviceRule r) {
        List<int[]> tests = new ArrayList<>();
        if (r.type() != 'a') tests.add(new int[] {TYPE, r.type() == 'b' ? DEV_BLOCK : DEV_CHAR});
        if (r.major() != DeviceRule.ANY) tests.add(new int[] {MAJ, r.major()});
        if (r.minor() != DeviceRule.ANY) tests.add(new int[] {MIN, r.minor()});
        int allowed = access(r.access());
        int length = tests.size() + 5;
        List<Insn> out = new ArrayList<>();
        for (int[] t : tests) out.add(new Insn(JNE_K, t[0], 0, 0, t[1]));
        // The access asked for must be within the rule's: (access & ~allowed) == 0.
        out.add(new Insn(MOV64_X, TMP, ACCESS, 0, 0));
        out.add(new Insn(AND64_K, TMP, 0, 0, ~allowed & 0x7));
        out.add(new Insn(JNE_K, TMP, 0, 0, 0));
        out.add(new Insn(MOV64_K, R0, 0, 0, r.allow() ? 1 : 0));
        out.add(new Insn(EXIT, 0, 0, 0, 0));
        List<Insn> fixed = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Insn x = out.get(i);
            fixed.add(x.op() == JNE_K ? new Insn(x.op(), x.dst(), x.src(), length - i - 1, x.imm()) : x);
        }
        return fixed;
    }

    private static int access(String rwm) {
        int a = 0;
        if (rwm.indexOf('r') >= 0) a |= ACC_READ;
        if (rwm.indexOf('w') >= 0) a |= ACC_WRITE;
        if (rwm.indexOf('m') >= 0) a |= ACC_MKNOD;
        return a;
    }
}
