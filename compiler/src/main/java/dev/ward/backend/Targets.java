package dev.ward.backend;

import java.util.List;
import java.util.Optional;

/** Every target {@code ward compile} knows, in the order {@code all} renders them. */
public final class Targets {
    private Targets() {}

    public static List<Target> all() {
        return List.of(
                new dev.ward.seccomp.BpfTarget(),
                new dev.ward.seccomp.SeccompJsonTarget(),
                new dev.ward.engine.OciTarget(),
                new dev.ward.engine.LxcTarget(),
                new dev.ward.apparmor.AppArmorTarget(),
                new dev.ward.engine.HostTarget(),
                new dev.ward.engine.SystemdTarget(),
                new dev.ward.engine.K8sTarget()
        );
    }

    public static Optional<Target> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
