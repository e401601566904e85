package dev.ward.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names that tell runs apart on one host and say which ward process made them: {@code PID-N}, this
 * process's pid and a counter. Cgroups, containers and run directories carry it.
 */
final class RunNames {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private RunNames() {}

    static String unique() {
        return ProcessHandle.current().pid() + "-" + COUNTER.getAndIncrement();
    }
}
