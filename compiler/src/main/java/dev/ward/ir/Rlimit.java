package dev.ward.ir;

import java.util.Locale;
import java.util.Optional;

/** The RLIMIT_* resources, in the kernel's numbering. */
public enum Rlimit {
    CPU, FSIZE, DATA, STACK, CORE, RSS, NPROC, NOFILE, MEMLOCK, AS, LOCKS, SIGPENDING, MSGQUEUE,
    NICE, RTPRIO, RTTIME;

    public int number() {
        return ordinal();
    }

    /** The lower-case name used in policies and lxc.prlimit.* ({@code nofile}). */
    public String wardName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Rlimit> byName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("RLIMIT_")) n = n.substring(7);
        for (Rlimit r : values()) {
            if (r.name().equals(n)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
