package dev.ward.engine;

import dev.ward.diag.Diagnostics;
import dev.ward.engine.ConfigText.Entry;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The seccomp block as systemd's SystemCallFilter=, which takes names and no argument conditions. Each
 * syscall gets the action of the first rule naming it. With an allowing default, the filter is a deny list
 * ({@code ~name:ERRNO}); otherwise an allow list with the default's SystemCallErrorNumber=. What systemd
 * cannot say (argument conditions, a second errno in an allow list, trap/trace/notify) is reported as a note.
 */
final class SystemdSyscallFilter {
    private SystemdSyscallFilter() {}

    private static final Map<Arch, String> ARCH_NAMES = Map.of(
            Arch.X86_64, "x86-64", Arch.X86, "x86", Arch.X32, "x32", Arch.AARCH64, "arm64", Arch.ARM, "arm",
            Arch.RISCV64, "riscv64", Arch.PPC64LE, "ppc64-le", Arch.S390X, "s390x");

    static List<Entry> entries(Profile p, Diagnostics d) {
        List<Entry> e = new ArrayList<>();
        Action def = p.seccomp().defaultAction();
        Map<String, SeccompRule> first = new LinkedHashMap<>();
        for (SeccompRule r : p.seccomp().rules()) {
            for (String s : r.syscalls()) first.putIfAbsent(s, r);
        }
        boolean denyList = allows(def);
        TreeSet<String> allowed = new TreeSet<>();
        Map<String, String> denied = new TreeMap<>();
        List<String> conditional = new ArrayList<>();
        List<String> approximated = new ArrayList<>();
        first.forEach((name, r) -> {
            Action a = r.action();
            if (r.condition().isPresent()) {
                boolean canAllow = allows(a) || r.elseAction().map(SystemdSyscallFilter::allows).orElse(denyList);
                conditional.add(name);
                if (canAllow) {
                    allowed.add(name);
                    return;
                }
            }
            if (allows(a)) {
                allowed.add(name);
            } else if (denyList) {
                denied.put(name, suffix(a, approximated, name));
            } else if (!a.equals(def)) {
                approximated.add(name);
            }
        });
        if (denyList) {
            if (!denied.isEmpty()) {
                e.add(new Entry("SystemCallFilter", "~" + String.join(" ", denied.entrySet().stream()
                        .map(x -> x.getKey() + x.getValue()).toList())));
            }
        } else {
            e.add(new Entry("SystemCallFilter", String.join(" ", allowed)));
            if (def.kind() == Action.Kind.ERRNO) {
                e.add(new Entry("SystemCallErrorNumber", Integer.toString(def.value())));
            } else if (def.kind() != Action.Kind.KILL_PROCESS && def.kind() != Action.Kind.KILL_THREAD) {
                approximated.add("the default action " + def);
            }
        }
        List<String> arches = p.arches().stream().map(ARCH_NAMES::get).toList();
        if (!arches.isEmpty()) e.add(new Entry("SystemCallArchitectures", String.join(" ", arches)));
        if (!conditional.isEmpty()) {
            d.note(EngineCodes.NOT_EXPRESSIBLE, p.origin().span(), "systemd.conf of profile '" + p.name()
                    + "': SystemCallFilter= has no argument conditions; decided by name only: "
                    + String.join(", ", conditional));
        }
        if (!approximated.isEmpty()) {
            d.note(EngineCodes.NOT_EXPRESSIBLE, p.origin().span(), "systemd.conf of profile '" + p.name()
                    + "': SystemCallFilter= returns the default error (or kills) instead of the policy's action for "
                    + String.join(", ", approximated));
        }
        return e;
    }

    private static boolean allows(Action a) {
        return a.kind() == Action.Kind.ALLOW || a.kind() == Action.Kind.LOG;
    }

    private static String suffix(Action a, List<String> approximated, String name) {
        if (a.kind() == Action.Kind.ERRNO) return ":" + a.value();
        if (a.kind() != Action.Kind.KILL_PROCESS && a.kind() != Action.Kind.KILL_THREAD) approximated.add(name);
        return "";
    }
}
