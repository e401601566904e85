package dev.ward.backend;

import dev.ward.ir.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ward compile} was asked for beyond the policy: architectures to restrict to (empty: each
 * profile's own), the cgroup version to write for LXC, and the directory holding the policies (where the id
 * allocation file lives).
 */
public record CompileOptions(List<Arch> arches, CgroupVersion cgroup, Optional<Path> policyRoot) {
    public enum CgroupVersion { V1, V2 }

    public CompileOptions {
        arches = List.copyOf(arches);
    }

    public static CompileOptions defaults() {
        return new CompileOptions(List.of(), CgroupVersion.V2, Optional.empty());
    }
}
