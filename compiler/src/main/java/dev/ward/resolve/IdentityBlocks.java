package dev.ward.resolve;

import dev.ward.ast.Entry;
import dev.ward.ast.Name;
import dev.ward.ast.Statement;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.IdMapping;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The idmap and capabilities blocks. */
final class IdentityBlocks {
    static final long MAX_ID = 0xFFFFFFFFL;

    private final Numbers numbers;
    private final Diagnostics d;

    IdentityBlocks(Numbers numbers, Diagnostics d) {
        this.numbers = numbers;
        this.d = d;
    }

    // uid|gid INSIDE -> HOST count COUNT, or isolated [COUNT]; ranges of one kind must not overlap.
    Optional<IdMaps> idmap(Statement.Idmap block) {
        List<IdMapping> mappings = new ArrayList<>();
        OptionalLong isolated = OptionalLong.empty();
        boolean ok = true;
        for (Entry.Idmap e : block.entries()) {
            if (e instanceof Entry.IdmapIsolated iso) {
                OptionalLong count = iso.count().isPresent()
                        ? numbers.bounded(iso.count().get(), 1, MAX_ID, "an isolated id count")
                        : OptionalLong.of(IdMaps.DEFAULT_ISOLATED_COUNT);
                if (isolated.isPresent()) {
                    d.error(Codes.BAD_IDMAP, iso.span(), "'isolated' is already given in this idmap");
                    ok = false;
                } else if (count.isEmpty()) {
                    ok = false;
                } else {
                    isolated = count;
                }
                continue;
            }
            Entry.IdmapLine line = (Entry.IdmapLine) e;
            OptionalLong inside = numbers.bounded(line.inside(), 0, MAX_ID, "an id");
            OptionalLong host = numbers.bounded(line.host(), 0, MAX_ID, "an id");
            OptionalLong count = numbers.bounded(line.count(), 1, MAX_ID + 1, "an id count");
            if (inside.isEmpty() || host.isEmpty() || count.isEmpty()) {
                ok = false;
                continue;
            }
            if (inside.getAsLong() + count.getAsLong() - 1 > MAX_ID || host.getAsLong() + count.getAsLong() - 1 > MAX_ID) {
                d.error(Codes.BAD_IDMAP, line.span(), "the range ends past the largest id " + MAX_ID);
                ok = false;
                continue;
            }
            IdMapping.Kind kind = line.kind().text().equals("uid") ? IdMapping.Kind.UID : IdMapping.Kind.GID;
            IdMapping m = new IdMapping(kind, inside.getAsLong(), host.getAsLong(), count.getAsLong(), Origin.of(line.span()));
            for (IdMapping other : mappings) {
                if (other.kind() != kind) continue;
                boolean insideOverlap = overlaps(other.inside(), other.count(), m.inside(), m.count());
                boolean hostOverlap = overlaps(other.host(), other.count(), m.host(), m.count());
                if (insideOverlap || hostOverlap) {
                    d.error(Codes.OVERLAPPING_IDS, line.span(), kind.name().toLowerCase() + " range overlaps the "
                            + (insideOverlap ? "container" : "host") + " ids of the mapping at line " + other.origin().span().line());
                    ok = false;
                }
            }
            mappings.add(m);
        }
        if (isolated.isPresent() && !mappings.isEmpty()) {
            d.error(Codes.BAD_IDMAP, block.span(), "an idmap is either 'isolated' or explicit mappings, not both");
            ok = false;
        }
        return ok ? Optional.of(new IdMaps(mappings, isolated, Origin.of(block.span()))) : Optional.empty();
    }

    private static boolean overlaps(long a, long aCount, long b, long bCount) {
        return a < b + bCount && b < a + aCount;
    }

    // keep a, b / drop a, b: one name both kept and dropped is an error.
    Optional<Capabilities> capabilities(Statement.Capabilities block) {
        Set<Capability> keep = EnumSet.noneOf(Capability.class);
        Set<Capability> drop = EnumSet.noneOf(Capability.class);
        Map<Capability, Span> where = new EnumMap<>(Capability.class);
        boolean anyKeep = false;
        boolean ok = true;
        List<String> names = Arrays.stream(Capability.values()).map(Capability::wardName).toList();
        for (Entry.CapabilityList list : block.entries()) {
            boolean keeping = list.verb().text().equals("keep");
            anyKeep |= keeping;
            for (Name n : list.names()) {
                Optional<Capability> c = Capability.byName(n.text());
                if (c.isEmpty()) {
                    d.error(Codes.UNKNOWN_CAPABILITY, n.span(), "unknown capability '" + n.text() + "'" + Suggest.hint(n.text(), names, d));
                    ok = false;
                    continue;
                }
                Set<Capability> other = keeping ? drop : keep;
                if (other.contains(c.get())) {
                    d.error(Codes.KEEP_AND_DROP, n.span(), "capability '" + c.get().wardName() + "' is both kept and dropped (see line "
                            + where.get(c.get()).line() + ")");
                    ok = false;
                }
                (keeping ? keep : drop).add(c.get());
                where.putIfAbsent(c.get(), n.span());
            }
        }
        if (!ok) return Optional.empty();
        Set<Capability> kept;
        if (anyKeep) {
            kept = keep;
        } else {
            kept = EnumSet.allOf(Capability.class);
            kept.removeAll(drop);
        }
        return Optional.of(new Capabilities(anyKeep ? Capabilities.Style.KEEP : Capabilities.Style.DROP,
                anyKeep ? keep : drop, kept, Origin.of(block.span())));
    }
}
