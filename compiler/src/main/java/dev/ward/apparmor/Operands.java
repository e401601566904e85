package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operands of one rule sorted by shape: bare words, strings before {@code ->}, the one value after it,
 * and {@code key=value} options. Each family then takes what it understands and {@link #finish} reports
 * whatever is left as out of place.
 */
final class Operands {
    final String family;
    final Origin origin;
    final Diagnostics d;
    final List<Atom.Word> words = new ArrayList<>();
    final List<Atom> values = new ArrayList<>();
    final Map<String, Atom.Option> options = new LinkedHashMap<>();
    Atom target;
    boolean arrow;
    boolean ok = true;

    Operands(AppArmorRule rule, Diagnostics d) {
        this.family = rule.family();
        this.origin = rule.origin();
        this.d = d;
        for (Atom a : rule.atoms()) {
            if (a instanceof Atom.Arrow) {
                if (arrow) error(a.origin(), "'->' may appear only once");
                arrow = true;
            } else if (a instanceof Atom.Option o) {
                if (options.put(o.key(), o) != null) error(o.origin(), "option '" + o.key() + "' given twice");
            } else if (arrow) {
                if (target != null) error(a.origin(), "only one value may follow '->'");
                target = a;
            } else if (a instanceof Atom.Word w) {
                words.add(w);
            } else {
                values.add(a);
            }
        }
        if (arrow && target == null) error(origin, "'->' must be followed by a value");
    }

    void error(Origin at, String message) {
        d.error(Codes.RULE, span(at), family + " rule: " + message);
        ok = false;
    }

    void error(String code, Origin at, String message) {
        d.error(code, span(at), family + " rule: " + message);
        ok = false;
    }

    private dev.ward.diag.Span span(Origin at) {
        return at.span().hasPosition() || !origin.span().hasPosition() ? at.span() : origin.span();
    }

    /** The text of a word or string atom. */
    static String text(Atom a) {
        if (a instanceof Atom.Word w) return w.text();
        if (a instanceof Atom.Quoted q) return q.value();
        return "";
    }

    /** Removes and returns an option. */
    Optional<Atom.Option> option(String key) {
        return Optional.ofNullable(options.remove(key));
    }

    /** An option's single value as a pattern of the given kind. */
    Optional<Aare> single(Atom.Option o, Aare.Kind kind, String what) {
        if (o.values().size() != 1 || !(o.values().get(0) instanceof Atom.Word || o.values().get(0) instanceof Atom.Quoted)) {
            error(o.origin(), o.key() + "= takes one value");
            return Optional.empty();
        }
        return pattern(o.values().get(0), kind, what);
    }

    /** A word or string atom as a pattern. */
    Optional<Aare> pattern(Atom a, Aare.Kind kind, String what) {
        if (!(a instanceof Atom.Word || a instanceof Atom.Quoted)) {
            error(a.origin(), what + " must be a word or a string");
            return Optional.empty();
        }
        Optional<Aare> p = Aare.parse(text(a), kind, family + " " + what, at(a), d);
        if (p.isEmpty()) ok = false;
        return p;
    }

    /** The words of an option's list ({@code set=(hup, term)}), each checked against the allowed set. */
    List<String> keywords(Atom.Option o, Set<String> allowed, String what) {
        List<String> out = new ArrayList<>();
        for (Atom v : o.values()) {
            String t = text(v);
            if (!(v instanceof Atom.Word || v instanceof Atom.Quoted) || !allowed.contains(t)) {
                error(Codes.KEYWORD, v.origin(), "unknown " + what + " '" + Glob.printable(t) + "'; use one of " + sorted(allowed));
            } else if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (o.values().isEmpty()) error(o.origin(), o.key() + "= needs at least one value");
        return out;
    }

    /** Takes all bare words as access keywords from the allowed set. */
    List<String> access(Set<String> allowed) {
        List<String> out = new ArrayList<>();
        for (Atom.Word w : words) {
            if (!allowed.contains(w.text())) {
                error(Codes.KEYWORD, w.origin(), "unknown access '" + Glob.printable(w.text()) + "'; use one of " + sorted(allowed));
            } else if (!out.contains(w.text())) {
                out.add(w.text());
            }
        }
        words.clear();
        return out;
    }

    Origin at(Atom a) {
        return a.origin().span().hasPosition() ? a.origin() : origin;
    }

    /** Reports every operand no family reader took. */
    boolean finish() {
        for (Atom.Word w : words) error(w.origin(), "unexpected '" + Glob.printable(w.text()) + "'");
        for (Atom v : values) error(v.origin(), "unexpected value \"" + Glob.printable(text(v)) + "\"");
        for (Atom.Option o : options.values()) error(o.origin(), "unknown option '" + Glob.printable(o.key()) + "='");
        if (target != null) error(target.origin(), "'->' is not allowed here");
        words.clear();
        values.clear();
        options.clear();
        target = null;
        return ok;
    }

    static String sorted(Set<String> s) {
        return String.join(", ", new java.util.TreeSet<>(s));
    }
}
