package dev.ward.apparmor;

import dev.ward.apparmor.Glob.AnyPath;
import dev.ward.apparmor.Glob.AnySegment;
import dev.ward.apparmor.Glob.Alt;
import dev.ward.apparmor.Glob.Cls;
import dev.ward.apparmor.Glob.Lit;
import dev.ward.apparmor.Glob.Node;
import dev.ward.apparmor.Glob.OneChar;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * A Thompson automaton over one or more glob patterns, variables expanded. Immutable once built (every state's
 * epsilon closure is computed up front), so one automaton per pattern set is shared by all callers and threads.
 */
final class GlobNfa {
    /** Most pattern sets (of two or more: a single pattern keeps its own) whose automata are kept at once. */
    static final int MAX_CACHED = 1_000;

    private static final BoundedMemo<List<Aare>, GlobNfa> CACHE = new BoundedMemo<>(MAX_CACHED);

    private final Pred[][] preds;
    private final int[][] targets;
    private final BitSet[] closures;
    private final BitSet accept;
    private final BitSet initial;
    // Per pattern: the code points every path it matches starts with (its leading literals).
    private final int[][] prefixes;

    private GlobNfa(Builder b) {
        int n = b.eps.size();
        preds = new Pred[n][];
        targets = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Object[]> es = b.edges.get(s);
            preds[s] = new Pred[es.size()];
            targets[s] = new int[es.size()];
            for (int i = 0; i < es.size(); i++) {
                preds[s][i] = (Pred) es.get(i)[0];
                targets[s][i] = (Integer) es.get(i)[1];
            }
        }
        closures = new BitSet[n];
        for (int s = 0; s < n; s++) closures[s] = b.closure(s);
        accept = (BitSet) b.accept.clone();
        initial = closures[0];
        prefixes = b.prefixes.toArray(new int[0][]);
    }

    /** The automaton of {@code patterns}, shared: built once per distinct list. */
    static GlobNfa of(List<Aare> patterns) {
        if (patterns.size() == 1) return patterns.get(0).automaton();
        return CACHE.get(List.copyOf(patterns), GlobNfa::build);
    }

    /** A new automaton of {@code patterns}. */
    static GlobNfa build(List<Aare> patterns) {
        Builder b = new Builder();
        int start = b.state();
        for (Aare p : patterns) {
            int s = b.state();
            b.epsilon(start, s);
            List<Node> nodes = expand(p);
            b.prefixes.add(nodes.stream().takeWhile(x -> x instanceof Lit).mapToInt(x -> ((Lit) x).cp()).toArray());
            int end = b.build(nodes, s);
            b.accept.set(end);
        }
        return new GlobNfa(b);
    }

    /** Variables replaced by their approximations, duplicate slashes collapsed, as AppArmor does. */
    private static List<Node> expand(Aare p) {
        if (p.nodes().stream().noneMatch(Glob::hasVar)) return p.nodes();
        StringBuilder sb = new StringBuilder();
        String s = p.pattern();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append(c).append(s.charAt(++i));
            } else if (c == '@' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int end = s.indexOf('}', i);
                List<String> values = Variables.values(s.substring(i + 2, end));
                // a brace group needs two items; a one-valued variable is its value
                if (values.size() == 1) sb.append(values.get(0));
                else sb.append('{').append(String.join(",", values)).append('}');
                i = end;
            } else {
                sb.append(c);
            }
        }
        String expanded = sb.toString().replaceAll("/{2,}", "/");
        return Aare.nodes(expanded).orElseGet(() -> List.of(new AnyPath()));
    }

    /** The states before any input. */
    BitSet initial() {
        return (BitSet) initial.clone();
    }

    /** The states after reading {@code cp} in {@code states}. */
    BitSet step(BitSet states, int cp) {
        BitSet next = new BitSet();
        for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
            Pred[] ps = preds[s];
            for (int i = 0; i < ps.length; i++) {
                if (ps[i].test(cp) && !next.get(targets[s][i])) next.or(closures[targets[s][i]]);
            }
        }
        return next;
    }

    boolean accepts(BitSet states) {
        return states.intersects(accept);
    }

    /** Adds the bounds of every character range on a transition. */
    void bounds(TreeSet<Integer> out) {
        for (Pred[] ps : preds) {
            for (Pred p : ps) {
                for (int[] r : p.ranges()) {
                    out.add(r[0]);
                    out.add(r[1] + 1);
                }
            }
        }
    }

    /**
     * True when this automaton (of one pattern) and {@code other} match no common path because their leading
     * literals differ, and a search of the product within {@code maxStates} pair states would have finished
     * (and found them disjoint) too. Before its first divergence a path is one of this pattern's literal
     * prefixes; after it the other automaton has no state left, so the pairs beyond are at most the subsets
     * of this automaton's states past its prefix.
     */
    boolean provablyDisjoint(GlobNfa other, int maxStates) {
        if (prefixes.length != 1) return false;
        int[] mine = prefixes[0];
        for (int[] theirs : other.prefixes) {
            if (!diverge(mine, theirs)) return false;
        }
        // states 0 (start) and 1 (the pattern's start) come first, then one per leading literal
        int past = preds.length - (mine.length + 1);
        return past < 30 && mine.length + 1 + (1L << past) <= maxStates;
    }

    private static boolean diverge(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) return true;
        }
        return false;
    }

    /** A character predicate on a transition. */
    record Pred(boolean negated, int[][] ranges) {
        static final Pred NOT_SLASH = new Pred(true, new int[][] {{'/', '/'}});
        static final Pred ANY = new Pred(true, new int[0][]);

        static Pred lit(int cp) {
            return new Pred(false, new int[][] {{cp, cp}});
        }

        boolean test(int cp) {
            boolean in = false;
            for (int[] r : ranges) {
                if (cp >= r[0] && cp <= r[1]) {
                    in = true;
                    break;
                }
            }
            return negated != in;
        }
    }

    /** The mutable form while the patterns are added. */
    private static final class Builder {
        final List<List<Integer>> eps = new ArrayList<>();
        final List<List<Object[]>> edges = new ArrayList<>();
        final BitSet accept = new BitSet();
        final List<int[]> prefixes = new ArrayList<>();

        int state() {
            eps.add(new ArrayList<>());
            edges.add(new ArrayList<>());
            return eps.size() - 1;
        }

        void epsilon(int from, int to) {
            eps.get(from).add(to);
        }

        void edge(int from, Pred p, int to) {
            edges.get(from).add(new Object[] {p, to});
        }

        int build(List<Node> nodes, int from) {
            int cur = from;
            for (Node node : nodes) {
                cur = build(node, cur);
            }
            return cur;
        }

        int build(Node node, int from) {
            int t = state();
            if (node instanceof Lit l) {
                edge(from, Pred.lit(l.cp()), t);
            } else if (node instanceof OneChar) {
                edge(from, Pred.NOT_SLASH, t);
            } else if (node instanceof AnySegment) {
                epsilon(from, t);
                edge(t, Pred.NOT_SLASH, t);
            } else if (node instanceof Cls c) {
                edge(from, new Pred(c.negated(), c.ranges().toArray(new int[0][])), t);
            } else if (node instanceof Alt a) {
                for (List<Node> option : a.options()) {
                    int s = state();
                    epsilon(from, s);
                    epsilon(build(option, s), t);
                }
            } else {
                // ** and any variable left unexpanded match any run of characters
                epsilon(from, t);
                edge(t, Pred.ANY, t);
            }
            return t;
        }

        BitSet closure(int state) {
            BitSet out = new BitSet();
            out.set(state);
            ArrayDeque<Integer> work = new ArrayDeque<>();
            work.push(state);
            while (!work.isEmpty()) {
                int s = work.pop();
                for (int to : eps.get(s)) {
                    if (!out.get(to)) {
                        out.set(to);
                        work.push(to);
                    }
                }
            }
            return out;
        }
    }
}
