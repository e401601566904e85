package dev.ward.runtime;

import dev.ward.backend.CompileContext;
import dev.ward.ir.Arch;
import dev.ward.ir.Namespace;
import dev.ward.ir.Profile;
import dev.ward.runtime.cgroup.CgroupLayout;
import dev.ward.runtime.linux.Foreground;
import dev.ward.runtime.linux.LibC;
import dev.ward.runtime.linux.Linux;
import dev.ward.runtime.linux.Spawn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An engine that hands the profile to a container runtime: the profile compiled by the matching target into
 * a private temporary directory, the command run over the host's root filesystem mounted read-only. The
 * runtime creates and removes its own cgroup and forwards signals to the container; ward starts it in a
 * process group of its own (with the terminal, when ward has it), forwards the signals it gets to it, waits,
 * and removes the directory. The exit status is the runtime's, which
 * is the command's (128+N for a signal).
 */
abstract class ContainerEngine implements Engine {
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})");

    private final AppArmorHost apparmor;

    ContainerEngine(AppArmorHost apparmor) {
        this.apparmor = apparmor;
    }

    /** The runtime's program ({@code lxc-execute}, {@code runc}). */
    abstract String binary();

    /** Writes the runtime's files into {@code dir} and returns its command line. */
    abstract List<String> prepare(Run run) throws RunFailure, IOException;

    /** Everything a runtime needs to prepare one run. */
    record Run(RunRequest request, CompileContext context, Path dir, Path binary, Path program, String name,
               AppArmorHost.Decision apparmor) {
        Profile profile() {
            return request.profile();
        }

        /** The host name of a new UTS namespace: the profile's name when it is one, otherwise "ward". */
        String hostname() {
            return HOSTNAME.matcher(profile().name()).matches() ? profile().name() : "ward";
        }

        boolean newPidNamespace() {
            return !profile().sharedNamespaces().contains(Namespace.PID);
        }
    }

    @Override
    public int run(RunRequest req) throws RunFailure {
        if (LibC.INSTANCE.geteuid() != 0) throw new RunFailure("the " + binary() + " engine needs root", 2);
        Path binary = Executables.find(binary()).orElseThrow(() -> new RunFailure(binary()
                + " is not installed; the " + engineName() + " engine needs it", 2));
        Arch arch = HostArch.require();
        CgroupLayout layout = CgroupLayout.require();
        Profile p = req.profile();
        AppArmorHost.Decision aa = apparmor.decide(p);
        if (aa instanceof AppArmorHost.Decision.Skip skip) {
            skip.warning().ifPresent(w -> req.err().println("ward run: warning: " + w));
        }
        Path program = Executables.command(req.command().get(0), req.environment())
                .orElseThrow(() -> new RunFailure(req.command().get(0) + ": command not found", 127));
        String name = "ward-" + p.name().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + RunNames.unique();
        CompileContext ctx = Fragments.context(req, arch, layout.cgroupVersion());
        try (RunDirectory dir = RunDirectory.create(); SignalForwarder signals = new SignalForwarder()) {
            // A container root mapped to an unprivileged host id must reach the files in it.
            Files.setPosixFilePermissions(dir.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> argv = prepare(new Run(req, ctx, dir.path(), binary, program, name, aa));
            List<String> env = new ArrayList<>();
            System.getenv().forEach((k, v) -> env.add(k + "=" + v));
            int pid = new Spawn().workingDirectory(req.workingDirectory().toString())
                    .start(argv.get(0), argv, env, true);
            signals.target(pid);
            try (Foreground terminal = Foreground.handTo(pid)) {
                return Linux.shellStatus(ChildProcesses.waitFor(pid));
            }
        } catch (IOException e) {
            throw new RunFailure("cannot start " + binary() + ": " + e.getMessage(), 2);
        }
    }

    private String engineName() {
        return binary().equals("runc") ? "runc" : "lxc";
    }

}
