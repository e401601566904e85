package dev.ward.importer;

/**
 * How libseccomp (2.5) merges a new rule's chain of argument comparisons into a syscall's existing tree.
 * Its outcome decides which of several overlapping rules wins, and libseccomp does not resolve overlaps by
 * rule order: before adding, it prunes what the new chain makes redundant, or drops the new chain when an
 * existing shorter one already decides it the same way; while adding, a node equal to an existing one is
 * merged into it (a shorter chain's action replaces a longer chain's subtree only when that subtree decides
 * the same way, otherwise the rule is refused), and other nodes are inserted into the level in libseccomp's
 * order. The behaviour reproduced here, reference counts included, is libseccomp's, so that imported
 * profiles decide what runc's filters decide.
 */
final class ArgTrees {
    /** The rule conflicts with the existing tree (libseccomp's -EEXIST). */
    static final int CONFLICT = -17;

    // Flags of the prune walk's state.
    static final int MATCH = 0x1;
    static final int MATCH_ONCE = 0x2;
    static final int X_FINISHED = 0x10;
    static final int N_FINISHED = 0x20;
    static final int X_PREFIX = 0x100;
    static final int N_PREFIX = 0x200;
    static final int MATCH_SET = MATCH | MATCH_ONCE;
    static final int REDUNDANT = MATCH | X_FINISHED | N_PREFIX;

    private ArgTrees() {}

    /** A place that holds a node reference: a parent's branch, a syscall's tree root, a local variable. */
    interface Slot {
        ArgNode get();

        void set(ArgNode n);
    }

    static final class Local implements Slot {
        ArgNode node;

        Local(ArgNode node) {
            this.node = node;
        }

        @Override
        public ArgNode get() {
            return node;
        }

        @Override
        public void set(ArgNode n) {
            node = n;
        }
    }

    static Slot trueBranch(ArgNode x) {
        return new Slot() {
            @Override
            public ArgNode get() {
                return x.nextT;
            }

            @Override
            public void set(ArgNode n) {
                x.nextT = n;
            }
        };
    }

    static Slot falseBranch(ArgNode x) {
        return new Slot() {
            @Override
            public ArgNode get() {
                return x.nextF;
            }

            @Override
            public void set(ArgNode n) {
                x.nextF = n;
            }
        };
    }

    /** The walk state of a prune: flags, the new rule's action and the syscall whose tree is pruned. */
    static final class WalkState {
        int flags;
        long action;
        final Slot root;

        WalkState(long action, Slot root) {
            this.action = action;
            this.root = root;
        }

        WalkState copy() {
            WalkState s = new WalkState(action, root);
            s.flags = flags;
            return s;
        }
    }

    // Level order: argument, then high word before low; then the operator class; then the value. A node
    // "less" than another is placed after it.
    static boolean less(ArgNode a, ArgNode b) {
        int pa = argPriority(a);
        int pb = argPriority(b);
        if (pa != pb) return pa < pb;
        int oa = opPriority(a.origin);
        int ob = opPriority(b.origin);
        if (oa != ob) return oa < ob;
        if (a.origin == ScmpOp.LE || a.origin == ScmpOp.LT) return a.datum > b.datum;
        return a.datum < b.datum;
    }

    private static int argPriority(ArgNode n) {
        return (n.arg << 1) + (n.high ? 1 : 0);
    }

    private static int opPriority(ScmpOp op) {
        return switch (op) {
            case MASKED_EQ, EQ, NE -> 3;
            case LE, LT -> 2;
            case GE, GT -> 1;
        };
    }

    static boolean same(ArgNode a, ArgNode b) {
        return argPriority(a) == argPriority(b) && a.op == b.op && a.datum == b.datum && a.mask == b.mask;
    }

    /** Drops the reference {@code slot} holds; frees the node (and what only it held) at zero. */
    static int release(Slot slot) {
        ArgNode n = slot.get();
        if (n == null) return 0;
        int freed = 0;
        if (--n.refs == 0) {
            Local before = new Local(n.prev);
            Local after = new Local(n.next);
            ArgNode t = n.nextT;
            ArgNode f = n.nextF;
            if (before.node != null) before.node.next = null;
            if (after.node != null) after.node.prev = null;
            if (before.node != null) freed += release(before);
            if (after.node != null) freed += release(after);
            if (before.node != null) before.node.next = ArgNode.ref(after.node);
            if (after.node != null) after.node.prev = ArgNode.ref(before.node);
            slot.set(before.node != null ? before.node : after.node);
            freed += releaseTree(new Local(t));
            freed += releaseTree(new Local(f));
            freed++;
        }
        return freed;
    }

    /** Drops a reference to a level and frees the whole level when nothing else refers to it. */
    static int releaseTree(Slot slot) {
        int freed = release(slot);
        if (slot.get() != null) freed += cleanLevel(slot.get());
        return freed;
    }

    private static int cleanLevel(ArgNode node) {
        ArgNode start = node.first();
        for (ArgNode n = start; n != null; n = n.next) {
            int links = (n.prev != null ? 1 : 0) + (n.next != null ? 1 : 0);
            if (n.refs > links) return 0;
        }
        int freed = 0;
        Local n = new Local(start);
        while (n.node != null) freed += release(n);
        return freed;
    }

    /** Removes {@code node} (and what only it held) from the tree in {@code tree}, and zombies met on the way. */
    static int remove(Slot tree, ArgNode node) {
        if (tree == null || tree.get() == null || node == null) return 0;
        int freed = 0;
        ArgNode c = tree.get().first();
        boolean found = false;
        do {
            if (c == node) {
                found = true;
                break;
            }
            freed += remove(trueBranch(c), node);
            freed += remove(falseBranch(c), node);
            if (c.zombie()) {
                found = true;
                break;
            }
            c = c.next;
        } while (c != null && freed == 0);
        if (!found) return freed;
        if (c == tree.get()) tree.set(c.prev != null ? c.prev : c.next);
        if (c.prev != null) c.prev.next = c.next;
        if (c.next != null) c.next.prev = c.prev;
        c.prev = null;
        c.next = null;
        freed += release(new Local(c));
        return freed;
    }

    /** True when every action on {@code tree}'s level and below it is {@code action}. */
    static boolean decidesOnly(ArgNode tree, long action) {
        if (tree == null) return true;
        for (ArgNode c = tree.first(); c != null; c = c.next) {
            if (c.hasActionT && c.actionT != action) return false;
            if (c.hasActionF && c.actionF != action) return false;
            if (!decidesOnly(c.nextT, action) || !decidesOnly(c.nextF, action)) return false;
        }
        return true;
    }

    /**
     * Prunes the existing tree against a new chain: removes subtrees the new (shorter) chain makes redundant
     * and records in {@code state} whether an existing shorter chain makes the new one redundant. Returns
     * the number of nodes freed.
     */
    static int prune(ArgNode existing, ArgNode n, WalkState state) {
        int freed = 0;
        WalkState result = state.copy();
        ArgNode x = existing;
        walk:
        {
            if (n == null || x == null) break walk;
            if ((state.flags & MATCH_SET) == MATCH_ONCE) break walk;
            x = x.first();
            do {
                ArgNode following = x.next;
                nextNode:
                {
                    if (same(x, n)) {
                        result.flags |= MATCH_SET;
                        if (n.leaf()) result.flags |= N_FINISHED;
                        if (x.leaf()) result.flags |= X_FINISHED;
                        if ((x.hasActionT || x.nextT != null) && !(n.hasActionT || n.nextT != null)) break walk;
                        if ((x.hasActionF || x.nextF != null) && !(n.hasActionF || n.nextF != null)) break walk;
                        if ((result.flags & N_FINISHED) != 0 && (result.flags & X_FINISHED) != 0) {
                            if (n.hasActionT != x.hasActionT || n.actionT != x.actionT) break walk;
                            if (n.hasActionF != x.hasActionF || n.actionF != x.actionF) break walk;
                        }
                        for (boolean t : BRANCHES) {
                            ArgNode branch = t ? n.nextT : n.nextF;
                            if (branch == null) continue;
                            Step s = descend(x, t ? x.nextT : x.nextF, branch, state, 0, MATCH_SET);
                            freed += s.freed();
                            x = s.node();
                            if ((s.flags() & MATCH) != 0) result.flags |= s.flags();
                            if (x == null) break nextNode;
                        }
                        boolean sameActions = decidesOnly(x, result.action);
                        if (sameActions && (result.flags & MATCH) != 0 && (result.flags & N_FINISHED) != 0
                                && (result.flags & X_PREFIX) != 0) {
                            // The new chain is shorter: the existing longer one goes.
                            freed += remove(state.root, x);
                            if (state.root.get() == null) break walk;
                        } else if (sameActions && (result.flags & MATCH) != 0 && (result.flags & X_FINISHED) != 0
                                && (result.flags & N_PREFIX) != 0) {
                            // The new chain is longer than an existing one that decides the same.
                            break walk;
                        }
                    } else {
                        // The existing node sorts after the new one: walk the existing branches against the
                        // whole new chain; otherwise the new branches against the existing level.
                        boolean existingFirst = less(x, n);
                        if ((state.flags & (existingFirst ? N_PREFIX : X_PREFIX)) != 0) break walk;
                        for (boolean t : BRANCHES) {
                            ArgNode branch = existingFirst ? (t ? x.nextT : x.nextF) : (t ? n.nextT : n.nextF);
                            if (branch == null) continue;
                            Step s = existingFirst
                                    ? descend(x, branch, n, state, MATCH, X_PREFIX)
                                    : descend(x, x, branch, state, MATCH, N_PREFIX);
                            freed += s.freed();
                            x = s.node();
                            if ((s.flags() & MATCH) != 0) {
                                result.flags |= s.flags();
                                break walk;
                            }
                            if (x == null) break nextNode;
                        }
                    }
                }
                x = following;
            } while (x != null);
            // Falling off the level: nothing matched.
            result.flags &= ~MATCH;
        }
        if ((result.flags & MATCH) != 0) state.flags |= result.flags;
        else state.flags &= ~MATCH;
        return freed;
    }

    private static final boolean[] BRANCHES = {true, false};

    /** What one step down a branch pair left: the held node (null once freed), nodes freed, the walk's flags. */
    private record Step(ArgNode node, int freed, int flags) {}

    /**
     * Prunes {@code existing} against {@code n} one level down, holding a reference to {@code x} meanwhile;
     * dropping it afterwards may free {@code x}. The deeper walk starts from {@code state}'s flags with
     * {@code clear} cleared and {@code set} set.
     */
    private static Step descend(ArgNode x, ArgNode existing, ArgNode n, WalkState state, int clear, int set) {
        ArgNode.ref(x);
        WalkState deeper = state.copy();
        deeper.flags = (deeper.flags & ~clear) | set;
        int freed = prune(existing, n, deeper);
        Local held = new Local(x);
        freed += release(held);
        return new Step(held.node, freed, deeper.flags);
    }

    /** Adds the new chain {@code n} into the tree at {@code existing}; 0, or {@link #CONFLICT}. */
    static int add(Slot existing, ArgNode n) {
        ArgNode x = existing.get();
        do {
            if (same(x, n)) {
                if (n.hasActionT) {
                    if (!x.hasActionT) {
                        if (!decidesOnly(x.nextT, n.actionT)) return CONFLICT;
                        release(trueBranch(x));
                        x.nextT = null;
                        x.actionT = n.actionT;
                        x.hasActionT = true;
                    } else if (n.actionT != x.actionT) {
                        // For a high word, the larger full value's action wins (libseccomp's GT/GE handling).
                        if (n.high && Long.compareUnsigned(n.datumFull, x.datumFull) > 0) x.actionT = n.actionT;
                        if (x.leaf() || n.leaf()) return CONFLICT;
                    }
                }
                if (n.hasActionF) {
                    if (!x.hasActionF) {
                        if (!decidesOnly(x.nextF, n.actionF)) return CONFLICT;
                        release(falseBranch(x));
                        x.nextF = null;
                        x.actionF = n.actionF;
                        x.hasActionF = true;
                    } else if (n.actionF != x.actionF) {
                        // libseccomp assigns the true action here, not the false one; reproduced as it is.
                        if (n.high && Long.compareUnsigned(n.datumFull, x.datumFull) < 0) x.actionT = n.actionT;
                        if (x.leaf() || n.leaf()) return CONFLICT;
                    }
                }
                if (n.nextT != null) {
                    if (x.nextT != null) {
                        int rc = add(trueBranch(x), n.nextT);
                        if (rc != 0) return rc;
                    } else if (!x.hasActionT) {
                        x.nextT = ArgNode.ref(n.nextT);
                    } else {
                        return 0;
                    }
                }
                if (n.nextF != null) {
                    if (x.nextF != null) {
                        int rc = add(falseBranch(x), n.nextF);
                        if (rc != 0) return rc;
                    } else if (!x.hasActionF) {
                        x.nextF = ArgNode.ref(n.nextF);
                    } else {
                        return 0;
                    }
                }
                return 0;
            } else if (!less(x, n)) {
                if (x.next == null) {
                    n.prev = ArgNode.ref(x);
                    x.next = ArgNode.ref(n);
                    return 0;
                }
                x = x.next;
            } else {
                if (x.prev != null) {
                    x.prev.next = ArgNode.ref(n);
                    n.prev = x.prev;
                    x.prev = ArgNode.ref(n);
                    n.next = x;
                } else {
                    x.prev = ArgNode.ref(n);
                    n.next = ArgNode.ref(x);
                }
                if (existing.get() == x) {
                    existing.set(ArgNode.ref(n));
                    release(new Local(x));
                }
                return 0;
            }
        } while (x != null);
        return 0;
    }
}
