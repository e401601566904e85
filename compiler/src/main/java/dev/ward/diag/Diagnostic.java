package dev.ward.diag;

/**
 * One finding: {@code file:line:col: severity[CODE]: message}. Codes are stable:
 * W00xx files and syntax, W01xx names and resolution, W02xx seccomp, W03xx AppArmor,
 * W04xx engines (capabilities, id maps, limits, network, devices, filesystem, namespaces),
 * W05xx runtime, W1xxx lint rules.
 */
public record Diagnostic(Severity severity, String code, Span span, String message) {
    public Diagnostic {
        if (severity == null || code == null || span == null || message == null) {
            throw new IllegalArgumentException("diagnostic fields must not be null");
        }
    }

    /** The first line of the rendered form, without source excerpt. */
    public String headline() {
        return span + ": " + severity.label() + "[" + code + "]: " + message;
    }
}
