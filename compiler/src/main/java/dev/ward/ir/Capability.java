package dev.ward.ir;

import java.util.Locale;
import java.util.Optional;

/** Linux capabilities by number, through CAP_LAST_CAP of current kernels. */
public enum Capability {
    CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
    LINUX_IMMUTABLE, NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, NET_RAW, IPC_LOCK, IPC_OWNER,
    SYS_MODULE, SYS_RAWIO, SYS_CHROOT, SYS_PTRACE, SYS_PACCT, SYS_ADMIN, SYS_BOOT, SYS_NICE,
    SYS_RESOURCE, SYS_TIME, SYS_TTY_CONFIG, MKNOD, LEASE, AUDIT_WRITE, AUDIT_CONTROL, SETFCAP,
    MAC_OVERRIDE, MAC_ADMIN, SYSLOG, WAKE_ALARM, BLOCK_SUSPEND, AUDIT_READ, PERFMON, BPF,
    CHECKPOINT_RESTORE;

    /** CAP_LAST_CAP of the kernels Ward knows. */
    public static final Capability LAST = CHECKPOINT_RESTORE;

    /** The kernel's number for this capability. */
    public int number() {
        return ordinal();
    }

    /** The lower-case name used in policies and LXC configs ({@code net_bind_service}). */
    public String wardName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name with the CAP_ prefix, as OCI and systemd write it. */
    public String capName() {
        return "CAP_" + name();
    }

    /** Looks up {@code net_bind_service}, {@code NET_BIND_SERVICE} or {@code CAP_NET_BIND_SERVICE}. */
    public static Optional<Capability> byName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) n = n.substring(4);
        for (Capability c : values()) {
            if (c.name().equals(n)) return Optional.of(c);
        }
        return Optional.empty();
    }

    public static Optional<Capability> byNumber(int number) {
        return number >= 0 && number < values().length ? Optional.of(values()[number]) : Optional.empty();
    }
}
