package dev.ward.seccomp;

import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The decision of every syscall number of one ABI (table numbering: x32 without its bit). Numbers that no
 * rule mentions, named or not, get the default action.
 */
final class DecisionTable {
    private final Arch abi;
    private final Decision fallback;
    private final TreeMap<Integer, Decision> decisions;

    private DecisionTable(Arch abi, Decision fallback, TreeMap<Integer, Decision> decisions) {
        this.abi = abi;
        this.fallback = fallback;
        this.decisions = decisions;
    }

    static DecisionTable of(Seccomp seccomp, Arch abi) {
        SyscallTable table = SyscallTable.standard();
        Map<Integer, List<SeccompRule>> byNumber = new HashMap<>();
        for (SeccompRule rule : seccomp.rules()) {
            for (String name : rule.syscalls()) {
                OptionalInt nr = table.number(abi, name);
                if (nr.isEmpty()) continue;
                List<SeccompRule> list = byNumber.computeIfAbsent(nr.getAsInt(), n -> new ArrayList<>());
                if (list.isEmpty() || list.get(list.size() - 1) != rule) list.add(rule);
            }
        }
        boolean narrow = Abis.is32Bit(abi);
        Map<List<SeccompRule>, Decision> memo = new HashMap<>();
        TreeMap<Integer, Decision> decisions = new TreeMap<>();
        byNumber.forEach((nr, rules) -> decisions.put(nr,
                memo.computeIfAbsent(rules, r -> Decision.of(r, seccomp.defaultAction(), narrow))));
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
    Map<Integer, Decision> mentioned() {
        return Collections.unmodifiableMap(decisions);
    }
}
