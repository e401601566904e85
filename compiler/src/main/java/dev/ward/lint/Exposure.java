package dev.ward.lint;

import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.lint.analysis.DecisionSpace;
import dev.ward.lint.analysis.RuleIndex;
import dev.ward.lint.analysis.SyscallVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How exposed a profile leaves the host, 0 (confined in every way Ward knows) to 10 (nothing confined), in the
 * manner of {@code systemd-analyze security}: every setting has a weight and an exposure between 0 and 1, and
 * the score is the weighted mean times ten. Each contribution says what the setting is and what it costs.
 */
public record Exposure(String profile, double score, String rating, List<Contribution> contributions) {
    public Exposure {
        contributions = List.copyOf(contributions);
    }

    /** One setting: its name, what the profile does, its weight, its exposure (0..1) and its share of the score (points). */
    public record Contribution(String setting, String value, int weight, double exposure, double points) {}

    private static final Map<Namespace, Integer> NAMESPACE_WEIGHTS = Map.of(Namespace.MOUNT, 500, Namespace.PID, 400,
            Namespace.NET, 400, Namespace.IPC, 200, Namespace.CGROUP, 100, Namespace.UTS, 50, Namespace.TIME, 50,
            Namespace.USER, 300);

    /** The score of one profile. */
    public static Exposure of(Profile p) {
        List<Object[]> items = new ArrayList<>();
        item(items, "mode", 2000, p.privileged() ? 1 : p.unprivileged() ? 0 : 0.5,
                p.mode().map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("none: no user namespace")
                        + (p.privileged() ? ": container root is host root" : ""));
        if (!p.privileged()) idmap(items, p);
        capabilities(items, p);
        seccomp(items, p);
        apparmor(items, p);
        limits(items, p.limits());
        devices(items, p);
        filesystem(items, p.filesystem());
        for (Namespace n : Namespace.values()) {
            boolean shared = p.sharedNamespaces().contains(n) || (n == Namespace.USER && p.privileged());
            item(items, n.wardName() + " namespace", NAMESPACE_WEIGHTS.get(n), shared ? 1 : 0,
                    shared ? "the host's" : "its own");
        }
        network(items, p);

        double total = items.stream().mapToDouble(o -> (int) o[1]).sum();
        double weighted = items.stream().mapToDouble(o -> (int) o[1] * (double) o[2]).sum();
        double score = Math.round(weighted / total * 100) / 10.0;
        List<Contribution> cs = items.stream().map(o -> new Contribution((String) o[0], (String) o[3], (int) o[1],
                (double) o[2], Math.round((int) o[1] * (double) o[2] / total * 1000) / 100.0)).toList();
        return new Exposure(p.name(), score, rating(score), cs);
    }

    /** SAFE below 2, OK below 4, MEDIUM below 6, EXPOSED below 8, UNSAFE from 8. */
    static String rating(double score) {
        if (score < 2) return "SAFE";
        if (score < 4) return "OK";
        if (score < 6) return "MEDIUM";
        if (score < 8) return "EXPOSED";
        return "UNSAFE";
    }

    private static void item(List<Object[]> items, String setting, int weight, double exposure, String value) {
        items.add(new Object[] {setting, weight, exposure, value});
    }

    private static void idmap(List<Object[]> items, Profile p) {
        List<IdMapping> ms = p.idmap().mappings();
        double e;
        String v;
        if (ms.isEmpty()) {
            e = p.idmap().isolatedCount().isPresent() ? 0 : 0.5;
            v = p.idmap().isolatedCount().isPresent() ? "isolated range allocated" : "none";
        } else if (ms.stream().anyMatch(m -> m.host() == 0)) {
            e = 1;
            v = "maps host id 0";
        } else if (ms.stream().anyMatch(m -> m.host() < IdMapCheck.SAFE_HOST_ID)) {
            e = 0.7;
            v = "maps host ids below 65536";
        } else {
            e = 0;
            v = "subordinate range";
        }
        item(items, "id map", 500, e, v);
    }

    private static void capabilities(List<Object[]> items, Profile p) {
        List<String> kept = new ArrayList<>();
        for (Capability c : PrivilegedCheck.DANGEROUS.keySet()) {
            if (p.capabilities().kept().contains(c)) kept.add(c.wardName());
        }
        double e = (double) kept.size() / PrivilegedCheck.DANGEROUS.size();
        if (!p.privileged()) e /= 2; // inside a user namespace capabilities reach only the container's own namespaces
        item(items, "capabilities", 1000, e, kept.isEmpty() ? "no dangerous capability kept" : "keeps " + String.join(", ", kept));
    }

    private static void seccomp(List<Object[]> items, Profile p) {
        Seccomp s = p.seccomp();
        RuleIndex index = RuleIndex.of(s.rules());
        boolean defaultRuns = SyscallVerdict.runs(s.defaultAction());
        item(items, "seccomp default", 1000, defaultRuns ? 1 : 0, s.defaultAction().toString());
        List<String> allowed = new ArrayList<>();
        int known = 0;
        for (String name : SeccompCheck.DANGEROUS) {
            if (!LintContext.exists(p, name)) continue;
            known++;
            if (SyscallVerdict.of(index, s.defaultAction(), name).alwaysRuns()) allowed.add(name);
        }
        item(items, "dangerous syscalls", 800, known == 0 ? 0 : (double) allowed.size() / known,
                allowed.isEmpty() ? "all denied or argument-restricted" : "allows " + String.join(", ", allowed));
        boolean userns = false;
        for (String name : List.of("clone", "unshare")) {
            Condition probe = new Condition.MaskedEquals(0, SeccompCheck.CLONE_NEWUSER, SeccompCheck.CLONE_NEWUSER);
            Optional<DecisionSpace> sp = DecisionSpace.of(name, index, s.defaultAction(), List.of(probe));
            if (sp.isPresent() && LintContext.exists(p, name)) {
                DecisionSpace space = sp.get();
                userns |= space.cells().stream().anyMatch(c -> space.holds(probe, c)
                        && SyscallVerdict.runs(space.decide(c).action()));
            }
        }
        userns |= LintContext.exists(p, "clone3") && SyscallVerdict.of(index, s.defaultAction(), "clone3").sometimesRuns();
        item(items, "user namespace creation", 300, userns ? 1 : 0, userns ? "allowed" : "denied");
    }

    private static void apparmor(List<Object[]> items, Profile p) {
        boolean confined = p.apparmor().present() && !p.apparmor().unconfined();
        item(items, "AppArmor", 800, confined ? 0 : 1,
                !p.apparmor().present() ? "none" : p.apparmor().unconfined() ? "unconfined" : "confined");
    }

    private static void limits(List<Object[]> items, Limits l) {
        boolean mem = l.memoryBytes().isPresent() && l.memoryBytes().getAsLong() != Limits.MAX;
        boolean pids = l.pids().isPresent() && l.pids().getAsLong() != Limits.MAX;
        boolean cpu = l.cpuCores().isPresent() || (l.cpuWeight().isPresent() && l.cpuWeight().getAsLong() != Limits.MAX);
        item(items, "memory limit", 300, mem ? 0 : 1, mem ? bytes(l.memoryBytes().getAsLong()) : "none");
        item(items, "pids limit", 300, pids ? 0 : 1, pids ? Long.toString(l.pids().getAsLong()) : "none");
        item(items, "cpu limit", 200, cpu ? 0 : 1, cpu ? "set" : "none");
    }

    private static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (u < units.length - 1 && n >= 1024 && n % 1024 == 0) {
            n /= 1024;
            u++;
        }
        return n + units[u];
    }

    private static void devices(List<Object[]> items, Profile p) {
        List<DeviceRule> ds = p.devices();
        double e;
        String v;
        if (ds.stream().noneMatch(DeviceRule::allow)) {
            e = p.privileged() ? 1 : 0.3;
            v = "no allowlist";
        } else if (ds.stream().anyMatch(d -> d.allow() && d.type() == 'a' && d.major() == DeviceRule.ANY
                && d.minor() == DeviceRule.ANY && !d.access().equals("m"))) {
            e = 1;
            v = "every device";
        } else if (ds.stream().anyMatch(d -> d.allow() && d.type() != 'c' && d.access().contains("w"))) {
            e = 0.7;
            v = "block devices writable";
        } else {
            e = 0;
            v = "allowlist";
        }
        item(items, "devices", 500, e, v);
    }

    private static void filesystem(List<Object[]> items, Filesystem fs) {
        for (String which : List.of("proc", "sys")) {
            Optional<Filesystem.Mode> m = which.equals("proc") ? fs.proc() : fs.sys();
            double e = m.map(x -> switch (x) {
                case RW -> 1.0;
                case MIXED -> 0.1;
                case RO -> 0.0;
            }).orElse(0.5);
            item(items, "/" + which, 300, e, m.map(x -> x.name().toLowerCase(Locale.ROOT)).orElse("engine default"));
        }
    }

    private static void network(List<Object[]> items, Profile p) {
        Network n = p.network();
        double e = switch (n.kind()) {
            case NONE -> 0;
            case VETH -> n.perOwnerBridge() ? 0 : 0.2;
            case MACVLAN -> 0.6;
            case PHYS -> 1;
            case UNSPECIFIED -> 0.3;
        };
        String v = n.kind().name().toLowerCase(Locale.ROOT)
                + (n.kind() == Network.Kind.VETH ? n.bridge().map(b -> " on bridge " + b).orElse(" on a per-owner bridge") : "");
        item(items, "network", 200, e, v);
    }

    /** A table for people: one line per setting that contributes, then the score. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "exposure of %s: %.1f %s%n", profile, score, rating));
        for (Contribution c : contributions) {
            sb.append(String.format(Locale.ROOT, "  %5.2f  %-24s %s%n", c.points(), c.setting(), c.value()));
        }
        return sb.toString();
    }
}
