package dev.ward.lint;

import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import java.util.List;
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
            if (n.kind() == Network.Kind.VETH && (n.bridge().isPresent() || n.perOwnerBridge()) && p.owner().isEmpty()) {
                ctx.report(LintRule.BRIDGE_WITHOUT_GRANT, p, n.origin(), "profile '" + p.name() + "' joins bridge "
                        + n.bridge().map(b -> "'" + b + "'").orElse("per owner") + " but names no owner to grant it to");
            }
        }
        for (int i = 0; i < profiles.size(); i++) {
            Profile a = profiles.get(i);
            Optional<String> bridge = bridge(a);
            if (!a.untrusted() || bridge.isEmpty()) continue;
            for (int j = i + 1; j < profiles.size(); j++) {
                Profile b = profiles.get(j);
                if (!b.untrusted() || LintContext.related(a, b) || !bridge.equals(bridge(b))) continue;
                if (a.owner().isPresent() && a.owner().equals(b.owner())) continue;
                ctx.report(LintRule.SHARED_BRIDGE, b, b.network().origin(), "untrusted profiles '" + a.name() + "' (owner "
                        + owner(a) + ") and '" + b.name() + "' (owner " + owner(b) + ") share bridge '" + bridge.get() + "'");
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
