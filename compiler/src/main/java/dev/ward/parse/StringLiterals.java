package dev.ward.parse;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import java.util.Optional;

/** Decodes string literals: escapes \" \\ \n \t \xHH; raw control characters are rejected. */
public final class StringLiterals {
    private StringLiterals() {}

    /**
     * Decodes {@code raw} (with its quotes), written at {@code line}:{@code column}. Reports each bad escape
     * or control character with its own column; returns empty if there was any.
     */
    public static Optional<String> decode(String raw, String file, int line, int column, Diagnostics d) {
        StringBuilder sb = new StringBuilder();
        boolean ok = true;
        int[] cps = raw.codePoints().toArray();
        for (int i = 1; i < cps.length - 1; i++) {
            int c = cps[i];
            int col = column + i;
            if (c == '\\') {
                int e = cps[i + 1];
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'x' -> {
                        int value = i + 3 < cps.length - 1 ? hex(cps[i + 2], cps[i + 3]) : -1;
                        if (value < 0) {
                            d.error(Codes.BAD_STRING, new Span(file, line, col, line, col + 2),
                                    "\\x needs two hex digits");
                            ok = false;
                            i += 1;
                            continue;
                        }
                        sb.append((char) value);
                        i += 3;
                        continue;
                    }
                    default -> {
                        d.error(Codes.BAD_STRING, new Span(file, line, col, line, col + 2),
                                "unknown escape '\\" + printable(e) + "' (use \\\" \\\\ \\n \\t or \\xHH)");
                        ok = false;
                    }
                }
                i++;
            } else if (c < 0x20 || c == 0x7f) {
                d.error(Codes.BAD_STRING, Span.at(file, line, col),
                        String.format("control character U+%04X in a string (write it as \\x%02x)", c, c));
                ok = false;
            } else {
                sb.appendCodePoint(c);
            }
        }
        return ok ? Optional.of(sb.toString()) : Optional.empty();
    }

    /** The literal, quoted and escaped, for a value that should be written back into a policy. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", c));
                    else sb.appendCodePoint(c);
                }
            }
        });
        return sb.append('"').toString();
    }

    private static int hex(int a, int b) {
        int hi = Character.digit(a, 16);
        int lo = Character.digit(b, 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static String printable(int c) {
        return c < 0x20 || c == 0x7f ? String.format("x%02x", c) : new String(Character.toChars(c));
    }
}
