package dev.ward.ir;

import java.util.List;
import java.util.Optional;

/**
 * One seccomp rule after resolution: groups expanded into syscall names (libseccomp's names), constants
 * folded. Without a condition it decides {@code action} for its syscalls. With one it decides them
 * completely: {@code action} when the condition holds, otherwise {@code elseAction}, or, when there is no
 * else, the rule does not match and later rules (then the default) decide.
 */
public record SeccompRule(Action action, List<String> syscalls, Optional<Condition> condition,
                          Optional<Action> elseAction, Origin origin) {
    public SeccompRule {
        syscalls = List.copyOf(syscalls);
        if (elseAction.isPresent() && condition.isEmpty()) {
            throw new IllegalArgumentException("else without a condition");
        }
    }

    /** An unconditional rule. */
    public static SeccompRule of(Action action, List<String> syscalls, Origin origin) {
        return new SeccompRule(action, syscalls, Optional.empty(), Optional.empty(), origin);
    }
}
