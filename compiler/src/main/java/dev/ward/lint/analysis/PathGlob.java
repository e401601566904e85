package dev.ward.lint.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An AppArmor path glob ({@code *} within one path component, {@code **} across components, {@code ?},
 * {@code [a-z]}, {@code [^...]}, {@code {a,b}}, {@code @{VAR}}) as an automaton, so that questions such as
 * "does every path this allow rule matches also match that deny rule" are decided exactly.
 */
public final class PathGlob {
    /** A character outside every glob's alphabet, and not '/'. */
    private static final int OTHER = -1;
    private static final int SEARCH_BUDGET = 50_000;

    /** Values of the common AppArmor tunables, without trailing slashes. Others match one path component. */
    private static final Map<String, String> VARIABLES = Map.of(
            "PROC", "/proc", "sys", "/sys", "HOME", "{/home/*,/root}", "HOMEDIRS", "/home",
            "run", "{/run,/var/run}", "pid", "[0-9]*", "pids", "[0-9]*", "tid", "[0-9]*");

    private interface Test {
        boolean accepts(int symbol);
    }

    private record Edge(Test test, int target) {}

    private final String text;
    private final List<List<Edge>> edges = new ArrayList<>();
    private final List<List<Integer>> epsilons = new ArrayList<>();
    private final TreeSet<Integer> alphabet = new TreeSet<>();
    private int accept;

    private PathGlob(String text) {
        this.text = text;
    }

    /** The glob as written. */
    public String text() {
        return text;
    }

    /** Parses a glob; a malformed one (unbalanced braces or brackets) is reported as an empty Optional. */
    public static Optional<PathGlob> parse(String glob) {
        PathGlob g = new PathGlob(glob);
        try {
            String expanded = expand(glob);
            Parser p = new Parser(expanded);
            int start = g.state();
            int end = g.build(p, start, false);
            if (p.pos != expanded.length()) return Optional.empty();
            g.accept = end;
            return Optional.of(g);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String expand(String glob) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            if (glob.startsWith("@{", i)) {
                int close = glob.indexOf('}', i);
                if (close < 0) throw new IllegalArgumentException("unclosed variable");
                sb.append(VARIABLES.getOrDefault(glob.substring(i + 2, close), "*"));
                i = close + 1;
            } else {
                sb.append(glob.charAt(i++));
            }
        }
        String s = sb.toString();
        while (s.contains("//")) s = s.replace("//", "/");
        return s;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean more() {
            return pos < s.length();
        }

        char peek() {
            return s.charAt(pos);
        }
    }

    private int state() {
        edges.add(new ArrayList<>());
        epsilons.add(new ArrayList<>());
        return edges.size() - 1;
    }

    // Builds the sequence starting at state `from`; inside braces it stops at ',' or '}'.
    private int build(Parser p, int from, boolean inBraces) {
        int cur = from;
        while (p.more()) {
            char c = p.peek();
            if (inBraces && (c == ',' || c == '}')) return cur;
            p.pos++;
            switch (c) {
                case '*' -> {
                    boolean any = false;
                    while (p.more() && p.peek() == '*') {
                        p.pos++;
                        any = true;
                    }
                    int loop = state();
                    epsilons.get(cur).add(loop);
                    edges.get(loop).add(new Edge(any ? sym -> true : sym -> sym != '/', loop));
                    cur = loop;
                }
                case '?' -> cur = step(cur, sym -> sym != '/');
                case '[' -> cur = step(cur, charClass(p));
                case '{' -> {
                    int end = state();
                    while (true) {
                        int branch = state();
                        epsilons.get(cur).add(branch);
                        epsilons.get(build(p, branch, true)).add(end);
                        if (!p.more()) throw new IllegalArgumentException("unclosed brace");
                        char d = s(p);
                        if (d == '}') break;
                    }
                    cur = end;
                }
                case '\\' -> {
                    if (!p.more()) throw new IllegalArgumentException("trailing backslash");
                    cur = literal(cur, p.s.charAt(p.pos++));
                }
                default -> {
                    if (c == '}' || c == ']') throw new IllegalArgumentException("unbalanced " + c);
                    cur = literal(cur, c);
                }
            }
        }
        if (inBraces) throw new IllegalArgumentException("unclosed brace");
        return cur;
    }

    private static char s(Parser p) {
        return p.s.charAt(p.pos++);
    }

    private int literal(int from, char c) {
        alphabet.add((int) c);
        return step(from, sym -> sym == c);
    }

    private int step(int from, Test t) {
        int to = state();
        edges.get(from).add(new Edge(t, to));
        return to;
    }

    private Test charClass(Parser p) {
        boolean negated = p.more() && (p.peek() == '^' || p.peek() == '!');
        if (negated) p.pos++;
        BitSet members = new BitSet();
        boolean wide = false;
        boolean first = true;
        while (true) {
            if (!p.more()) throw new IllegalArgumentException("unclosed bracket");
            char c = s(p);
            if (c == ']' && !first) break;
            first = false;
            if (c == '\\' && p.more()) c = s(p);
            if (p.pos + 1 < p.s.length() && p.peek() == '-' && p.s.charAt(p.pos + 1) != ']') {
                p.pos++;
                char hi = s(p);
                if (hi - c > 256) wide = true;
                for (int x = c; x <= hi && x - c <= 256; x++) members.set(x);
            } else {
                members.set(c);
            }
        }
        members.stream().forEach(alphabet::add);
        boolean otherInside = wide;
        return sym -> {
            boolean in = sym == OTHER ? otherInside : members.get(sym);
            return sym != '/' && (negated != in);
        };
    }

    private BitSet closure(BitSet states) {
        BitSet out = (BitSet) states.clone();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        states.stream().forEach(todo::add);
        while (!todo.isEmpty()) {
            for (int t : epsilons.get(todo.pop())) {
                if (!out.get(t)) {
                    out.set(t);
                    todo.add(t);
                }
            }
        }
        return out;
    }

    private BitSet start() {
        BitSet b = new BitSet();
        b.set(0);
        return closure(b);
    }

    private BitSet advance(BitSet from, int symbol) {
        BitSet next = new BitSet();
        from.stream().forEach(s -> {
            for (Edge e : edges.get(s)) {
                if (e.test.accepts(symbol)) next.set(e.target);
            }
        });
        return closure(next);
    }

    /** Whether this glob matches {@code path} exactly. */
    public boolean matches(String path) {
        BitSet cur = start();
        for (int i = 0; i < path.length() && !cur.isEmpty(); i++) {
            char c = path.charAt(i);
            cur = advance(cur, alphabet.contains((int) c) || c == '/' ? c : OTHER);
        }
        return cur.get(accept);
    }

    /** The outcome of a search: a witness path, none, or unknown when the search ran out of budget. */
    public record Search(Optional<String> witness, boolean complete) {
        public boolean none() {
            return complete && witness.isEmpty();
        }
    }

    /**
     * A shortest path that every glob in {@code all} matches and no glob in {@code none} matches.
     */
    public static Search witness(List<PathGlob> all, List<PathGlob> none) {
        List<PathGlob> globs = new ArrayList<>(all);
        globs.addAll(none);
        TreeSet<Integer> symbols = new TreeSet<>();
        globs.forEach(g -> symbols.addAll(g.alphabet));
        symbols.add((int) '/');
        symbols.add(OTHER);

        List<BitSet> start = globs.stream().map(PathGlob::start).toList();
        Map<List<BitSet>, List<BitSet>> parent = new HashMap<>();
        Map<List<BitSet>, Integer> via = new HashMap<>();
        ArrayDeque<List<BitSet>> queue = new ArrayDeque<>();
        parent.put(start, null);
        queue.add(start);
        while (!queue.isEmpty()) {
            List<BitSet> cur = queue.pop();
            if (accepting(all.size(), globs, cur)) return new Search(Optional.of(path(cur, parent, via, otherChar(symbols))), true);
            if (parent.size() > SEARCH_BUDGET) return new Search(Optional.empty(), false);
            for (int sym : symbols) {
                List<BitSet> next = new ArrayList<>(globs.size());
                boolean dead = false;
                for (int i = 0; i < globs.size(); i++) {
                    BitSet n = globs.get(i).advance(cur.get(i), sym);
                    if (i < all.size() && n.isEmpty()) dead = true;
                    next.add(n);
                }
                if (dead || parent.containsKey(next)) continue;
                parent.put(next, cur);
                via.put(next, sym);
                queue.add(next);
            }
        }
        return new Search(Optional.empty(), true);
    }

    private static boolean accepting(int positives, List<PathGlob> globs, List<BitSet> states) {
        for (int i = 0; i < globs.size(); i++) {
            boolean accepts = states.get(i).get(globs.get(i).accept);
            if (accepts != (i < positives)) return false;
        }
        return true;
    }

    // A printable character that no glob singles out, to stand for "any other character" in a witness.
    private static char otherChar(TreeSet<Integer> symbols) {
        for (char c : "xyzqjkabcdefghilmnoprstuvw0123456789".toCharArray()) {
            if (!symbols.contains((int) c)) return c;
        }
        return '~';
    }

    private static String path(List<BitSet> end, Map<List<BitSet>, List<BitSet>> parent, Map<List<BitSet>, Integer> via,
                               char other) {
        StringBuilder sb = new StringBuilder();
        for (List<BitSet> cur = end; parent.get(cur) != null; cur = parent.get(cur)) {
            int sym = via.get(cur);
            sb.append(sym == OTHER ? other : (char) sym);
        }
        return sb.reverse().toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
