package dev.ward.resolve;

import dev.ward.ast.Item;
import dev.ward.ast.Name;
import dev.ward.ir.Action;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Expectation;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.Trust;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/** What one profile itself says, resolved, before its parent's settings are merged in. */
final class OwnSettings {
    final Item.Profile decl;
    final String file;

    Optional<String> description = Optional.empty();
    Optional<Mode> mode = Optional.empty();
    Optional<Trust> trust = Optional.empty();
    Optional<String> owner = Optional.empty();
    Optional<List<Arch>> arches = Optional.empty();
    Optional<IdMaps> idmap = Optional.empty();
    Optional<Capabilities> capabilities = Optional.empty();

    boolean hasSeccomp;
    Optional<Action> seccompDefault = Optional.empty();
    final List<SeccompRule> seccompRules = new ArrayList<>();
    /** Syscalls named directly (not through a group), for the per-architecture notes. */
    final List<Name> namedSyscalls = new ArrayList<>();

    Optional<Origin> apparmor = Optional.empty();
    final List<AppArmorRule> apparmorRules = new ArrayList<>();

    Optional<Origin> limitsOrigin = Optional.empty();
    OptionalLong memory = OptionalLong.empty();
    OptionalLong swap = OptionalLong.empty();
    OptionalDouble cpu = OptionalDouble.empty();
    OptionalLong cpuWeight = OptionalLong.empty();
    OptionalLong pids = OptionalLong.empty();
    OptionalLong ioWeight = OptionalLong.empty();

    final Map<Rlimit, RlimitValue> rlimits = new EnumMap<>(Rlimit.class);
    Optional<Network> network = Optional.empty();
    final List<DeviceRule> devices = new ArrayList<>();
    Optional<Set<Namespace>> namespaces = Optional.empty();
    Optional<Origin> namespacesOrigin = Optional.empty();

    Optional<Origin> filesystemOrigin = Optional.empty();
    Optional<Filesystem.Mode> proc = Optional.empty();
    Optional<Filesystem.Mode> sys = Optional.empty();
    final List<String> readonly = new ArrayList<>();
    final List<String> masked = new ArrayList<>();
    final List<Filesystem.Mount> mounts = new ArrayList<>();

    final List<Expectation> expectations = new ArrayList<>();

    OwnSettings(Item.Profile decl) {
        this.decl = decl;
        this.file = decl.span().file();
    }
}
