package dev.ward.backend;

/**
 * One output family of {@code ward compile} ({@code bpf}, {@code seccomp-json}, {@code oci}, {@code lxc},
 * {@code apparmor}, {@code k8s}, {@code systemd}, {@code host}). A target renders into {@link Artifacts}
 * in memory and reports problems into the context's diagnostics; the CLI writes files only when the whole
 * run succeeded, each through a temporary file and a rename.
 */
public interface Target {
    /** The name used with {@code --target}. */
    String name();

    /** Renders this target's files for every profile selected in the context. */
    void render(CompileContext context, Artifacts out);

    /**
     * Whether the files and findings of each selected profile come from that profile alone (and what the run
     * shares through the context), so that profiles may be rendered one at a time, on several threads: true
     * for a {@link ProfileTarget}; a target whose files combine several profiles keeps false.
     */
    default boolean rendersProfilesAlone() {
        return false;
    }
}
