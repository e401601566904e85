package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs Ward's compiled filters, and libseccomp's filters built from the same policy, over every syscall
 * number of every ABI and over argument probes at and around every constant of the policy, and compares both
 * with the policy's meaning ({@link SeccompSemantics}).
 */
final class Differential {
    /** ABIs where libseccomp also applies socket and ipc rules to the socketcall/ipc multiplexers. */
    private static final Set<Arch> MULTIPLEXED = Set.of(Arch.X86, Arch.PPC64LE, Arch.S390X);
    private static final Set<String> MULTIPLEXERS = Set.of("socketcall", "ipc");
    private static final long X32 = Arch.X32_SYSCALL_BIT;
    private static final int MAX_VALUES = 32;

    /** Counts of one run, and the first mismatches found. */
    static final class Report {
        long probes;
        /** Policies with a syscall the translation left out (not compared with libseccomp). */
        int untranslatable;
        long libseccompProbes;
        final List<String> mismatches = new ArrayList<>();

        void mismatch(String s) {
            if (mismatches.size() < 20) mismatches.add(s);
        }

        @Override
        public String toString() {
            return probes + " probes, " + libseccompProbes + " against libseccomp, mismatches: " + mismatches;
        }
    }

    private Differential() {}

    /**
     * Compares every program of {@code p} (and, when asked, libseccomp's filter for each ABI on its own, built
     * from the translated rules) with the semantics. libseccomp is asked one ABI at a time: with a 64-bit and
     * a 32-bit ABI in one filter, 2.5.4 merges blocks of the two wrongly and mis-decides masked tests.
     */
    static Report run(Profile p, boolean withLibseccomp, Report report) {
        Profile comparable = withLibseccomp ? SeccompBenchmark.restrictToLibseccomp(p) : p;
        Diagnostics translation = new Diagnostics();
        LibseccompRules.Translation t = withLibseccomp
                ? LibseccompRules.translate(comparable.seccomp(), translation) : null;
        if (translation.hasErrors()) report.untranslatable++;
        boolean wide = wideConstants(p.seccomp());
        Random random = new Random(p.seccomp().hashCode());
        for (Arch arch : Abis.programArches(p.arches())) {
            BpfProgram ward = BpfCompiler.compile(p, arch, new Diagnostics());
            BpfProgram wardComparable = !withLibseccomp ? null
                    : comparable == p ? ward : BpfCompiler.compile(comparable, arch, new Diagnostics());
            List<Arch> abis = ward.abis();
            for (long audit : audits(abis)) {
                Map<Arch, BpfProgram> libs = new java.util.EnumMap<>(Arch.class);
                for (long nr : numbers(abis, audit)) {
                    Arch abi = abiOf(abis, audit, nr);
                    BpfProgram lib = null;
                    if (withLibseccomp && abi != null && libseccompComparable(abi, nr, wide, t)) {
                        lib = libs.computeIfAbsent(abi, a -> Libseccomp.compile(t, List.of(a), 2));
                    }
                    for (long[] args : argumentProbes(p.seccomp(), abi, nr, random)) {
                        SeccompData data = SeccompData.of((int) nr, audit, args);
                        Action expected = expected(p.seccomp(), abis, audit, nr, args);
                        report.probes++;
                        long got = BpfInterpreter.evaluate(ward.instructions(), data, arch.bigEndian());
                        if (got != expected.seccompRet()) {
                            report.mismatch("ward " + arch.wardName() + " " + data + ": got 0x" + Long.toHexString(got)
                                    + ", policy says " + expected);
                        }
                        if (lib == null) continue;
                        Action expectedLib = expected(comparable.seccomp(), abis, audit, nr, args);
                        report.libseccompProbes++;
                        long libGot = BpfInterpreter.evaluate(lib.instructions(), data, arch.bigEndian());
                        long wardGot = BpfInterpreter.evaluate(wardComparable.instructions(), data, arch.bigEndian());
                        if (libGot != expectedLib.seccompRet() || wardGot != libGot) {
                            report.mismatch("libseccomp " + abi.wardName() + " " + data + ": libseccomp 0x"
                                    + Long.toHexString(libGot) + ", ward 0x" + Long.toHexString(wardGot)
                                    + ", policy says " + expectedLib);
                        }
                    }
                }
            }
        }
        return report;
    }

    /** Where libseccomp is meant to agree: not on the multiplexers, not on 32-bit ABIs given 64-bit constants. */
    private static boolean libseccompComparable(Arch abi, long nr, boolean wide, LibseccompRules.Translation t) {
        if (nr == 0xffffffffL) return false;
        String name = SyscallTable.standard().name(abi, tableNumber(abi, nr)).orElse("");
        // The translation warns that libseccomp mis-builds some rule shapes (seen here too).
        if (t.unreliable().contains(name) || t.untranslated().contains(name)) return false;
        // Exported for a big-endian architecture on this little-endian machine, libseccomp 2.5.4 writes some
        // return values byte-swapped; its s390x filters are not comparable here.
        if (abi.bigEndian()) return false;
        if (wide && Abis.is32Bit(abi)) return false;
        if (MULTIPLEXED.contains(abi)) return !MULTIPLEXERS.contains(name);
        return true;
    }

    /** The ABI a call with this AUDIT_ARCH and number belongs to, among those decided; null for bad-arch. */
    static Arch abiOf(List<Arch> abis, long audit, long nr) {
        if (abis.stream().noneMatch(a -> a.auditArch() == audit)) return null;
        if (audit == Arch.X86_64.auditArch()) {
            if (nr == 0xffffffffL) return abis.contains(Arch.X86_64) ? Arch.X86_64 : Arch.X32;
            Arch a = nr >= X32 ? Arch.X32 : Arch.X86_64;
            return abis.contains(a) ? a : null;
        }
        for (Arch a : abis) {
            if (a.auditArch() == audit) return a;
        }
        return null;
    }

    private static int tableNumber(Arch abi, long nr) {
        return abi == Arch.X32 && nr != 0xffffffffL ? (int) (nr - X32) : (int) nr;
    }

    /** What the policy says a call gets, including the architecture check. */
    static Action expected(Seccomp s, List<Arch> abis, long audit, long nr, long[] args) {
        Arch abi = abiOf(abis, audit, nr);
        if (nr == 0xffffffffL && abi != null) return s.defaultAction();
        if (abi == null) return Abis.BAD_ARCH;
        return SeccompSemantics.decide(s, abi, tableNumber(abi, nr), args);
    }

    private static List<Long> audits(List<Arch> abis) {
        Set<Long> out = new LinkedHashSet<>();
        for (Arch a : abis) out.add(a.auditArch());
        for (Arch a : Arch.values()) out.add(a.auditArch());
        out.add(0L);
        return new ArrayList<>(out);
    }

    /** Every number of the ABIs on this AUDIT_ARCH up to past the last, and the edges of the number space. */
    private static List<Long> numbers(List<Arch> abis, long audit) {
        Set<Long> out = new LinkedHashSet<>();
        boolean decided = abis.stream().anyMatch(a -> a.auditArch() == audit);
        if (!decided) return List.of(0L, 59L);
        for (Arch a : abis) {
            if (a.auditArch() != audit) continue;
            Map<Integer, String> table = SyscallTable.standard().numbers(a);
            int max = table.keySet().stream().mapToInt(Integer::intValue).filter(n -> n < 4096).max().orElse(0);
            for (int nr = 0; nr <= max + 2; nr++) out.add((long) Abis.wireNumber(a, nr));
            // Private ranges far above the others (arm's 0xf0000 calls): each one and its neighbours.
            for (int nr : table.keySet()) {
                for (int n = Math.max(0, nr - 1); n <= nr + 1; n++) out.add((long) Abis.wireNumber(a, n));
            }
        }
        for (long n : new long[] {0x3fffffffL, X32, X32 + 0x300, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL}) {
            out.add(n);
        }
        return new ArrayList<>(out);
    }

    /**
     * Zero arguments and random ones; for a syscall with argument checks also each argument it tests at and
     * around the constants of its rules, and random combinations of those values.
     */
    private static List<long[]> argumentProbes(Seccomp s, Arch abi, long nr, Random random) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[6]);
        long[] noise = new long[6];
        for (int i = 0; i < 6; i++) noise[i] = random.nextLong();
        out.add(noise);
        if (abi == null || nr == 0xffffffffL) return out;
        int table = tableNumber(abi, nr);
        List<SeccompRule> rules = s.rules().stream().filter(r -> r.condition().isPresent()
                && SeccompSemantics.mentions(r, SyscallTable.standard(), abi, table)).toList();
        if (rules.isEmpty()) return out;
        List<Long> values = probeValues(new Seccomp(s.defaultAction(), rules), random);
        Set<Integer> used = new java.util.TreeSet<>();
        for (SeccompRule r : rules) arguments(r.condition().get(), used);
        for (int arg : used) {
            for (long v : values) {
                long[] a = new long[6];
                a[arg] = v;
                out.add(a);
            }
        }
        for (int i = 0; i < 24; i++) {
            long[] a = new long[6];
            for (int arg : used) a[arg] = values.get(random.nextInt(values.size()));
            out.add(a);
        }
        return out;
    }

    private static void arguments(dev.ward.ir.Condition c, Set<Integer> out) {
        if (c instanceof dev.ward.ir.Condition.Compare x) out.add(x.arg());
        else if (c instanceof dev.ward.ir.Condition.MaskedEquals x) out.add(x.arg());
        else if (c instanceof dev.ward.ir.Condition.In x) out.add(x.arg());
        else if (c instanceof dev.ward.ir.Condition.And x) {
            arguments(x.left(), out);
            arguments(x.right(), out);
        } else if (c instanceof dev.ward.ir.Condition.Or x) {
            arguments(x.left(), out);
            arguments(x.right(), out);
        } else arguments(((dev.ward.ir.Condition.Not) c).operand(), out);
    }

    /** True when a condition compares with a constant wider than 32 bits. */
    static boolean wideConstants(Seccomp s) {
        List<Long> cs = new ArrayList<>();
        for (SeccompRule r : s.rules()) r.condition().ifPresent(c -> Conditions.constants(c, cs));
        return cs.stream().anyMatch(v -> (v >>> 32) != 0);
    }

    /** Each constant of the policy, its neighbours, and the same with the other half-word changed. */
    static List<Long> probeValues(Seccomp s, Random sample) {
        Set<Long> out = new LinkedHashSet<>(List.of(0L, 1L, -1L, 0xffffffffL, 0x100000000L, 0x80000000L));
        for (SeccompRule r : s.rules()) {
            if (r.condition().isEmpty()) continue;
            List<Long> cs = new ArrayList<>();
            Conditions.constants(r.condition().get(), cs);
            for (long c : cs) {
                for (long v : new long[] {c, c - 1, c + 1, c ^ (1L << 32), c ^ 1L << 63, c & 0xffffffffL, ~c}) {
                    out.add(v);
                }
            }
        }
        List<Long> list = new ArrayList<>(out);
        // Keep the probe count bounded for rules with many constants: a sample, the first ones always.
        while (sample != null && list.size() > MAX_VALUES) list.remove(8 + sample.nextInt(list.size() - 8));
        return list;
    }
}
