package dev.ward.seccomp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A seccomp filter before layout: a DAG of loads, masks, conditional jumps and returns with symbolic
 * targets. Nodes are interned, so equal code is generated once and shared (two syscalls with the same
 * argument checks jump to one block); a jump whose branches meet is no jump at all.
 */
final class FilterGraph {
    static final int RET = 0;
    static final int LOAD = 1;
    static final int AND = 2;
    static final int JUMP = 3;

    /** One node; {@code t} is the successor of a load or mask, {@code op} the BPF jump operation. */
    record Node(int kind, int op, int k, int t, int f) {}

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node, Integer> ids = new HashMap<>();
    private final Map<Integer, String> comments = new HashMap<>();
    private final Map<Integer, String> labels = new HashMap<>();

    Node node(int id) {
        return nodes.get(id);
    }

    int size() {
        return nodes.size();
    }

    int ret(long value) {
        return intern(new Node(RET, 0, (int) value, -1, -1));
    }

    /** {@code A = seccomp_data[offset]} then {@code next}; a load right before another load is dropped. */
    int load(int offset, int next) {
        if (nodes.get(next).kind() == LOAD || nodes.get(next).kind() == RET) return next;
        return intern(new Node(LOAD, 0, offset, next, -1));
    }

    int and(int mask, int next) {
        return intern(new Node(AND, 0, mask, next, -1));
    }

    int jump(int op, int k, int t, int f) {
        if (t == f) return t;
        return intern(new Node(JUMP, op, k, t, f));
    }

    /** Attaches a listing comment to a node unless it has one. */
    void comment(int id, String text) {
        comments.putIfAbsent(id, text);
    }

    /** Puts {@code text} in front of a node's comment (the rule a block comes from, before its first test). */
    void prefixComment(int id, String text) {
        comments.merge(id, text, (old, t) -> old.startsWith(t) ? old : t + "; " + old);
    }

    void label(int id, String name) {
        labels.putIfAbsent(id, name);
    }

    String comment(int id) {
        return comments.getOrDefault(id, "");
    }

    String label(int id) {
        return labels.get(id);
    }

    private int intern(Node n) {
        Integer id = ids.get(n);
        if (id != null) return id;
        nodes.add(n);
        ids.put(n, nodes.size() - 1);
        return nodes.size() - 1;
    }

    /**
     * The nodes reachable from {@code root}, each before all of its successors (reverse postorder). The
     * false branch of a jump is visited last, so it tends to follow its jump directly.
     */
    int[] topologicalOrder(int root) {
        boolean[] seen = new boolean[nodes.size()];
        List<Integer> post = new ArrayList<>();
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {root, 0});
        seen[root] = true;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int[] succ = successors(nodes.get(top[0]));
            if (top[1] < succ.length) {
                int c = succ[top[1]++];
                if (!seen[c]) {
                    seen[c] = true;
                    stack.push(new int[] {c, 0});
                }
            } else {
                stack.pop();
                post.add(top[0]);
            }
        }
        int[] order = new int[post.size()];
        for (int i = 0; i < order.length; i++) order[i] = post.get(post.size() - 1 - i);
        return order;
    }

    private static int[] successors(Node n) {
        return switch (n.kind()) {
            case RET -> new int[0];
            case JUMP -> new int[] {n.t(), n.f()};
            default -> new int[] {n.t()};
        };
    }

    /**
     * Returns the root of an equivalent graph without loads of a word the accumulator already holds on
     * every path into them (the halves of one argument compared by consecutive conditions, for example).
     */
    int dropRedundantLoads(int root) {
        int[] order = topologicalOrder(root);
        final int unknown = -1;
        final int unseen = -2;
        int[] entry = new int[nodes.size()];
        Arrays.fill(entry, unseen);
        entry[root] = unknown;
        for (int id : order) {
            Node n = nodes.get(id);
            int out = switch (n.kind()) {
                case LOAD -> n.k();
                case AND -> unknown;
                default -> entry[id];
            };
            if (n.kind() == RET) continue;
            meet(entry, n.t(), out, unseen, unknown);
            if (n.kind() == JUMP) meet(entry, n.f(), out, unseen, unknown);
        }
        int[] mapped = new int[nodes.size()];
        Arrays.fill(mapped, -1);
        for (int i = order.length - 1; i >= 0; i--) {
            int id = order[i];
            Node n = nodes.get(id);
            int nid = switch (n.kind()) {
                case RET -> id;
                case LOAD -> entry[id] == n.k() ? mapped[n.t()] : load(n.k(), mapped[n.t()]);
                case AND -> and(n.k(), mapped[n.t()]);
                default -> jump(n.op(), n.k(), mapped[n.t()], mapped[n.f()]);
            };
            mapped[id] = nid;
            String c = comments.get(id);
            if (c != null && nid != id) comment(nid, c);
            String l = labels.get(id);
            if (l != null && nid != id) label(nid, l);
        }
        return mapped[root];
    }

    private static void meet(int[] entry, int succ, int state, int unseen, int unknown) {
        if (entry[succ] == unseen) entry[succ] = state;
        else if (entry[succ] != state) entry[succ] = unknown;
    }
}
