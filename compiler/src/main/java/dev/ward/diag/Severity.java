package dev.ward.diag;

/** How bad a finding is; ordered from least to most severe. */
public enum Severity {
    NOTE, WARNING, ERROR;

    /** The lower-case word used in rendered diagnostics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
