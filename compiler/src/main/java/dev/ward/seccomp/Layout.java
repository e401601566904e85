package dev.ward.seccomp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a {@link FilterGraph} into a straight program, last instruction first, so that every jump target is
 * already placed when its jump is emitted. A conditional jump reaches at most 255 instructions ahead; a
 * farther target gets a copy of its {@code ret} or a {@code ja} trampoline right after the jump, shared by
 * later jumps to the same target while in reach.
 */
final class Layout {
    private final FilterGraph g;
    // Instructions in reverse order: index 0 is the last instruction of the program.
    private final List<Insn> reversed = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final Map<Integer, Integer> placed = new HashMap<>();
    private final Map<Integer, Integer> nearest = new HashMap<>();

    private Layout(FilterGraph g) {
        this.g = g;
    }

    record Placed(List<Insn> instructions, List<String> labels, List<String> comments) {}

    static Placed place(FilterGraph g, int root) {
        Layout l = new Layout(g);
        int[] order = g.topologicalOrder(root);
        for (int i = order.length - 1; i >= 0; i--) l.emit(order[i]);
        List<Insn> insns = new ArrayList<>(l.reversed);
        List<String> labels = new ArrayList<>(l.labels);
        List<String> comments = new ArrayList<>(l.comments);
        Collections.reverse(insns);
        Collections.reverse(labels);
        Collections.reverse(comments);
        return new Placed(insns, labels, comments);
    }

    /** Position counted from the end: the next instruction emitted gets {@code reversed.size()}. */
    private int offsetTo(int target) {
        return reversed.size() - reachable(target) - 1;
    }

    private int reachable(int target) {
        Integer copy = nearest.get(target);
        return copy != null ? copy : placed.get(target);
    }

    private void emit(int id) {
        FilterGraph.Node n = g.node(id);
        switch (n.kind()) {
            case FilterGraph.RET -> put(Insn.ret(Integer.toUnsignedLong(n.k())), id);
            case FilterGraph.LOAD, FilterGraph.AND -> {
                if (offsetTo(n.t()) != 0) trampoline(n.t(), true);
                put(n.kind() == FilterGraph.LOAD ? Insn.load(n.k()) : Insn.and(n.k()), id);
            }
            default -> {
                while (offsetTo(n.t()) > Insn.MAX_JUMP || offsetTo(n.f()) > Insn.MAX_JUMP) {
                    trampoline(offsetTo(n.t()) > Insn.MAX_JUMP ? n.t() : n.f(), false);
                }
                put(Insn.jump(n.op(), n.k(), offsetTo(n.t()), offsetTo(n.f())), id);
            }
        }
    }

    /** Emits a copy of a {@code ret} target, or a {@code ja} to any other target, at the current position. */
    private void trampoline(int target, boolean forFallThrough) {
        FilterGraph.Node t = g.node(target);
        if (t.kind() == FilterGraph.RET) {
            reversed.add(Insn.ret(Integer.toUnsignedLong(t.k())));
            comments.add(g.comment(target));
        } else {
            reversed.add(Insn.ja(reversed.size() - placed.get(target) - 1));
            comments.add(forFallThrough ? "" : "trampoline");
        }
        labels.add(null);
        nearest.put(target, reversed.size() - 1);
    }

    private void put(Insn in, int id) {
        reversed.add(in);
        labels.add(g.label(id));
        comments.add(g.comment(id));
        placed.put(id, reversed.size() - 1);
        nearest.put(id, reversed.size() - 1);
    }
}
