package dev.ward.lint;

import dev.ward.diag.Span;
import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
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
import dev.ward.ir.Trust;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Builds IR profiles in code for unit tests: by default a well-confined unprivileged profile that lints clean,
 * each setter making one thing worse. Origins are "test.ward" at the line a test chooses.
 */
final class ProfileBuilder {
    static final String FILE = "test.ward";

    String name;
    List<String> lineage;
    Optional<Mode> mode = Optional.of(Mode.UNPRIVILEGED);
    Trust trust = Trust.UNTRUSTED;
    Optional<String> owner = Optional.of("alice");
    List<Arch> arches = List.of(Arch.X86_64);
    IdMaps idmap = new IdMaps(List.of(
            new IdMapping(IdMapping.Kind.UID, 0, 200000, 65536, at(3)),
            new IdMapping(IdMapping.Kind.GID, 0, 200000, 65536, at(4))), OptionalLong.empty(), at(2));
    Capabilities capabilities = new Capabilities(Capabilities.Style.KEEP, Set.of(Capability.CHOWN),
            Set.of(Capability.CHOWN), at(5));
    Action defaultAction = Action.errno(1);
    List<SeccompRule> rules = new ArrayList<>(List.of(SeccompRule.of(Action.ALLOW, List.of("read", "write"), at(6))));
    AppArmor apparmor = new AppArmor(true, List.of(fileRule(false, "r", "/etc/**", 7)), at(7));
    Limits limits = new Limits(OptionalLong.of(512L << 20), OptionalLong.of(0), OptionalDouble.of(1.5),
            OptionalLong.empty(), OptionalLong.of(256), OptionalLong.empty(), at(8));
    Map<Rlimit, RlimitValue> rlimits = new EnumMap<>(Map.of(Rlimit.NOFILE, new RlimitValue(1024, 4096, at(9))));
    Network network = new Network(Network.Kind.VETH, Optional.of("br-alice"), false, 1, at(10));
    List<DeviceRule> devices = new ArrayList<>(List.of(new DeviceRule(true, 'c', 1, 3, "rwm", at(11))));
    Set<Namespace> shared = EnumSet.noneOf(Namespace.class);
    Filesystem filesystem = new Filesystem(Optional.of(Filesystem.Mode.MIXED), Optional.of(Filesystem.Mode.MIXED),
            List.of(), List.of(), List.of(), at(12));
    Origin origin = at(1);

    ProfileBuilder(String name) {
        this.name = name;
        this.lineage = List.of(name);
    }

    static Origin at(int line) {
        return Origin.of(Span.at(FILE, line, 5));
    }

    static AppArmorRule fileRule(boolean deny, String perms, String path, int line) {
        Set<AppArmorRule.Qualifier> q = deny ? Set.of(AppArmorRule.Qualifier.DENY) : Set.of();
        return new AppArmorRule(q, "file", List.of(new AppArmorRule.Atom.Word(perms, at(line)),
                new AppArmorRule.Atom.Quoted(path, at(line))), at(line));
    }

    static AppArmorRule rule(boolean deny, String family, int line, String... words) {
        Set<AppArmorRule.Qualifier> q = deny ? Set.of(AppArmorRule.Qualifier.DENY) : Set.of();
        List<AppArmorRule.Atom> atoms = new ArrayList<>();
        for (String w : words) atoms.add(new AppArmorRule.Atom.Word(w, at(line)));
        return new AppArmorRule(q, family, atoms, at(line));
    }

    static SeccompRule rule(Action a, Condition c, int line, String... syscalls) {
        return new SeccompRule(a, List.of(syscalls), Optional.ofNullable(c), Optional.empty(), at(line));
    }

    static SeccompRule rule(Action a, Condition c, Action otherwise, int line, String... syscalls) {
        return new SeccompRule(a, List.of(syscalls), Optional.of(c), Optional.of(otherwise), at(line));
    }

    ProfileBuilder privileged() {
        mode = Optional.of(Mode.PRIVILEGED);
        idmap = IdMaps.none();
        return this;
    }

    ProfileBuilder trusted() {
        trust = Trust.TRUSTED;
        return this;
    }

    ProfileBuilder rules(SeccompRule... rs) {
        rules = new ArrayList<>(List.of(rs));
        return this;
    }

    ProfileBuilder apparmor(AppArmorRule... rs) {
        apparmor = new AppArmor(true, List.of(rs), at(7));
        return this;
    }

    ProfileBuilder keep(Capability... caps) {
        Set<Capability> s = EnumSet.noneOf(Capability.class);
        s.addAll(List.of(caps));
        capabilities = new Capabilities(Capabilities.Style.KEEP, s, s, at(5));
        return this;
    }

    ProfileBuilder idmap(IdMapping... ms) {
        idmap = new IdMaps(List.of(ms), OptionalLong.empty(), at(2));
        return this;
    }

    ProfileBuilder share(Namespace... ns) {
        shared = EnumSet.copyOf(List.of(ns));
        return this;
    }

    ProfileBuilder extending(String parent) {
        lineage = List.of(name, parent);
        return this;
    }

    Profile build() {
        return new Profile(name, FILE, lineage, Optional.empty(), mode, trust, owner, arches, idmap, capabilities,
                new Seccomp(defaultAction, rules), apparmor, limits, rlimits, network, devices, shared, filesystem,
                List.of(), origin);
    }
}
