package dev.ward.runtime;

import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal classic-BPF program for a profile whose seccomp rules have no conditions: check the
 * architecture, then one comparison per syscall. Enough to exercise the installation path with the real
 * kernel; the seccomp backend's compiler is tested on its own.
 */
final class TestFilters {
    private TestFilters() {}

    static byte[] compile(Profile p, Arch arch) {
        List<long[]> code = new ArrayList<>();
        code.add(ins(0x20, 0, 0, 4));                               // ld [arch]
        code.add(ins(0x15, 1, 0, arch.auditArch()));                // jeq arch, skip kill
        code.add(ins(0x06, 0, 0, 0x80000000L));                     // ret kill-process
        code.add(ins(0x20, 0, 0, 0));                               // ld [nr]
        for (SeccompRule r : p.seccomp().rules()) {
            if (r.condition().isPresent()) throw new IllegalArgumentException("conditions are not supported here");
            for (String s : r.syscalls()) {
                int nr = SyscallTable.standard().number(arch, s).orElseThrow();
                code.add(ins(0x15, 0, 1, nr));                      // jeq nr, 0, 1
                code.add(ins(0x06, 0, 0, r.action().seccompRet())); // ret action
            }
        }
        code.add(ins(0x06, 0, 0, p.seccomp().defaultAction().seccompRet()));
        ByteBuffer b = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.nativeOrder());
        for (long[] i : code) {
            b.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt((int) i[3]);
        }
        return b.array();
    }

    private static long[] ins(int op, int jt, int jf, long k) {
        return new long[] {op, jt, jf, k};
    }
}
