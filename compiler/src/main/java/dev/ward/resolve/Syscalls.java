package dev.ward.resolve;

import dev.ward.ast.Item;
import dev.ward.ast.Name;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Syscall names and {@code @group}s: groups expand recursively; unknown names get a suggestion. */
final class Syscalls {
    private final Symbols symbols;
    private final SyscallTable table;
    private final Diagnostics d;
    private final Map<String, Optional<List<String>>> expanded = new HashMap<>();
    private final Set<String> expanding = new LinkedHashSet<>();

    Syscalls(Symbols symbols, SyscallTable table, Diagnostics d) {
        this.symbols = symbols;
        this.table = table;
        this.d = d;
    }

    /** The syscall names a list of names and groups stands for, in order, without repeats. */
    Optional<List<String>> expand(List<Name> names) {
        Set<String> out = new LinkedHashSet<>();
        boolean ok = true;
        for (Name n : names) {
            if (n.text().startsWith("@")) {
                Optional<List<String>> g = group(n);
                if (g.isPresent()) out.addAll(g.get());
                else ok = false;
            } else if (known(n)) {
                out.add(n.text());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(new ArrayList<>(out)) : Optional.empty();
    }

    /** True when some architecture has this syscall; otherwise reports it. */
    boolean known(Name n) {
        if (table.known(n.text())) return true;
        d.error(Codes.UNKNOWN_SYSCALL, n.span(), "unknown syscall '" + n.text() + "'" + Suggest.hint(n.text(), table.names(), d));
        return false;
    }

    // @name expands to its members, recursively; a group that contains itself is an error.
    private Optional<List<String>> group(Name ref) {
        String name = ref.text();
        Optional<List<String>> done = expanded.get(name);
        if (done != null) return done;
        Item.Group decl = symbols.groups.get(name);
        if (decl == null) {
            if (symbols.damaged(name)) return Optional.empty();
            d.error(Codes.UNKNOWN_GROUP, ref.span(), "unknown group '" + name + "'" + Suggest.hint(name, symbols.groups.keySet(), d));
            return Optional.empty();
        }
        if (!expanding.add(name)) {
            d.error(Codes.GROUP_CYCLE, ref.span(), "group '" + name + "' contains itself ("
                    + String.join(" -> ", expanding) + " -> " + name + ")");
            return Optional.empty();
        }
        Optional<List<String>> members = expand(decl.members());
        expanding.remove(name);
        expanded.put(name, members);
        return members;
    }

    /** Expands every group once, so errors in unused groups are reported too. */
    void checkAll() {
        for (Item.Group g : symbols.groups.values()) {
            if (!expanded.containsKey(g.name().text())) group(g.name());
        }
    }
}
