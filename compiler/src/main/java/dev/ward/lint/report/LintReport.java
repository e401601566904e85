package dev.ward.lint.report;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Severity;
import dev.ward.lint.Exposure;
import java.util.List;

/**
 * What one lint run found, ready for a format: every diagnostic (the front end's and the linter's), the
 * files linted, and each profile's exposure.
 */
public record LintReport(List<Diagnostic> diagnostics, List<String> files, List<Exposure> exposures) {
    public LintReport {
        diagnostics = List.copyOf(diagnostics);
        files = List.copyOf(files);
        exposures = List.copyOf(exposures);
    }

    public long count(Severity s) {
        return diagnostics.stream().filter(d -> d.severity() == s).count();
    }

    /** True when some diagnostic is at least as severe as {@code threshold}. */
    public boolean fails(Severity threshold) {
        return diagnostics.stream().anyMatch(d -> d.severity().compareTo(threshold) >= 0);
    }
}
