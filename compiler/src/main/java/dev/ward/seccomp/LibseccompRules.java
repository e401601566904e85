package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Translates first-match rules into libseccomp's model, where each rule names one syscall, an action and at
 * most one comparison per argument, and overlapping rules of one syscall do not resolve by order. Every
 * syscall's decision is cut into cells on which it is constant (elementary intervals of each argument's
 * constants, or the classes of its masks), cells with the same outcome are gathered into disjoint
 * comparisons, and only the cells whose action is not the default become rules. Disjoint rules mean the
 * same under any resolution order, so libseccomp's filter decides exactly as Ward's does.
 */
public final class LibseccompRules {
    /** Above this many cells per syscall the translation gives up and reports it. */
    private static final int MAX_CELLS = 1 << 12;
    /** Above this many rules for one syscall the translation gives up and reports it. */
    private static final int MAX_RULES = 128;

    /** libseccomp's comparison operators, with their {@code enum scmp_compare} values. */
    public enum Op {
        NE(1), LT(2), LE(3), EQ(4), GE(5), GT(6), MASKED_EQ(7);

        private final int scmp;

        Op(int scmp) {
            this.scmp = scmp;
        }

        public int scmp() {
            return scmp;
        }

        /** The name in OCI/Docker profiles: {@code SCMP_CMP_EQ}. */
        public String scmpName() {
            return "SCMP_CMP_" + name();
        }
    }

    /** One comparison: {@code arg OP a}, or for MASKED_EQ {@code arg & a == b}. */
    public record ArgCmp(int arg, Op op, long a, long b) {}

    /** One libseccomp rule for a syscall. */
    public record Rule(Action action, List<ArgCmp> args) {
        public Rule {
            args = List.copyOf(args);
        }
    }

    /**
     * The rules of every syscall the policy names, in the order they are first named; {@code unreliable}
     * names the syscalls whose rules libseccomp 2.5 is known to build wrongly (tests of several arguments,
     * ranges written as masked blocks), {@code untranslated} those left out.
     */
    public record Translation(Action defaultAction, Map<String, List<Rule>> rules, java.util.Set<String> unreliable,
                              java.util.Set<String> untranslated) {
        public Translation(Action defaultAction, Map<String, List<Rule>> rules) {
            this(defaultAction, rules, java.util.Set.of(), java.util.Set.of());
        }
    }

    private LibseccompRules() {}

    /**
     * Translates {@code seccomp}. A syscall whose decision needs more cells or rules than the limits is left
     * out with an error at the rule that makes it so.
     */
    public static Translation translate(Seccomp seccomp, Diagnostics diagnostics) {
        List<SeccompRule> all = seccomp.rules();
        // Rules by their position: hashing the rules themselves would hash every name they list, per name.
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            for (String name : all.get(i).syscalls()) {
                List<Integer> list = byName.computeIfAbsent(name, n -> new ArrayList<>());
                if (list.isEmpty() || list.get(list.size() - 1) != i) list.add(i);
            }
        }
        Map<List<Integer>, List<Rule>> memo = new HashMap<>();
        Map<String, List<Rule>> out = new LinkedHashMap<>();
        java.util.Set<String> multi = new java.util.LinkedHashSet<>();
        java.util.Set<String> untranslated = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
            List<Rule> rules = memo.computeIfAbsent(e.getValue(), positions -> {
                List<SeccompRule> r = positions.stream().map(all::get).toList();
                Decision d = Decision.of(r, seccomp.defaultAction(), false);
                List<Rule> result = rules(d, seccomp.defaultAction());
                if (result == null) {
                    SeccompRule culprit = d.steps().isEmpty() ? r.get(0) : d.steps().get(0).rule();
                    diagnostics.error(SeccompCodes.NOT_EXPRESSIBLE, culprit.origin().span(),
                            "libseccomp rules cannot express the decision of " + e.getKey()
                                    + " within " + MAX_RULES + " rules (too many argument cases)");
                }
                return result;
            });
            if (rules == null) untranslated.add(e.getKey());
            if (rules != null && !rules.isEmpty()) out.put(e.getKey(), rules);
            if (rules != null && !reliable(rules)) multi.add(e.getKey());
        }
        if (!multi.isEmpty()) {
            SeccompRule first = all.get(byName.get(multi.iterator().next()).get(0));
            diagnostics.warning(SeccompCodes.NOT_EXPRESSIBLE, first.origin().span(),
                    "libseccomp 2.5 can build a wrong filter from rules that test several arguments of one syscall, "
                            + "a bounded range, or 64-bit ranges with different actions (" + String.join(", ", multi) + "); runtimes using it may "
                            + "not enforce them exactly, the BPF filter does");
        }
        return new Translation(seccomp.defaultAction(), out, multi, untranslated);
    }

    /** The disjoint rules of one decision, or null when it needs too many. */
    static List<Rule> rules(Decision d, Action defaultAction) {
        if (d.isConstant()) {
            return d.otherwise().equals(defaultAction) ? List.of() : List.of(new Rule(d.otherwise(), List.of()));
        }
        Map<Integer, Partition> parts = new java.util.TreeMap<>();
        Map<Integer, List<Condition>> atoms = new java.util.TreeMap<>();
        for (Decision.Step s : d.steps()) collectAtoms(s.condition(), atoms);
        long cells = 1;
        for (Map.Entry<Integer, List<Condition>> e : atoms.entrySet()) {
            Partition p = Partition.of(e.getValue());
            if (p == null) return null;
            parts.put(e.getKey(), p);
            cells *= p.size();
            if (cells > MAX_CELLS) return null;
        }
        List<Integer> args = new ArrayList<>(parts.keySet());
        // The decision on every cell, the first argument's piece varying slowest.
        int[] strides = new int[args.size()];
        int stride = 1;
        for (int k = args.size() - 1; k >= 0; k--) {
            strides[k] = stride;
            stride *= parts.get(args.get(k)).size();
        }
        List<Action> actions = new ArrayList<>();
        int[] table = new int[stride];
        long[] point = new long[6];
        for (int cell = 0; cell < stride; cell++) {
            for (int k = 0; k < args.size(); k++) {
                point[args.get(k)] = parts.get(args.get(k)).representative(cell / strides[k] % parts.get(args.get(k)).size());
            }
            Action a = evaluate(d, point);
            int index = actions.indexOf(a);
            if (index < 0) {
                actions.add(a);
                index = actions.size() - 1;
            }
            table[cell] = index;
        }
        List<Rule> out = new ArrayList<>();
        Cells decided = new Cells(args, parts, strides, table, actions, actions.indexOf(defaultAction));
        if (!decided.split(0, 0, new ArrayList<>(), out)) return null;
        out = orderingTestsLast(out);
        if (out.size() > MAX_RULES) return null;
        // Rules with fewer ordering tests go first: libseccomp inserts those into its tree reliably.
        out.sort(java.util.Comparator.comparingLong(r -> r.args().stream().filter(c -> ordering(c.op())).count()));
        return out;
    }

    /**
     * Whether libseccomp 2.5 builds these rules faithfully: in the differential tests it mis-builds rules
     * that test several arguments (hanging, or merging sibling tests wrongly), sibling masked tests with
     * contiguous high masks (how a bounded range is written), and ordering tests against 64-bit constants
     * beside rules of another action.
     */
    private static boolean reliable(List<Rule> rules) {
        if (rules.stream().flatMap(r -> r.args().stream()).map(ArgCmp::arg).distinct().count() > 1) return false;
        if (rules.stream().flatMap(r -> r.args().stream()).anyMatch(c -> c.op() == Op.MASKED_EQ
                && c.a() == -Long.lowestOneBit(c.a()))) {
            return false;
        }
        // Ordering tests against 64-bit constants next to rules of another action are merged wrongly too.
        boolean ordered = rules.stream().flatMap(r -> r.args().stream()).anyMatch(c -> ordering(c.op()));
        boolean wide = rules.stream().flatMap(r -> r.args().stream()).anyMatch(c -> (c.a() >>> 32) != 0);
        return !ordered || !wide || rules.stream().map(Rule::action).distinct().count() == 1;
    }

    private static boolean ordering(Op op) {
        return op == Op.LT || op == Op.LE || op == Op.GT || op == Op.GE;
    }

    /**
     * libseccomp 2.5 chains a rule's tests by argument number and shares the node after a 64-bit ordering
     * test between that test's two outcomes; adding further rules below such a shared node can make it loop
     * forever. So an ordering test is kept only on a rule's last argument; elsewhere its range is written as
     * aligned blocks (equalities under masks), one rule per block.
     */
    private static List<Rule> orderingTestsLast(List<Rule> rules) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            List<List<ArgCmp>> variants = new ArrayList<>();
            variants.add(new ArrayList<>());
            int lastArg = r.args().stream().mapToInt(ArgCmp::arg).max().orElse(-1);
            for (ArgCmp c : r.args()) {
                List<ArgCmp> choices = c.arg() != lastArg && ordering(c.op()) ? blocks(c) : List.of(c);
                List<List<ArgCmp>> next = new ArrayList<>();
                for (List<ArgCmp> v : variants) {
                    for (ArgCmp choice : choices) {
                        List<ArgCmp> w = new ArrayList<>(v);
                        w.add(choice);
                        next.add(w);
                    }
                }
                variants = next;
                if (variants.size() > MAX_RULES) return variants.stream().map(v -> new Rule(r.action(), v)).toList();
            }
            for (List<ArgCmp> v : variants) out.add(new Rule(r.action(), v));
        }
        return out;
    }

    private static List<ArgCmp> blocks(ArgCmp c) {
        long a = c.a();
        List<Cube> cubes = switch (c.op()) {
            case LT -> Cube.interval(0, a - 1);
            case LE -> Cube.interval(0, a);
            case GT -> Cube.interval(a + 1, -1L);
            default -> Cube.interval(a, -1L);
        };
        return cubes.stream().map(q -> q.mask() == -1L ? new ArgCmp(c.arg(), Op.EQ, q.value(), 0)
                : new ArgCmp(c.arg(), Op.MASKED_EQ, q.mask(), q.value())).toList();
    }

    /** The decision table of one syscall over the product of its arguments' pieces. */
    private record Cells(List<Integer> args, Map<Integer, Partition> parts, int[] strides, int[] table,
                         List<Action> actions, int defaultIndex) {
        /**
         * Emits the rules for the cells from {@code base} on, with the pieces of the first {@code depth}
         * arguments fixed by {@code prefix}; false past the rule limit.
         */
        boolean split(int depth, int base, List<ArgCmp> prefix, List<Rule> out) {
            if (depth == args.size()) {
                if (table[base] != defaultIndex) out.add(new Rule(actions.get(table[base]), prefix));
                return out.size() <= MAX_RULES;
            }
            int arg = args.get(depth);
            Partition p = parts.get(arg);
            int width = strides[depth];
            // Group this argument's pieces by what the remaining arguments decide under them.
            Map<Slice, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < p.size(); i++) {
                groups.computeIfAbsent(new Slice(table, base + i * width, width), k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<Slice, List<Integer>> g : groups.entrySet()) {
                if (g.getKey().all(defaultIndex)) continue;
                int first = base + g.getValue().get(0) * width;
                for (ArgCmp cmp : p.express(arg, g.getValue())) {
                    List<ArgCmp> next = new ArrayList<>(prefix);
                    if (cmp != null) next.add(cmp);
                    if (!split(depth + 1, first, next, out)) return false;
                }
            }
            return true;
        }
    }

    /** A range of a decision table, compared by content. */
    private record Slice(int[] table, int from, int length) {
        boolean all(int value) {
            for (int i = from; i < from + length; i++) {
                if (table[i] != value) return false;
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slice s && s.length == length
                    && java.util.Arrays.equals(table, from, from + length, s.table, s.from, s.from + length);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int i = from; i < from + length; i++) h = 31 * h + table[i];
            return h;
        }
    }

    private static Action evaluate(Decision d, long[] args) {
        for (Decision.Step s : d.steps()) {
            if (SeccompSemantics.holds(s.condition(), args, false)) return s.action();
        }
        return d.otherwise();
    }

    private static void collectAtoms(Condition c, Map<Integer, List<Condition>> out) {
        if (c instanceof Condition.Compare cmp) out.computeIfAbsent(cmp.arg(), k -> new ArrayList<>()).add(c);
        else if (c instanceof Condition.MaskedEquals m) out.computeIfAbsent(m.arg(), k -> new ArrayList<>()).add(c);
        else if (c instanceof Condition.In in) out.computeIfAbsent(in.arg(), k -> new ArrayList<>()).add(c);
        else if (c instanceof Condition.And and) {
            collectAtoms(and.left(), out);
            collectAtoms(and.right(), out);
        } else if (c instanceof Condition.Or or) {
            collectAtoms(or.left(), out);
            collectAtoms(or.right(), out);
        } else collectAtoms(((Condition.Not) c).operand(), out);
    }

    /** The values of one argument cut into the pieces on which every atom about it is constant. */
    private interface Partition {
        int size();

        long representative(int i);

        /** Disjoint comparisons whose union is the pieces {@code members} (null entry: no comparison). */
        List<ArgCmp> express(int arg, List<Integer> members);

        static Partition of(List<Condition> atoms) {
            if (atoms.stream().noneMatch(a -> a instanceof Condition.MaskedEquals)) return Intervals.of(atoms);
            return Regions.of(atoms);
        }
    }

    /** Elementary intervals between the constants of comparisons: each constant alone, and the gaps. */
    private record Intervals(List<long[]> pieces, TreeSet<Long> constants) implements Partition {
        static Intervals of(List<Condition> atoms) {
            TreeSet<Long> cs = new TreeSet<>(Long::compareUnsigned);
            for (Condition a : atoms) {
                if (a instanceof Condition.Compare cmp) cs.add(cmp.value());
                else cs.addAll(((Condition.In) a).values());
            }
            List<long[]> pieces = new ArrayList<>();
            long next = 0;
            boolean done = false;
            for (long c : cs) {
                if (Long.compareUnsigned(next, c) < 0) pieces.add(new long[] {next, c - 1});
                pieces.add(new long[] {c, c});
                if (c == -1L) {
                    done = true;
                    break;
                }
                next = c + 1;
            }
            if (!done) pieces.add(new long[] {next, -1L});
            return new Intervals(pieces, cs);
        }

        @Override
        public int size() {
            return pieces.size();
        }

        @Override
        public long representative(int i) {
            return pieces.get(i)[0];
        }

        @Override
        public List<ArgCmp> express(int arg, List<Integer> members) {
            List<ArgCmp> out = new ArrayList<>();
            int i = 0;
            while (i < members.size()) {
                int j = i;
                while (j + 1 < members.size() && members.get(j + 1) == members.get(j) + 1) j++;
                long lo = pieces.get(members.get(i))[0];
                long hi = pieces.get(members.get(j))[1];
                run(arg, lo, hi, out);
                i = j + 1;
            }
            return out;
        }

        /** One run of values, written with the policy's own constants where possible. */
        private void run(int arg, long lo, long hi, List<ArgCmp> out) {
            if (lo == 0 && hi == -1L) out.add(null);
            else if (lo == hi) out.add(new ArgCmp(arg, Op.EQ, lo, 0));
            else if (lo == 0) {
                out.add(constants.contains(hi) ? new ArgCmp(arg, Op.LE, hi, 0) : new ArgCmp(arg, Op.LT, hi + 1, 0));
            } else if (hi == -1L) {
                out.add(constants.contains(lo) ? new ArgCmp(arg, Op.GE, lo, 0) : new ArgCmp(arg, Op.GT, lo - 1, 0));
            } else {
                blocks(arg, lo, hi, out);
            }
        }

        /** {@code lo..hi} as aligned power-of-two blocks, each one masked comparison. */
        private static void blocks(int arg, long lo, long hi, List<ArgCmp> out) {
            for (Cube c : Cube.interval(lo, hi)) {
                out.add(c.mask() == -1L ? new ArgCmp(arg, Op.EQ, c.value(), 0) : new ArgCmp(arg, Op.MASKED_EQ, c.mask(), c.value()));
            }
        }
    }

    /** A set of 64-bit values: those equal to {@code value} on the bits of {@code mask}. */
    record Cube(long mask, long value) {
        Cube intersect(Cube o) {
            long common = mask & o.mask;
            if (((value ^ o.value) & common) != 0) return null;
            return new Cube(mask | o.mask, value | o.value);
        }

        /** This cube without {@code o}, as disjoint cubes. */
        List<Cube> minus(Cube o) {
            if (intersect(o) == null) return List.of(this);
            List<Cube> out = new ArrayList<>();
            Cube cur = this;
            long free = o.mask & ~mask;
            while (free != 0) {
                long bit = Long.lowestOneBit(free);
                free &= ~bit;
                out.add(new Cube(cur.mask | bit, cur.value | (~o.value & bit)));
                cur = new Cube(cur.mask | bit, cur.value | (o.value & bit));
            }
            return out;
        }

        /** The values {@code lo..hi} (unsigned) as aligned blocks. */
        static List<Cube> interval(long lo, long hi) {
            List<Cube> out = new ArrayList<>();
            long at = lo;
            while (true) {
                int size = at == 0 ? 64 : Long.numberOfTrailingZeros(at);
                while (size > 0 && (size == 64 || Long.compareUnsigned(at + (1L << size) - 1, hi) > 0)) size--;
                out.add(new Cube(size == 0 ? -1L : ~((1L << size) - 1), at));
                long end = at + (size == 0 ? 0 : (1L << size) - 1);
                if (end == hi) return out;
                at = end + 1;
            }
        }
    }

    /**
     * The values of an argument that mask tests read, cut into regions on which every atom about it is
     * constant; each region a union of disjoint cubes.
     */
    private record Regions(List<List<Cube>> regions) implements Partition {
        private static final int MAX_CUBES = 4096;

        static Regions of(List<Condition> atoms) {
            List<List<Cube>> regions = new ArrayList<>();
            regions.add(List.of(new Cube(0, 0)));
            int total = 1;
            for (Condition atom : atoms) {
                List<Cube> set = cubes(atom);
                List<List<Cube>> next = new ArrayList<>();
                total = 0;
                for (List<Cube> region : regions) {
                    List<Cube> inside = new ArrayList<>();
                    List<Cube> outside = new ArrayList<>();
                    for (Cube c : region) {
                        List<Cube> rest = List.of(c);
                        for (Cube s : set) {
                            Cube in = c.intersect(s);
                            if (in != null) inside.add(in);
                            List<Cube> cut = new ArrayList<>();
                            for (Cube r : rest) cut.addAll(r.minus(s));
                            rest = cut;
                            if (rest.size() + inside.size() + outside.size() > MAX_CUBES) return null;
                        }
                        outside.addAll(rest);
                    }
                    if (!inside.isEmpty()) next.add(inside);
                    if (!outside.isEmpty()) next.add(outside);
                    total += inside.size() + outside.size();
                }
                if (total > MAX_CUBES) return null;
                regions = next;
            }
            return new Regions(regions);
        }

        private static List<Cube> cubes(Condition atom) {
            if (atom instanceof Condition.MaskedEquals m) return List.of(new Cube(m.mask(), m.value()));
            if (atom instanceof Condition.In in) return in.values().stream().distinct().map(v -> new Cube(-1L, v)).toList();
            Condition.Compare c = (Condition.Compare) atom;
            long v = c.value();
            return switch (c.op()) {
                case EQ -> List.of(new Cube(-1L, v));
                case NE -> new Cube(0, 0).minus(new Cube(-1L, v));
                case LT -> v == 0 ? List.of() : Cube.interval(0, v - 1);
                case LE -> Cube.interval(0, v);
                case GT -> v == -1L ? List.of() : Cube.interval(v + 1, -1L);
                case GE -> Cube.interval(v, -1L);
            };
        }

        @Override
        public int size() {
            return regions.size();
        }

        @Override
        public long representative(int i) {
            return regions.get(i).get(0).value();
        }

        @Override
        public List<ArgCmp> express(int arg, List<Integer> members) {
            List<Cube> cubes = new ArrayList<>();
            for (int i : members) cubes.addAll(regions.get(i));
            boolean merged = true;
            while (merged) {
                merged = false;
                outer:
                for (int a = 0; a < cubes.size(); a++) {
                    for (int b = a + 1; b < cubes.size(); b++) {
                        Cube x = cubes.get(a);
                        Cube y = cubes.get(b);
                        long diff = x.value() ^ y.value();
                        if (x.mask() == y.mask() && Long.bitCount(diff) == 1) {
                            cubes.set(a, new Cube(x.mask() & ~diff, x.value() & ~diff));
                            cubes.remove(b);
                            merged = true;
                            break outer;
                        }
                    }
                }
            }
            List<ArgCmp> out = new ArrayList<>();
            for (Cube c : cubes) {
                if (c.mask() == 0) out.add(null);
                else if (c.mask() == -1L) out.add(new ArgCmp(arg, Op.EQ, c.value(), 0));
                else out.add(new ArgCmp(arg, Op.MASKED_EQ, c.mask(), c.value()));
            }
            return out;
        }
    }
}
