package dev.ward.seccomp;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import java.util.List;
import java.util.Map;

/**
 * A small binding of libseccomp (libseccomp.so.2) for the differential tests and benchmarks: it builds
 * libseccomp's filter from the same rules and exports the BPF it generates.
 */
final class Libseccomp {
    static final int FLTATR_ACT_BADARCH = 2;
    static final int FLTATR_CTL_OPTIMIZE = 8;
    static final int FLTATR_API_TSKIP = 5;

    static final Map<Arch, Integer> TOKENS = Map.of(Arch.X86_64, 0xC000003E, Arch.X86, 0x40000003,
            Arch.X32, 0x4000003E, Arch.AARCH64, 0xC00000B7, Arch.ARM, 0x40000028, Arch.RISCV64, 0xC00000F3,
            Arch.PPC64LE, 0xC0000015, Arch.S390X, 0x80000016);

    /** {@code struct scmp_arg_cmp}. */
    @Structure.FieldOrder({"arg", "op", "datumA", "datumB"})
    public static class ArgCmp extends Structure {
        public int arg;
        public int op;
        public long datumA;
        public long datumB;
    }

    interface Lib extends Library {
        Pointer seccomp_init(int defAction);

        void seccomp_release(Pointer ctx);

        int seccomp_arch_add(Pointer ctx, int token);

        int seccomp_arch_remove(Pointer ctx, int token);

        int seccomp_arch_native();

        int seccomp_attr_set(Pointer ctx, int attr, int value);

        int seccomp_rule_add_array(Pointer ctx, int action, int syscall, int argCnt, ArgCmp[] args);

        int seccomp_syscall_resolve_name(String name);

        int seccomp_syscall_resolve_name_arch(int token, String name);

        int seccomp_export_bpf(Pointer ctx, int fd);
    }

    interface LibC extends Library {
        int memfd_create(String name, int flags);

        long lseek(int fd, long offset, int whence);

        long read(int fd, byte[] buf, long count);

        int close(int fd);
    }

    static final Lib LIB = Native.load("seccomp", Lib.class);
    private static final LibC LIBC = Native.load("c", LibC.class);

    private Libseccomp() {}

    /**
     * libseccomp's program for the kernel of {@code abis.get(0)}, deciding all of {@code abis}, from the
     * translated rules; bad-architecture action kill-process, as Ward's.
     */
    static BpfProgram compile(LibseccompRules.Translation t, List<Arch> abis, int optimize) {
        // libseccomp can spin forever on some rule sets; a daemon thread lets the test fail instead of hang.
        java.util.concurrent.FutureTask<BpfProgram> task =
                new java.util.concurrent.FutureTask<>(() -> build(t, abis, optimize));
        Thread worker = new Thread(task, "libseccomp");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("libseccomp did not finish building the filter for " + t.rules());
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BpfProgram build(LibseccompRules.Translation t, List<Arch> abis, int optimize) {
        Pointer ctx = LIB.seccomp_init((int) t.defaultAction().seccompRet());
        if (ctx == null) throw new IllegalStateException("seccomp_init failed");
        try {
            check(LIB.seccomp_attr_set(ctx, FLTATR_ACT_BADARCH, (int) Action.KILL_PROCESS.seccompRet()), "badarch");
            check(LIB.seccomp_attr_set(ctx, FLTATR_CTL_OPTIMIZE, optimize), "optimize");
            int nativeToken = LIB.seccomp_arch_native();
            // Remove the native arch first: one filter holds architectures of one byte order only.
            if (abis.stream().noneMatch(a -> TOKENS.get(a) == nativeToken)) {
                check(LIB.seccomp_arch_remove(ctx, nativeToken), "arch_remove");
            }
            for (Arch a : abis) {
                if (TOKENS.get(a) != nativeToken) check(LIB.seccomp_arch_add(ctx, TOKENS.get(a)), "arch_add " + a);
            }
            for (Map.Entry<String, List<LibseccompRules.Rule>> e : t.rules().entrySet()) {
                int nr = LIB.seccomp_syscall_resolve_name(e.getKey());
                if (nr == -1) continue;
                for (LibseccompRules.Rule r : e.getValue()) {
                    ArgCmp[] args = r.args().isEmpty() ? null : (ArgCmp[]) new ArgCmp().toArray(r.args().size());
                    for (int i = 0; i < r.args().size(); i++) {
                        LibseccompRules.ArgCmp c = r.args().get(i);
                        args[i].arg = c.arg();
                        args[i].op = c.op().scmp();
                        args[i].datumA = c.a();
                        args[i].datumB = c.b();
                    }
                    // Names some ABI lacks are skipped there; the return code reports that, not a failure.
                    LIB.seccomp_rule_add_array(ctx, (int) r.action().seccompRet(), nr, r.args().size(), args);
                }
            }
            return BpfProgram.fromBytes(abis.get(0), abis, export(ctx));
        } finally {
            LIB.seccomp_release(ctx);
        }
    }

    /** True when libseccomp knows {@code name} on {@code abi} with the number Ward's table gives. */
    static boolean knows(Arch abi, String name, int tableNumber) {
        int nr = LIB.seccomp_syscall_resolve_name_arch(TOKENS.get(abi), name);
        return nr == Abis.wireNumber(abi, tableNumber);
    }

    private static byte[] export(Pointer ctx) {
        int fd = LIBC.memfd_create("ward-libseccomp", 0);
        if (fd < 0) throw new IllegalStateException("memfd_create failed");
        try {
            check(LIB.seccomp_export_bpf(ctx, fd), "export");
            long size = LIBC.lseek(fd, 0, 1);
            LIBC.lseek(fd, 0, 0);
            byte[] buf = new byte[(int) size];
            long n = LIBC.read(fd, buf, size);
            if (n != size) throw new IllegalStateException("short read of the exported filter");
            return buf;
        } finally {
            LIBC.close(fd);
        }
    }

    private static void check(int rc, String what) {
        if (rc < 0) throw new IllegalStateException("libseccomp " + what + " failed: " + rc);
    }
}
