package dev.ward.resolve;

import dev.ward.ast.Item;
import dev.ward.ast.Name;
import dev.ward.ast.Value;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** Values: numbers and named constants ({@code const} declarations first, then the built-in table), joined by '|'. */
final class Values {
    private final Symbols symbols;
    private final Constants builtins;
    private final Numbers numbers;
    private final Diagnostics d;
    private final Map<String, OptionalLong> declared = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();
    private Set<String> allNames;

    Values(Symbols symbols, Constants builtins, Numbers numbers, Diagnostics d) {
        this.symbols = symbols;
        this.builtins = builtins;
        this.numbers = numbers;
        this.d = d;
    }

    Numbers numbers() {
        return numbers;
    }

    /** The unsigned 64-bit value, or empty after an error. */
    OptionalLong value(Value v) {
        long result = 0;
        boolean ok = true;
        for (Value.Term t : v.terms()) {
            OptionalLong term;
            if (t instanceof Value.Term.Number n) term = numbers.unsigned(n.literal());
            else if (t instanceof Value.Term.Negative n) term = numbers.negative(n.literal());
            else term = constant(((Value.Term.Constant) t).name());
            if (term.isPresent()) result |= term.getAsLong();
            else ok = false;
        }
        return ok ? OptionalLong.of(result) : OptionalLong.empty();
    }

    // A name is a `const` of some loaded file, else one of the built-in constants.
    OptionalLong constant(Name name) {
        String n = name.text();
        Item.Const decl = symbols.constants.get(n);
        if (decl != null) {
            OptionalLong known = declared.get(n);
            if (known != null) return known;
            if (!resolving.add(n)) {
                d.error(Codes.CONSTANT_CYCLE, name.span(), "constant '" + n + "' is defined in terms of itself ("
                        + String.join(" -> ", resolving) + " -> " + n + ")");
                return OptionalLong.empty();
            }
            OptionalLong v = value(decl.value());
            resolving.remove(n);
            declared.put(n, v);
            return v;
        }
        OptionalLong v = builtins.value(n);
        if (v.isPresent()) return v;
        if (symbols.damaged(n)) return OptionalLong.empty();
        if (allNames == null) {
            allNames = new TreeSet<>(builtins.names());
            allNames.addAll(symbols.constants.keySet());
        }
        d.error(Codes.UNKNOWN_CONSTANT, name.span(), "unknown constant '" + n + "'" + Suggest.hint(n, allNames, d));
        return OptionalLong.empty();
    }

    /** Resolves every {@code const} declaration once, so unused ones are checked too. */
    void checkAll() {
        for (Item.Const c : symbols.constants.values()) {
            if (!declared.containsKey(c.name().text())) constant(c.name());
        }
    }
}
