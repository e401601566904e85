package dev.ward.engine;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.Target;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code host/subuid}, {@code host/subgid} and {@code host/lxc-usernet}: what the host must delegate so that
 * the owners of the profiles compiled together can start them unprivileged (their id ranges through
 * newuidmap/newgidmap, their NICs through lxc-user-nic). Profiles without an owner are root's.
 */
public final class HostTarget implements Target {
    @Override
    public String name() {
        return "host";
    }

    /** One subordinate id line: {@code owner:start:count}. */
    private record SubId(String owner, long start, long count) implements Comparable<SubId> {
        @Override
        public int compareTo(SubId o) {
            int c = owner.compareTo(o.owner);
            if (c != 0) return c;
            return start != o.start ? Long.compare(start, o.start) : Long.compare(count, o.count);
        }
    }

    @Override
    public void render(CompileContext ctx, Artifacts out) {
        IdMapPlan ids = IdMapPlan.of(ctx);
        Set<SubId> uids = new TreeSet<>();
        Set<SubId> gids = new TreeSet<>();
        Map<String, Map<String, Integer>> nics = new TreeMap<>();
        for (Profile p : ctx.selected()) {
            if (!EngineChecks.valid(ctx, p)) continue;
            String owner = p.owner().orElse("root");
            for (IdMapping m : ids.mappings(p)) {
                if (owner.startsWith("@")) {
                    ctx.diagnostics().note(EngineCodes.NOT_EXPRESSIBLE, m.origin().span(), "/etc/subuid and "
                            + "/etc/subgid delegate ranges to users, not groups: the range of profile '" + p.name()
                            + "' (owner " + owner + ") is left out of host/subuid and host/subgid");
                    break;
                }
                (m.kind() == IdMapping.Kind.UID ? uids : gids).add(new SubId(owner, m.host(), m.count()));
            }
            if (p.network().kind() == Network.Kind.VETH && p.owner().isPresent()) {
                Optional<String> bridge = Bridges.of(p, ctx.diagnostics());
                bridge.ifPresent(b -> nics.computeIfAbsent(p.owner().get(), o -> new TreeMap<>())
                        .merge(b, Math.max(1, p.network().nics()), Integer::sum));
            }
        }
        out.put("host/subuid", subIds(uids));
        out.put("host/subgid", subIds(gids));
        StringBuilder usernet = new StringBuilder("# lxc-usernet entries of the profiles compiled by `ward compile`:\n"
                + "# USER|@GROUP TYPE BRIDGE COUNT\n");
        nics.forEach((owner, bridges) -> bridges.forEach((bridge, count) ->
                usernet.append(owner).append(" veth ").append(bridge).append(' ').append(count).append('\n')));
        out.put("host/lxc-usernet", usernet.toString());
    }

    private static String subIds(Set<SubId> ids) {
        Set<String> lines = new LinkedHashSet<>();
        ids.forEach(s -> lines.add(s.owner() + ":" + s.start() + ":" + s.count()));
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
