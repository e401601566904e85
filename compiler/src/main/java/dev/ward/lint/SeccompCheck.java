package dev.ward.lint;

import dev.ward.diag.Severity;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import dev.ward.lint.analysis.DecisionSpace;
import dev.ward.lint.analysis.RuleIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** W1030-W1036: the seccomp filter, decided per syscall by evaluating its rules over every argument cell. */
final class SeccompCheck implements Check {
    /** The calls LXC's default seccomp policy denies to every container. */
    static final List<String> BASELINE = List.of("kexec_load", "open_by_handle_at", "init_module", "finit_module",
            "delete_module");
    static final long CLONE_NEWUSER = 0x10000000L;

    /** Calls with a record of container escapes that untrusted workloads should not be given. */
    static final List<String> DANGEROUS = dangerous();

    private static List<String> dangerous() {
        TreeSet<String> names = new TreeSet<>(List.of("ptrace", "bpf", "userfaultfd", "keyctl", "add_key",
                "request_key", "open_by_handle_at", "mount", "umount", "umount2", "pivot_root", "move_mount",
                "fsopen", "fsconfig", "fsmount", "fspick", "open_tree", "open_tree_attr", "mount_setattr"));
        for (String n : SyscallTable.standard().names()) {
            if (n.startsWith("kexec_") || n.endsWith("_module")) names.add(n);
        }
        // removed from the kernel long ago: every kernel answers ENOSYS
        names.removeAll(List.of("create_module", "query_module"));
        names.removeIf(n -> !SyscallTable.standard().known(n));
        return List.copyOf(names);
    }

    @Override
    public void run(LintContext ctx) {
        for (Profile p : ctx.policy().profiles()) {
            new ProfileRun(ctx, p).run();
        }
    }

    private static final class ProfileRun {
        private final LintContext ctx;
        private final Profile p;
        private final List<SeccompRule> rules;
        private final RuleIndex index;
        private final Action def;
        private final int own;
        private final Map<String, Optional<DecisionSpace>> spaces = new HashMap<>();

        ProfileRun(LintContext ctx, Profile p) {
            this.ctx = ctx;
            this.p = p;
            this.rules = p.seccomp().rules();
            this.index = RuleIndex.of(rules);
            this.def = p.seccomp().defaultAction();
            this.own = ctx.ownSeccompRules(p);
        }

        Optional<DecisionSpace> space(String syscall) {
            return spaces.computeIfAbsent(syscall, s -> DecisionSpace.of(s, index, def, List.of()));
        }

        void run() {
            if (PrivilegedCheck.runs(def)) {
                ctx.report(LintRule.SECCOMP_DEFAULT_ALLOW, LintContext.errorWhenUntrusted(LintRule.SECCOMP_DEFAULT_ALLOW, p),
                        p, p.origin(), "the seccomp default of profile '" + p.name() + "' is " + def);
                baseline();
            }
            for (int i = 0; i < own; i++) ruleEffect(i);
            for (int i = 0; i < own; i++) {
                for (int j = i + 1; j < own; j++) overlap(i, j);
            }
            if (p.untrusted()) {
                dangerousCalls();
                userNamespaces();
            }
        }

        private void baseline() {
            List<String> missing = new ArrayList<>();
            for (String s : BASELINE) {
                if (!LintContext.exists(p, s)) continue;
                space(s).ifPresent(sp -> {
                    if (sp.cells().stream().anyMatch(c -> PrivilegedCheck.runs(sp.decide(c).action()))) missing.add(s);
                });
            }
            if (missing.isEmpty()) return;
            Severity sev = p.untrusted() || p.privileged() ? Severity.ERROR : LintRule.SECCOMP_MISSING_BASELINE.defaultSeverity();
            ctx.report(LintRule.SECCOMP_MISSING_BASELINE, sev, p, p.origin(), "profile '" + p.name()
                    + "' allows " + String.join(", ", missing) + " under its default " + def);
        }

        // W1032 (never decides) and W1033 (decides only what the filter would decide anyway).
        private void ruleEffect(int i) {
            SeccompRule r = rules.get(i);
            boolean decides = false;
            boolean matters = false;
            boolean restatesInherited = false;
            int shadower = -1;
            boolean named = false;
            for (String s : r.syscalls()) {
                if (!LintContext.exists(p, s)) continue;
                named = true;
                Optional<DecisionSpace> sp = space(s);
                if (sp.isEmpty()) return;
                DecisionSpace space = sp.get();
                for (DecisionSpace.Cell c : space.cells()) {
                    DecisionSpace.Outcome o = space.decide(c);
                    if (o.rule() == i) {
                        decides = true;
                        DecisionSpace.Outcome without = space.decide(c, k -> k == i);
                        if (!without.action().equals(o.action())) matters = true;
                        if (without.rule() >= own) restatesInherited = true;
                    } else if (shadower < 0 && space.matches(i, c) && o.rule() >= 0 && o.rule() < i) {
                        shadower = o.rule();
                    }
                }
            }
            if (!named) return;
            String what = "seccomp rule `" + describe(ctx, r) + "` in profile '" + p.name() + "'";
            if (!decides) {
                ctx.report(LintRule.SECCOMP_SHADOWED_RULE, p, r.origin(), shadower >= 0
                        ? what + " never matches: the rule at " + rules.get(shadower).origin() + " decides every call it names first"
                        : what + " never matches: its condition can never hold");
            } else if (!matters && !restatesInherited) {
                ctx.report(LintRule.SECCOMP_RULE_EQUALS_DEFAULT, p, r.origin(),
                        what + " has no effect: without it the filter decides the same (default " + def + ")");
            }
        }

        // W1034: two conditional rules for one syscall, one letting it run and one not, whose conditions overlap.
        private void overlap(int i, int j) {
            SeccompRule a = rules.get(i);
            SeccompRule b = rules.get(j);
            if (a.condition().isEmpty() || b.condition().isEmpty() || a.elseAction().isPresent()) return;
            if (PrivilegedCheck.runs(a.action()) == PrivilegedCheck.runs(b.action())) return;
            for (String s : a.syscalls()) {
                if (!b.syscalls().contains(s) || !LintContext.exists(p, s)) continue;
                Optional<DecisionSpace> sp = space(s);
                if (sp.isEmpty()) continue;
                DecisionSpace space = sp.get();
                boolean bDecides = space.cells().stream().anyMatch(c -> space.decide(c).rule() == j);
                if (!bDecides) continue;
                for (DecisionSpace.Cell c : space.cells()) {
                    if (c.witnessed() && space.conditionHolds(i, c) && space.conditionHolds(j, c)) {
                        ctx.report(LintRule.SECCOMP_ALLOW_DENY_OVERLAP, p, b.origin(), "seccomp rules `" + describe(ctx, a)
                                + "` (" + a.origin() + ") and `" + describe(ctx, b) + "` in profile '" + p.name()
                                + "' both match " + s + c.arguments() + ", which the earlier one decides (" + a.action() + ")");
                        return;
                    }
                }
            }
        }

        // W1035: dangerous calls that an untrusted profile lets run for every argument.
        private void dangerousCalls() {
            // keyed by span: Origins are all equal to each other by design
            Map<dev.ward.diag.Span, List<String>> byRule = new LinkedHashMap<>();
            Map<dev.ward.diag.Span, Origin> where = new HashMap<>();
            Map<dev.ward.diag.Span, String> how = new HashMap<>();
            for (String s : DANGEROUS) {
                if (!LintContext.exists(p, s)) continue;
                Optional<DecisionSpace> sp = space(s);
                if (sp.isEmpty()) continue;
                DecisionSpace space = sp.get();
                List<DecisionSpace.Outcome> outcomes = space.cells().stream().map(space::decide).toList();
                if (!outcomes.stream().allMatch(o -> PrivilegedCheck.runs(o.action()))) continue;
                int rule = outcomes.get(0).rule();
                boolean oneRule = outcomes.stream().allMatch(o -> o.rule() == rule);
                Origin at = oneRule && rule >= 0 ? rules.get(rule).origin() : p.origin();
                dev.ward.diag.Span key = LintContext.locate(p, at);
                byRule.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                where.putIfAbsent(key, at);
                how.putIfAbsent(key, oneRule && rule >= 0 ? "the rule `" + describe(ctx, rules.get(rule)) + "`"
                        : oneRule ? "its default " + def : "its rules");
            }
            byRule.forEach((key, names) -> ctx.report(LintRule.SECCOMP_DANGEROUS_SYSCALL, p, where.get(key),
                    "untrusted profile '" + p.name() + "' allows " + String.join(", ", names) + " through " + how.get(key)));
        }

        // W1036: clone/unshare with CLONE_NEWUSER, or clone3 (whose flags seccomp cannot read), allowed.
        private void userNamespaces() {
            List<String> ways = new ArrayList<>();
            Origin at = null;
            boolean s390Only = LintContext.arches(p).stream().allMatch(a -> a == Arch.S390X);
            for (String s : List.of("clone", "unshare")) {
                if (!LintContext.exists(p, s)) continue;
                int arg = s.equals("clone") && s390Only ? 1 : 0;
                Condition probe = new Condition.MaskedEquals(arg, CLONE_NEWUSER, CLONE_NEWUSER);
                Optional<DecisionSpace> sp = DecisionSpace.of(s, index, def, List.of(probe));
                if (sp.isEmpty()) continue;
                DecisionSpace space = sp.get();
                for (DecisionSpace.Cell c : space.cells()) {
                    DecisionSpace.Outcome o = space.decide(c);
                    if (c.witnessed() && space.holds(probe, c) && PrivilegedCheck.runs(o.action())) {
                        ways.add(s + c.arguments());
                        if (at == null && o.rule() >= 0) at = rules.get(o.rule()).origin();
                        break;
                    }
                }
            }
            if (LintContext.exists(p, "clone3")) {
                Optional<DecisionSpace> sp = space("clone3");
                if (sp.isPresent()) {
                    DecisionSpace space = sp.get();
                    for (DecisionSpace.Cell c : space.cells()) {
                        DecisionSpace.Outcome o = space.decide(c);
                        if (PrivilegedCheck.runs(o.action())) {
                            ways.add("clone3");
                            if (at == null && o.rule() >= 0) at = rules.get(o.rule()).origin();
                            break;
                        }
                    }
                }
            }
            if (ways.isEmpty()) return;
            ctx.report(LintRule.SECCOMP_USERNS_CREATION, p, at == null ? p.origin() : at, "untrusted profile '"
                    + p.name() + "' can create user namespaces through " + String.join(", ", ways));
        }
    }

    /** A rule as the reader wrote it: its source text when available, else a shortened rendering. */
    static String describe(LintContext ctx, SeccompRule r) {
        return ctx.text(r.origin()).orElseGet(() -> describe(r));
    }

    /** A rule rendered from the IR, shortened: {@code errno(1) mount, umount2 if ...}. */
    static String describe(SeccompRule r) {
        List<String> names = r.syscalls();
        String list = names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + ", ... (" + names.size() + " calls)";
        return r.action() + " " + list + (r.condition().isPresent() ? " if ..." : "")
                + r.elseAction().map(a -> " else " + a).orElse("");
    }
}
