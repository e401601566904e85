package dev.ward.lint;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Severity;
import dev.ward.diag.Span;

/**
 * One rule's finding before configuration and suppressions apply: {@code what} says what is wrong in this
 * policy; the rule adds why it matters and how to fix it.
 */
public record Finding(LintRule rule, Severity severity, Span span, String profile, String what) {
    /** The full message: what, why, and how to fix it. */
    public String message() {
        return what + ": " + rule.why() + "; fix: " + rule.fix();
    }

    public Diagnostic toDiagnostic() {
        return new Diagnostic(severity, rule.code(), span, message());
    }

    public Finding withSeverity(Severity s) {
        return new Finding(rule, s, span, profile, what);
    }
}
