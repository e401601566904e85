package dev.ward.diag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Renders diagnostics as {@code file:line:col: severity[CODE]: message}, then the source line and a caret
 * under the span. Control characters in the excerpt are shown as '?' and very long lines are cut around
 * the caret, so binary input cannot garble a terminal.
 */
public final class DiagnosticPrinter {
    private static final int MAX_EXCERPT = 160;

    private final SourceFiles sources;

    public DiagnosticPrinter(SourceFiles sources) {
        this.sources = sources;
    }

    /** Prints every kept diagnostic, then a line saying how many were left out past the cap. */
    public void print(Diagnostics diagnostics, PrintWriter out) {
        for (Diagnostic d : sorted(diagnostics)) out.print(render(d));
        if (diagnostics.dropped() > 0) {
            out.println("ward: " + diagnostics.dropped() + " more diagnostics not shown");
        }
        out.flush();
    }

    /** The diagnostics by file (in the order files were read), then position; reporting order breaks ties. */
    public List<Diagnostic> sorted(Diagnostics diagnostics) {
        List<String> files = new ArrayList<>(sources.names());
        Comparator<Diagnostic> byFile = Comparator.comparingInt(d -> {
            int i = files.indexOf(d.span().file());
            return i < 0 ? -1 : i;
        });
        List<Diagnostic> list = new ArrayList<>(diagnostics.all());
        list.sort(byFile.thenComparingInt((Diagnostic d) -> d.span().line())
                .thenComparingInt(d -> d.span().column()));
        return list;
    }

    /** The headline, and when the span has a position, the source line with a caret. */
    public String render(Diagnostic d) {
        StringBuilder sb = new StringBuilder(d.headline()).append('\n');
        Span span = d.span();
        if (!span.hasPosition()) return sb.toString();
        Optional<String> line = sources.line(span.file(), span.line());
        if (line.isEmpty()) return sb.toString();
        int[] cps = line.get().codePoints().toArray();
        int col = Math.max(0, Math.min(span.column() - 1, cps.length));
        int width = span.endLine() == span.line() ? Math.max(1, span.endColumn() - span.column()) : 1;
        int from = 0;
        int to = cps.length;
        if (cps.length > MAX_EXCERPT) {
            from = Math.max(0, col - MAX_EXCERPT / 2);
            to = Math.min(cps.length, from + MAX_EXCERPT);
        }
        StringBuilder src = new StringBuilder("    ");
        StringBuilder caret = new StringBuilder("    ");
        if (from > 0) {
            src.append("...");
            caret.append("   ");
        }
        for (int i = from; i < to; i++) {
            int c = cps[i];
            if (c == '\t') src.append('\t');
            else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) src.append('?');
            else src.appendCodePoint(c);
            if (i < col) caret.append(c == '\t' ? '\t' : ' ');
        }
        if (to < cps.length) src.append("...");
        caret.append('^');
        int tildes = Math.min(width - 1, Math.max(0, to - col - 1));
        caret.append("~".repeat(tildes));
        sb.append(src).append('\n').append(caret).append('\n');
        return sb.toString();
    }
}
