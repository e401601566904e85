package dev.ward.apparmor;

import java.util.ArrayDeque;
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
        GlobNfa n = GlobNfa.of(List.of(pattern));
        BitSet cur = n.initial();
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

    /** Most pattern-set pairs the relation memo keeps before it starts over. */
    static final int MAX_MEMOISED_RELATIONS = 10_000;

    /** More product states than this and the relation is {@link Relation#UNKNOWN}. */
    static final int MAX_PRODUCT_STATES = 20_000;

    private record RelationKey(List<Aare> as, List<Aare> others) {}

    // Profiles share their container defaults and inherited rules, and each file permission letter asks again.
    private static final BoundedMemo<RelationKey, Relation> RELATIONS = new BoundedMemo<>(MAX_MEMOISED_RELATIONS);

    /** Relates the paths {@code a} matches to those any of {@code others} matches. */
    public static Relation relate(Aare a, List<Aare> others) {
        return relate(List.of(a), others);
    }

    /** Relates the union of {@code as} to the union of {@code others}; thread-safe, memoised. */
    public static Relation relate(List<Aare> as, List<Aare> others) {
        if (others.isEmpty()) return Relation.DISJOINT;
        if (as.size() == 1 && disjointByPrefixes(as.get(0), others)) return Relation.DISJOINT;
        return RELATIONS.get(new RelationKey(List.copyOf(as), List.copyOf(others)),
                k -> explore(GlobNfa.of(k.as()), GlobNfa.of(k.others())));
    }

    // The union's automaton has each pattern's leading literals, and the bound depends on the first pattern only.
    private static boolean disjointByPrefixes(Aare a, List<Aare> others) {
        GlobNfa na = a.automaton();
        for (Aare o : others) {
            if (!na.provablyDisjoint(o.automaton(), MAX_PRODUCT_STATES)) return false;
        }
        return true;
    }

    /** {@link #relate(List, List)} without the memo, the shared automata or the literal-prefix shortcut. */
    static Relation relateDirectly(List<Aare> as, List<Aare> others) {
        if (others.isEmpty()) return Relation.DISJOINT;
        return explore(GlobNfa.build(as), GlobNfa.build(others));
    }

    // Breadth-first over the product of the two automata's state sets, on one character per class.
    private static Relation explore(GlobNfa na, GlobNfa nd) {
        int[] reps = representatives(na, nd);
        record Pair(BitSet a, BitSet d) {}
        Set<Pair> seen = new HashSet<>();
        ArrayDeque<Pair> queue = new ArrayDeque<>();
        Pair first = new Pair(na.initial(), nd.initial());
        seen.add(first);
        queue.add(first);
        boolean overlap = false;
        boolean escape = false;
        while (!queue.isEmpty()) {
            if (seen.size() > MAX_PRODUCT_STATES) return Relation.UNKNOWN;
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
        GlobNfa na = GlobNfa.of(as);
        GlobNfa nd = GlobNfa.of(others);
        int[] reps = representatives(na, nd);
        record Pair(BitSet a, BitSet d) {}
        java.util.Map<Pair, String> seen = new java.util.HashMap<>();
        ArrayDeque<Pair> queue = new ArrayDeque<>();
        Pair first = new Pair(na.initial(), nd.initial());
        seen.put(first, "");
        queue.add(first);
        while (!queue.isEmpty() && seen.size() <= MAX_PRODUCT_STATES) {
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

    /** One character from each class of characters that no pattern of either automaton tells apart. */
    private static int[] representatives(GlobNfa a, GlobNfa b) {
        TreeSet<Integer> bounds = new TreeSet<>();
        bounds.add(1);
        bounds.add((int) '/');
        bounds.add('/' + 1);
        a.bounds(bounds);
        b.bounds(bounds);
        bounds.removeIf(x -> x > Character.MAX_CODE_POINT);
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean hasVar(Node n) {
        if (n instanceof Var) return true;
        return n instanceof Alt a && a.options().stream().anyMatch(o -> o.stream().anyMatch(Glob::hasVar));
    }
}
