package dev.ward.diff;

import dev.ward.diff.Change.Aspect;
import dev.ward.diff.Change.Direction;
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Capability;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Limits;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.lint.AppArmorText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** {@code ward diff OLD NEW}: per profile (matched by name), what the new version loosens or tightens. */
public final class PolicyDiff {
    private final List<Change> changes = new ArrayList<>();

    private PolicyDiff() {}

    /** Every change from {@code old} to {@code neu}, profile by profile in the new policy's order. */
    public static List<Change> diff(Policy old, Policy neu) {
        PolicyDiff d = new PolicyDiff();
        for (Profile n : neu.profiles()) {
            Optional<Profile> o = old.profile(n.name());
            if (o.isEmpty()) d.add(n.name(), Aspect.PROFILE, Direction.CHANGED, "profile added");
            else d.profile(o.get(), n);
        }
        for (Profile o : old.profiles()) {
            if (neu.profile(o.name()).isEmpty()) d.add(o.name(), Aspect.PROFILE, Direction.CHANGED, "profile removed");
        }
        return List.copyOf(d.changes);
    }

    /** True when some change loosens a profile. */
    public static boolean loosens(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.direction() == Direction.LOOSER);
    }

    private void add(String profile, Aspect aspect, Direction direction, String description) {
        changes.add(new Change(profile, aspect, direction, description));
    }

    private void profile(Profile o, Profile n) {
        String p = n.name();
        if (!o.mode().equals(n.mode())) {
            Direction d = n.mode().equals(Optional.of(Mode.PRIVILEGED)) && o.mode().equals(Optional.of(Mode.UNPRIVILEGED))
                    ? Direction.LOOSER
                    : n.mode().equals(Optional.of(Mode.UNPRIVILEGED)) && o.mode().equals(Optional.of(Mode.PRIVILEGED))
                    ? Direction.TIGHTER : Direction.CHANGED;
            add(p, Aspect.MODE, d, "mode " + mode(o) + " -> " + mode(n));
        }
        if (o.trust() != n.trust()) {
            add(p, Aspect.TRUST, Direction.CHANGED, "trust " + lower(o.trust()) + " -> " + lower(n.trust()));
        }
        changes.addAll(SyscallDiff.diff(p, o.seccomp(), n.seccomp(), o.arches(), n.arches()));
        capabilities(p, o, n);
        apparmor(p, o.apparmor(), n.apparmor());
        limits(p, o.limits(), n.limits());
        rlimits(p, o, n);
        idmap(p, o, n);
        devices(p, o.devices(), n.devices());
        namespaces(p, o, n);
        network(p, o.network(), n.network());
        filesystem(p, o.filesystem(), n.filesystem());
    }

    private void capabilities(String p, Profile o, Profile n) {
        for (Capability c : Capability.values()) {
            boolean before = o.capabilities().kept().contains(c);
            boolean after = n.capabilities().kept().contains(c);
            if (!before && after) add(p, Aspect.CAPABILITY, Direction.LOOSER, "keeps " + c.wardName());
            if (before && !after) add(p, Aspect.CAPABILITY, Direction.TIGHTER, "drops " + c.wardName());
        }
    }

    private void apparmor(String p, AppArmor o, AppArmor n) {
        if (o.present() != n.present()) {
            add(p, Aspect.APPARMOR, n.present() ? Direction.TIGHTER : Direction.LOOSER,
                    n.present() ? "AppArmor confinement added" : "AppArmor confinement removed");
            if (!n.present()) return;
        }
        List<String> before = new ArrayList<>(o.rules().stream().map(AppArmorText::render).toList());
        List<String> after = new ArrayList<>(n.rules().stream().map(AppArmorText::render).toList());
        for (AppArmorRule r : n.rules()) {
            if (!before.remove(AppArmorText.render(r))) {
                add(p, Aspect.APPARMOR, ruleDirection(r, true), "added `" + AppArmorText.render(r) + "`");
            }
        }
        for (AppArmorRule r : o.rules()) {
            if (!after.remove(AppArmorText.render(r))) {
                add(p, Aspect.APPARMOR, ruleDirection(r, false), "removed `" + AppArmorText.render(r) + "`");
            }
        }
    }

    // An added allow loosens, an added deny tightens; removing them does the opposite. Includes and raw text: unknown.
    private static Direction ruleDirection(AppArmorRule r, boolean added) {
        if (List.of("include", "raw", "abi").contains(r.family())) return Direction.CHANGED;
        boolean deny = r.qualifiers().contains(AppArmorRule.Qualifier.DENY);
        return deny == added ? Direction.TIGHTER : Direction.LOOSER;
    }

    private void limits(String p, Limits o, Limits n) {
        limit(p, "memory", o.memoryBytes(), n.memoryBytes());
        limit(p, "swap", o.swapBytes(), n.swapBytes());
        limit(p, "pids", o.pids(), n.pids());
        OptionalLong oc = o.cpuCores().isPresent() ? OptionalLong.of(Math.round(o.cpuCores().getAsDouble() * 1000)) : OptionalLong.empty();
        OptionalLong nc = n.cpuCores().isPresent() ? OptionalLong.of(Math.round(n.cpuCores().getAsDouble() * 1000)) : OptionalLong.empty();
        if (!oc.equals(nc)) {
            add(p, Aspect.LIMIT, direction(oc, nc), "cpu " + cores(o) + " -> " + cores(n));
        }
        if (!o.cpuWeight().equals(n.cpuWeight())) {
            add(p, Aspect.LIMIT, Direction.CHANGED, "cpu-weight " + show(o.cpuWeight()) + " -> " + show(n.cpuWeight()));
        }
        if (!o.ioWeight().equals(n.ioWeight())) {
            add(p, Aspect.LIMIT, Direction.CHANGED, "io-weight " + show(o.ioWeight()) + " -> " + show(n.ioWeight()));
        }
    }

    private void limit(String p, String name, OptionalLong o, OptionalLong n) {
        if (o.equals(n)) return;
        add(p, Aspect.LIMIT, direction(o, n), name + " " + show(o) + " -> " + show(n));
    }

    // No limit (absent or max) is the loosest; otherwise bigger is looser.
    private static Direction direction(OptionalLong o, OptionalLong n) {
        long a = o.orElse(Limits.MAX);
        long b = n.orElse(Limits.MAX);
        if (a == b) return Direction.CHANGED;
        return b > a ? Direction.LOOSER : Direction.TIGHTER;
    }

    private void rlimits(String p, Profile o, Profile n) {
        for (Rlimit r : Rlimit.values()) {
            RlimitValue a = o.rlimits().get(r);
            RlimitValue b = n.rlimits().get(r);
            if (a == null && b == null) continue;
            if (a == null || b == null) {
                add(p, Aspect.RLIMIT, a == null ? Direction.TIGHTER : Direction.LOOSER, r.wardName() + " "
                        + rl(a) + " -> " + rl(b));
                continue;
            }
            if (a.soft() == b.soft() && a.hard() == b.hard()) continue;
            int soft = Long.compareUnsigned(b.soft(), a.soft());
            int hard = Long.compareUnsigned(b.hard(), a.hard());
            add(p, Aspect.RLIMIT, SyscallDiff.direction(soft > 0 || hard > 0, soft < 0 || hard < 0),
                    r.wardName() + " " + rl(a) + " -> " + rl(b));
        }
    }

    private void idmap(String p, Profile o, Profile n) {
        if (o.idmap().equals(n.idmap())) return;
        boolean wasUnsafe = unsafe(o.idmap().mappings());
        boolean isUnsafe = unsafe(n.idmap().mappings());
        Direction d = isUnsafe && !wasUnsafe ? Direction.LOOSER : wasUnsafe && !isUnsafe ? Direction.TIGHTER : Direction.CHANGED;
        add(p, Aspect.IDMAP, d, "id map " + idmap(o) + " -> " + idmap(n));
    }

    private static boolean unsafe(List<IdMapping> ms) {
        return ms.stream().anyMatch(m -> m.host() < 65536);
    }

    private void devices(String p, List<DeviceRule> o, List<DeviceRule> n) {
        Function<DeviceRule, String> text = d -> (d.allow() ? "allow " : "deny ") + d.type() + " " + num(d.major())
                + ":" + num(d.minor()) + " " + d.access();
        List<String> before = new ArrayList<>(o.stream().map(text).toList());
        List<String> after = new ArrayList<>(n.stream().map(text).toList());
        for (DeviceRule d : n) {
            if (!before.remove(text.apply(d))) {
                add(p, Aspect.DEVICE, d.allow() ? Direction.LOOSER : Direction.TIGHTER, "added `" + text.apply(d) + "`");
            }
        }
        for (DeviceRule d : o) {
            if (!after.remove(text.apply(d))) {
                add(p, Aspect.DEVICE, d.allow() ? Direction.TIGHTER : Direction.LOOSER, "removed `" + text.apply(d) + "`");
            }
        }
    }

    private void namespaces(String p, Profile o, Profile n) {
        for (Namespace ns : Namespace.values()) {
            boolean before = o.sharedNamespaces().contains(ns);
            boolean after = n.sharedNamespaces().contains(ns);
            if (!before && after) add(p, Aspect.NAMESPACE, Direction.LOOSER, "shares the host's " + ns.wardName() + " namespace");
            if (before && !after) add(p, Aspect.NAMESPACE, Direction.TIGHTER, "has its own " + ns.wardName() + " namespace");
        }
    }

    private void network(String p, Network o, Network n) {
        if (o.equals(n) && o.bridge().equals(n.bridge())) return;
        int a = rank(o.kind());
        int b = rank(n.kind());
        Direction d = a < 0 || b < 0 || a == b ? Direction.CHANGED : b > a ? Direction.LOOSER : Direction.TIGHTER;
        add(p, Aspect.NETWORK, d, "network " + net(o) + " -> " + net(n));
    }

    private static int rank(Network.Kind k) {
        return switch (k) {
            case NONE -> 0;
            case VETH -> 1;
            case MACVLAN -> 2;
            case PHYS -> 3;
            case UNSPECIFIED -> -1;
        };
    }

    private void filesystem(String p, Filesystem o, Filesystem n) {
        mode(p, "proc", o.proc(), n.proc());
        mode(p, "sys", o.sys(), n.sys());
        for (String path : n.readonly()) {
            if (!o.readonly().contains(path)) add(p, Aspect.FILESYSTEM, Direction.TIGHTER, "read-only " + path);
        }
        for (String path : o.readonly()) {
            if (!n.readonly().contains(path)) add(p, Aspect.FILESYSTEM, Direction.LOOSER, "no longer read-only: " + path);
        }
        for (String path : n.masked()) {
            if (!o.masked().contains(path)) add(p, Aspect.FILESYSTEM, Direction.TIGHTER, "masked " + path);
        }
        for (String path : o.masked()) {
            if (!n.masked().contains(path)) add(p, Aspect.FILESYSTEM, Direction.LOOSER, "no longer masked: " + path);
        }
        for (Filesystem.Mount m : n.mounts()) {
            if (!o.mounts().contains(m)) add(p, Aspect.FILESYSTEM, Direction.LOOSER, "mounts " + m.source() + " on " + m.target());
        }
        for (Filesystem.Mount m : o.mounts()) {
            if (!n.mounts().contains(m)) add(p, Aspect.FILESYSTEM, Direction.TIGHTER, "no longer mounts " + m.source() + " on " + m.target());
        }
    }

    private void mode(String p, String which, Optional<Filesystem.Mode> o, Optional<Filesystem.Mode> n) {
        if (o.equals(n)) return;
        Direction d = o.isEmpty() || n.isEmpty() ? Direction.CHANGED
                : n.get().ordinal() == o.get().ordinal() ? Direction.CHANGED
                : fsRank(n.get()) > fsRank(o.get()) ? Direction.LOOSER : Direction.TIGHTER;
        add(p, Aspect.FILESYSTEM, d, which + " " + o.map(PolicyDiff::lower).orElse("default") + " -> "
                + n.map(PolicyDiff::lower).orElse("default"));
    }

    private static int fsRank(Filesystem.Mode m) {
        return switch (m) {
            case RO -> 0;
            case MIXED -> 1;
            case RW -> 2;
        };
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String mode(Profile p) {
        return p.mode().map(PolicyDiff::lower).orElse("none");
    }

    private static String show(OptionalLong v) {
        return v.isEmpty() ? "unset" : v.getAsLong() == Limits.MAX ? "max" : Long.toString(v.getAsLong());
    }

    private static String cores(Limits l) {
        return l.cpuCores().isEmpty() ? "unset" : Double.toString(l.cpuCores().getAsDouble());
    }

    private static String rl(RlimitValue v) {
        if (v == null) return "unset";
        return one(v.soft()) + " " + one(v.hard());
    }

    private static String one(long v) {
        return v == RlimitValue.UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }

    private static String num(int n) {
        return n == DeviceRule.ANY ? "*" : Integer.toString(n);
    }

    private static String idmap(Profile p) {
        if (p.idmap().isolatedCount().isPresent()) return "isolated " + p.idmap().isolatedCount().getAsLong();
        if (p.idmap().mappings().isEmpty()) return "none";
        return String.join(", ", p.idmap().mappings().stream().map(m -> lower(m.kind()) + " " + m.inside() + " -> "
                + m.host() + " count " + m.count()).toList());
    }

    private static String net(Network n) {
        String s = lower(n.kind());
        if (n.kind() == Network.Kind.VETH) s += n.bridge().map(b -> " bridge " + b).orElse(n.perOwnerBridge() ? " bridge per-owner" : "");
        return s;
    }
}
