package dev.ward.apparmor;

import dev.ward.apparmor.AaRule.Qualifiers;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules every container profile (one with a {@code mode}) starts from. They carry the intent of LXC's
 * container-base profile and Docker's default profile: broad file, network and signal access inside the
 * container, and denials of the host interfaces a container must not write to or read (sysctl outside the
 * namespaced ones, sysrq, kernel memory, firmware, EFI variables, the security and debug file systems).
 * Mount is allowed only for file system types that are safe in a user namespace, and only for
 * unprivileged containers; privileged containers get no mount rule at all.
 */
final class ContainerDefaults {
    private ContainerDefaults() {}

    /** A commented group of rules in the generated profile. */
    record Group(String comment, List<AaRule> rules) {
        Group {
            rules = List.copyOf(rules);
        }
    }

    /** Namespaced sysctls a container may write (relative to /proc/sys). */
    static final List<String> PROC_SYS_WRITABLE = List.of("kernel/shm*", "kernel/sem*", "kernel/msg*",
            "kernel/hostname", "kernel/domainname", "net");

    /** What under /sys a container may write: its cgroups and its network devices. */
    static final List<String> SYS_WRITABLE = List.of("fs/cgroup", "class/net", "devices/virtual/net");

    /** File systems an unprivileged container may mount; the kernel checks them against the user namespace. */
    static final List<String> SAFE_FSTYPES = List.of("proc", "sysfs", "tmpfs", "devpts", "mqueue", "cgroup",
            "cgroup2", "ramfs", "overlay", "fuse");

    /**
     * The default groups for a container profile named {@code name}; {@code networkFromPolicy} leaves out the
     * broad network rule because the policy lists its own.
     */
    static List<Group> groups(Profile profile, String name, boolean networkFromPolicy) {
        Aare self = Aare.of(name, Aare.Kind.LABEL);
        List<Group> out = new ArrayList<>();

        List<AaRule> broad = new ArrayList<>();
        broad.add(new AaRule.FileRule(Qualifiers.NONE, Optional.empty(), FilePerms.NONE, Optional.empty(), Origin.NONE));
        if (!networkFromPolicy) {
            broad.add(new AaRule.NetworkRule(Qualifiers.NONE, Optional.empty(), Optional.empty(), Origin.NONE));
        }
        broad.add(new AaRule.MountRule(Qualifiers.NONE, "umount", List.of(), List.of(), Optional.empty(), Optional.empty(), Origin.NONE));
        out.add(new Group("Container defaults: broad access inside the container, as LXC's container-base and"
                + " Docker's default profile grant it; the denials below keep it off the host's interfaces.", broad));

        out.add(new Group("Signals and ptrace only within this profile; the host may signal the container.", List.of(
                new AaRule.SignalRule(Qualifiers.NONE, List.of("receive"), List.of(),
                        Optional.of(Aare.of(AppArmorNames.UNCONFINED, Aare.Kind.LABEL)), Origin.NONE),
                new AaRule.SignalRule(Qualifiers.NONE, List.of("send", "receive"), List.of(), Optional.of(self), Origin.NONE),
                new AaRule.PtraceRule(Qualifiers.NONE, List.of("read", "trace", "readby", "tracedby"), Optional.of(self),
                        Origin.NONE))));

        if (profile.unprivileged()) {
            out.add(new Group("Mounts: only file system types the kernel checks against the user namespace.", List.of(
                    new AaRule.MountRule(Qualifiers.NONE, "mount", SAFE_FSTYPES, List.of(), Optional.empty(),
                            Optional.empty(), Origin.NONE))));
        }

        out.addAll(DENIALS);
        return out;
    }

    // The denials are the same for every container profile: built once, shared (the rules are immutable).
    private static final List<Group> DENIALS = denialGroups();

    private static List<Group> denialGroups() {
        List<Group> out = new ArrayList<>();
        out.add(new Group("No writes to /proc/sys except the namespaced kernel.shm*, sem*, msg*, hostname,"
                + " domainname and net.*; deny always wins, so the exceptions are left out of the patterns.",
                denials(NegatedGlobs.denyExcept("@{PROC}/sys", PROC_SYS_WRITABLE), "wklx")));

        List<AaRule> proc = new ArrayList<>(denials(List.of("@{PROC}/sysrq-trigger", "@{PROC}/kcore", "@{PROC}/kmem",
                "@{PROC}/mem"), "rwklx"));
        proc.addAll(denials(List.of("@{PROC}/bus/**"), "wklx"));
        out.add(new Group("Kernel interfaces under /proc.", proc));

        out.add(new Group("No writes to /sys except the container's cgroups and network devices.",
                denials(NegatedGlobs.denyExcept("/sys", SYS_WRITABLE), "wklx")));

        out.add(new Group("Firmware, EFI variables, the security and debug file systems, power capping counters.",
                denials(List.of("/sys/firmware/**", "/sys/firmware/efi/efivars/**", "/sys/kernel/security/**",
                        "/sys/kernel/debug/**", "/sys/devices/virtual/powercap/**"), "rwklx")));
        return List.copyOf(out);
    }

    private static List<AaRule> denials(List<String> patterns, String perms) {
        FilePerms p = FilePerms.parse(perms, true, Origin.NONE, new Diagnostics()).orElseThrow();
        List<AaRule> out = new ArrayList<>();
        for (String pattern : patterns) {
            out.add(new AaRule.FileRule(Qualifiers.DENY, Optional.of(Aare.of(pattern, Aare.Kind.PATH)), p, Optional.empty(),
                    Origin.NONE));
        }
        return out;
    }
}
