package dev.ward.lint;

import dev.ward.diag.Severity;
import dev.ward.diag.Span;
import dev.ward.ir.Arch;
import dev.ward.ir.Origin;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every check sees: the policy, the source text, and where findings go. */
final class LintContext {
    private final Policy policy;
    private final SourceText sources;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Profile> byName = new HashMap<>();

    LintContext(Policy policy, SourceText sources) {
        this.policy = policy;
        this.sources = sources;
        // the first profile of a name, as Policy.profile finds it, without a search per question
        for (Profile p : policy.profiles()) byName.putIfAbsent(p.name(), p);
    }

    Policy policy() {
        return policy;
    }

    SourceText sources() {
        return sources;
    }

    List<Finding> findings() {
        return findings;
    }

    void report(LintRule rule, Profile p, Origin at, String what) {
        report(rule, rule.defaultSeverity(), p, at, what);
    }

    void report(LintRule rule, Severity severity, Profile p, Origin at, String what) {
        findings.add(new Finding(rule, severity, locate(p, at), p.name(), what));
    }

    /** The rule's default severity, raised to error for untrusted profiles. */
    static Severity errorWhenUntrusted(LintRule rule, Profile p) {
        return p.untrusted() ? Severity.ERROR : rule.defaultSeverity();
    }

    /** Where a finding about {@code p} at {@code at} is shown: at {@code at} when it has a place, else at the profile. */
    static Span locate(Profile p, Origin at) {
        if (at != null && at.span().hasPosition()) return at.span();
        if (p.origin().span().hasPosition()) return p.origin().span();
        return Span.file(p.file());
    }

    /** The profile named {@code name}, when it is in the policy. */
    Optional<Profile> profile(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The profile {@code p} extends, when it is in the policy. */
    Optional<Profile> parent(Profile p) {
        return p.lineage().size() < 2 ? Optional.empty() : profile(p.lineage().get(1));
    }

    /** How many of {@code p}'s seccomp rules it writes itself; its parent's follow them. */
    int ownSeccompRules(Profile p) {
        int inherited = parent(p).map(q -> q.seccomp().rules().size()).orElse(0);
        List<SeccompRule> rules = p.seccomp().rules();
        if (inherited > rules.size()) return rules.size();
        List<SeccompRule> tail = rules.subList(rules.size() - inherited, rules.size());
        Optional<Profile> parent = parent(p);
        return parent.isPresent() && tail.equals(parent.get().seccomp().rules()) ? rules.size() - inherited : rules.size();
    }

    /** How many of {@code p}'s AppArmor rules it writes itself; they follow its parent's. */
    int ownAppArmorRules(Profile p) {
        List<dev.ward.ir.AppArmorRule> rules = p.apparmor().rules();
        Optional<Profile> parent = parent(p);
        if (parent.isEmpty()) return rules.size();
        List<dev.ward.ir.AppArmorRule> inherited = parent.get().apparmor().rules();
        if (inherited.size() > rules.size() || !rules.subList(0, inherited.size()).equals(inherited)) return rules.size();
        return rules.size() - inherited.size();
    }

    /** True when one of the two profiles extends the other (a base and its refinement are not two containers). */
    static boolean related(Profile a, Profile b) {
        return a.lineage().contains(b.name()) || b.lineage().contains(a.name());
    }

    /** The architectures a profile's filter is built for; all of them when it names none. */
    static List<Arch> arches(Profile p) {
        return p.arches().isEmpty() ? List.of(Arch.values()) : p.arches();
    }

    /** True when {@code syscall} exists on one of the profile's architectures. */
    static boolean exists(Profile p, String syscall) {
        SyscallTable t = SyscallTable.standard();
        for (Arch a : arches(p)) {
            if (t.number(a, syscall).isPresent()) return true;
        }
        return false;
    }

    /** The text an origin covers (its first line only, trimmed), if the source is available. */
    Optional<String> text(Origin o) {
        Span s = o.span();
        if (!s.hasPosition()) return Optional.empty();
        return lines(s.file()).flatMap(ls -> {
            String line = Comments.code(Comments.line(ls, s.line()));
            int from = Math.min(Math.max(0, s.column() - 1), line.length());
            int to = s.endLine() == s.line() ? Math.min(Math.max(from, s.endColumn() - 1), line.length()) : line.length();
            String t = line.substring(from, to).trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(s.endLine() == s.line() ? t : t + " ...");
        });
    }

    /** The source lines of a file, if available. */
    Optional<List<String>> lines(String file) {
        return sources.lines(file);
    }
}
