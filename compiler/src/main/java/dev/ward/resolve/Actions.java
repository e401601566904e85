package dev.ward.resolve;

import dev.ward.ast.ActionExpr;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Seccomp actions: allow, log, errno(N|NAME), kill-process, kill-thread, trap[(N)], notify, trace[(N)]. */
final class Actions {
    static final List<String> NAMES = Arrays.stream(Action.Kind.values()).map(Action.Kind::keyword).toList();

    private final Values values;
    private final Diagnostics d;

    Actions(Values values, Diagnostics d) {
        this.values = values;
        this.d = d;
    }

    Optional<Action> resolve(ActionExpr a) {
        String word = a.name().text();
        Optional<Action.Kind> kind = Arrays.stream(Action.Kind.values()).filter(k -> k.keyword().equals(word)).findFirst();
        if (kind.isEmpty()) {
            List<String> candidates = new java.util.ArrayList<>(NAMES);
            candidates.add("default");
            d.error(Codes.UNKNOWN_ACTION, a.name().span(), "unknown action '" + word + "'" + Suggest.hint(word, candidates, d));
            return Optional.empty();
        }
        Action.Kind k = kind.get();
        int max = switch (k) {
            case ERRNO -> 4095;
            case TRAP, TRACE -> 65535;
            default -> -1;
        };
        if (a.argument().isEmpty()) {
            if (k == Action.Kind.ERRNO) {
                d.error(Codes.ACTION_VALUE, a.span(), "errno needs a value, such as errno(EPERM)");
                return Optional.empty();
            }
            return Optional.of(new Action(k, 0));
        }
        if (max < 0) {
            d.error(Codes.ACTION_VALUE, a.argument().get().span(), k.keyword() + " takes no value");
            return Optional.empty();
        }
        OptionalLong v = values.value(a.argument().get());
        if (v.isEmpty()) return Optional.empty();
        if (Long.compareUnsigned(v.getAsLong(), max) > 0) {
            d.error(Codes.ACTION_VALUE, a.argument().get().span(), k.keyword() + " takes 0.." + max + ", not "
                    + Long.toUnsignedString(v.getAsLong()));
            return Optional.empty();
        }
        return Optional.of(new Action(k, (int) v.getAsLong()));
    }
}
