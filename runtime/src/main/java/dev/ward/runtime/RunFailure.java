package dev.ward.runtime;

/**
 * A run that cannot start: a missing engine binary, no root, a cgroup that cannot be created, a policy the
 * kernel cannot apply. The message is one line; the exit code is 1 (the policy) or 2 (the host or the usage).
 */
public final class RunFailure extends Exception {
    private final int exitCode;

    public RunFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
