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
    private static final int MAX_CELLS = 1 << 14;
    /** Above this many rules for one syscall the translation gives up and reports it. */
    private static final int MAX_RULES = 256;
    private static final int MAX_MASK_BITS = 10;

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

    /** The rules of every syscall the policy names, in the order they are first named. */
    public record Translation(Action defaultAction, Map<String, List<Rule>> rules) {}

    private LibseccompRules() {}

    /**
     * Translates {@code seccomp}. A syscall whose decision needs more cells or rules than the limits is left
     * out with an error at the rule that makes it so.
     */
    public static Translation translate(Seccomp seccomp, Diagnostics diagnostics) {
        Map<String, List<SeccompRule>> byName = new LinkedHashMap<>();
        for (SeccompRule rule : seccomp.rules()) {
            for (String name : rule.syscalls()) {
                List<SeccompRule> list = byName.computeIfAbsent(name, n -> new ArrayList<>());
                if (list.isEmpty() || list.get(list.size() - 1) != rule) list.add(rule);
            }
        }
        Map<List<SeccompRule>, List<Rule>> memo = new HashMap<>();
        Map<String, List<Rule>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<SeccompRule>> e : byName.entrySet()) {
            List<Rule> rules = memo.computeIfAbsent(e.getValue(), r -> {
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
            if (rules != null && !rules.isEmpty()) out.put(e.getKey(), rules);
        }
        return new Translation(seccomp.defaultAction(), out);
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
        List<Rule> out = new ArrayList<>();
        long[] point = new long[6];
        if (!split(d, defaultAction, args, 0, parts, point, new ArrayList<>(), out)) return null;
        return out;
    }

    /** Emits the rules for the cells below the fixed comparisons {@code prefix}; false past the limit. */
    private static boolean split(Decision d, Action defaultAction, List<Integer> args, int depth,
                                 Map<Integer, Partition> parts, long[] point, List<ArgCmp> prefix, List<Rule> out) {
        if (depth == args.size()) {
            Action a = evaluate(d, point);
            if (!a.equals(defaultAction)) out.add(new Rule(a, prefix));
            return out.size() <= MAX_RULES;
        }
        int arg = args.get(depth);
        Partition p = parts.get(arg);
        // Group this argument's elements by what the rest of the arguments decide under them.
        Map<List<Action>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < p.size(); i++) {
            point[arg] = p.representative(i);
            List<Action> rest = new ArrayList<>();
            outcomes(d, args, depth + 1, parts, point, rest);
            groups.computeIfAbsent(rest, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<List<Action>, List<Integer>> g : groups.entrySet()) {
            if (g.getKey().stream().allMatch(defaultAction::equals)) continue;
            point[arg] = p.representative(g.getValue().get(0));
            for (ArgCmp cmp : p.express(arg, g.getValue())) {
                List<ArgCmp> next = new ArrayList<>(prefix);
                if (cmp != null) next.add(cmp);
                if (!split(d, defaultAction, args, depth + 1, parts, point, next, out)) return false;
            }
        }
        return true;
    }

    private static void outcomes(Decision d, List<Integer> args, int depth, Map<Integer, Partition> parts,
                                 long[] point, List<Action> out) {
        if (depth == args.size()) {
            out.add(evaluate(d, point));
            return;
        }
        int arg = args.get(depth);
        Partition p = parts.get(arg);
        long saved = point[arg];
        for (int i = 0; i < p.size(); i++) {
            point[arg] = p.representative(i);
            outcomes(d, args, depth + 1, parts, point, out);
        }
        point[arg] = saved;
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
            boolean masked = atoms.stream().anyMatch(a -> a instanceof Condition.MaskedEquals);
            if (!masked) return Intervals.of(atoms);
            if (atoms.stream().allMatch(a -> a instanceof Condition.MaskedEquals)) return MaskClasses.of(atoms);
            return null;
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
            long at = lo;
            while (true) {
                int size = Long.numberOfTrailingZeros(at);
                if (at == 0) size = 64;
                while (size > 0 && (size == 64 || Long.compareUnsigned(at + (1L << size) - 1, hi) > 0)) size--;
                long mask = size == 0 ? -1L : ~((1L << size) - 1);
                out.add(mask == -1L ? new ArgCmp(arg, Op.EQ, at, 0) : new ArgCmp(arg, Op.MASKED_EQ, mask, at));
                long end = at + (size == 0 ? 0 : (1L << size) - 1);
                if (end == hi) return;
                at = end + 1;
            }
        }
    }

    /** The classes of {@code arg & M}, M the union of the masks tested (at most 2^10 classes). */
    private record MaskClasses(long mask, int bits) implements Partition {
        static MaskClasses of(List<Condition> atoms) {
            long m = 0;
            for (Condition a : atoms) m |= ((Condition.MaskedEquals) a).mask();
            int bits = Long.bitCount(m);
            return bits > MAX_MASK_BITS ? null : new MaskClasses(m, bits);
        }

        @Override
        public int size() {
            return 1 << bits;
        }

        @Override
        public long representative(int i) {
            long out = 0;
            long m = mask;
            for (int bit = 0; m != 0; bit++) {
                long low = Long.lowestOneBit(m);
                if ((i >> bit & 1) != 0) out |= low;
                m &= ~low;
            }
            return out;
        }

        @Override
        public List<ArgCmp> express(int arg, List<Integer> members) {
            // Merge cubes (fixed bits, value) that differ in exactly one fixed bit, until none do.
            List<long[]> cubes = new ArrayList<>();
            for (int i : members) cubes.add(new long[] {mask, representative(i)});
            boolean merged = true;
            while (merged) {
                merged = false;
                outer:
                for (int a = 0; a < cubes.size(); a++) {
                    for (int b = a + 1; b < cubes.size(); b++) {
                        long[] x = cubes.get(a);
                        long[] y = cubes.get(b);
                        long diff = x[1] ^ y[1];
                        if (x[0] == y[0] && Long.bitCount(diff) == 1) {
                            cubes.set(a, new long[] {x[0] & ~diff, x[1] & ~diff});
                            cubes.remove(b);
                            merged = true;
                            break outer;
                        }
                    }
                }
            }
            List<ArgCmp> out = new ArrayList<>();
            for (long[] c : cubes) out.add(c[0] == 0 ? null : new ArgCmp(arg, Op.MASKED_EQ, c[0], c[1]));
            return out;
        }
    }
}
