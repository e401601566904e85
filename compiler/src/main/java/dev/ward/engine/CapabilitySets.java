package dev.ward.engine;

import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import java.util.EnumSet;
import java.util.Set;

/**
 * The five capability sets a workload starts with. The workload starts as (container) root, so the
 * bounding, permitted and effective sets carry what the policy keeps; inheritable and ambient stay empty,
 * because a non-empty inheritable set lets file capabilities raise a later program's privileges
 * (CVE-2022-24769).
 */
public record CapabilitySets(Set<Capability> bounding, Set<Capability> permitted, Set<Capability> effective,
                             Set<Capability> inheritable, Set<Capability> ambient) {
    public CapabilitySets {
        bounding = Set.copyOf(bounding);
        permitted = Set.copyOf(permitted);
        effective = Set.copyOf(effective);
        inheritable = Set.copyOf(inheritable);
        ambient = Set.copyOf(ambient);
    }

    /** Lowers a capability block. */
    public static CapabilitySets of(Capabilities caps) {
        Set<Capability> kept = EnumSet.noneOf(Capability.class);
        kept.addAll(caps.kept());
        return new CapabilitySets(kept, kept, kept, Set.of(), Set.of());
    }

    /** The bit mask of a set, as /proc/PID/status prints CapBnd and CapEff. */
    public static long mask(Set<Capability> set) {
        long m = 0;
        for (Capability c : set) m |= 1L << c.number();
        return m;
    }

    /** True when the block says nothing, so the engine's own default applies. */
    public static boolean unspecified(Capabilities caps) {
        return caps.style() == Capabilities.Style.DROP && caps.listed().isEmpty();
    }
}
