package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.Origin;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the text of {@code raw "..."} as one AppArmor rule in AppArmor's own syntax ({@code deny /proc/** w,},
 * {@code signal (send, receive) peer=ward-web,}) and turns it into the generic rule form, which then goes
 * through the same validation as every other rule and is written back from the validated form. So a raw
 * rule can never hold a second rule, a block, a comment or an include: anything but exactly one rule of a
 * family Ward knows is rejected.
 */
final class RawRule {
    private static final Set<String> FAMILIES = Set.of("file", "capability", "network", "mount", "remount",
            "umount", "pivot_root", "ptrace", "signal", "unix", "dbus", "change_profile", "userns", "io_uring", "mqueue");

    private final String text;
    private final Origin origin;
    private final Diagnostics d;
    private int pos;
    private boolean failed;

    private RawRule(String text, Origin origin, Diagnostics d) {
        this.text = text;
        this.origin = origin;
        this.d = d;
    }

    /** Parses the raw text, or reports why it is not exactly one rule. */
    static Optional<AppArmorRule> parse(String text, Origin origin, Diagnostics d) {
        return new RawRule(text, origin, d).rule();
    }

    private void fail(String message) {
        if (!failed) d.error(Codes.RAW, origin.span(), "raw rule \"" + Glob.printable(text) + "\": " + message);
        failed = true;
    }

    private Optional<AppArmorRule> rule() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                fail(c == '\n' ? "must be one line" : String.format("contains the control character U+%04X", (int) c));
                return Optional.empty();
            }
        }
        List<Object> tokens = tokens();
        if (failed) return Optional.empty();
        int end = tokens.size();
        if (end > 0 && tokens.get(end - 1).equals(",")) end--;
        if (end == 0) {
            fail("is empty");
            return Optional.empty();
        }
        int i = 0;
        EnumSet<AppArmorRule.Qualifier> qualifiers = EnumSet.noneOf(AppArmorRule.Qualifier.class);
        while (i < end && tokens.get(i) instanceof Bare b && Set.of("audit", "deny", "owner", "allow").contains(b.text)) {
            if (!b.text.equals("allow")) qualifiers.add(AppArmorRule.Qualifier.valueOf(b.text.toUpperCase()));
            i++;
        }
        if (i >= end) {
            fail("has qualifiers but no rule");
            return Optional.empty();
        }
        String family;
        Object head = tokens.get(i);
        if (head instanceof Bare b && FAMILIES.contains(b.text)) {
            family = b.text;
            i++;
        } else if (head instanceof Quoted || head instanceof Bare b2 && (b2.text.startsWith("/") || b2.text.startsWith("@{"))) {
            family = "file";
        } else {
            fail("must start with a rule keyword (" + Operands.sorted(FAMILIES) + ") or a path; '"
                    + Glob.printable(head.toString()) + "' is not one");
            return Optional.empty();
        }
        List<Atom> atoms = new ArrayList<>();
        while (i < end && !failed) {
            i = atom(tokens, i, end, atoms);
        }
        if (failed) return Optional.empty();
        return Optional.of(new AppArmorRule(qualifiers, family, atoms, origin));
    }

    // atom := WORD '=' value | '(' WORD* ')' | '->' | QUOTED | WORD ; a '(' list at the top is an access list
    private int atom(List<Object> tokens, int i, int end, List<Atom> out) {
        Object t = tokens.get(i);
        if (t.equals(",")) {
            fail("holds more than one rule (a ',' ends a rule)");
            return end;
        }
        if (t.equals("->")) {
            out.add(new Atom.Arrow(origin));
            return i + 1;
        }
        if (t.equals("(")) {
            int j = i + 1;
            while (j < end && tokens.get(j) instanceof Bare b) {
                out.add(new Atom.Word(b.text, origin));
                j++;
                if (j < end && tokens.get(j).equals(",")) j++;
            }
            if (j >= end || !tokens.get(j).equals(")")) {
                fail("an access list '(...)' holds only words and ends with ')'");
                return end;
            }
            return j + 1;
        }
        if (t.equals(")") || t.equals("=")) {
            fail("unexpected '" + t + "'");
            return end;
        }
        if (i + 1 < end && tokens.get(i + 1).equals("=") && t instanceof Bare key) {
            List<Atom> values = new ArrayList<>();
            int j = value(tokens, i + 2, end, values);
            out.add(new Atom.Option(key.text, values, origin));
            return j;
        }
        out.add(single(t));
        return i + 1;
    }

    // value := WORD | QUOTED | '(' (WORD '=' value | WORD | QUOTED) [','] ... ')'
    private int value(List<Object> tokens, int i, int end, List<Atom> out) {
        if (i >= end) {
            fail("'=' must be followed by a value");
            return end;
        }
        Object t = tokens.get(i);
        if (t instanceof Bare || t instanceof Quoted) {
            out.add(single(t));
            return i + 1;
        }
        if (!t.equals("(")) {
            fail("'=' must be followed by a value");
            return end;
        }
        int j = i + 1;
        while (j < end && !tokens.get(j).equals(")") && !failed) {
            Object v = tokens.get(j);
            if (v instanceof Bare key && j + 1 < end && tokens.get(j + 1).equals("=")) {
                List<Atom> inner = new ArrayList<>();
                j = value(tokens, j + 2, end, inner);
                out.add(new Atom.Option(key.text, inner, origin));
            } else if (v instanceof Bare || v instanceof Quoted) {
                out.add(single(v));
                j++;
            } else {
                fail("unexpected '" + v + "' in a list");
                return end;
            }
            if (j < end && tokens.get(j).equals(",")) j++;
        }
        if (j >= end) {
            fail("unbalanced '('");
            return end;
        }
        return j + 1;
    }

    private Atom single(Object t) {
        if (t instanceof Quoted q) return new Atom.Quoted(q.value, origin);
        Bare b = (Bare) t;
        if (b.text.startsWith("/") || b.text.startsWith("@{")) return new Atom.Quoted(b.text, origin);
        return new Atom.Word(b.text, origin);
    }

    private record Bare(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private record Quoted(String value) {
        @Override
        public String toString() {
            return "\"" + value + "\"";
        }
    }

    // Tokens: Bare, Quoted, and the punctuation strings "," "(" ")" "=" "->".
    private List<Object> tokens() {
        List<Object> out = new ArrayList<>();
        while (pos < text.length() && !failed) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '#') {
                fail("must not contain a comment ('#' outside quotes)");
            } else if (c == ',' || c == '(' || c == ')' || c == '=') {
                out.add(String.valueOf(c));
                pos++;
            } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '>') {
                out.add("->");
                pos += 2;
            } else if (c == '"') {
                out.add(quoted());
            } else if (c == '<' || c == '>' || c == '{' && (pos + 1 >= text.length() || text.charAt(pos + 1) == ' ')) {
                fail("unexpected '" + c + "': a raw rule cannot include files or open blocks");
            } else {
                out.add(bare());
            }
        }
        return out;
    }

    // An AppArmor string: \" is a quote, a backslash before a glob character stays an escape, others are refused.
    private Quoted quoted() {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return new Quoted(sb.toString());
            }
            if (c == '\\') {
                if (pos + 1 >= text.length()) break;
                char n = text.charAt(pos + 1);
                if (n == '"') {
                    sb.append('"');
                } else if (Aare.ESCAPABLE.indexOf(n) >= 0) {
                    sb.append('\\').append(n);
                } else {
                    fail("the escape '\\" + n + "' is not allowed in a raw rule");
                    return new Quoted("");
                }
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
        fail("unterminated string starting at offset " + start);
        return new Quoted("");
    }

    // A bare token: up to whitespace or punctuation, with {a,b} alternatives kept whole.
    private Bare bare() {
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '{') depth++;
            else if (c == '}') {
                if (depth == 0) {
                    fail("unbalanced '}' (a raw rule cannot close a block)");
                    return new Bare("");
                }
                depth--;
            } else if (depth == 0 && (c == ' ' || c == '\t' || c == ',' || c == '(' || c == ')' || c == '=' || c == '"')) {
                break;
            } else if (c == '#' || c == '\\' || c == '<' || c == '>') {
                fail("unexpected '" + c + "' in '" + Glob.printable(text.substring(start, Math.min(text.length(), pos + 1))) + "'");
                return new Bare("");
            } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '>' && depth == 0) {
                break;
            }
            pos++;
        }
        if (depth > 0) fail("unbalanced '{' (a raw rule cannot open a block)");
        return new Bare(text.substring(start, pos));
    }
}
