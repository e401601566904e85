package dev.ward.lint.analysis;

import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A filter's rules indexed by the syscalls they name. A decision space for one syscall then meets only the
 * rules that name it, instead of searching every rule's list for every syscall asked about.
 */
public final class RuleIndex {
    private static final int[] NONE = new int[0];

    private final List<SeccompRule> rules;
    private final Map<String, int[]> bySyscall;

    private RuleIndex(List<SeccompRule> rules, Map<String, int[]> bySyscall) {
        this.rules = rules;
        this.bySyscall = bySyscall;
    }

    /** The index of {@code rules} (a whole filter, in match order). */
    public static RuleIndex of(List<SeccompRule> rules) {
        List<SeccompRule> copy = List.copyOf(rules);
        Map<String, int[]> bySyscall = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            for (String s : copy.get(i).syscalls()) {
                int[] seen = bySyscall.get(s);
                if (seen == null) {
                    bySyscall.put(s, new int[] {i});
                } else if (seen[seen.length - 1] != i) {
                    int[] more = Arrays.copyOf(seen, seen.length + 1);
                    more[seen.length] = i;
                    bySyscall.put(s, more);
                }
            }
        }
        return new RuleIndex(copy, bySyscall);
    }

    /** The rules, as given. */
    public List<SeccompRule> rules() {
        return rules;
    }

    /** The indexes of the rules that name {@code syscall}, ascending. */
    int[] naming(String syscall) {
        return bySyscall.getOrDefault(syscall, NONE);
    }

    /** The indexes of the rules among {@code rules} that name {@code syscall}, ascending, without an index. */
    static int[] naming(List<SeccompRule> rules, String syscall) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).syscalls().contains(syscall)) out.add(i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
