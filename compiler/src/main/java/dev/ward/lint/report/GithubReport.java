package dev.ward.lint.report;

import dev.ward.diag.Diagnostic;

/** {@code --format github}: workflow commands that GitHub Actions shows as annotations on the diff. */
public final class GithubReport {
    private GithubReport() {}

    public static String render(LintReport r) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : r.diagnostics()) {
            String command = switch (d.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case NOTE -> "notice";
            };
            sb.append("::").append(command).append(" file=").append(property(d.span().file()));
            if (d.span().hasPosition()) {
                sb.append(",line=").append(d.span().line()).append(",col=").append(d.span().column());
                if (d.span().endLine() >= d.span().line()) {
                    sb.append(",endLine=").append(d.span().endLine()).append(",endColumn=").append(d.span().endColumn());
                }
            }
            sb.append(",title=").append(property(d.code()));
            sb.append("::").append(data("[" + d.code() + "] " + d.message())).append('\n');
        }
        return sb.toString();
    }

    /** Escapes a message: '%', CR and LF. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value: as a message, and ':' and ','. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
