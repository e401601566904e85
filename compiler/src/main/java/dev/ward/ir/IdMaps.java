package dev.ward.ir;

import java.util.List;
import java.util.OptionalLong;

/**
 * The id map: explicit mappings, or {@code idmap isolated [COUNT]} — a request for a disjoint range
 * of COUNT ids (65536 by default) that the engines' allocator fills in across all profiles compiled together.
 */
public record IdMaps(List<IdMapping> mappings, OptionalLong isolatedCount, Origin origin) {
    public static final long DEFAULT_ISOLATED_COUNT = 65536;

    public IdMaps {
        mappings = List.copyOf(mappings);
    }

    public static IdMaps none() {
        return new IdMaps(List.of(), OptionalLong.empty(), Origin.NONE);
    }

    public boolean isEmpty() {
        return mappings.isEmpty() && isolatedCount.isEmpty();
    }
}
