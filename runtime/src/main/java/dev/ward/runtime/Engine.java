package dev.ward.runtime;

/** A way to run a command confined by a profile: {@code native}, {@code lxc} or {@code runc}. */
public interface Engine {
    /** Runs the command and returns its exit status (128+N for a death by signal N). */
    int run(RunRequest request) throws RunFailure;
}
