package dev.ward.seccomp;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The libseccomp binding, for tests outside this package (the importer's differential tests). */
public final class LibseccompAccess {
    private LibseccompAccess() {}

    /** What the importer's tests need beyond {@link Libseccomp}: the pseudo filter code export, and a file to read it from. */
    private interface Extra extends Library {
        int seccomp_export_pfc(Pointer ctx, int fd);
    }

    private interface Files extends Library {
        int memfd_create(String name, int flags);

        long lseek(int fd, long offset, int whence);

        long read(int fd, byte[] buf, long count);

        int close(int fd);
    }

    private static final Extra EXTRA = Native.load("seccomp", Extra.class);
    private static final Files FILES = Native.load("c", Files.class);

    /**
     * libseccomp's program (optimize level 2, as runc asks for) from rules added per syscall in the order
     * given; {@code abis.get(0)} is the kernel's own ABI. Rules libseccomp refuses are left out.
     */
    public static BpfProgram compile(Action defaultAction, Map<String, List<LibseccompRules.Rule>> rules, List<Arch> abis) {
        return Libseccomp.compile(new LibseccompRules.Translation(defaultAction, rules), abis, 2);
    }

    /** True when libseccomp resolves {@code name} on this machine's architecture, as runc looks names up. */
    public static boolean resolves(String name) {
        return Libseccomp.LIB.seccomp_syscall_resolve_name(name) != -1;
    }

    /** True when libseccomp knows {@code name} on {@code abi} with the number Ward's table gives. */
    public static boolean knows(Arch abi, String name, int tableNumber) {
        return Libseccomp.knows(abi, name, tableNumber);
    }

    /**
     * libseccomp's pseudo filter code ({@code seccomp_export_pfc}) for the rules added in order: its rule
     * database as text, before code generation.
     */
    public static String pfc(Action defaultAction, List<Map.Entry<String, LibseccompRules.Rule>> rules, List<Arch> abis) {
        Pointer ctx = build(defaultAction, rules, abis, new ArrayList<>());
        try {
            int fd = FILES.memfd_create("ward-pfc", 0);
            try {
                if (EXTRA.seccomp_export_pfc(ctx, fd) < 0) throw new IllegalStateException("seccomp_export_pfc failed");
                long size = FILES.lseek(fd, 0, 1);
                FILES.lseek(fd, 0, 0);
                byte[] buf = new byte[(int) size];
                if (FILES.read(fd, buf, size) != size) throw new IllegalStateException("short read of the pseudo filter code");
                return new String(buf, java.nio.charset.StandardCharsets.UTF_8);
            } finally {
                FILES.close(fd);
            }
        } finally {
            Libseccomp.LIB.seccomp_release(ctx);
        }
    }

    /**
     * The rules {@code seccomp_rule_add_array} refuses when they are added in order to a filter for
     * {@code abis}, as "name: error code".
     */
    public static List<String> refused(Action defaultAction, List<Map.Entry<String, LibseccompRules.Rule>> rules, List<Arch> abis) {
        List<String> out = new ArrayList<>();
        Libseccomp.LIB.seccomp_release(build(defaultAction, rules, abis, out));
        return out;
    }

    private static Pointer build(Action defaultAction, List<Map.Entry<String, LibseccompRules.Rule>> rules, List<Arch> abis,
                                 List<String> refused) {
        Libseccomp.Lib lib = Libseccomp.LIB;
        Pointer ctx = lib.seccomp_init((int) defaultAction.seccompRet());
        int nativeToken = lib.seccomp_arch_native();
        for (Arch a : abis) {
            if (Libseccomp.TOKENS.get(a) != nativeToken) lib.seccomp_arch_add(ctx, Libseccomp.TOKENS.get(a));
        }
        if (abis.stream().noneMatch(a -> Libseccomp.TOKENS.get(a) == nativeToken)) lib.seccomp_arch_remove(ctx, nativeToken);
        for (Map.Entry<String, LibseccompRules.Rule> e : rules) {
            int nr = lib.seccomp_syscall_resolve_name(e.getKey());
            if (nr == -1) continue;
            LibseccompRules.Rule r = e.getValue();
            Libseccomp.ArgCmp[] args = r.args().isEmpty() ? null
                    : (Libseccomp.ArgCmp[]) new Libseccomp.ArgCmp().toArray(r.args().size());
            for (int i = 0; i < r.args().size(); i++) {
                args[i].arg = r.args().get(i).arg();
                args[i].op = r.args().get(i).op().scmp();
                args[i].datumA = r.args().get(i).a();
                args[i].datumB = r.args().get(i).b();
            }
            int rc = lib.seccomp_rule_add_array(ctx, (int) r.action().seccompRet(), nr, r.args().size(), args);
            if (rc < 0) refused.add(e.getKey() + ": " + rc);
        }
        return ctx;
    }
}
