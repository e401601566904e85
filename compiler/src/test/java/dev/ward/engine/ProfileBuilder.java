package dev.ward.engine;

import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/** Builds resolved profiles in code, the way the front end would produce them. */
final class ProfileBuilder {
    private final String name;
    private Optional<String> description = Optional.empty();
    private Optional<Mode> mode = Optional.empty();
    private Trust trust = Trust.UNTRUSTED;
    private Optional<String> owner = Optional.empty();
    private IdMaps idmap = IdMaps.none();
    private Capabilities caps = Capabilities.unspecified();
    private Seccomp seccomp = new Seccomp(Action.ALLOW, List.of());
    private AppArmor apparmor = AppArmor.none();
    private Limits limits = Limits.none();
    private final Map<Rlimit, RlimitValue> rlimits = new EnumMap<>(Rlimit.class);
    private Network network = Network.unspecified();
    private final List<DeviceRule> devices = new ArrayList<>();
    private final Set<Namespace> shared = EnumSet.noneOf(Namespace.class);
    private Filesystem fs = Filesystem.none();

    ProfileBuilder(String name) {
        this.name = name;
    }

    static ProfileBuilder profile(String name) {
        return new ProfileBuilder(name);
    }

    ProfileBuilder description(String d) {
        description = Optional.of(d);
        return this;
    }

    ProfileBuilder mode(Mode m) {
        mode = Optional.of(m);
        return this;
    }

    ProfileBuilder trust(Trust t) {
        trust = t;
        return this;
    }

    ProfileBuilder owner(String o) {
        owner = Optional.of(o);
        return this;
    }

    ProfileBuilder idmap(long host, long count) {
        idmap = new IdMaps(List.of(new IdMapping(IdMapping.Kind.UID, 0, host, count, Origin.NONE),
                new IdMapping(IdMapping.Kind.GID, 0, host, count, Origin.NONE)), OptionalLong.empty(), Origin.NONE);
        return this;
    }

    ProfileBuilder isolated(long count) {
        idmap = new IdMaps(List.of(), OptionalLong.of(count), Origin.NONE);
        return this;
    }

    ProfileBuilder keep(Capability... kept) {
        caps = new Capabilities(Capabilities.Style.KEEP, Set.of(kept), Set.of(kept), Origin.NONE);
        return this;
    }

    ProfileBuilder drop(Capability... dropped) {
        EnumSet<Capability> kept = EnumSet.allOf(Capability.class);
        kept.removeAll(Arrays.asList(dropped));
        caps = new Capabilities(Capabilities.Style.DROP, Set.of(dropped), kept, Origin.NONE);
        return this;
    }

    ProfileBuilder seccomp(Action defaultAction, SeccompRule... rules) {
        seccomp = new Seccomp(defaultAction, List.of(rules));
        return this;
    }

    ProfileBuilder apparmor(AppArmorRule... rules) {
        apparmor = new AppArmor(true, List.of(rules), Origin.NONE);
        return this;
    }

    ProfileBuilder limits(Long memory, Long swap, Double cpu, Long cpuWeight, Long pids, Long ioWeight) {
        limits = new Limits(opt(memory), opt(swap), cpu == null ? OptionalDouble.empty() : OptionalDouble.of(cpu),
                opt(cpuWeight), opt(pids), opt(ioWeight), Origin.NONE);
        return this;
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    ProfileBuilder rlimit(Rlimit r, long soft, long hard) {
        rlimits.put(r, new RlimitValue(soft, hard, Origin.NONE));
        return this;
    }

    ProfileBuilder network(Network n) {
        network = n;
        return this;
    }

    ProfileBuilder veth(String bridge, int nics) {
        network = new Network(Network.Kind.VETH, Optional.of(bridge), false, nics, Origin.NONE);
        return this;
    }

    ProfileBuilder vethPerOwner() {
        network = new Network(Network.Kind.VETH, Optional.empty(), true, 1, Origin.NONE);
        return this;
    }

    ProfileBuilder device(boolean allow, char type, int major, int minor, String access) {
        devices.add(new DeviceRule(allow, type, major, minor, access, Origin.NONE));
        return this;
    }

    ProfileBuilder share(Namespace... ns) {
        shared.addAll(Arrays.asList(ns));
        return this;
    }

    ProfileBuilder filesystem(Filesystem.Mode proc, Filesystem.Mode sys, List<String> readonly, List<String> masked,
                              Filesystem.Mount... mounts) {
        fs = new Filesystem(Optional.ofNullable(proc), Optional.ofNullable(sys), readonly, masked, List.of(mounts),
                Origin.NONE);
        return this;
    }

    Profile build() {
        return new Profile(name, "test/" + name + ".ward", List.of(name), description, mode, trust, owner,
                List.of(Arch.X86_64), idmap, caps, seccomp, apparmor, limits, rlimits, network, devices, shared, fs,
                List.of(), Origin.NONE);
    }
}
