package dev.ward.lint;

import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** W1070-W1072: bridges, their grants, and what an unprivileged container can be given. */
final class NetworkCheck implements Check {
    @Override
    public void run(LintContext ctx) {
        List<Profile> profiles = ctx.policy().profiles();
        for (Profile p : profiles) {
            Network n = p.network();
            if (p.unprivileged() && (n.kind() == Network.Kind.MACVLAN || n.kind() == Network.Kind.PHYS)) {
                ctx.report(LintRule.UNPRIVILEGED_NON_VETH, p, n.origin(), "unprivileged profile '" + p.name() + "' uses a "
                        + n.kind().name().toLowerCase(java.util.Locale.ROOT) + " network");
            }
            // lxc-usernet grants are for unprivileged containers; the owner is what is missing, so report at the profile
            if (p.unprivileged() && n.kind() == Network.Kind.VETH && (n.bridge().isPresent() || n.perOwnerBridge())
                    && p.owner().isEmpty()) {
                ctx.report(LintRule.BRIDGE_WITHOUT_GRANT, p, p.origin(), "profile '" + p.name() + "' joins bridge "
                        + n.bridge().map(b -> "'" + b + "'").orElse("per owner") + " but names no owner to grant it to");
            }
        }
        // each untrusted profile is reported once, naming the earlier profiles of other owners on its bridge
        Map<String, List<Profile>> onBridge = new HashMap<>();
        for (Profile b : profiles) {
            Optional<String> bridge = bridge(b);
            if (!b.untrusted() || bridge.isEmpty()) continue;
            List<Profile> earlier = onBridge.computeIfAbsent(bridge.get(), k -> new ArrayList<>());
            List<String> others = new ArrayList<>();
            for (Profile a : earlier) {
                if (LintContext.related(a, b)) continue;
                if (a.owner().isPresent() && a.owner().equals(b.owner())) continue;
                others.add("'" + a.name() + "' (owner " + owner(a) + ")");
            }
            earlier.add(b);
            if (!others.isEmpty()) {
                ctx.report(LintRule.SHARED_BRIDGE, b, b.network().origin(), "untrusted profile '" + b.name() + "' (owner "
                        + owner(b) + ") shares bridge '" + bridge.get() + "' with " + String.join(", ", others));
            }
        }
    }

    /** The bridge a veth network joins: its name, or ward-OWNER for a per-owner bridge. */
    static Optional<String> bridge(Profile p) {
        Network n = p.network();
        if (n.kind() != Network.Kind.VETH) return Optional.empty();
        if (n.bridge().isPresent()) return n.bridge();
        return n.perOwnerBridge() ? p.owner().map(o -> "ward-" + o) : Optional.empty();
    }

    private static String owner(Profile p) {
        return p.owner().map(o -> "'" + o + "'").orElse("unset");
    }
}
