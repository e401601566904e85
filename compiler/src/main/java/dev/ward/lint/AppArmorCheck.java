package dev.ward.lint;

import dev.ward.apparmor.Aare;
import dev.ward.apparmor.DenyOverrides;
import dev.ward.apparmor.Glob;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.diag.Span;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.AppArmorRule.Qualifier;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * W1040-W1042: AppArmor confinement that confines nothing, allows that never apply, kernel settings left
 * writable. Deny overrides are decided by the AppArmor backend ({@link DenyOverrides}), which also knows the
 * default denials every container profile starts from.
 */
final class AppArmorCheck implements Check {
    /**
     * Host-wide kernel settings under /proc/sys and /sys, none of them namespaced, each a known way to reach or
     * weaken the host (usermode helpers run as host root, kernel hardening switches, firmware, power, modules).
     * A container profile (one with a mode) starts from backend denials that cover all of them.
     */
    static final List<String> HOST_TUNABLES = List.of(
            "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe", "/proc/sys/kernel/sysrq",
            "/proc/sys/kernel/panic", "/proc/sys/kernel/randomize_va_space", "/proc/sys/kernel/kptr_restrict",
            "/proc/sys/kernel/yama/ptrace_scope", "/proc/sys/kernel/unprivileged_bpf_disabled",
            "/proc/sys/vm/overcommit_memory", "/proc/sys/vm/drop_caches", "/proc/sys/fs/binfmt_misc/register",
            "/proc/sys/fs/suid_dumpable", "/proc/sys/fs/file-max", "/sys/kernel/uevent_helper",
            "/sys/kernel/debug/tracing/trace", "/sys/kernel/security/apparmor/policy/.replace",
            "/sys/power/state", "/sys/firmware/efi/efivars/x", "/sys/module/apparmor/parameters/enabled",
            "/sys/block/sda/queue/scheduler", "/sys/devices/system/cpu/cpu0/online");

    /**
     * cgroup v1's release_agent runs as host root; the kernel lets only root of the initial user namespace write
     * it (CVE-2022-0492), so it is an escape for privileged containers alone. Container defaults leave the
     * cgroup tree writable, so it is probed for privileged profiles with or without them.
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
            List<AppArmorRule> own = rules.subList(rules.size() - ctx.ownAppArmorRules(p), rules.size());
            overriddenAllows(ctx, p, rules, own);
            writableKernelPaths(ctx, p, rules);
        }
    }

    private static void overriddenAllows(LintContext ctx, Profile p, List<AppArmorRule> rules, List<AppArmorRule> own) {
        Map<Span, AppArmorRule> ownBySpan = new HashMap<>();
        own.forEach(r -> ownBySpan.put(r.origin().span(), r));
        Set<Span> reported = new HashSet<>();
        for (DenyOverrides.Finding f : DenyOverrides.find(p)) {
            AppArmorRule allow = ownBySpan.get(f.allow().origin().span());
            if (!f.complete() || allow == null || !reported.add(allow.origin().span())) continue;
            List<String> by = f.denies().stream().map(d -> d.origin().span().hasPosition()
                    ? "`" + d.render() + "` (" + d.origin() + ")" : "`" + d.render() + "` (a container default)").toList();
            ctx.report(LintRule.APPARMOR_DENY_OVERRIDES_ALLOW, p, allow.origin(), "in profile '" + p.name() + "' the rule `"
                    + AppArmorText.render(allow) + "` never grants " + f.lost() + ": " + String.join(", ", by.subList(0,
                    Math.min(3, by.size()))) + (by.size() > 3 ? " and " + (by.size() - 3) + " more" : "") + " take it away");
        }
        // The families the backend does not relate (mount, ptrace, signal, ...): a bare deny takes away every allow.
        Set<String> decided = Set.of("file", "capability", "network");
        for (AppArmorRule allow : own) {
            if (allow.qualifiers().contains(Qualifier.DENY) || decided.contains(allow.family())) continue;
            for (AppArmorRule deny : rules) {
                if (deny.qualifiers().contains(Qualifier.DENY) && deny.family().equals(allow.family()) && deny.atoms().isEmpty()
                        && (!deny.qualifiers().contains(Qualifier.OWNER) || allow.qualifiers().contains(Qualifier.OWNER))) {
                    ctx.report(LintRule.APPARMOR_DENY_OVERRIDES_ALLOW, p, allow.origin(), "in profile '" + p.name()
                            + "' the rule `" + AppArmorText.render(allow) + "` never applies: `" + AppArmorText.render(deny)
                            + "` (" + deny.origin() + ") takes it away");
                    break;
                }
            }
        }
    }

    private static void writableKernelPaths(LintContext ctx, Profile p, List<AppArmorRule> rules) {
        List<String> probes = new ArrayList<>();
        if (p.mode().isEmpty()) probes.addAll(HOST_TUNABLES);
        if (p.privileged()) probes.add(RELEASE_AGENT);
        if (probes.isEmpty()) return;
        List<FileRule> denies = new ArrayList<>();
        for (AppArmorRule d : rules) {
            if (!d.qualifiers().contains(Qualifier.DENY) || d.qualifiers().contains(Qualifier.OWNER)
                    || !d.family().equals("file")) continue;
            FileRule.of(d).ifPresent(denies::add);
        }
        for (AppArmorRule r : rules) {
            if (r.qualifiers().contains(Qualifier.DENY) || !r.family().equals("file")) continue;
            Optional<FileRule> f = FileRule.of(r);
            if (f.isEmpty() || !(f.get().perms.contains('w') || f.get().perms.contains('a'))) continue;
            for (String path : probes) {
                if (!Glob.matches(f.get().glob, path)) continue;
                // a deny blocks writing when it takes 'w' (or 'a', if the allow only appends)
                boolean denied = denies.stream().anyMatch(d -> Glob.matches(d.glob, path)
                        && (d.perms.contains('w') || (!f.get().perms.contains('w') && d.perms.contains('a'))));
                if (!denied) {
                    Severity sev = LintContext.errorWhenUntrusted(LintRule.APPARMOR_WRITABLE_KERNEL_PATHS, p);
                    ctx.report(LintRule.APPARMOR_WRITABLE_KERNEL_PATHS, sev, p, r.origin(), "in profile '" + p.name()
                            + "' the rule `" + AppArmorText.render(r) + "` lets the container write " + path);
                    break;
                }
            }
        }
    }

    /** A file rule's permissions and path pattern; empty when it is malformed (the backend reports that). */
    record FileRule(Set<Character> perms, Aare glob) {
        static Optional<FileRule> of(AppArmorRule r) {
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
            return Aare.parse(path == null ? "/**" : path, Aare.Kind.PATH, "path", r.origin(), new Diagnostics())
                    .map(g -> new FileRule(perms, g));
        }
    }
}
