package dev.ward.apparmor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * AppArmor glob semantics: the parsed form of an {@link Aare} and an automaton over it, to decide whether
 * one set of patterns matches a path, overlaps another, or covers it completely.
 */
public final class Glob {
    private Glob() {}

    /** One element of a parsed pattern. */
    sealed interface Node permits Lit, OneChar, AnySegment, AnyPath, Cls, Alt, Var {}

    /** A literal character (code point). */
    record Lit(int cp) implements Node {}

    /** {@code ?}: one character other than {@code /}. */
    record OneChar() implements Node {}

    /** {@code *}: any run of characters other than {@code /}. */
    record AnySegment() implements Node {}

    /** {@code **}: any run of characters. */
    record AnyPath() implements Node {}

    /** {@code [a-z]} or {@code [^a-z]}; ranges are inclusive code point pairs. */
    record Cls(boolean negated, List<int[]> ranges) implements Node {}

    /** {@code {a,b}}. */
    record Alt(List<List<Node>> options) implements Node {}

    /** {@code @{NAME}}. */
    record Var(String name) implements Node {}

    /** Shortens and escapes a user value for a diagnostic message. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 60; i++, shown++) {
            char c = s.charAt(i);
            if (c == '\n') sb.append("\\n");
            else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        if (s.length() > 60) sb.append("...");
        return sb.toString();
    }

    /** Whether {@code pattern} matches the concrete {@code path}. */
    public static boolean matches(Aare pattern, String path) {
        Nfa n = Nfa.of(List.of(pattern));
        BitSet cur = n.closure(single(n.start));
        for (int i = 0; i < path.length(); ) {
            int cp = path.codePointAt(i);
            cur = n.step(cur, cp);
            if (cur.isEmpty()) return false;
            i += Character.charCount(cp);
        }
        return n.accepts(cur);
    }

    /** How the paths of one pattern relate to the union of others. */
    public enum Relation {
        /** No path matches both. */
        DISJOINT,
        /** Some paths match both, some only the first. */
        OVERLAPS,
        /** Every path the first matches, the others match too. */
        COVERED,
        /** The automata grew too large to decide. */
        UNKNOWN
    }

    /** Relates the paths {@code a} matches to those any of {@code others} matches. */
    public static Relation relate(Aare a, List<Aare> others) {
        return relate(List.of(a), others);
    }

    /** Relates the union of {@code as} to the union of {@code others}. */
    public static Relation relate(List<Aare> as, List<Aare> others) {
        if (others.isEmpty()) return Relation.DISJOINT;
        Nfa na = Nfa.of(as);
        Nfa nd = Nfa.of(others);
        int[] reps = representatives(na, nd);
        record Pair(BitSet a, BitSet d) {}
        Set<Pair> seen = new HashSet<>();
        ArrayDeque<Pair> queue = new ArrayDeque<>();
        Pair first = new Pair(na.closure(single(na.start)), nd.closure(single(nd.start)));
        seen.add(first);
        queue.add(first);
        boolean overlap = false;
        boolean escape = false;
        while (!queue.isEmpty()) {
            if (seen.size() > 20_000) return Relation.UNKNOWN;
            Pair p = queue.poll();
            if (na.accepts(p.a)) {
                if (nd.accepts(p.d)) overlap = true;
                else escape = true;
            }
            if (overlap && escape) return Relation.OVERLAPS;
            for (int cp : reps) {
                BitSet a = na.step(p.a, cp);
                if (a.isEmpty()) continue;
                Pair next = new Pair(a, nd.step(p.d, cp));
                if (seen.add(next)) queue.add(next);
            }
        }
        if (!overlap) return Relation.DISJOINT;
        return escape ? Relation.OVERLAPS : Relation.COVERED;
    }

    /** A path the first patterns match and none of the others does, if there is one (shortest first). */
    public static java.util.Optional<String> witness(List<Aare> as, List<Aare> others) {
        Nfa na = Nfa.of(as);
        Nfa nd = Nfa.of(others.isEmpty() ? List.of() : others);
        int[] reps = representatives(na, nd);
        record Pair(BitSet a, BitSet d) {}
        java.util.Map<Pair, String> seen = new java.util.HashMap<>();
        ArrayDeque<Pair> queue = new ArrayDeque<>();
        Pair first = new Pair(na.closure(single(na.start)), nd.closure(single(nd.start)));
        seen.put(first, "");
        queue.add(first);
        while (!queue.isEmpty() && seen.size() <= 20_000) {
            Pair p = queue.poll();
            String path = seen.get(p);
            if (na.accepts(p.a) && !nd.accepts(p.d)) return java.util.Optional.of(path);
            for (int cp : reps) {
                BitSet a = na.step(p.a, cp);
                if (a.isEmpty()) continue;
                Pair next = new Pair(a, nd.step(p.d, cp));
                if (!seen.containsKey(next)) {
                    seen.put(next, path + new String(Character.toChars(cp)));
                    queue.add(next);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static BitSet single(int state) {
        BitSet b = new BitSet();
        b.set(state);
        return b;
    }

    /** One character from each class of characters that no pattern of either automaton tells apart. */
    private static int[] representatives(Nfa a, Nfa b) {
        TreeSet<Integer> bounds = new TreeSet<>();
        bounds.add(1);
        bounds.add((int) '/');
        bounds.add('/' + 1);
        a.bounds(bounds);
        b.bounds(bounds);
        bounds.removeIf(x -> x > Character.MAX_CODE_POINT);
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A character predicate on a transition. */
    private record Pred(boolean negated, int[][] ranges, boolean slash) {
        static final Pred NOT_SLASH = new Pred(true, new int[][] {{'/', '/'}}, false);
        static final Pred ANY = new Pred(true, new int[0][], true);

        static Pred lit(int cp) {
            return new Pred(false, new int[][] {{cp, cp}}, cp == '/');
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

    /** A Thompson automaton over one or more patterns, variables expanded. */
    private static final class Nfa {
        final List<List<int[]>> eps = new ArrayList<>();
        final List<List<Object[]>> edges = new ArrayList<>();
        final BitSet accept = new BitSet();
        int start;

        static Nfa of(List<Aare> patterns) {
            Nfa n = new Nfa();
            n.start = n.state();
            for (Aare p : patterns) {
                int s = n.state();
                n.epsilon(n.start, s);
                int end = n.build(expand(p), s);
                n.accept.set(end);
            }
            return n;
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

        int state() {
            eps.add(new ArrayList<>());
            edges.add(new ArrayList<>());
            return eps.size() - 1;
        }

        void epsilon(int from, int to) {
            eps.get(from).add(new int[] {to});
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
                edge(from, new Pred(c.negated(), c.ranges().toArray(new int[0][]), true), t);
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

        BitSet closure(BitSet states) {
            BitSet out = (BitSet) states.clone();
            ArrayDeque<Integer> work = new ArrayDeque<>();
            states.stream().forEach(work::add);
            while (!work.isEmpty()) {
                int s = work.pop();
                for (int[] e : eps.get(s)) {
                    if (!out.get(e[0])) {
                        out.set(e[0]);
                        work.push(e[0]);
                    }
                }
            }
            return out;
        }

        BitSet step(BitSet states, int cp) {
            BitSet next = new BitSet();
            for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
                for (Object[] e : edges.get(s)) {
                    if (((Pred) e[0]).test(cp)) next.set((Integer) e[1]);
                }
            }
            return closure(next);
        }

        boolean accepts(BitSet states) {
            return states.intersects(accept);
        }

        void bounds(TreeSet<Integer> out) {
            for (List<Object[]> list : edges) {
                for (Object[] e : list) {
                    for (int[] r : ((Pred) e[0]).ranges()) {
                        out.add(r[0]);
                        out.add(r[1] + 1);
                    }
                }
            }
        }
    }

    static boolean hasVar(Node n) {
        if (n instanceof Var) return true;
        return n instanceof Alt a && a.options().stream().anyMatch(o -> o.stream().anyMatch(Glob::hasVar));
    }
}
