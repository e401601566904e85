package dev.ward.importer;

import dev.ward.ir.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libseccomp's rule database for one ABI width: per syscall, either one action for every call or a tree of
 * argument comparisons (see {@link ArgTrees}), built by adding rules in the order runc adds them. A rule
 * without conditions overrides a tree, and the first such rule wins over later ones; conditions on 64-bit
 * ABIs compare the high and the low word of each argument, on 32-bit ABIs the low word only.
 */
final class RuleDatabase {
    private static final long LOW32 = 0xffffffffL;

    private final boolean wide;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** One syscall's state: an action for every call, or a tree whose unmatched calls get the default. */
    static final class Entry {
        ArgNode chains;
        long action;

        ArgTrees.Slot root() {
            return new ArgTrees.Slot() {
                @Override
                public ArgNode get() {
                    return chains;
                }

                @Override
                public void set(ArgNode n) {
                    chains = n;
                }
            };
        }

        /** The tree, or empty when every call gets {@link #action}. */
        Optional<ArgNode> tree() {
            return Optional.ofNullable(chains);
        }
    }

    /** A database for 64-bit ABIs ({@code wide}) or 32-bit ones. */
    RuleDatabase(boolean wide) {
        this.wide = wide;
    }

    boolean wide() {
        return wide;
    }

    /** The syscalls with rules, in the order their first rule was added. */
    Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Adds a rule as libseccomp's {@code db_rule_add} does. Returns false when libseccomp refuses it (a
     * conflict with an existing rule), which makes runc refuse the whole profile; throws {@link ArgNode.Cycle}
     * where libseccomp 2.5 would never return (a merge that leaves a level linked in a circle).
     */
    boolean add(String syscall, Action action, List<LibRule.ArgCmp> args) {
        long act = action.seccompRet();
        Entry fresh = new Entry();
        fresh.chains = wide ? chain64(args, act) : chain32(args, act);
        fresh.action = act;
        Entry existing = entries.get(syscall);
        boolean pruned = false;
        while (true) {
            if (existing == null) {
                entries.put(syscall, fresh);
                return true;
            }
            if (existing.chains == null) {
                if (pruned) {
                    existing.chains = fresh.chains;
                    existing.action = fresh.action;
                } else {
                    // An action for every call already decides this syscall.
                    ArgTrees.releaseTree(new ArgTrees.Local(fresh.chains));
                }
                return true;
            }
            if (fresh.chains == null) {
                // A rule without conditions replaces the tree.
                ArgTrees.releaseTree(existing.root());
                existing.chains = null;
                existing.action = act;
                return true;
            }
            ArgTrees.WalkState state = new ArgTrees.WalkState(act, existing.root());
            int freed = ArgTrees.prune(existing.chains, fresh.chains, state);
            if (freed > 0) {
                pruned = true;
                if (existing.chains == null) continue;
            } else if ((state.flags & ArgTrees.REDUNDANT) == ArgTrees.REDUNDANT) {
                ArgTrees.releaseTree(new ArgTrees.Local(fresh.chains));
                return true;
            }
            int rc = ArgTrees.add(existing.root(), fresh.chains);
            if (rc < 0) return false;
            ArgTrees.releaseTree(new ArgTrees.Local(fresh.chains));
            return true;
        }
    }

    /** What the entry decides for a call with {@code args}, or empty when it falls to the default. */
    static Optional<Long> decide(Entry e, long[] args) {
        if (e.chains == null) return Optional.of(e.action);
        return decideLevel(e.chains, args);
    }

    private static Optional<Long> decideLevel(ArgNode level, long[] args) {
        for (ArgNode n = level.first(); n != null; n = n.next) {
            long a = args[n.arg];
            boolean holds = n.test(n.high ? a >>> 32 : a & LOW32);
            ArgNode deeper = holds ? n.nextT : n.nextF;
            Optional<Long> r;
            if (deeper != null) {
                r = decideLevel(deeper, args);
            } else if (holds ? n.hasActionT : n.hasActionF) {
                r = Optional.of(holds ? n.actionT : n.actionF);
            } else {
                r = Optional.empty();
            }
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }

    // Every comparison whose mask covers neither word, or on a 32-bit ABI not the low word, is always true
    // and is left out; a rule left with none has no conditions.
    private static boolean needsHigh(LibRule.ArgCmp c) {
        return !(c.op() == ScmpOp.MASKED_EQ && (c.a() >>> 32) == 0);
    }

    private static boolean needsLow(LibRule.ArgCmp c) {
        return !(c.op() == ScmpOp.MASKED_EQ && (c.a() & LOW32) == 0);
    }

    private static LibRule.ArgCmp[] byArgument(List<LibRule.ArgCmp> args) {
        LibRule.ArgCmp[] slots = new LibRule.ArgCmp[6];
        for (LibRule.ArgCmp c : args) {
            if (slots[c.arg()] != null) throw new IllegalArgumentException("two conditions on arg" + c.arg());
            slots[c.arg()] = c;
        }
        return slots;
    }

    private static long maskOf(LibRule.ArgCmp c) {
        return c.op() == ScmpOp.MASKED_EQ ? c.a() : -1L;
    }

    private static long valueOf(LibRule.ArgCmp c) {
        return c.op() == ScmpOp.MASKED_EQ ? c.b() : c.a();
    }

    // A 64-bit comparison as 32-bit word tests: ordering ops test the high word (greater, then equal) and
    // then the low word; (masked) equality tests the high word, then the low one.
    private static ArgNode chain64(List<LibRule.ArgCmp> args, long action) {
        ArgNode head = null;
        ArgNode[] prev = null;
        ScmpOp prevOp = null;
        ArgNode[] cur = null;
        for (LibRule.ArgCmp c : byArgument(args)) {
            if (c == null || (!needsHigh(c) && !needsLow(c))) continue;
            long mask = maskOf(c);
            long value = valueOf(c);
            long hm = mask >>> 32;
            long lm = mask & LOW32;
            long hv = value >>> 32;
            long lv = value & LOW32;
            cur = new ArgNode[3];
            switch (c.op()) {
                case GT, GE, LE, LT -> {
                    ScmpOp low = c.op() == ScmpOp.GT || c.op() == ScmpOp.LE ? ScmpOp.GT : ScmpOp.GE;
                    cur[0] = new ArgNode(c.arg(), true, ScmpOp.GT, c.op(), hm, hv, value);
                    cur[1] = new ArgNode(c.arg(), true, ScmpOp.EQ, c.op(), hm, hv, value);
                    cur[2] = new ArgNode(c.arg(), false, low, c.op(), lm, lv, value);
                    cur[0].nextF = ArgNode.ref(cur[1]);
                    cur[1].nextT = ArgNode.ref(cur[2]);
                }
                default -> {
                    ScmpOp eq = c.op() == ScmpOp.MASKED_EQ ? ScmpOp.MASKED_EQ : ScmpOp.EQ;
                    cur[0] = new ArgNode(c.arg(), true, eq, c.op(), hm, hv, value);
                    cur[1] = new ArgNode(c.arg(), false, eq, c.op(), lm, lv, value);
                    cur[0].nextT = ArgNode.ref(cur[1]);
                }
            }
            if (prev == null) {
                head = ArgNode.ref(cur[0]);
            } else {
                switch (prevOp) {
                    case GT, GE -> {
                        prev[0].nextT = ArgNode.ref(cur[0]);
                        prev[2].nextT = ArgNode.ref(cur[0]);
                    }
                    case EQ, MASKED_EQ -> prev[1].nextT = ArgNode.ref(cur[0]);
                    case LE, LT -> {
                        prev[1].nextF = ArgNode.ref(cur[0]);
                        prev[2].nextF = ArgNode.ref(cur[0]);
                    }
                    case NE -> {
                        prev[0].nextF = ArgNode.ref(cur[0]);
                        prev[1].nextF = ArgNode.ref(cur[0]);
                    }
                }
            }
            prev = cur;
            prevOp = c.op();
        }
        if (cur == null) return null;
        switch (prevOp) {
            case GT, GE -> {
                setT(cur[0], action);
                setT(cur[2], action);
            }
            case LE, LT -> {
                setF(cur[1], action);
                setF(cur[2], action);
            }
            case EQ, MASKED_EQ -> setT(cur[1], action);
            case NE -> {
                setF(cur[0], action);
                setF(cur[1], action);
            }
        }
        return head;
    }

    // A 32-bit ABI compares the low word once; NE, LT and LE become EQ, GE and GT taken on their false branch.
    private static ArgNode chain32(List<LibRule.ArgCmp> args, long action) {
        ArgNode head = null;
        ArgNode prev = null;
        boolean prevOnTrue = true;
        for (LibRule.ArgCmp c : byArgument(args)) {
            if (c == null || !needsLow(c)) continue;
            ScmpOp op = switch (c.op()) {
                case NE -> ScmpOp.EQ;
                case LT -> ScmpOp.GE;
                case LE -> ScmpOp.GT;
                default -> c.op();
            };
            ArgNode n = new ArgNode(c.arg(), false, op, c.op(), maskOf(c), valueOf(c), valueOf(c));
            if (prev == null) {
                head = ArgNode.ref(n);
            } else if (prevOnTrue) {
                prev.nextT = ArgNode.ref(n);
            } else {
                prev.nextF = ArgNode.ref(n);
            }
            prevOnTrue = !(c.op() == ScmpOp.NE || c.op() == ScmpOp.LT || c.op() == ScmpOp.LE);
            prev = n;
        }
        if (prev == null) return null;
        if (prevOnTrue) setT(prev, action);
        else setF(prev, action);
        return head;
    }

    private static void setT(ArgNode n, long action) {
        n.hasActionT = true;
        n.actionT = action;
    }

    private static void setF(ArgNode n, long action) {
        n.hasActionF = true;
        n.actionF = action;
    }
}
