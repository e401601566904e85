package dev.ward.lint;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.diag.Span;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lint configuration, {@code .ward.yaml}:
 * <pre>
 * fail-on: warning                 # default for --fail-on
 * paths: [policies]                # what `ward lint` lints when no FILE is given
 * exclude: ["policies/vendor/**"]  # files whose findings are not reported
 * rules:                           # severity per rule: error | warning | note | off
 *   W1022: off
 * ignore:                          # by code and path glob; the reason is optional here
 *   - code: W1012
 *     path: "policies/legacy/**"
 *     reason: the legacy images map 1000 ids
 * </pre>
 * Path globs are relative to the directory holding the file.
 */
public record LintConfig(Map<String, Optional<Severity>> severities, List<PathIgnore> ignores, List<String> paths,
                         List<String> exclude, Optional<Severity> failOn, Path baseDir) {
    /** The usual name of the file. */
    public static final String FILE_NAME = ".ward.yaml";

    /** {@code ignore:} entry: findings of {@code code} in files matching {@code glob}. */
    public record PathIgnore(String code, String glob, String reason) {}

    public LintConfig {
        severities = Map.copyOf(severities);
        ignores = List.copyOf(ignores);
        paths = List.copyOf(paths);
        exclude = List.copyOf(exclude);
    }

    /** No configuration: every rule at its default severity. */
    public static LintConfig defaults() {
        return new LintConfig(Map.of(), List.of(), List.of(), List.of(), Optional.empty(), Path.of("").toAbsolutePath());
    }

    /** Reads a configuration file; problems become located W1910 diagnostics and the defaults stand in. */
    public static LintConfig load(Path file, Diagnostics d) {
        return LintConfigReader.read(file, d);
    }

    /** {@code .ward.yaml} in {@code dir} when there is one, otherwise the defaults. */
    public static LintConfig discover(Path dir, Diagnostics d) {
        Path f = dir.resolve(FILE_NAME);
        return Files.isRegularFile(f) ? load(f, d) : defaults();
    }

    /** The severity of {@code rule}'s findings: the configured one, or {@code computed}; empty when turned off. */
    public Optional<Severity> severity(LintRule rule, Severity computed) {
        Optional<Severity> configured = severities.get(rule.code());
        return configured == null ? Optional.of(computed) : configured;
    }

    /** True when findings in {@code file} are not reported. */
    public boolean excluded(String file) {
        return exclude.stream().anyMatch(g -> matches(g, file));
    }

    /** True when an {@code ignore:} entry covers {@code code} in {@code file}. */
    public boolean ignored(String code, String file) {
        return ignores.stream().anyMatch(i -> i.code().equalsIgnoreCase(code) && matches(i.glob(), file));
    }

    private boolean matches(String glob, String file) {
        if (file.isEmpty()) return false;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Path p;
        try {
            p = Path.of(file);
        } catch (RuntimeException e) {
            return false;
        }
        if (m.matches(p.normalize())) return true;
        Path abs = p.toAbsolutePath().normalize();
        Path base = baseDir.toAbsolutePath().normalize();
        return abs.startsWith(base) && m.matches(base.relativize(abs));
    }

    static Span at(Path file, int line, int column) {
        return line > 0 ? Span.at(file.toString(), line, column) : Span.file(file.toString());
    }
}
