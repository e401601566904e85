package dev.ward.ir;

import java.util.List;

/**
 * The apparmor block after inheritance: the parent's rules, then the child's. {@code present} is false when
 * no profile in the chain has an apparmor block.
 */
public record AppArmor(boolean present, List<AppArmorRule> rules, Origin origin) {
    public AppArmor {
        rules = List.copyOf(rules);
    }

    public static AppArmor none() {
        return new AppArmor(false, List.of(), Origin.NONE);
    }

    /** True when a rule says {@code unconfined}. */
    public boolean unconfined() {
        return rules.stream().anyMatch(r -> r.family().equals("unconfined"));
    }
}
