package dev.ward.importer;

import dev.ward.diag.Span;
import dev.ward.ir.Action;
import java.util.List;

/**
 * One {@code seccomp_rule_add_array} call as runc makes it: a syscall name, an action and argument
 * comparisons (ANDed, at most one per argument index). {@code origin} is the profile entry it comes from.
 */
record LibRule(String syscall, Action action, List<ArgCmp> args, Span origin) {
    LibRule {
        args = List.copyOf(args);
    }

    /** {@code struct scmp_arg_cmp}: for MASKED_EQ, {@code a} is the mask and {@code b} the value. */
    record ArgCmp(int arg, ScmpOp op, long a, long b) {}
}
