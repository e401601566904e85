package dev.ward.ir;

import java.util.Locale;
import java.util.Optional;

/** The namespaces a profile can share with the host; every other one is new. */
public enum Namespace {
    MOUNT, PID, NET, IPC, UTS, CGROUP, TIME, USER;

    public String wardName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Namespace> byName(String name) {
        for (Namespace n : values()) {
            if (n.wardName().equals(name)) return Optional.of(n);
        }
        return Optional.empty();
    }
}
