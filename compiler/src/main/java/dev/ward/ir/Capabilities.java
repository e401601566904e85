package dev.ward.ir;

import java.util.EnumSet;
import java.util.Set;

/**
 * The capability block: the policy either lists what it keeps or what it drops ({@code style}, which LXC's
 * lxc.cap.keep / lxc.cap.drop follow); {@code kept} is the resulting bounding set either way.
 */
public record Capabilities(Style style, Set<Capability> listed, Set<Capability> kept, Origin origin) {
    public enum Style { KEEP, DROP }

    public Capabilities {
        listed = Set.copyOf(listed);
        kept = Set.copyOf(kept);
    }

    /** The capabilities not kept. */
    public Set<Capability> dropped() {
        EnumSet<Capability> all = EnumSet.allOf(Capability.class);
        all.removeAll(kept);
        return all;
    }

    /** No capability block anywhere in the chain: the engines' defaults apply (all kept). */
    public static Capabilities unspecified() {
        return new Capabilities(Style.DROP, Set.of(), EnumSet.allOf(Capability.class), Origin.NONE);
    }
}
