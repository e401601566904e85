package dev.ward.lint;

import dev.ward.diag.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Inline suppressions: {@code # ward:ignore CODE[, CODE...] reason}. Written after code, it covers that line;
 * written alone on a line, it covers the next line that is not a comment. A reason is required; it ends at the
 * line's end or at a further {@code #}.
 */
final class Suppressions {
    private static final String MARK = "ward:ignore";
    private static final Pattern CODE = Pattern.compile("[Ww]\\d{4}");

    /** One suppression comment. */
    static final class Ignore {
        final Span at;
        final int target;
        final Set<String> codes;
        final String reason;
        boolean used;

        Ignore(Span at, int target, Set<String> codes, String reason) {
            this.at = at;
            this.target = target;
            this.codes = codes;
            this.reason = reason;
        }

        boolean valid() {
            return !reason.isEmpty() && !codes.isEmpty();
        }
    }

    private final List<Ignore> ignores = new ArrayList<>();

    /** Reads the suppressions of one file. */
    void read(String file, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = Comments.start(line);
            if (hash < 0) continue;
            String comment = line.substring(hash + 1).trim();
            if (!comment.startsWith(MARK)) continue;
            String rest = comment.substring(MARK.length());
            int another = rest.indexOf('#');
            if (another >= 0) rest = rest.substring(0, another);
            rest = rest.trim();
            Set<String> codes = new LinkedHashSet<>();
            String[] words = rest.split("[\\s,]+");
            int w = 0;
            while (w < words.length && CODE.matcher(words[w]).matches()) codes.add(words[w++].toUpperCase(java.util.Locale.ROOT));
            String reason = String.join(" ", java.util.Arrays.asList(words).subList(w, words.length)).trim();
            int target = i + 1;
            if (Comments.commentOnly(line)) {
                target = i + 2;
                while (target <= lines.size() && (Comments.commentOnly(lines.get(target - 1)) || lines.get(target - 1).isBlank())) {
                    target++;
                }
            }
            Span at = new Span(file, i + 1, hash + 1, i + 1, line.length() + 1);
            ignores.add(new Ignore(at, target, codes, reason));
        }
    }

    /** True (and the suppression marked used) when a valid suppression covers the finding. */
    boolean suppresses(Finding f) {
        boolean hit = false;
        for (Ignore ig : ignores) {
            if (ig.valid() && ig.at.file().equals(f.span().file()) && ig.target == f.span().line()
                    && ig.codes.contains(f.rule().code())) {
                ig.used = true;
                hit = true;
            }
        }
        return hit;
    }

    /** Findings about the suppressions themselves: no reason, unknown codes, suppressing nothing. */
    List<Finding> problems() {
        List<Finding> out = new ArrayList<>();
        for (Ignore ig : ignores) {
            if (ig.codes.isEmpty()) {
                out.add(meta(LintRule.IGNORE_UNKNOWN_CODE, ig, "`# ward:ignore` names no rule code"));
                continue;
            }
            for (String c : ig.codes) {
                if (LintRule.byCode(c).isEmpty()) {
                    out.add(meta(LintRule.IGNORE_UNKNOWN_CODE, ig, "`# ward:ignore` names " + c + ", which is not a lint rule"));
                }
            }
            if (ig.reason.isEmpty()) {
                out.add(meta(LintRule.IGNORE_WITHOUT_REASON, ig, "`# ward:ignore " + String.join(", ", ig.codes)
                        + "` gives no reason, so it does not apply"));
            } else if (!ig.used && ig.codes.stream().allMatch(c -> LintRule.byCode(c).isPresent())) {
                out.add(meta(LintRule.IGNORE_UNUSED, ig, "`# ward:ignore " + String.join(", ", ig.codes)
                        + "` suppresses nothing on line " + ig.target));
            }
        }
        return out;
    }

    private static Finding meta(LintRule rule, Ignore ig, String what) {
        return new Finding(rule, rule.defaultSeverity(), ig.at, "", what);
    }
}
