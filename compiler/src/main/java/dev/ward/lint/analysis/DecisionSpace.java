package dev.ward.lint.analysis;

import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Every distinct situation one syscall can meet in a seccomp filter. The atoms of the rules that name the
 * syscall (and any probes the caller adds) split the six arguments into cells; inside a cell every atom has
 * one truth value, so every rule decides the same way. With the cells, questions such as "can this rule
 * ever match" or "is this call allowed for some arguments" are answered exactly, not by sampling.
 */
public final class DecisionSpace {
    /** More cells than this and the space is not built: callers then make no claim about the syscall. */
    public static final int MAX_CELLS = 4096;
    private static final int MAX_ATOMS_PER_ARG = 16;

    /**
     * One cell: each atom's truth value and, when the solver found one, argument values inside the cell. Cells
     * are shared between spaces with the same atoms: read their arrays, never write them.
     */
    public record Cell(boolean[] truth, long[] witness, boolean witnessed) {
        /** The arguments as an expectation writes them, trailing zeros after the first left out: {@code (0x10000000)}. */
        public String arguments() {
            int n = witness.length;
            while (n > 1 && witness[n - 1] == 0) n--;
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(", ");
                sb.append(witness[i] >= 0 && witness[i] < 10 ? Long.toString(witness[i])
                        : "0x" + Long.toHexString(witness[i]));
            }
            return sb.append(')').toString();
        }
    }

    /** What the filter does in a cell: the action and the index of the deciding rule (-1 for the default). */
    public record Outcome(Action action, int rule, boolean elseBranch) {
        public boolean byDefault() {
            return rule < 0;
        }
    }

    /** Most cells the memo holds (over all atom lists) before it starts over, so that its memory stays bounded. */
    static final int MAX_MEMOISED_CELLS = 200_000;

    private record CellSet(List<Cell> cells, boolean exact) {}

    // Profiles that share rules share their atoms, and so the cells (the costly part: the solver's enumeration).
    private static final ConcurrentHashMap<List<Condition>, Optional<CellSet>> CELLS = new ConcurrentHashMap<>();
    private static final AtomicInteger MEMOISED = new AtomicInteger();

    private final String syscall;
    private final List<SeccompRule> rules;
    private final int[] naming;
    private final Action defaultAction;
    private final Map<Condition, Integer> atomIds;
    private final List<Cell> cells;
    private final boolean exact;

    private DecisionSpace(String syscall, List<SeccompRule> rules, int[] naming, Action defaultAction,
                          Map<Condition, Integer> atomIds, List<Cell> cells, boolean exact) {
        this.syscall = syscall;
        this.rules = rules;
        this.naming = naming;
        this.defaultAction = defaultAction;
        this.atomIds = atomIds;
        this.cells = cells;
        this.exact = exact;
    }

    /**
     * The cells of {@code syscall} under {@code rules} (a whole filter in match order; rules that do not name
     * the syscall are ignored) with {@code probes} as extra atoms. Empty when the space is too large.
     */
    public static Optional<DecisionSpace> of(String syscall, List<SeccompRule> rules, Action defaultAction,
                                             List<Condition> probes) {
        return of(syscall, RuleIndex.naming(rules, syscall), List.copyOf(rules), defaultAction, probes);
    }

    /** As {@link #of(String, List, Action, List)}, with the filter's rules already indexed by syscall. */
    public static Optional<DecisionSpace> of(String syscall, RuleIndex index, Action defaultAction, List<Condition> probes) {
        return of(syscall, index.naming(syscall), index.rules(), defaultAction, probes);
    }

    private static Optional<DecisionSpace> of(String syscall, int[] naming, List<SeccompRule> rules, Action defaultAction,
                                              List<Condition> probes) {
        Map<Condition, Integer> ids = atoms(naming, rules, probes);
        List<Condition> atoms = List.copyOf(ids.keySet());
        Optional<CellSet> cells = CELLS.get(atoms);
        if (cells == null) {
            cells = cells(atoms);
            int size = 1 + cells.map(c -> c.cells().size()).orElse(0);
            if (MEMOISED.addAndGet(size) > MAX_MEMOISED_CELLS) {
                CELLS.clear();
                MEMOISED.set(size);
            }
            CELLS.put(atoms, cells);
        }
        return cells.map(c -> new DecisionSpace(syscall, rules, naming, defaultAction, ids, c.cells(), c.exact()));
    }

    /** {@link #of(String, List, Action, List)} computed afresh, without the memo of cells. */
    static Optional<DecisionSpace> computed(String syscall, List<SeccompRule> rules, Action defaultAction,
                                            List<Condition> probes) {
        int[] naming = RuleIndex.naming(rules, syscall);
        Map<Condition, Integer> ids = atoms(naming, rules, probes);
        return cells(List.copyOf(ids.keySet())).map(c -> new DecisionSpace(syscall, List.copyOf(rules), naming,
                defaultAction, ids, c.cells(), c.exact()));
    }

    // Every atom of the naming rules' conditions and of the probes, numbered in order of appearance.
    private static Map<Condition, Integer> atoms(int[] naming, List<SeccompRule> rules, List<Condition> probes) {
        Map<Condition, Integer> ids = new LinkedHashMap<>();
        for (int i : naming) rules.get(i).condition().ifPresent(c -> collectAtoms(c, ids));
        for (Condition p : probes) collectAtoms(p, ids);
        return ids;
    }

    // The cells over atoms numbered in list order: each argument's feasible truth assignments, crossed.
    private static Optional<CellSet> cells(List<Condition> atoms) {
        List<List<Integer>> byArg = new ArrayList<>();
        for (int a = 0; a < 6; a++) byArg.add(new ArrayList<>());
        for (int i = 0; i < atoms.size(); i++) byArg.get(argOf(atoms.get(i))).add(i);

        boolean exact = true;
        List<Cell> cells = new ArrayList<>();
        cells.add(new Cell(new boolean[atoms.size()], new long[6], true));
        for (int a = 0; a < 6; a++) {
            List<Integer> ofArg = byArg.get(a);
            if (ofArg.isEmpty()) continue;
            if (ofArg.size() > MAX_ATOMS_PER_ARG) return Optional.empty();
            List<Assignment> options = new ArrayList<>();
            enumerate(ofArg.stream().map(atoms::get).toList(), new ArrayList<>(), options);
            if (options.stream().anyMatch(o -> !o.witnessed)) exact = false;
            if ((long) cells.size() * options.size() > MAX_CELLS) return Optional.empty();
            List<Cell> next = new ArrayList<>();
            for (Cell c : cells) {
                for (Assignment o : options) {
                    boolean[] truth = c.truth().clone();
                    for (int i = 0; i < ofArg.size(); i++) truth[ofArg.get(i)] = o.truth[i];
                    long[] witness = c.witness().clone();
                    witness[a] = o.value;
                    next.add(new Cell(truth, witness, c.witnessed() && o.witnessed));
                }
            }
            cells = next;
        }
        return Optional.of(new CellSet(List.copyOf(cells), exact));
    }

    private record Assignment(boolean[] truth, long value, boolean witnessed) {}

    // Depth-first over the atoms of one argument, pruning as soon as a prefix has no value.
    private static void enumerate(List<Condition> atoms, List<ArgSolver.Literal> prefix, List<Assignment> out) {
        ArgSolver.Answer answer = ArgSolver.solve(prefix);
        if (!answer.feasible()) return;
        if (prefix.size() == atoms.size()) {
            boolean[] truth = new boolean[atoms.size()];
            for (int i = 0; i < truth.length; i++) truth[i] = prefix.get(i).truth();
            out.add(new Assignment(truth, answer.witness().orElse(0), answer.witness().isPresent()));
            return;
        }
        Condition atom = atoms.get(prefix.size());
        for (boolean t : new boolean[] {true, false}) {
            prefix.add(new ArgSolver.Literal(atom, t));
            enumerate(atoms, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static void collectAtoms(Condition c, Map<Condition, Integer> ids) {
        if (c instanceof Condition.And and) {
            collectAtoms(and.left(), ids);
            collectAtoms(and.right(), ids);
        } else if (c instanceof Condition.Or or) {
            collectAtoms(or.left(), ids);
            collectAtoms(or.right(), ids);
        } else if (c instanceof Condition.Not not) {
            collectAtoms(not.operand(), ids);
        } else {
            ids.putIfAbsent(c, ids.size());
        }
    }

    private static int argOf(Condition atom) {
        if (atom instanceof Condition.Compare c) return c.arg();
        if (atom instanceof Condition.MaskedEquals m) return m.arg();
        if (atom instanceof Condition.In in) return in.arg();
        throw new IllegalArgumentException("not an atom: " + atom);
    }

    public String syscall() {
        return syscall;
    }

    public List<Cell> cells() {
        return cells;
    }

    /** False when some cell could not be confirmed by a witness (the solver ran out of budget). */
    public boolean exact() {
        return exact;
    }

    /** The rules of the filter, as given. */
    public List<SeccompRule> rules() {
        return rules;
    }

    /** Whether {@code c} holds in {@code cell}. Its atoms must be among the rules' or the probes'. */
    public boolean holds(Condition c, Cell cell) {
        if (c instanceof Condition.And and) return holds(and.left(), cell) && holds(and.right(), cell);
        if (c instanceof Condition.Or or) return holds(or.left(), cell) || holds(or.right(), cell);
        if (c instanceof Condition.Not not) return !holds(not.operand(), cell);
        Integer id = atomIds.get(c);
        if (id == null) throw new IllegalArgumentException("atom not in this space: " + c);
        return cell.truth()[id];
    }

    /** Whether rule {@code index} matches in {@code cell} (by its condition, or by its else). */
    public boolean matches(int index, Cell cell) {
        SeccompRule r = rules.get(index);
        if (!names(index)) return false;
        return r.condition().isEmpty() || r.elseAction().isPresent() || holds(r.condition().get(), cell);
    }

    /** Whether rule {@code index} names the syscall and its condition (if any) holds in {@code cell}. */
    public boolean conditionHolds(int index, Cell cell) {
        SeccompRule r = rules.get(index);
        return names(index) && (r.condition().isEmpty() || holds(r.condition().get(), cell));
    }

    private boolean names(int index) {
        return Arrays.binarySearch(naming, index) >= 0;
    }

    /** What the filter decides in {@code cell}. */
    public Outcome decide(Cell cell) {
        return decide(cell, i -> false);
    }

    /** What the filter decides in {@code cell} with the rules {@code skip} accepts removed. */
    public Outcome decide(Cell cell, IntPredicate skip) {
        for (int i : naming) {
            if (skip.test(i)) continue;
            Outcome o = decide(rules.get(i), i, cell);
            if (o != null) return o;
        }
        return new Outcome(defaultAction, -1, false);
    }

    /**
     * What another filter decides in {@code cell}; the atoms of its rules for this syscall must be in the space
     * (build it with them as probes, as {@link #joint} does).
     */
    public Outcome decide(List<SeccompRule> otherRules, Action otherDefault, Cell cell) {
        for (int i = 0; i < otherRules.size(); i++) {
            SeccompRule r = otherRules.get(i);
            if (!r.syscalls().contains(syscall)) continue;
            Outcome o = decide(r, i, cell);
            if (o != null) return o;
        }
        return new Outcome(otherDefault, -1, false);
    }

    // What rule i, which names the syscall, decides in the cell; null when it does not match.
    private Outcome decide(SeccompRule r, int i, Cell cell) {
        if (r.condition().isEmpty()) return new Outcome(r.action(), i, false);
        if (holds(r.condition().get(), cell)) return new Outcome(r.action(), i, false);
        if (r.elseAction().isPresent()) return new Outcome(r.elseAction().get(), i, true);
        return null;
    }

    /** The cells of {@code syscall} under two filters at once, so that their decisions can be compared cell by cell. */
    public static Optional<DecisionSpace> joint(String syscall, List<SeccompRule> rules, Action defaultAction,
                                                List<SeccompRule> otherRules) {
        List<Condition> probes = new ArrayList<>();
        for (SeccompRule r : otherRules) {
            if (r.syscalls().contains(syscall)) r.condition().ifPresent(probes::add);
        }
        return of(syscall, rules, defaultAction, probes);
    }

    @Override
    public String toString() {
        return syscall + ": " + cells.size() + " cells over atoms " + atomIds.keySet()
                + (exact ? "" : " (inexact)");
    }
}
