package dev.ward.lint;

import java.util.List;
import java.util.Optional;

/** Reading comments back from source lines: the IR keeps none, but suppressions and reasons live there. */
final class Comments {
    private Comments() {}

    /** The index of the '#' that starts a comment on this line, outside string literals; -1 if none. */
    static int start(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The comment text of a line (after '#', trimmed), if it has one. */
    static Optional<String> text(String line) {
        int i = start(line);
        return i < 0 ? Optional.empty() : Optional.of(line.substring(i + 1).trim());
    }

    /** The code of a line, without its comment. */
    static String code(String line) {
        int i = start(line);
        return i < 0 ? line : line.substring(0, i);
    }

    /** True when the line holds only a comment. */
    static boolean commentOnly(String line) {
        int i = start(line);
        return i >= 0 && line.substring(0, i).isBlank();
    }

    /** Line {@code n} (1-based) of {@code lines}, or empty past the end. */
    static String line(List<String> lines, int n) {
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }
}
