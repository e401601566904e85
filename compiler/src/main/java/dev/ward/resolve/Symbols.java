package dev.ward.resolve;

import dev.ward.ast.Item;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import java.util.LinkedHashMap;
import java.util.Map;

/** The top-level names of a run: constants, syscall groups and profiles, each defined once across all files. */
final class Symbols {
    final Map<String, Item.Const> constants = new LinkedHashMap<>();
    final Map<String, Item.Group> groups = new LinkedHashMap<>();
    final Map<String, Item.Profile> profiles = new LinkedHashMap<>();
    /** Names whose definitions had syntax errors: a reference to one is not reported again as unknown. */
    final java.util.Set<String> damaged = new java.util.HashSet<>();

    /** True when {@code name} may be defined by an item that did not parse (or a {@code use} that did not). */
    boolean damaged(String name) {
        return damaged.contains(name) || damaged.contains("*");
    }

    Symbols(Iterable<Unit> units, Diagnostics d) {
        for (Unit u : units) {
            damaged.addAll(u.ast().damaged());
            for (Item item : u.ast().items()) {
                if (item instanceof Item.Const c) {
                    Item.Const first = constants.putIfAbsent(c.name().text(), c);
                    if (first != null) {
                        d.error(Codes.DUPLICATE_NAME, c.name().span(), "constant '" + c.name().text()
                                + "' is already defined at " + first.name().span());
                    }
                } else if (item instanceof Item.Group g) {
                    Item.Group first = groups.putIfAbsent(g.name().text(), g);
                    if (first != null) {
                        d.error(Codes.DUPLICATE_NAME, g.name().span(), "group '" + g.name().text()
                                + "' is already defined at " + first.name().span());
                    }
                } else if (item instanceof Item.Profile p) {
                    Item.Profile first = profiles.putIfAbsent(p.name().text(), p);
                    if (first != null) {
                        d.error(Codes.DUPLICATE_PROFILE, p.name().span(), "profile '" + p.name().text()
                                + "' is already defined at " + first.name().span());
                    }
                }
            }
        }
    }
}
