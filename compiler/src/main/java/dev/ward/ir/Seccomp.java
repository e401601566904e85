package dev.ward.ir;

import java.util.List;

/**
 * A profile's seccomp filter after inheritance: rules in match order (the child's before its parent's),
 * first match wins, otherwise {@code defaultAction} (the nearest one in the extends chain). A profile whose
 * chain has no seccomp block at all has no filter, and resolves to {@code Seccomp(allow, [])}.
 */
public record Seccomp(Action defaultAction, List<SeccompRule> rules) {
    public Seccomp {
        rules = List.copyOf(rules);
    }
}
