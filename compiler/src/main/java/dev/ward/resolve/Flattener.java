package dev.ward.resolve;

import dev.ward.ast.Name;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Limits;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import dev.ward.ir.Trust;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges a profile's extends chain (nearest first) into one IR profile. A child overrides its parent per
 * setting; limits and rlimits per key; idmap, capabilities, network and namespaces per block; seccomp rules
 * are the child's before the parent's with the nearest default; apparmor and device rules are the parent's
 * then the child's; filesystem modes override and path lists are united; expectations are the profile's own.
 * A chain without any seccomp block has no filter: {@code Seccomp(allow, [])}, which {@link Seccomp} documents.
 */
final class Flattener {
    static final List<Arch> DEFAULT_ARCHES = List.of(Arch.X86_64);

    private final SyscallTable table;
    private final Diagnostics d;
    private final Set<String> noted = new HashSet<>();

    Flattener(SyscallTable table, Diagnostics d) {
        this.table = table;
        this.d = d;
    }

    /** {@code chain} starts with the profile itself and ends with its furthest ancestor. */
    Profile flatten(List<OwnSettings> chain) {
        OwnSettings self = chain.get(0);
        List<OwnSettings> rootFirst = new ArrayList<>(chain);
        java.util.Collections.reverse(rootFirst);
        List<Arch> arches = nearest(chain, s -> s.arches).orElse(DEFAULT_ARCHES);

        Profile p = new Profile(
                self.decl.name().text(),
                self.file,
                chain.stream().map(s -> s.decl.name().text()).toList(),
                nearest(chain, s -> s.description),
                nearest(chain, s -> s.mode),
                nearest(chain, s -> s.trust).orElse(Trust.UNTRUSTED),
                nearest(chain, s -> s.owner),
                arches,
                nearest(chain, s -> s.idmap).orElse(IdMaps.none()),
                nearest(chain, s -> s.capabilities).orElse(Capabilities.unspecified()),
                seccomp(chain, arches),
                apparmor(rootFirst),
                limits(chain),
                rlimits(rootFirst),
                nearest(chain, s -> s.network).orElse(Network.unspecified()),
                devices(rootFirst),
                nearest(chain, s -> s.namespaces).orElse(EnumSet.noneOf(Namespace.class)),
                filesystem(chain, rootFirst),
                self.expectations,
                Origin.of(self.decl.name().span()));
        check(p, chain);
        return p;
    }

    private static <T> Optional<T> nearest(List<OwnSettings> chain, Function<OwnSettings, Optional<T>> get) {
        for (OwnSettings s : chain) {
            Optional<T> v = get.apply(s);
            if (v.isPresent()) return v;
        }
        return Optional.empty();
    }

    private Seccomp seccomp(List<OwnSettings> chain, List<Arch> arches) {
        List<SeccompRule> rules = new ArrayList<>();
        boolean any = false;
        for (OwnSettings s : chain) {
            rules.addAll(s.seccompRules);
            any |= s.hasSeccomp;
            for (Name n : s.namedSyscalls) noteMissing(n, arches);
        }
        Optional<Action> def = nearest(chain, s -> s.seccompDefault);
        if (def.isEmpty() && any) {
            OwnSettings self = chain.get(0);
            boolean hasDefaultStatement = chain.stream().anyMatch(s -> s.decl.body().stream()
                    .anyMatch(st -> st instanceof dev.ward.ast.Statement.Seccomp sc
                            && sc.entries().stream().anyMatch(e -> e instanceof dev.ward.ast.Entry.SeccompDefault)));
            if (!hasDefaultStatement) {
                d.error(Codes.NO_DEFAULT, self.decl.name().span(), "profile '" + self.decl.name().text()
                        + "' has seccomp rules but no 'default' action anywhere in its extends chain");
            }
        }
        return new Seccomp(def.orElse(Action.ALLOW), any ? rules : List.of());
    }

    // A syscall named directly but missing on some of the profile's architectures is skipped there.
    private void noteMissing(Name n, List<Arch> arches) {
        if (!table.known(n.text())) return;
        List<String> missing = arches.stream().filter(a -> table.number(a, n.text()).isEmpty()).map(Arch::wardName).toList();
        if (missing.isEmpty()) return;
        String message = "syscall '" + n.text() + "' does not exist on " + String.join(", ", missing) + "; it is skipped there";
        if (noted.add(n.span() + message)) d.note(Codes.SYSCALL_NOT_ON_ARCH, n.span(), message);
    }

    private static AppArmor apparmor(List<OwnSettings> rootFirst) {
        List<AppArmorRule> rules = new ArrayList<>();
        Origin origin = null;
        for (OwnSettings s : rootFirst) {
            if (s.apparmor.isEmpty()) continue;
            rules.addAll(s.apparmorRules);
            origin = s.apparmor.get();
        }
        return origin == null ? AppArmor.none() : new AppArmor(true, rules, origin);
    }

    private static Limits limits(List<OwnSettings> chain) {
        Optional<Origin> origin = nearest(chain, s -> s.limitsOrigin);
        if (origin.isEmpty()) return Limits.none();
        return new Limits(nearestLong(chain, s -> s.memory), nearestLong(chain, s -> s.swap),
                chain.stream().map(s -> s.cpu).filter(OptionalDouble::isPresent).findFirst().orElse(OptionalDouble.empty()),
                nearestLong(chain, s -> s.cpuWeight), nearestLong(chain, s -> s.pids), nearestLong(chain, s -> s.ioWeight),
                origin.get());
    }

    private static OptionalLong nearestLong(List<OwnSettings> chain, Function<OwnSettings, OptionalLong> get) {
        return chain.stream().map(get).filter(OptionalLong::isPresent).findFirst().orElse(OptionalLong.empty());
    }

    private static Map<Rlimit, RlimitValue> rlimits(List<OwnSettings> rootFirst) {
        Map<Rlimit, RlimitValue> out = new EnumMap<>(Rlimit.class);
        for (OwnSettings s : rootFirst) out.putAll(s.rlimits);
        return out;
    }

    private static List<DeviceRule> devices(List<OwnSettings> rootFirst) {
        List<DeviceRule> out = new ArrayList<>();
        for (OwnSettings s : rootFirst) out.addAll(s.devices);
        return out;
    }

    private static Filesystem filesystem(List<OwnSettings> chain, List<OwnSettings> rootFirst) {
        Optional<Origin> origin = nearest(chain, s -> s.filesystemOrigin);
        if (origin.isEmpty()) return Filesystem.none();
        List<String> readonly = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        List<Filesystem.Mount> mounts = new ArrayList<>();
        for (OwnSettings s : rootFirst) {
            s.readonly.stream().filter(x -> !readonly.contains(x)).forEach(readonly::add);
            s.masked.stream().filter(x -> !masked.contains(x)).forEach(masked::add);
            s.mounts.stream().filter(x -> !mounts.contains(x)).forEach(mounts::add);
        }
        return new Filesystem(nearest(chain, s -> s.proc), nearest(chain, s -> s.sys), readonly, masked, mounts, origin.get());
    }

    // Checks that need the whole chain: the container mode's id map and namespace rules.
    private void check(Profile p, List<OwnSettings> chain) {
        if (p.mode().orElse(null) != Mode.UNPRIVILEGED) return;
        IdMaps idmap = p.idmap();
        if (idmap.isEmpty()) {
            d.error(Codes.UNPRIVILEGED_ROOT, p.origin().span(), "unprivileged profile '" + p.name()
                    + "' needs an idmap that maps container uid 0 to an unprivileged host uid");
        } else if (idmap.isolatedCount().isEmpty()) {
            Optional<IdMapping> root = idmap.mappings().stream()
                    .filter(m -> m.kind() == IdMapping.Kind.UID && m.inside() == 0).findFirst();
            if (root.isEmpty()) {
                d.error(Codes.UNPRIVILEGED_ROOT, idmap.origin().span(), "unprivileged profile '" + p.name()
                        + "' does not map container uid 0");
            } else if (root.get().host() == 0) {
                d.error(Codes.UNPRIVILEGED_ROOT, root.get().origin().span(), "unprivileged profile '" + p.name()
                        + "' maps container uid 0 to host uid 0, which makes it privileged");
            }
        }
        if (p.sharedNamespaces().contains(Namespace.USER)) {
            Origin where = nearest(chain, s -> s.namespacesOrigin).orElse(p.origin());
            d.error(Codes.SHARED_USER_NAMESPACE, where.span(), "unprivileged profile '" + p.name()
                    + "' cannot share the host's user namespace");
        }
    }
}
