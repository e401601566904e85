package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Compiles a profile's seccomp rules into the classic BPF filter for one architecture's kernel. The program
 * checks the architecture first (a foreign one is killed), dispatches on the syscall number by a weighted
 * search tree over ranges of numbers that share a decision, and only then reads arguments, so the kernel's
 * action cache can answer every argument-independent syscall without running the filter.
 */
public final class BpfCompiler {
    /** Weight of a syscall of the kernel's own ABI in the dispatch tree. */
    private static final double NATIVE_WEIGHT = 1.0;
    /** Weight of a syscall of a compat ABI (x32, i386, arm): rarer on a given machine. */
    private static final double COMPAT_WEIGHT = 0.05;
    /** Weight of the range of numbers above the last syscall (and of a segment without an ABI). */
    private static final double EMPTY_WEIGHT = 0.001;
    /** Weight of each number without a syscall below the last one: a gap weighs as many numbers as it holds. */
    private static final double UNNAMED_WEIGHT = EMPTY_WEIGHT / 100;
    /** Extra weight of a syscall whose decision reads its arguments. */
    private static final double ARGUMENT_WEIGHT = 8.0;
    private static final long X32_BIT = Arch.X32_SYSCALL_BIT;
    private static final long MAX_NR = 0xffffffffL;

    private final Profile profile;
    private final Arch arch;
    private final FilterGraph g = new FilterGraph();
    private final Map<LeafKey, Integer> leaves = new HashMap<>();
    private final Map<Integer, List<String>> leafNames = new LinkedHashMap<>();

    /** One ABI's syscall numbers, ascending, and their names (the standard table's, computed once). */
    private record NumberedNames(int[] numbers, String[] names) {
        private static final Map<Arch, NumberedNames> BY_ABI = new EnumMap<>(Arch.class);

        static {
            for (Arch abi : Arch.values()) {
                Map<Integer, String> table = SyscallTable.standard().numbers(abi);
                BY_ABI.put(abi, new NumberedNames(table.keySet().stream().mapToInt(Integer::intValue).toArray(),
                        table.values().toArray(new String[0])));
            }
        }

        static NumberedNames of(Arch abi) {
            return BY_ABI.get(abi);
        }

        String name(int nr) {
            int i = Arrays.binarySearch(numbers, nr);
            return i < 0 ? null : names[i];
        }
    }

    /** Equal decisions share code only within one argument width. */
    private record LeafKey(Decision decision, boolean narrow) {}

    private BpfCompiler(Profile profile, Arch arch) {
        this.profile = profile;
        this.arch = arch;
    }

    /**
     * The filter for the kernel of {@code arch}: it decides {@code arch}'s syscalls and those of the compat
     * ABIs the profile lists (x32 and i386 on x86_64, arm on aarch64). A program over the kernel's limit of
     * 4096 instructions is reported as an error (and returned, unusable).
     */
    public static BpfProgram compile(Profile profile, Arch arch, Diagnostics diagnostics) {
        List<Arch> abis = Abis.decidedBy(arch, profile.arches());
        warnTruncation(profile, abis, diagnostics);
        BpfProgram program = new BpfCompiler(profile, arch).build(abis);
        if (program.length() > BpfInterpreter.MAX_INSNS) {
            diagnostics.error(SeccompCodes.PROGRAM_TOO_LARGE, profile.origin().span(),
                    "the seccomp filter of profile '" + profile.name() + "' for " + arch.wardName() + " needs "
                            + program.length() + " instructions; the kernel accepts at most "
                            + BpfInterpreter.MAX_INSNS + " (fewer argument conditions or in-list values would fit)");
        }
        return program;
    }

    private BpfProgram build(List<Arch> abis) {
        Seccomp seccomp = profile.seccomp();
        Map<Long, List<Arch>> byAudit = new LinkedHashMap<>();
        for (Arch abi : abis) byAudit.computeIfAbsent(abi.auditArch(), k -> new ArrayList<>()).add(abi);

        int next = g.ret(Abis.BAD_ARCH.seccompRet());
        g.comment(next, "not " + String.join(", ", abis.stream().map(Arch::wardName).toList())
                + ": " + Abis.BAD_ARCH);
        List<Map.Entry<Long, List<Arch>>> groups = new ArrayList<>(byAudit.entrySet());
        for (int i = groups.size() - 1; i >= 0; i--) {
            long audit = groups.get(i).getKey();
            int tree = dispatch(seccomp, groups.get(i).getValue());
            int entry = g.load(SeccompData.NR_OFFSET, tree);
            g.comment(entry, "A = seccomp_data.nr");
            g.label(entry, groups.get(i).getValue().get(0).wardName());
            next = g.jump(Insn.JEQ, (int) audit, entry, next);
            g.comment(next, Abis.auditName(audit));
        }
        int root = g.load(SeccompData.ARCH_OFFSET, next);
        g.comment(root, "A = seccomp_data.arch");
        for (Map.Entry<Integer, List<String>> e : leafNames.entrySet()) {
            List<String> names = e.getValue();
            if (g.node(e.getKey()).kind() != FilterGraph.RET) {
                g.label(e.getKey(), names.get(0) + (names.size() > 1 ? "_and_" + (names.size() - 1) + "_more" : ""));
            }
        }
        root = g.dropRedundantLoads(root);
        Layout.Placed placed = Layout.place(g, root);
        return new BpfProgram(arch, abis, placed.instructions(), placed.labels(), placed.comments());
    }

    /** The number dispatch for the ABIs sharing one AUDIT_ARCH value (x86_64 and x32 share one). */
    private int dispatch(Seccomp seccomp, List<Arch> abis) {
        DispatchTree tree = new DispatchTree();
        int bad = g.ret(Abis.BAD_ARCH.seccompRet());
        int fallback = ret(seccomp.defaultAction());
        if (abis.contains(Arch.X86_64) || abis.contains(Arch.X32)) {
            segment(tree, seccomp, abis.contains(Arch.X86_64) ? Arch.X86_64 : null, 0, X32_BIT - 1, bad);
            segment(tree, seccomp, abis.contains(Arch.X32) ? Arch.X32 : null, X32_BIT, MAX_NR - 1, bad);
            // -1 is how a tracer skips a syscall; it gets the default, as under libseccomp.
            tree.add(MAX_NR, MAX_NR, fallback, EMPTY_WEIGHT, null);
        } else {
            segment(tree, seccomp, abis.get(0), 0, MAX_NR, bad);
        }
        return tree.build(g);
    }

    /** Adds the ranges for numbers {@code from..to}: {@code abi}'s decisions, or bad-arch without an ABI. */
    private void segment(DispatchTree tree, Seccomp seccomp, Arch abi, long from, long to, int bad) {
        if (abi == null) {
            tree.add(from, to, bad, EMPTY_WEIGHT, null);
            return;
        }
        DecisionTable table = DecisionTable.of(seccomp, abi);
        NumberedNames named = NumberedNames.of(abi);
        boolean own = abi == arch || (abi == Arch.X86_64 && arch == Arch.X32);
        double weight = own ? NATIVE_WEIGHT : COMPAT_WEIGHT;
        boolean narrow = Abis.is32Bit(abi);
        int fallback = ret(seccomp.defaultAction());
        int[] numbers = IntStream.concat(Arrays.stream(named.numbers()), Arrays.stream(table.mentioned()))
                .sorted().distinct().toArray();
        long at = 0;
        for (int nr : numbers) {
            String name = named.name(nr);
            // Numbers without a syscall between two that have one: the default, one range at a time, weighed
            // by its size (the tree's shape, and the code it shares between ABIs, as if added one by one).
            if (nr > at) tree.add(from + at, from + nr - 1, fallback, (nr - at) * UNNAMED_WEIGHT, null);
            Decision d = table.decision(nr);
            int leaf = leaf(d, narrow, name);
            // Argument checks lengthen a path: such syscalls get more weight, so they sit nearer the root.
            double w = name == null ? UNNAMED_WEIGHT : d.isConstant() ? weight : weight * ARGUMENT_WEIGHT;
            tree.add(from + nr, from + nr, leaf, w, name);
            at = nr + 1L;
        }
        int last = (int) at - 1;
        tree.add(from + last + 1, to, fallback, EMPTY_WEIGHT, null);
    }

    /** The code deciding one syscall: a {@code ret}, or its argument checks. */
    private int leaf(Decision d, boolean narrow, String name) {
        LeafKey key = new LeafKey(d, narrow);
        Integer id = leaves.get(key);
        if (id == null) {
            id = decisionCode(d, narrow);
            leaves.put(key, id);
        }
        if (name != null) leafNames.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
        return id;
    }

    private int decisionCode(Decision d, boolean narrow) {
        int next = ret(d.otherwise());
        ConditionLowering lowering = new ConditionLowering(g, narrow, arch.bigEndian());
        List<Decision.Step> steps = d.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Decision.Step s = steps.get(i);
            next = lowering.lower(s.condition(), ret(s.action()), next);
            g.prefixComment(next, RuleText.origin(s.rule()));
        }
        return next;
    }

    private int ret(Action a) {
        int id = g.ret(a.seccompRet());
        g.comment(id, a.toString());
        return id;
    }

    private static void warnTruncation(Profile profile, List<Arch> abis, Diagnostics d) {
        Arch narrow = abis.stream().filter(Abis::is32Bit).findFirst().orElse(null);
        if (narrow == null) return;
        for (SeccompRule rule : profile.seccomp().rules()) {
            if (rule.condition().isEmpty()) continue;
            List<Long> constants = new ArrayList<>();
            Conditions.constants(rule.condition().get(), constants);
            for (long c : constants) {
                if ((c >>> 32) != 0) {
                    d.warning(SeccompCodes.CONSTANT_TRUNCATED, rule.origin().span(),
                            "on " + narrow.wardName() + " arguments are 32 bits wide: " + ConditionText.number(c)
                                    + " is compared as " + ConditionText.number(c & 0xffffffffL));
                    break;
                }
            }
        }
    }
}
