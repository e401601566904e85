package dev.ward.lint;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The linter: runs every rule over a resolved policy, then applies the configuration (severities,
 * excluded files, path ignores) and inline {@code # ward:ignore} suppressions.
 */
public final class Linter {
    private static final List<Check> CHECKS = List.of(new PrivilegedCheck(), new IdMapCheck(), new LimitsCheck(),
            new SeccompCheck(), new AppArmorCheck(), new DevicesCheck(), new NamespaceCheck(), new NetworkCheck());

    private Linter() {}

    /** Lints with the default configuration; findings go to {@code d}. */
    public static void lint(Policy policy, Diagnostics d) {
        lint(policy, LintConfig.defaults(), d);
    }

    /** Lints with {@code config}, reading comments from the policy files on disk (and the shipped library). */
    public static void lint(Policy policy, LintConfig config, Diagnostics d) {
        lint(policy, config, SourceText.files(), d);
    }

    /** Lints with {@code config}, reading comments through {@code sources}. */
    public static void lint(Policy policy, LintConfig config, SourceText sources, Diagnostics d) {
        findings(policy, config, sources).forEach(f -> d.add(f.toDiagnostic()));
    }

    /** The findings that survive configuration and suppressions, sorted by place. */
    public static List<Finding> findings(Policy policy, LintConfig config, SourceText sources) {
        SourceText shared = SourceText.shared(sources);
        List<Finding> found = run(policy, shared, true);

        Set<String> files = new LinkedHashSet<>();
        policy.profiles().stream().map(Profile::file).forEach(files::add);
        found.forEach(f -> files.add(f.span().file()));
        Suppressions suppressions = new Suppressions();
        for (String f : files) shared.lines(f).ifPresent(lines -> suppressions.read(f, lines));

        List<Finding> kept = new ArrayList<>();
        Set<List<Object>> seen = new LinkedHashSet<>();
        for (Finding f : found) {
            if (!seen.add(List.of(f.rule(), f.span(), f.what()))) continue;
            if (config.excluded(f.span().file()) || config.ignored(f.rule().code(), f.span().file())) continue;
            if (suppressions.suppresses(f)) continue;
            configured(config, f).ifPresent(kept::add);
        }
        for (Finding f : suppressions.problems()) {
            if (!config.excluded(f.span().file())) configured(config, f).ifPresent(kept::add);
        }
        kept.sort(Comparator.comparing((Finding f) -> f.span().file())
                .thenComparingInt(f -> f.span().line())
                .thenComparingInt(f -> f.span().column())
                .thenComparing(f -> f.rule().code())
                .thenComparing(Finding::what));
        return kept;
    }

    /**
     * Every check's findings, in the order of {@link #CHECKS}. The checks are independent: {@code inParallel}
     * runs them at the same time, each with a context of its own, and the result is that of running them in
     * turn. {@code sources} must be safe to share between threads then.
     */
    static List<Finding> run(Policy policy, SourceText sources, boolean inParallel) {
        List<Finding> found = new ArrayList<>();
        (inParallel ? CHECKS.parallelStream() : CHECKS.stream()).map(c -> {
            LintContext ctx = new LintContext(policy, sources);
            c.run(ctx);
            return ctx.findings();
        }).toList().forEach(found::addAll);
        return found;
    }

    private static Optional<Finding> configured(LintConfig config, Finding f) {
        return config.severity(f.rule(), f.severity()).map(s -> Objects.equals(s, f.severity()) ? f : f.withSeverity(s));
    }

    /** True when some finding is at least as severe as {@code threshold}. */
    public static boolean fails(List<Severity> severities, Severity threshold) {
        return severities.stream().anyMatch(s -> s.compareTo(threshold) >= 0);
    }
}
