package dev.ward.ir;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A resolved profile: inheritance flattened, names and numbers resolved. Every backend consumes this and
 * nothing of the syntax tree. {@code lineage} is the extends chain from this profile up ({@code [web,
 * unprivileged]}); {@code file} is the source file it was written in.
 */
public record Profile(
        String name,
        String file,
        List<String> lineage,
        Optional<String> description,
        Optional<Mode> mode,
        Trust trust,
        Optional<String> owner,
        List<Arch> arches,
        IdMaps idmap,
        Capabilities capabilities,
        Seccomp seccomp,
        AppArmor apparmor,
        Limits limits,
        Map<Rlimit, RlimitValue> rlimits,
        Network network,
        List<DeviceRule> devices,
        Set<Namespace> sharedNamespaces,
        Filesystem filesystem,
        List<Expectation> expectations,
        Origin origin) {

    public Profile {
        lineage = List.copyOf(lineage);
        arches = List.copyOf(arches);
        rlimits = Map.copyOf(rlimits);
        devices = List.copyOf(devices);
        sharedNamespaces = Set.copyOf(sharedNamespaces);
        expectations = List.copyOf(expectations);
    }

    public boolean privileged() {
        return mode.orElse(null) == Mode.PRIVILEGED;
    }

    public boolean unprivileged() {
        return mode.orElse(null) == Mode.UNPRIVILEGED;
    }

    public boolean untrusted() {
        return trust == Trust.UNTRUSTED;
    }
}
