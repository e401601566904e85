package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Origin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated AppArmor pattern (AARE): a path glob, a profile label or a token such as a D-Bus name.
 * Policy strings are AppArmor patterns: {@code *} matches within one path component, {@code **} across
 * components, {@code ?} one character, {@code [a-z]} and {@code [^a-z]} classes, {@code {a,b}} alternatives,
 * {@code @{VAR}} a variable of the shipped tunables, and a backslash makes the next special character
 * literal. Anything else is rejected with a located diagnostic, so that {@link #quoted()} is always exactly
 * one AppArmor string token.
 */
public final class Aare {
    /** What a pattern is used for; each kind has its own character set and start rule. */
    public enum Kind {
        /** A file path: starts with {@code /} or an absolute variable; any printable character. */
        PATH,
        /** A profile label ({@code ward-web}, {@code unconfined}, {@code parent//child}). */
        LABEL,
        /** A D-Bus name, interface, member or bus, a unix socket address, a mqueue name. */
        TOKEN
    }

    /** Longest value written into a profile, in UTF-8 bytes (PATH_MAX). */
    public static final int MAX_BYTES = 4096;

    /** Characters a backslash may make literal. */
    static final String ESCAPABLE = "*?[]{}\\,@^-!";

    private static final String WORD_CHARS = "_.:+@/~=^-";

    private final String pattern;
    private final Kind kind;
    private final List<Glob.Node> nodes;
    // Built on first use; a race builds two equal automata, which is harmless.
    private volatile GlobNfa automaton;

    private Aare(String pattern, Kind kind, List<Glob.Node> nodes) {
        this.pattern = pattern;
        this.kind = kind;
        this.nodes = List.copyOf(nodes);
    }

    /** The pattern as AppArmor reads it after unquoting. */
    public String pattern() {
        return pattern;
    }

    public Kind kind() {
        return kind;
    }

    /** The parsed pattern, for matching. */
    List<Glob.Node> nodes() {
        return nodes;
    }

    /** The automaton of this pattern alone, built once. */
    GlobNfa automaton() {
        GlobNfa a = automaton;
        if (a == null) {
            a = GlobNfa.build(List.of(this));
            automaton = a;
        }
        return a;
    }

    /** The pattern as one AppArmor string token: in double quotes, with {@code "} escaped. */
    public String quoted() {
        StringBuilder sb = new StringBuilder(pattern.length() + 2).append('"');
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                sb.append(c).append(pattern.charAt(++i));
            } else if (c == '"') {
                sb.append("\\\"");
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aare a && a.pattern.equals(pattern) && a.kind == kind;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** A pattern written by Ward itself; throws if it is invalid (a bug, not an input error). */
    static Aare of(String text, Kind kind) {
        Diagnostics d = new Diagnostics();
        return parse(text, kind, "pattern", Origin.NONE, d)
                .orElseThrow(() -> new IllegalArgumentException(d.all().toString()));
    }

    /** The nodes of a pattern Ward built itself (an expansion), without the start rule of paths. */
    static Optional<List<Glob.Node>> nodes(String text) {
        Parser p = new Parser(text, Kind.PATH, "pattern", Origin.NONE, new Diagnostics());
        List<Glob.Node> nodes = p.sequence(0);
        return p.failed || p.pos < text.length() ? Optional.empty() : Optional.of(nodes);
    }

    /** Validates {@code text} as a pattern of the given kind; {@code what} names it in diagnostics. */
    public static Optional<Aare> parse(String text, Kind kind, String what, Origin origin, Diagnostics d) {
        if (text.isEmpty()) {
            d.error(Codes.VALUE, origin.span(), what + " must not be empty");
            return Optional.empty();
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            d.error(Codes.VALUE, origin.span(), what + " is " + bytes + " bytes long; at most " + MAX_BYTES + " are allowed");
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String bad = badCharacter(cp, kind);
            if (bad != null) {
                d.error(Codes.VALUE, origin.span(), what + " contains " + bad + " at offset " + i
                        + (kind == Kind.PATH ? "" : "; allowed are letters, digits, " + WORD_CHARS + " and glob characters"));
                return Optional.empty();
            }
            i += Character.charCount(cp);
        }
        Parser p = new Parser(text, kind, what, origin, d);
        List<Glob.Node> nodes = p.sequence(0);
        if (p.failed) return Optional.empty();
        if (p.pos < text.length()) {
            p.fail("unbalanced '" + text.charAt(p.pos) + "' at offset " + p.pos);
            return Optional.empty();
        }
        if (kind == Kind.PATH && !startsAbsolute(text)) {
            d.error(Codes.PATH, origin.span(), what + " '" + Glob.printable(text)
                    + "' must start with '/' or an absolute variable such as @{HOME} or @{PROC}");
            return Optional.empty();
        }
        return Optional.of(new Aare(text, kind, nodes));
    }

    private static boolean startsAbsolute(String text) {
        if (text.startsWith("/")) return true;
        if (!text.startsWith("@{")) return false;
        int end = text.indexOf('}');
        return Variables.absolute(text.substring(2, end));
    }

    private static String badCharacter(int cp, Kind kind) {
        if (cp == 0) return "a NUL character";
        if (cp == '\n') return "a newline";
        if (Character.isISOControl(cp)) return String.format("the control character U+%04X", cp);
        if (Character.getType(cp) == Character.SURROGATE) return "an unpaired surrogate";
        if (kind == Kind.PATH) return null;
        if (cp < 128 && (Character.isLetterOrDigit(cp) || WORD_CHARS.indexOf(cp) >= 0 || "*?[]{},\\".indexOf(cp) >= 0)) {
            return null;
        }
        return cp == ' ' ? "a space" : "'" + new String(Character.toChars(cp)) + "'";
    }

    /** Recursive descent over the AARE syntax, building glob nodes. */
    private static final class Parser {
        final String s;
        final Kind kind;
        final String what;
        final Origin origin;
        final Diagnostics d;
        int pos;
        boolean failed;

        Parser(String s, Kind kind, String what, Origin origin, Diagnostics d) {
            this.s = s;
            this.kind = kind;
            this.what = what;
            this.origin = origin;
            this.d = d;
        }

        void fail(String message) {
            if (!failed) d.error(Codes.PATH, origin.span(), what + " '" + Glob.printable(s) + "': " + message);
            failed = true;
        }

        // sequence := element* ; inside braces (depth > 0) it stops at ',' or '}'
        List<Glob.Node> sequence(int depth) {
            List<Glob.Node> out = new ArrayList<>();
            while (pos < s.length() && !failed) {
                char c = s.charAt(pos);
                if (depth > 0 && (c == ',' || c == '}')) break;
                switch (c) {
                    case '\\' -> {
                        if (pos + 1 >= s.length() || ESCAPABLE.indexOf(s.charAt(pos + 1)) < 0) {
                            fail("a backslash may only escape one of " + ESCAPABLE + " (offset " + pos + ")");
                            return out;
                        }
                        out.add(new Glob.Lit(s.charAt(pos + 1)));
                        pos += 2;
                    }
                    case '*' -> {
                        if (pos + 1 < s.length() && s.charAt(pos + 1) == '*') {
                            out.add(new Glob.AnyPath());
                            pos += 2;
                        } else {
                            out.add(new Glob.AnySegment());
                            pos++;
                        }
                    }
                    case '?' -> {
                        out.add(new Glob.OneChar());
                        pos++;
                    }
                    case '[' -> out.add(charClass());
                    case ']' -> {
                        fail("unbalanced ']' at offset " + pos);
                        return out;
                    }
                    case '{' -> out.add(alternation(depth));
                    case '}' -> {
                        fail("unbalanced '}' at offset " + pos);
                        return out;
                    }
                    case '@' -> {
                        if (pos + 1 < s.length() && s.charAt(pos + 1) == '{') {
                            out.add(variable());
                        } else {
                            out.add(new Glob.Lit('@'));
                            pos++;
                        }
                    }
                    default -> {
                        int cp = s.codePointAt(pos);
                        out.add(new Glob.Lit(cp));
                        pos += Character.charCount(cp);
                    }
                }
            }
            return out;
        }

        Glob.Node alternation(int depth) {
            int start = pos;
            if (depth >= 8) {
                fail("alternatives nested too deeply");
                return new Glob.Alt(List.of());
            }
            pos++;
            List<List<Glob.Node>> options = new ArrayList<>();
            while (!failed) {
                options.add(sequence(depth + 1));
                if (failed) break;
                if (pos >= s.length()) {
                    fail("unbalanced '{' at offset " + start);
                    break;
                }
                char c = s.charAt(pos++);
                if (c == '}') break;
            }
            // apparmor_parser refuses a brace group without a comma: "{a}" and "{}" alike
            if (!failed && options.size() < 2) {
                fail(options.get(0).isEmpty()
                        ? "empty alternative '{}' at offset " + start
                        : "an alternative needs two or more items separated by ',' ({a,b}) at offset " + start);
            }
            return new Glob.Alt(options);
        }

        Glob.Node charClass() {
            int start = pos++;
            boolean negated = pos < s.length() && s.charAt(pos) == '^';
            if (negated) pos++;
            List<int[]> ranges = new ArrayList<>();
            while (pos < s.length() && s.charAt(pos) != ']') {
                int lo = classChar();
                if (failed) return new Glob.Cls(negated, ranges);
                int hi = lo;
                if (pos + 1 < s.length() && s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
                    pos++;
                    hi = classChar();
                    if (failed) return new Glob.Cls(negated, ranges);
                    if (hi < lo) {
                        fail("reversed range in character class at offset " + start);
                        return new Glob.Cls(negated, ranges);
                    }
                }
                ranges.add(new int[] {lo, hi});
            }
            if (pos >= s.length()) {
                fail("unbalanced '[' at offset " + start);
            } else if (ranges.isEmpty()) {
                fail("empty character class at offset " + start);
            } else {
                pos++;
            }
            return new Glob.Cls(negated, ranges);
        }

        int classChar() {
            char c = s.charAt(pos);
            if (c == '\\') {
                if (pos + 1 >= s.length() || ESCAPABLE.indexOf(s.charAt(pos + 1)) < 0) {
                    fail("a backslash may only escape one of " + ESCAPABLE + " (offset " + pos + ")");
                    return 0;
                }
                pos += 2;
                return s.charAt(pos - 1);
            }
            if (c == '[' || c == '{' || c == '}') {
                fail("'" + c + "' inside a character class must be escaped (offset " + pos + ")");
                return 0;
            }
            int cp = s.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }

        Glob.Node variable() {
            int start = pos;
            int end = s.indexOf('}', pos);
            if (end < 0) {
                fail("unterminated variable at offset " + start);
                return new Glob.Alt(List.of());
            }
            String name = s.substring(pos + 2, end);
            pos = end + 1;
            if (!Variables.known(name)) {
                failed = true;
                d.error(Codes.VARIABLE, origin.span(), what + " uses @{" + Glob.printable(name)
                        + "}, which the AppArmor tunables do not define; known: " + Variables.names());
                return new Glob.Alt(List.of());
            }
            if (kind != Kind.PATH && !name.equals("profile_name")) {
                fail("only @{profile_name} may be used here");
            }
            return new Glob.Var(name);
        }
    }
}
