package dev.ward.backend;

import dev.ward.ir.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ward compile} was asked for beyond the policy: architectures to restrict to (empty: each
 * profile's own), the cgroup version to write for LXC, the directory holding the policies (where the id
 * allocation file lives), and the absolute output directory, for files that name each other by path (lxc.conf
 * names its lxc.seccomp).
 */
public record CompileOptions(List<Arch> arches, CgroupVersion cgroup, Optional<Path> policyRoot,
                             Optional<Path> outputDir) {
    public enum CgroupVersion { V1, V2 }

    public CompileOptions {
        arches = List.copyOf(arches);
    }

    /** Options for rendering without an output directory. */
    public CompileOptions(List<Arch> arches, CgroupVersion cgroup, Optional<Path> policyRoot) {
        this(arches, cgroup, policyRoot, Optional.empty());
    }

    public static CompileOptions defaults() {
        return new CompileOptions(List.of(), CgroupVersion.V2, Optional.empty());
    }

    /** These options with the output directory {@code dir}. */
    public CompileOptions withOutputDir(Path dir) {
        return new CompileOptions(arches, cgroup, policyRoot, Optional.of(dir));
    }
}
