package dev.ward.seccomp;

import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The decision of every syscall number of one ABI (table numbering: x32 without its bit). Numbers that no
 * rule mentions, named or not, get the default action.
 */
final class DecisionTable {
    private final Arch abi;
    private final Decision fallback;
    private final Map<Integer, Decision> decisions;
    private final int[] mentioned;

    private DecisionTable(Arch abi, Decision fallback, Map<Integer, Decision> decisions) {
        this.abi = abi;
        this.fallback = fallback;
        this.decisions = decisions;
        this.mentioned = decisions.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static DecisionTable of(Seccomp seccomp, Arch abi) {
        List<SeccompRule> rules = seccomp.rules();
        // Rules by their position: hashing the rules themselves would hash every name they list, per number.
        Map<Integer, List<Integer>> byNumber = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            for (String name : rules.get(i).syscalls()) {
                OptionalInt nr = SyscallNumbers.of(abi, name);
                if (nr.isEmpty()) continue;
                List<Integer> list = byNumber.computeIfAbsent(nr.getAsInt(), n -> new ArrayList<>());
                if (list.isEmpty() || list.get(list.size() - 1) != i) list.add(i);
            }
        }
        boolean narrow = Abis.is32Bit(abi);
        Map<List<Integer>, Decision> memo = new HashMap<>();
        Map<Integer, Decision> decisions = new HashMap<>();
        byNumber.forEach((nr, positions) -> decisions.put(nr, memo.computeIfAbsent(positions,
                r -> Decision.of(r.stream().map(rules::get).toList(), seccomp.defaultAction(), narrow))));
        return new DecisionTable(abi, Decision.constant(seccomp.defaultAction()), decisions);
    }

    Arch abi() {
        return abi;
    }

    Action defaultAction() {
        return fallback.otherwise();
    }

    Decision decision(int nr) {
        return decisions.getOrDefault(nr, fallback);
    }

    /** The numbers some rule mentions, ascending. */
    int[] mentioned() {
        return mentioned.clone();
    }
}
