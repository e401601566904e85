package dev.ward.runtime;

import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/** Profiles built in code for the runtime's tests, one setting at a time. */
final class TestProfiles {
    private String name = "t";
    private Optional<Mode> mode = Optional.empty();
    private Trust trust = Trust.UNTRUSTED;
    private IdMaps idmap = IdMaps.none();
    private Capabilities caps = Capabilities.unspecified();
    private final List<SeccompRule> rules = new ArrayList<>();
    private Action defaultAction = Action.ALLOW;
    private AppArmor apparmor = AppArmor.none();
    private Limits limits = Limits.none();
    private final Map<Rlimit, RlimitValue> rlimits = new HashMap<>();
    private final List<DeviceRule> devices = new ArrayList<>();
    private Set<Namespace> shared = Set.of();
    private Filesystem filesystem = Filesystem.none();
    private Network network = Network.unspecified();

    static TestProfiles profile(String name) {
        TestProfiles t = new TestProfiles();
        t.name = name;
        return t;
    }

    TestProfiles keep(Capability... kept) {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(List.of(kept));
        caps = new Capabilities(Capabilities.Style.KEEP, set, set, Origin.NONE);
        return this;
    }

    TestProfiles rule(Action action, String... syscalls) {
        rules.add(SeccompRule.of(action, List.of(syscalls), Origin.NONE));
        return this;
    }

    TestProfiles memory(long bytes, long swap) {
        limits = new Limits(OptionalLong.of(bytes), OptionalLong.of(swap), limits.cpuCores(), limits.cpuWeight(),
                limits.pids(), limits.ioWeight(), Origin.NONE);
        return this;
    }

    TestProfiles pids(long n) {
        limits = new Limits(limits.memoryBytes(), limits.swapBytes(), limits.cpuCores(), limits.cpuWeight(),
                OptionalLong.of(n), limits.ioWeight(), Origin.NONE);
        return this;
    }

    TestProfiles cpu(double cores) {
        limits = new Limits(limits.memoryBytes(), limits.swapBytes(), OptionalDouble.of(cores), limits.cpuWeight(),
                limits.pids(), limits.ioWeight(), Origin.NONE);
        return this;
    }

    TestProfiles rlimit(Rlimit r, long soft, long hard) {
        rlimits.put(r, new RlimitValue(soft, hard, Origin.NONE));
        return this;
    }

    TestProfiles device(boolean allow, char type, int major, int minor, String access) {
        devices.add(new DeviceRule(allow, type, major, minor, access, Origin.NONE));
        return this;
    }

    TestProfiles share(Namespace... ns) {
        shared = Set.of(ns);
        return this;
    }

    TestProfiles idmap(long host, long count) {
        idmap = new IdMaps(List.of(new IdMapping(IdMapping.Kind.UID, 0, host, count, Origin.NONE),
                new IdMapping(IdMapping.Kind.GID, 0, host, count, Origin.NONE)), OptionalLong.empty(), Origin.NONE);
        mode = Optional.of(Mode.UNPRIVILEGED);
        return this;
    }

    TestProfiles trusted() {
        trust = Trust.TRUSTED;
        return this;
    }

    TestProfiles apparmor(AppArmor a) {
        apparmor = a;
        return this;
    }

    TestProfiles filesystem(Filesystem fs) {
        filesystem = fs;
        return this;
    }

    TestProfiles vethOn(String bridge) {
        network = new Network(Network.Kind.VETH, Optional.of(bridge), false, 1, Origin.NONE);
        return this;
    }

    Profile build() {
        return new Profile(name, name + ".ward", List.of(name), Optional.empty(), mode, trust, Optional.empty(),
                List.of(Arch.X86_64), idmap, caps, new Seccomp(defaultAction, rules), apparmor, limits, rlimits,
                network, devices, shared, filesystem, List.of(), Origin.NONE);
    }
}
