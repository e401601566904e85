package dev.ward.explain;

import dev.ward.ir.Action;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Expectation;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.SeccompRule;
import dev.ward.resolve.Constants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code ward explain}: a readable summary of one profile after inheritance. */
public final class Explainer {
    /** How many syscalls of one rule are named before the rest are counted. */
    static final int NAMES_SHOWN = 12;

    private final StringBuilder out = new StringBuilder();

    private Explainer() {}

    /** The summary of {@code p}, one section per aspect of its confinement. */
    public static String explain(Profile p) {
        Explainer e = new Explainer();
        e.header(p);
        e.idmap(p.idmap());
        e.capabilities(p);
        e.seccomp(p);
        e.apparmor(p);
        e.limits(p.limits());
        e.rlimits(p.rlimits());
        e.network(p.network());
        e.devices(p.devices());
        e.namespaces(p);
        e.filesystem(p.filesystem());
        e.expectations(p.expectations());
        return e.out.toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void section(String title) {
        out.append('\n').append(title).append('\n');
    }

    private void header(Profile p) {
        line("profile " + p.name() + (p.lineage().size() > 1 ? " (extends " + String.join(" -> ",
                p.lineage().subList(1, p.lineage().size())) + ")" : "") + "  [" + p.file() + "]");
        p.description().ifPresent(d -> line("  " + d));
        line("  mode: " + p.mode().map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("none (a plain confinement policy)"));
        line("  trust: " + p.trust().name().toLowerCase(Locale.ROOT));
        line("  owner: " + p.owner().orElse("none"));
        line("  architectures: " + p.arches().stream().map(a -> a.wardName()).collect(Collectors.joining(", ")));
    }

    private void idmap(IdMaps m) {
        section("id maps");
        if (m.isEmpty()) {
            line("  none: container ids are host ids");
        } else if (m.isolatedCount().isPresent()) {
            line("  isolated: " + m.isolatedCount().getAsLong() + " uids and gids allocated apart from every other profile");
        }
        for (IdMapping x : m.mappings()) {
            line("  " + x.kind().name().toLowerCase(Locale.ROOT) + " " + x.inside() + ".." + (x.inside() + x.count() - 1)
                    + " -> host " + x.host() + ".." + x.hostEnd() + " (" + x.count() + ")");
        }
    }

    private void capabilities(Profile p) {
        section("capabilities");
        if (p.capabilities().origin().equals(Origin.NONE) && p.capabilities().listed().isEmpty()
                && p.capabilities().kept().size() == Capability.values().length) {
            line("  no capabilities block: the engine's defaults apply");
            return;
        }
        List<String> kept = p.capabilities().kept().stream().sorted().map(Capability::wardName).toList();
        line("  kept (" + kept.size() + "): " + (kept.isEmpty() ? "none" : String.join(", ", kept)));
        line("  dropped: " + p.capabilities().dropped().size() + " of " + Capability.values().length);
    }

    private void seccomp(Profile p) {
        section("seccomp");
        List<SeccompRule> rules = p.seccomp().rules();
        if (rules.isEmpty() && p.seccomp().defaultAction().equals(Action.ALLOW)) {
            line("  no filter");
            return;
        }
        line("  rules in match order (the first that matches decides):");
        int n = 1;
        for (SeccompRule r : rules) {
            StringBuilder sb = new StringBuilder(String.format("  %3d. %s %s", n++, action(r.action()), names(r.syscalls())));
            r.condition().ifPresent(c -> sb.append(" if ").append(condition(c)));
            r.elseAction().ifPresent(a -> sb.append(" else ").append(action(a)));
            line(sb + "  [" + where(r.origin()) + "]");
        }
        line("  otherwise: " + action(p.seccomp().defaultAction()));
    }

    private void apparmor(Profile p) {
        section("apparmor");
        if (!p.apparmor().present()) {
            line("  no apparmor block");
            return;
        }
        for (AppArmorRule r : p.apparmor().rules()) {
            String q = r.qualifiers().stream().sorted().map(x -> x.name().toLowerCase(Locale.ROOT) + " ").collect(Collectors.joining());
            String atoms = r.atoms().stream().map(Explainer::atom).collect(Collectors.joining(" "));
            line("  " + q + r.family() + (atoms.isEmpty() ? "" : " " + atoms) + "  [" + where(r.origin()) + "]");
        }
    }

    private void limits(Limits l) {
        section("limits");
        List<String> parts = new ArrayList<>();
        l.memoryBytes().ifPresent(v -> parts.add("memory " + bytes(v)));
        l.swapBytes().ifPresent(v -> parts.add("swap " + bytes(v)));
        l.cpuCores().ifPresent(v -> parts.add("cpu " + v + " cores"));
        l.cpuWeight().ifPresent(v -> parts.add("cpu-weight " + v));
        l.pids().ifPresent(v -> parts.add("pids " + (v == Limits.MAX ? "max" : Long.toString(v))));
        l.ioWeight().ifPresent(v -> parts.add("io-weight " + v));
        line("  " + (parts.isEmpty() ? "none" : String.join(", ", parts)));
    }

    private void rlimits(Map<Rlimit, RlimitValue> r) {
        section("rlimits (soft / hard)");
        if (r.isEmpty()) line("  none");
        r.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> line("  " + e.getKey().wardName() + " "
                + rlimit(e.getValue().soft()) + " / " + rlimit(e.getValue().hard())));
    }

    private void network(Network n) {
        section("network");
        switch (n.kind()) {
            case UNSPECIFIED -> line("  no network block: the engine's default");
            case NONE -> line("  none: loopback only");
            default -> line("  " + n.kind().name().toLowerCase(Locale.ROOT) + " on "
                    + (n.perOwnerBridge() ? "the owner's own bridge" : "bridge " + n.bridge().orElse("?"))
                    + ", " + n.nics() + (n.nics() == 1 ? " nic" : " nics"));
        }
    }

    private void devices(List<DeviceRule> rules) {
        section("devices");
        if (rules.isEmpty()) {
            line("  no device rules");
            return;
        }
        for (DeviceRule r : rules) {
            line("  " + (r.allow() ? "allow " : "deny ") + r.type() + " " + num(r.major()) + ":" + num(r.minor()) + " "
                    + r.access() + "  [" + where(r.origin()) + "]");
        }
        line("  everything else: denied");
    }

    private void namespaces(Profile p) {
        section("namespaces");
        List<String> shared = p.sharedNamespaces().stream().sorted().map(Namespace::wardName).toList();
        List<String> fresh = Arrays.stream(Namespace.values()).filter(ns -> !p.sharedNamespaces().contains(ns))
                .map(Namespace::wardName).toList();
        line("  new: " + (fresh.isEmpty() ? "none" : String.join(", ", fresh)));
        line("  shared with the host: " + (shared.isEmpty() ? "none" : String.join(", ", shared)));
    }

    private void filesystem(Filesystem f) {
        section("filesystem");
        line("  proc: " + f.proc().map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("engine default")
                + ", sys: " + f.sys().map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("engine default"));
        if (!f.readonly().isEmpty()) line("  read-only: " + String.join(", ", f.readonly()));
        if (!f.masked().isEmpty()) line("  masked: " + String.join(", ", f.masked()));
        for (Filesystem.Mount m : f.mounts()) {
            line("  mount " + m.source() + " on " + m.target() + " type " + m.fstype()
                    + (m.options().isEmpty() ? "" : " (" + String.join(",", m.options()) + ")"));
        }
    }

    private void expectations(List<Expectation> list) {
        section("expectations");
        if (list.isEmpty()) line("  none");
        for (Expectation e : list) {
            int last = 5;
            while (last >= 0 && e.args().get(last) == 0) last--;
            String args = e.args().subList(0, last + 1).stream().map(Explainer::number).collect(Collectors.joining(", "));
            line("  " + action(e.action()) + " " + e.syscall() + (last >= 0 ? "(" + args + ")" : "")
                    + e.on().map(a -> " on " + a.wardName()).orElse(""));
        }
    }

    /** The action as a policy writes it, with errno names: {@code errno(EPERM)}. */
    public static String action(Action a) {
        if (a.kind() == Action.Kind.ERRNO) {
            return "errno(" + Constants.standard().errnoName(a.value()).orElse(Integer.toString(a.value())) + ")";
        }
        return a.toString();
    }

    /** A condition in the policy syntax, parenthesised where precedence needs it. */
    public static String condition(Condition c) {
        if (c instanceof Condition.Compare x) return "arg" + x.arg() + " " + x.op().symbol() + " " + number(x.value());
        if (c instanceof Condition.MaskedEquals x) {
            return "arg" + x.arg() + " & " + number(x.mask()) + " == " + number(x.value());
        }
        if (c instanceof Condition.In x) {
            return "arg" + x.arg() + " in (" + x.values().stream().map(Explainer::number).collect(Collectors.joining(", ")) + ")";
        }
        if (c instanceof Condition.Not x) return "!(" + condition(x.operand()) + ")";
        if (c instanceof Condition.And x) return operand(x.left(), true) + " && " + operand(x.right(), true);
        Condition.Or x = (Condition.Or) c;
        return condition(x.left()) + " || " + condition(x.right());
    }

    private static String operand(Condition c, boolean inAnd) {
        return inAnd && c instanceof Condition.Or ? "(" + condition(c) + ")" : condition(c);
    }

    static String number(long v) {
        return Long.compareUnsigned(v, 10) < 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    private static String names(List<String> syscalls) {
        if (syscalls.size() <= NAMES_SHOWN) return String.join(", ", syscalls);
        return String.join(", ", syscalls.subList(0, NAMES_SHOWN)) + ", ... (" + syscalls.size() + " syscalls)";
    }

    private static String atom(AppArmorRule.Atom a) {
        if (a instanceof AppArmorRule.Atom.Word w) return w.text();
        if (a instanceof AppArmorRule.Atom.Quoted q) return dev.ward.parse.StringLiterals.quote(q.value());
        if (a instanceof AppArmorRule.Atom.Arrow) return "->";
        AppArmorRule.Atom.Option o = (AppArmorRule.Atom.Option) a;
        String values = o.values().stream().map(Explainer::atom).collect(Collectors.joining(", "));
        return o.key() + "=" + (o.values().size() == 1 ? values : "(" + values + ")");
    }

    private static String where(Origin o) {
        return o.span().hasPosition() ? o.span().file() + ":" + o.span().line() : o.span().file();
    }

    private static String bytes(long v) {
        if (v == Limits.MAX) return "max";
        if (v == 0) return "0";
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (v >= unit && v % unit == 0) return (v / unit) + " " + units[i];
        }
        return v + " bytes";
    }

    private static String rlimit(long v) {
        return v == RlimitValue.UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }

    private static String num(int v) {
        return v == DeviceRule.ANY ? "*" : Integer.toString(v);
    }
}
