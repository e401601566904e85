package dev.ward.importer;

/**
 * A node of the argument tree libseccomp keeps for one syscall: a comparison of one 32-bit word of one
 * argument, what to do when it holds ({@code t}) and when it does not ({@code f}) — an action, a deeper
 * level, or nothing (try the next node of this level) — and its neighbours on its level. Levels are
 * ordered lists shared by reference; {@code refs} counts the references the way libseccomp does, because
 * which nodes survive a merge depends on it.
 */
final class ArgNode {
    final int arg;
    /** True for the high word of a 64-bit argument. */
    final boolean high;
    /** The comparison the node makes: EQ, GT, GE or MASKED_EQ. */
    final ScmpOp op;
    /** The comparison of the rule the node comes from, which orders nodes on a level. */
    final ScmpOp origin;
    /** The 32-bit mask and value (value already masked). */
    final long mask;
    final long datum;
    /** The rule's whole 64-bit value. */
    final long datumFull;

    boolean hasActionT;
    boolean hasActionF;
    long actionT;
    long actionF;
    ArgNode prev;
    ArgNode next;
    ArgNode nextT;
    ArgNode nextF;
    int refs;

    ArgNode(int arg, boolean high, ScmpOp op, ScmpOp origin, long mask, long datum, long datumFull) {
        this.arg = arg;
        this.high = high;
        this.op = op;
        this.origin = origin;
        this.mask = mask & 0xffffffffL;
        this.datum = datum & this.mask;
        this.datumFull = datumFull;
    }

    /** Whether the node's comparison holds for a 32-bit word. */
    boolean test(long word) {
        long w = word & mask;
        return switch (op) {
            case EQ, MASKED_EQ -> w == datum;
            case GT -> w > datum;
            case GE -> w >= datum;
            default -> throw new IllegalStateException("a tree node compares with " + op);
        };
    }

    boolean leaf() {
        return nextT == null && nextF == null;
    }

    /** A leaf without actions: libseccomp removes these when it meets them. */
    boolean zombie() {
        return leaf() && !hasActionT && !hasActionF;
    }

    /** The first node of this node's level; a level whose links go round in a circle is a {@link Cycle}. */
    ArgNode first() {
        ArgNode slow = this;
        ArgNode fast = this;
        while (fast.prev != null && fast.prev.prev != null) {
            fast = fast.prev.prev;
            slow = slow.prev;
            if (slow == fast) throw new Cycle();
        }
        return fast.prev != null ? fast.prev : fast;
    }

    /** A level whose links form a circle: libseccomp's walk of it would never end. */
    static final class Cycle extends RuntimeException {
        Cycle() {
            super("a level of libseccomp's argument tree links back to itself", null, false, false);
        }
    }

    /** Takes a reference. */
    static ArgNode ref(ArgNode n) {
        if (n != null) n.refs++;
        return n;
    }

    @Override
    public String toString() {
        return "arg" + arg + (high ? ".hi " : ".lo ") + op + " 0x" + Long.toHexString(datum)
                + (mask != 0xffffffffL ? "/0x" + Long.toHexString(mask) : "");
    }
}
