package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import java.util.ArrayList;
import java.util.List;

/**
 * Exec rules AppArmor cannot merge. When two allow rules give a path different exec modes (or transition
 * targets), the parser keeps the more exact one: a pattern without {@code * ? [} beats one with them. Two
 * equally exact patterns that share a path are refused by apparmor_parser ("conflicting x modifiers"); Ward
 * reports them at the rule instead.
 */
final class ExecConflicts {
    private ExecConflicts() {}

    static void check(List<AaRule> rules, Diagnostics d) {
        List<AaRule.FileRule> execs = new ArrayList<>();
        for (AaRule r : rules) {
            if (!(r instanceof AaRule.FileRule f) || f.qualifiers().deny() || f.perms().exec().isEmpty() || f.path().isEmpty()) {
                continue;
            }
            for (AaRule.FileRule other : execs) {
                if (mode(other).equals(mode(f)) || exact(other) != exact(f)) continue;
                if (Glob.relate(f.path().get(), List.of(other.path().get())) == Glob.Relation.DISJOINT) continue;
                d.error(Codes.PERMISSION, f.origin().span(), "exec mode " + mode(f) + " conflicts with " + mode(other)
                        + " of " + other.render() + " for the paths both match; AppArmor cannot merge them: make the"
                        + " patterns disjoint, or name the exception by its literal path");
                break;
            }
            execs.add(f);
        }
    }

    private static String mode(AaRule.FileRule f) {
        return f.perms().exec().orElse("") + f.target().map(t -> " -> " + t.pattern()).orElse("");
    }

    /** AppArmor's notion of an exact match: no wildcard after variables are expanded. */
    private static boolean exact(AaRule.FileRule f) {
        String p = f.path().get().pattern();
        StringBuilder expanded = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '@' && i + 1 < p.length() && p.charAt(i + 1) == '{') {
                int end = p.indexOf('}', i);
                expanded.append(String.join(",", Variables.values(p.substring(i + 2, end))));
                i = end;
            } else {
                expanded.append(c);
            }
        }
        return expanded.chars().noneMatch(c -> c == '*' || c == '?' || c == '[');
    }
}
