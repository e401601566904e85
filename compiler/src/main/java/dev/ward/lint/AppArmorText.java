package dev.ward.lint;

import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.AppArmorRule.Qualifier;
import java.util.List;

/** AppArmor rules of the IR written back in the policy's syntax, for messages and diffs. */
public final class AppArmorText {
    private AppArmorText() {}

    /** A rule in the policy's own syntax. */
    public static String render(AppArmorRule r) {
        StringBuilder sb = new StringBuilder();
        for (Qualifier q : List.of(Qualifier.AUDIT, Qualifier.DENY, Qualifier.OWNER)) {
            if (r.qualifiers().contains(q)) sb.append(q.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(r.family());
        for (Atom a : r.atoms()) sb.append(' ').append(atom(a));
        return sb.toString();
    }

    private static String atom(Atom a) {
        if (a instanceof Atom.Word w) return w.text();
        if (a instanceof Atom.Quoted q) return '"' + q.value().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        if (a instanceof Atom.Arrow) return "->";
        Atom.Option o = (Atom.Option) a;
        if (o.values().size() == 1) return o.key() + "=" + atom(o.values().get(0));
        return o.key() + "=(" + String.join(", ", o.values().stream().map(AppArmorText::atom).toList()) + ")";
    }
}
