package dev.ward.ir;

import java.util.List;
import java.util.Optional;

/**
 * {@code expect ACTION SYSCALL(ARGS) [on ARCH]}: a policy unit test. {@code args} has six entries
 * (omitted ones are 0); without {@code on}, every architecture of the profile is checked.
 */
public record Expectation(Action action, String syscall, List<Long> args, Optional<Arch> on, Origin origin) {
    public Expectation {
        args = List.copyOf(args);
        if (args.size() != 6) throw new IllegalArgumentException("expectations carry six arguments");
    }
}
