package dev.ward.lint;

import dev.ward.diag.Severity;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.AppArmorRule.Qualifier;
import dev.ward.ir.Profile;
import dev.ward.lint.analysis.PathGlob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** W1040-W1042: AppArmor confinement that confines nothing, allows that never apply, kernel tunables left writable. */
final class AppArmorCheck implements Check {
    /**
     * Host-wide kernel settings under /proc/sys and /sys, none of them namespaced, each a known way to reach or
     * weaken the host (usermode helpers run as host root, kernel hardening switches, firmware, power, modules).
     */
    static final List<String> HOST_TUNABLES = List.of(
            "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe", "/proc/sys/kernel/sysrq",
            "/proc/sys/kernel/panic", "/proc/sys/kernel/randomize_va_space", "/proc/sys/kernel/kptr_restrict",
            "/proc/sys/kernel/yama/ptrace_scope", "/proc/sys/kernel/unprivileged_bpf_disabled",
            "/proc/sys/vm/overcommit_memory", "/proc/sys/vm/drop_caches", "/proc/sys/fs/binfmt_misc/register",
            "/proc/sys/fs/suid_dumpable", "/proc/sys/fs/file-max", "/sys/kernel/uevent_helper",
            "/sys/kernel/debug/tracing/trace", "/sys/kernel/security/apparmor/policy/.replace",
            "/sys/power/state", "/sys/firmware/efi/efivars/x",
            "/sys/module/apparmor/parameters/enabled", "/sys/block/sda/queue/scheduler",
            "/sys/devices/system/cpu/cpu0/online");

    /**
     * cgroup v1's release_agent runs as host root; the kernel lets only root of the initial user namespace write
     * it (CVE-2022-0492), so it is an escape for privileged containers alone.
     */
    static final String RELEASE_AGENT = "/sys/fs/cgroup/memory/release_agent";

    @Override
    public void run(LintContext ctx) {
        for (Profile p : ctx.policy().profiles()) {
            if (!p.apparmor().present()) continue;
            if (!p.privileged()) {
                p.apparmor().rules().stream().filter(r -> r.family().equals("unconfined")).findFirst().ifPresent(r ->
                        ctx.report(LintRule.APPARMOR_UNCONFINED, p, r.origin(), "profile '" + p.name() + "' is AppArmor-unconfined"));
            }
            List<AppArmorRule> rules = p.apparmor().rules();
            // An inherited allow that the profile's own deny overrides is how a child narrows its parent.
            int firstOwn = rules.size() - ctx.ownAppArmorRules(p);
            for (AppArmorRule allow : rules.subList(firstOwn, rules.size())) {
                if (allow.qualifiers().contains(Qualifier.DENY)) continue;
                for (AppArmorRule deny : rules) {
                    if (!deny.qualifiers().contains(Qualifier.DENY) || !deny.family().equals(allow.family())) continue;
                    Optional<String> overridden = overrides(deny, allow);
                    if (overridden.isPresent()) {
                        ctx.report(LintRule.APPARMOR_DENY_OVERRIDES_ALLOW, p, allow.origin(), "in profile '" + p.name()
                                + "' the rule `" + AppArmorText.render(deny) + "` (" + deny.origin() + ") overrides `" + AppArmorText.render(allow)
                                + "`" + overridden.get());
                        break;
                    }
                }
            }
            writableKernelPaths(ctx, p, rules);
        }
    }

    /** Whether {@code deny} takes away everything (or every permission it names) that {@code allow} grants. */
    static Optional<String> overrides(AppArmorRule deny, AppArmorRule allow) {
        if (deny.qualifiers().contains(Qualifier.OWNER) && !allow.qualifiers().contains(Qualifier.OWNER)) {
            return Optional.empty();
        }
        if (deny.family().equals("file")) {
            FileRule d = FileRule.of(deny);
            FileRule a = FileRule.of(allow);
            if (d == null || a == null) return Optional.empty();
            Set<Character> lost = new HashSet<>(a.perms);
            lost.retainAll(d.perms);
            if (lost.isEmpty()) return Optional.empty();
            PathGlob.Search s = PathGlob.witness(List.of(a.glob), List.of(d.glob));
            if (!s.none()) return Optional.empty();
            return Optional.of(lost.containsAll(a.perms) ? "" : ": it never grants " + perms(lost));
        }
        if (deny.atoms().isEmpty()) return Optional.of("");
        if (!deny.atoms().stream().allMatch(x -> x instanceof Atom.Word)) return Optional.empty();
        Set<String> d = words(deny);
        Set<String> a = words(allow);
        if (!allow.atoms().stream().allMatch(x -> x instanceof Atom.Word)) return Optional.empty();
        // capability lists are unions: the deny must name every capability; network words are conjunctive.
        boolean covered = allow.family().equals("capability") ? d.containsAll(a) && !a.isEmpty() : a.containsAll(d);
        return covered ? Optional.of("") : Optional.empty();
    }

    private void writableKernelPaths(LintContext ctx, Profile p, List<AppArmorRule> rules) {
        List<FileRule> denies = new ArrayList<>();
        for (AppArmorRule d : rules) {
            if (!d.qualifiers().contains(Qualifier.DENY) || d.qualifiers().contains(Qualifier.OWNER)
                    || !d.family().equals("file")) continue;
            FileRule fd = FileRule.of(d);
            if (fd != null) denies.add(fd);
        }
        for (AppArmorRule r : rules) {
            if (r.qualifiers().contains(Qualifier.DENY) || !r.family().equals("file")) continue;
            FileRule f = FileRule.of(r);
            if (f == null || !(f.perms.contains('w') || f.perms.contains('a'))) continue;
            List<String> probes = new ArrayList<>(HOST_TUNABLES);
            if (p.privileged()) probes.add(RELEASE_AGENT);
            for (String path : probes) {
                if (!f.glob.matches(path)) continue;
                // a deny blocks writing when it takes 'w' (or 'a', if the allow only appends)
                boolean denied = denies.stream().anyMatch(d -> d.glob.matches(path)
                        && (d.perms.contains('w') || (!f.perms.contains('w') && d.perms.contains('a'))));
                if (!denied) {
                    Severity sev = LintContext.errorWhenUntrusted(LintRule.APPARMOR_WRITABLE_KERNEL_PATHS, p);
                    ctx.report(LintRule.APPARMOR_WRITABLE_KERNEL_PATHS, sev, p, r.origin(), "in profile '" + p.name()
                            + "' the rule `" + AppArmorText.render(r) + "` lets the container write " + path);
                    break;
                }
            }
        }
    }

    /** A file rule's permissions and path; null when it has no recognisable path or is malformed. */
    record FileRule(Set<Character> perms, PathGlob glob) {
        static FileRule of(AppArmorRule r) {
            Set<Character> perms = new HashSet<>();
            String path = null;
            for (Atom a : r.atoms()) {
                if (a instanceof Atom.Arrow) break;
                String t = a instanceof Atom.Quoted q ? q.value() : a instanceof Atom.Word w ? w.text() : null;
                if (t == null) continue;
                if (t.startsWith("/") || t.startsWith("@{")) {
                    if (path == null) path = t;
                } else {
                    for (char c : t.toCharArray()) perms.add(c);
                }
            }
            // `file` with no path is every file, and with no permissions every permission
            if (perms.isEmpty()) {
                for (char c : "rwaxmkl".toCharArray()) perms.add(c);
            }
            Optional<PathGlob> glob = PathGlob.parse(path == null ? "/**" : path);
            return glob.map(g -> new FileRule(perms, g)).orElse(null);
        }
    }

    private static Set<String> words(AppArmorRule r) {
        Set<String> out = new HashSet<>();
        for (Atom a : r.atoms()) {
            if (a instanceof Atom.Word w) out.add(w.text());
        }
        return out;
    }

    private static String perms(Set<Character> ps) {
        StringBuilder sb = new StringBuilder();
        for (char c : "rwaxmkl".toCharArray()) {
            if (ps.contains(c)) sb.append(c);
        }
        ps.stream().filter(c -> "rwaxmkl".indexOf(c) < 0).sorted().forEach(sb::append);
        return sb.toString();
    }
}
