package dev.ward.lint;

import dev.ward.ir.Action;
import dev.ward.ir.Capability;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import java.util.EnumMap;
import java.util.Map;

/** W1001-W1004: a privileged container is only as safe as its MAC, seccomp and capability layers. */
final class PrivilegedCheck implements Check {
    /** Capabilities a privileged container must not keep, and what each gives on the host. */
    static final Map<Capability, String> DANGEROUS = new EnumMap<>(Capability.class);

    static {
        DANGEROUS.put(Capability.SYS_ADMIN, "mounts, namespaces and most of root's administrative power");
        DANGEROUS.put(Capability.SYS_MODULE, "loading kernel modules");
        DANGEROUS.put(Capability.SYS_RAWIO, "raw I/O ports and /dev/mem");
        DANGEROUS.put(Capability.SYS_TIME, "setting the host clock");
        DANGEROUS.put(Capability.SYS_BOOT, "rebooting the host and loading kexec kernels");
        DANGEROUS.put(Capability.MAC_ADMIN, "changing the AppArmor policy");
        DANGEROUS.put(Capability.MAC_OVERRIDE, "overriding the AppArmor policy");
        DANGEROUS.put(Capability.BPF, "loading BPF programs into the kernel");
        DANGEROUS.put(Capability.PERFMON, "kernel performance monitoring and tracing");
        DANGEROUS.put(Capability.DAC_READ_SEARCH, "open_by_handle_at, which opens host files outside the container's root");
        DANGEROUS.put(Capability.SYSLOG, "reading and clearing the kernel log, which exposes kernel addresses");
    }

    @Override
    public void run(LintContext ctx) {
        for (Profile p : ctx.policy().profiles()) {
            if (!p.privileged()) continue;
            if (p.untrusted()) {
                ctx.report(LintRule.PRIVILEGED_UNTRUSTED, p, p.origin(),
                        "profile '" + p.name() + "' is privileged and untrusted");
            }
            if (!p.apparmor().present()) {
                ctx.report(LintRule.PRIVILEGED_WITHOUT_APPARMOR, p, p.origin(),
                        "privileged profile '" + p.name() + "' has no AppArmor confinement");
            } else if (p.apparmor().unconfined()) {
                ctx.report(LintRule.PRIVILEGED_WITHOUT_APPARMOR, p, unconfinedOrigin(p),
                        "privileged profile '" + p.name() + "' is AppArmor-unconfined");
            }
            if (filtersNothing(p)) {
                ctx.report(LintRule.PRIVILEGED_WITHOUT_SECCOMP, p, p.origin(),
                        "privileged profile '" + p.name() + "' has no seccomp filter that denies anything");
            }
            for (Map.Entry<Capability, String> e : DANGEROUS.entrySet()) {
                if (p.capabilities().kept().contains(e.getKey())) {
                    ctx.report(LintRule.PRIVILEGED_DANGEROUS_CAPABILITY, p, p.capabilities().origin(),
                            "privileged profile '" + p.name() + "' keeps " + e.getKey().wardName() + " ("
                                    + e.getValue() + ")");
                }
            }
        }
    }

    private static dev.ward.ir.Origin unconfinedOrigin(Profile p) {
        return p.apparmor().rules().stream().filter(r -> r.family().equals("unconfined")).findFirst()
                .map(dev.ward.ir.AppArmorRule::origin).orElse(p.apparmor().origin());
    }

    /** True when the filter allows every call: its default and all its actions let the call run. */
    static boolean filtersNothing(Profile p) {
        if (!runs(p.seccomp().defaultAction())) return false;
        for (SeccompRule r : p.seccomp().rules()) {
            if (!runs(r.action()) || r.elseAction().filter(a -> !runs(a)).isPresent()) return false;
        }
        return true;
    }

    /** Whether the action lets the syscall run (allow or log). */
    static boolean runs(Action a) {
        return a.kind() == Action.Kind.ALLOW || a.kind() == Action.Kind.LOG;
    }
}
