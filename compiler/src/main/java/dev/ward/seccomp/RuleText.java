package dev.ward.seccomp;

import dev.ward.diag.Span;
import dev.ward.ir.SeccompRule;
import java.util.List;

/** Renders a seccomp rule for listings and messages, with where it was written. */
final class RuleText {
    private static final int MAX_NAMES = 3;

    private RuleText() {}

    /** {@code web.ward:12: allow personality if arg0 == 0 else errno(1)}. */
    static String origin(SeccompRule rule) {
        Span s = rule.origin().span();
        String where = s.hasPosition() ? s.file() + ":" + s.line() + ": " : "";
        return where + text(rule);
    }

    static String text(SeccompRule rule) {
        List<String> names = rule.syscalls();
        StringBuilder b = new StringBuilder(rule.action().toString()).append(' ');
        b.append(String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size()))));
        if (names.size() > MAX_NAMES) b.append(", ... (").append(names.size()).append(" syscalls)");
        rule.condition().ifPresent(c -> b.append(" if ").append(ConditionText.format(c)));
        rule.elseAction().ifPresent(a -> b.append(" else ").append(a));
        return b.toString();
    }
}
