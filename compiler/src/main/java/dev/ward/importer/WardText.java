package dev.ward.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds .ward text in {@code ward fmt}'s layout: four-space indentation, one statement per line, lists joined
 * by ", " and filled to 100 columns with continuation lines under the first item, own-line comments.
 */
final class WardText {
    static final int WIDTH = 100;
    static final String INDENT = "    ";

    private final List<String> lines = new ArrayList<>();

    /** An own-line comment; the text is made printable and kept on one line. */
    void comment(String indent, String text) {
        lines.add((indent + "# " + printable(text)).stripTrailing());
    }

    /** A comment paragraph: the words filled onto comment lines within the width. */
    void paragraph(String indent, String text) {
        StringBuilder cur = new StringBuilder();
        for (String word : printable(text).split(" +")) {
            if (cur.length() > 0 && indent.length() + 2 + cur.length() + 1 + word.length() > WIDTH) {
                comment(indent, cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) cur.append(' ');
            cur.append(word);
        }
        if (cur.length() > 0) comment(indent, cur.toString());
    }

    void line(String indent, String text) {
        lines.add((indent + text).stripTrailing());
    }

    /** One blank line, never two in a row, never right after a line that opens a block. */
    void blank() {
        if (lines.isEmpty()) return;
        String last = lines.get(lines.size() - 1);
        if (last.isEmpty() || last.endsWith("{")) return;
        lines.add("");
    }

    /** {@code prefix}, the items joined by ", ", then {@code suffix}; filled onto lines when too long. */
    void list(String indent, String prefix, List<String> items, String suffix) {
        String one = prefix + String.join(", ", items) + suffix;
        if (indent.length() + one.length() <= WIDTH || items.size() < 2) {
            line(indent, one);
            return;
        }
        String cont = " ".repeat(indent.length() + prefix.length());
        StringBuilder cur = new StringBuilder(indent + prefix);
        boolean fresh = true;
        for (int i = 0; i < items.size(); i++) {
            String tok = items.get(i) + (i < items.size() - 1 ? "," : suffix);
            if (!fresh && cur.length() + 1 + tok.length() > WIDTH) {
                line("", cur.toString());
                cur = new StringBuilder(cont);
                fresh = true;
            }
            if (!fresh) cur.append(' ');
            cur.append(tok);
            fresh = false;
        }
        line("", cur.toString());
    }

    /** Items joined by ", " on comment lines ({@code #   a, b, c}), filled to the width. */
    void commentList(String indent, List<String> items) {
        String first = indent + "#   ";
        StringBuilder cur = new StringBuilder(first);
        boolean fresh = true;
        for (int i = 0; i < items.size(); i++) {
            String tok = printable(items.get(i)) + (i < items.size() - 1 ? "," : "");
            if (!fresh && cur.length() + 1 + tok.length() > WIDTH) {
                line("", cur.toString());
                cur = new StringBuilder(first);
                fresh = true;
            }
            if (!fresh) cur.append(' ');
            cur.append(tok);
            fresh = false;
        }
        line("", cur.toString());
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }

    /** Text safe for a comment: control and non-ASCII characters as \xHH (code points above as \\u{...}). */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) sb.append((char) c);
            else if (c < 0x100) sb.append(String.format("\\x%02x", c));
            else sb.append(String.format("\\u{%x}", c));
        });
        return sb.toString();
    }

    /** A Ward string literal for {@code s}: quotes and backslashes escaped, other unprintables as \xHH. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') sb.append('\\').append((char) c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\t') sb.append("\\t");
            else if (c >= 0x20 && c < 0x7f) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }

    /** A profile name from any text: lower case, runs of other characters as one '-', starting with a letter. */
    static String identifier(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            if (ok) sb.append(c);
            else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') sb.append('-');
        }
        String out = sb.toString().replaceAll("-+$", "");
        if (out.isEmpty()) return "imported";
        if (!Character.isLetter(out.charAt(0)) && out.charAt(0) != '_') out = "p-" + out;
        return out;
    }
}
