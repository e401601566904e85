package dev.ward.lint;

import dev.ward.diag.Span;
import dev.ward.ir.Namespace;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * W1060-W1062: namespaces shared with the host. A shared network needs a reason: a comment on the
 * {@code share} line or on the line above it (a {@code # ward:ignore W1062 reason} works too).
 */
final class NamespaceCheck implements Check {
    private static final List<Namespace> UNTRUSTED_MUST_NOT_SHARE = List.of(Namespace.NET, Namespace.PID, Namespace.IPC);

    @Override
    public void run(LintContext ctx) {
        for (Profile p : ctx.policy().profiles()) {
            if (p.untrusted()) {
                for (Namespace n : UNTRUSTED_MUST_NOT_SHARE) {
                    if (p.sharedNamespaces().contains(n)) {
                        ctx.report(LintRule.UNTRUSTED_SHARES_NAMESPACE, p, shareLine(ctx, p, n), "untrusted profile '"
                                + p.name() + "' shares the host's " + n.wardName() + " namespace");
                    }
                }
                continue;
            }
            if (p.privileged() && p.sharedNamespaces().contains(Namespace.PID)) {
                ctx.report(LintRule.PRIVILEGED_SHARES_PID, p, shareLine(ctx, p, Namespace.PID),
                        "privileged profile '" + p.name() + "' shares the host's pid namespace");
            }
            if (p.sharedNamespaces().contains(Namespace.NET)) {
                Origin at = shareLine(ctx, p, Namespace.NET);
                if (!hasReason(ctx, at)) {
                    ctx.report(LintRule.SHARED_NET_WITHOUT_REASON, p, at, "profile '" + p.name()
                            + "' shares the host's network namespace without a comment saying why");
                }
            }
        }
    }

    /** The {@code share} statement naming {@code n}, searched in the profile and then its ancestors. */
    static Origin shareLine(LintContext ctx, Profile p, Namespace n) {
        Pattern share = Pattern.compile("\\bshare\\b.*\\b" + n.wardName() + "\\b");
        for (String name : p.lineage()) {
            Optional<Profile> q = ctx.profile(name);
            if (q.isEmpty()) continue;
            Span s = q.get().origin().span();
            if (!s.hasPosition()) continue;
            Optional<List<String>> lines = ctx.lines(s.file());
            if (lines.isEmpty()) continue;
            int last = s.endLine() > s.line() ? s.endLine() : lines.get().size();
            for (int i = s.line(); i <= last && i <= lines.get().size(); i++) {
                String code = Comments.code(lines.get().get(i - 1));
                var m = share.matcher(code);
                if (m.find()) {
                    int col = code.indexOf(n.wardName(), m.start()) + 1;
                    return Origin.of(new Span(s.file(), i, col, i, col + n.wardName().length()));
                }
            }
        }
        return p.origin();
    }

    // A reason is any comment other than a bare ward:ignore, on the line itself or alone on the line above.
    private static boolean hasReason(LintContext ctx, Origin at) {
        Span s = at.span();
        if (!s.hasPosition()) return false;
        Optional<List<String>> lines = ctx.lines(s.file());
        if (lines.isEmpty()) return false;
        String here = Comments.line(lines.get(), s.line());
        String above = Comments.line(lines.get(), s.line() - 1);
        return isReason(Comments.text(here)) || (Comments.commentOnly(above) && isReason(Comments.text(above)));
    }

    private static boolean isReason(Optional<String> comment) {
        return comment.filter(c -> !c.isBlank() && !c.startsWith("ward:ignore") && !c.startsWith("expect:")).isPresent();
    }
}
