package dev.ward.fmt;

import dev.ward.ast.Comment;
import dev.ward.diag.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The formatter's output and its comments. Lines are appended one at a time; comments are handed out in
 * source order, as own-line comments before a node or as trailing comments after one. A trailing comment
 * keeps its column when the code still fits before it, otherwise it follows two spaces after the code.
 */
final class Layout {
    static final int WIDTH = 100;
    static final String INDENT = "    ";

    private final List<String> lines = new ArrayList<>();
    private final List<Comment> comments;
    private int next;
    /** The last source line already accounted for, to tell where blank lines were. */
    private int lastSourceLine;

    Layout(List<Comment> comments) {
        this.comments = comments;
    }

    /** Appends a line, with a blank line before it when {@code blankBefore}. */
    void line(String indent, String text, boolean blankBefore) {
        if (blankBefore && !lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty() && !opensBlock()) lines.add("");
        lines.add((indent + text).stripTrailing());
    }

    private boolean opensBlock() {
        return lines.get(lines.size() - 1).endsWith("{") || lineEndsWithBraceBeforeComment(lines.get(lines.size() - 1));
    }

    private static boolean lineEndsWithBraceBeforeComment(String line) {
        int hash = line.indexOf(" #");
        return hash > 0 && line.substring(0, hash).stripTrailing().endsWith("{");
    }

    /** True when the source had a blank line between what was printed last and {@code line}. */
    boolean gapBefore(int line) {
        return lastSourceLine > 0 && line - lastSourceLine > 1;
    }

    void seen(int line) {
        lastSourceLine = Math.max(lastSourceLine, line);
    }

    /** Prints the comments that start before {@code line} as own-line comments at {@code indent}. */
    void leadingComments(int line, String indent) {
        while (next < comments.size() && comments.get(next).span().line() < line) {
            Comment c = comments.get(next++);
            line(indent, c.text().stripTrailing(), gapBefore(c.span().line()));
            seen(c.span().line());
        }
    }

    /** Appends the comment on {@code line} that follows {@code end}, if any, to the last output line. */
    void trailingComment(Span end) {
        if (next < comments.size()) {
            Comment c = comments.get(next);
            if (c.span().line() == end.endLine() && c.span().column() >= end.endColumn()) {
                next++;
                String last = lines.remove(lines.size() - 1);
                int width = last.codePointCount(0, last.length());
                int column = c.span().column() - 1;
                String pad = column > width + 1 ? " ".repeat(column - width) : "  ";
                lines.add(last + pad + c.text().stripTrailing());
            }
        }
    }

    /** Comments strictly inside a node that is printed on fewer lines: they go before it. */
    void interiorComments(Span node, String indent) {
        leadingComments(node.endLine(), indent);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }

    /**
     * {@code prefix} then the items joined by ", ", then {@code suffix}; when that passes the width, the items
     * are filled onto lines whose continuation starts under the first item.
     */
    void list(String indent, String prefix, List<String> items, String suffix, boolean blankBefore) {
        String one = prefix + String.join(", ", items) + suffix;
        if (indent.length() + one.length() <= WIDTH || items.size() < 2) {
            line(indent, one, blankBefore);
            return;
        }
        String cont = " ".repeat(indent.length() + prefix.length());
        fill(indent + prefix, cont, items, suffix, blankBefore);
    }

    /** Fills items onto lines: the first starts with {@code first}, the others with {@code cont}. */
    void fill(String first, String cont, List<String> items, String suffix, boolean blankBefore) {
        StringBuilder cur = new StringBuilder(first);
        boolean fresh = true;
        boolean firstLine = true;
        for (int i = 0; i < items.size(); i++) {
            String tok = items.get(i) + (i < items.size() - 1 ? "," : suffix);
            if (!fresh && cur.length() + 1 + tok.length() > WIDTH) {
                line("", cur.toString(), blankBefore && firstLine);
                firstLine = false;
                cur = new StringBuilder(cont);
                fresh = true;
            }
            if (!fresh) cur.append(' ');
            cur.append(tok);
            fresh = false;
        }
        line("", cur.toString(), blankBefore && firstLine);
    }
}
