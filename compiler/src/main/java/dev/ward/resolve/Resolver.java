package dev.ward.resolve;

import dev.ward.ast.Item;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Syntax trees of a run to the IR: names resolved, inheritance flattened. */
final class Resolver {
    private final Symbols symbols;
    private final Values values;
    private final Syscalls syscalls;
    private final SettingsBuilder settings;
    private final Flattener flattener;
    private final Diagnostics d;
    private final Map<String, OwnSettings> own = new HashMap<>();

    Resolver(List<Unit> units, Constants constants, SyscallTable table, Diagnostics d) {
        this.d = d;
        this.symbols = new Symbols(units, d);
        this.values = new Values(symbols, constants, new Numbers(d), d);
        this.syscalls = new Syscalls(symbols, table, d);
        this.settings = new SettingsBuilder(values, syscalls, d);
        this.flattener = new Flattener(table, d);
    }

    Policy resolve() {
        values.checkAll();
        syscalls.checkAll();
        List<Profile> profiles = new ArrayList<>();
        for (Item.Profile decl : symbols.profiles.values()) {
            profiles.add(flattener.flatten(chain(decl)));
        }
        return new Policy(profiles);
    }

    // The extends chain, nearest first; an unknown parent or a cycle ends it with an error.
    private List<OwnSettings> chain(Item.Profile decl) {
        List<OwnSettings> chain = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Item.Profile current = decl;
        while (true) {
            names.add(current.name().text());
            chain.add(own(current));
            if (current.parent().isEmpty()) break;
            String parent = current.parent().get().text();
            Item.Profile next = symbols.profiles.get(parent);
            if (next == null) {
                if (current == decl && !symbols.damaged(parent)) {
                    d.error(Codes.UNKNOWN_PROFILE, current.parent().get().span(), "unknown profile '" + parent + "'"
                            + Suggest.hint(parent, symbols.profiles.keySet(), d));
                }
                break;
            }
            if (names.contains(parent)) {
                if (current.parent().get().text().equals(decl.name().text()) || current == decl) {
                    d.error(Codes.EXTENDS_CYCLE, decl.parent().get().span(), "extends cycle: "
                            + String.join(" -> ", names) + " -> " + parent);
                }
                break;
            }
            current = next;
        }
        return chain;
    }

    private OwnSettings own(Item.Profile decl) {
        return own.computeIfAbsent(decl.name().text() + "@" + decl.span(), k -> settings.build(decl));
    }
}
