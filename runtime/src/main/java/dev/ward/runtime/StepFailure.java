package dev.ward.runtime;

/** A confinement step the kernel refused; the message names the step and the reason, on one line. */
public final class StepFailure extends Exception {
    private final int exitCode;

    public StepFailure(String message) {
        this(message, 1);
    }

    public StepFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** The exit status ward reports: 1 for a step, 126 or 127 when the program cannot be executed. */
    public int exitCode() {
        return exitCode;
    }
}
