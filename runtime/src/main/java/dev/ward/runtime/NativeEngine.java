package dev.ward.runtime;

import static dev.ward.runtime.linux.Linux.*;

import dev.ward.engine.CapabilitySets;
import dev.ward.engine.Confinement;
import dev.ward.ir.Arch;
import dev.ward.ir.Namespace;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.SyscallTable;
import dev.ward.runtime.cgroup.Cgroup;
import dev.ward.runtime.cgroup.CgroupLayout;
import dev.ward.runtime.linux.Foreground;
import dev.ward.runtime.linux.LibC;
import dev.ward.runtime.linux.Pipe;
import dev.ward.runtime.linux.Spawn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The native engine: ward itself confines the command. The parent (this JVM) checks everything it can,
 * creates the cgroup with the limits, and starts a child JVM ({@link Exec}), through util-linux
 * {@code unshare} when namespaces are new. It moves the child into the cgroup and raises its hard limits
 * before letting it go on; the child then sets its rlimits, drops capabilities, sets no_new_privs, requests
 * the AppArmor profile and installs the seccomp filter on the thread that calls execve. The parent stays:
 * it forwards signals, waits, and removes the cgroup and the run's directory. The command's exit status is
 * the run's, 128+N for a death by signal N.
 */
public final class NativeEngine implements Engine {
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})");

    private final AppArmorHost apparmor;
    private final SeccompCompiler seccomp;

    public NativeEngine(AppArmorHost apparmor, SeccompCompiler seccomp) {
        this.apparmor = apparmor;
        this.seccomp = seccomp;
    }

    @Override
    public int run(RunRequest req) throws RunFailure {
        LibC c = LibC.INSTANCE;
        Profile p = req.profile();
        if (c.geteuid() != 0) {
            throw new RunFailure("the native engine needs root (cgroups, capabilities, namespaces)", 2);
        }
        Arch arch = HostArch.require();
        CgroupLayout layout = CgroupLayout.require();
        List<dev.ward.ir.IdMapping> maps = p.idmap().isolatedCount().isPresent()
                ? Fragments.idMaps(Fragments.context(req, arch, layout.cgroupVersion())) : p.idmap().mappings();
        NamespacePlan ns = NamespacePlan.of(p, maps);
        String unshare = null;
        String init = null;
        if (ns.needsHelper()) {
            unshare = Executables.find("unshare").map(Path::toString).orElseThrow(() -> new RunFailure(
                    "the native engine needs util-linux 'unshare' to create namespaces; it is not installed", 2));
            if (ns.created().contains(Namespace.USER) && Executables.find("newuidmap").isEmpty()) {
                throw new RunFailure("an id map needs newuidmap and newgidmap (package uidmap); not installed", 2);
            }
            if (ns.forks()) {
                init = Executables.find("init.lxc").map(Path::toString).orElseThrow(() -> new RunFailure(
                        "a new pid namespace needs LXC's init.lxc as its init (package lxc); it is not installed", 2));
            }
        }
        AppArmorHost.Decision aa = apparmor.decide(p);
        if (aa instanceof AppArmorHost.Decision.Skip skip) {
            skip.warning().ifPresent(w -> req.err().println("ward run: warning: " + w));
        }
        warnAboutNetwork(req, ns);
        Path program = Executables.command(req.command().get(0), req.environment())
                .orElseThrow(() -> new RunFailure(req.command().get(0) + ": command not found", 127));
        byte[] filter = seccomp.compile(p, arch);
        ExecPlan plan = plan(req, arch, ns, program, aa, filter);
        String name = "ward-" + p.name().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + RunNames.unique();
        try (Cgroup cgroup = Cgroup.create(layout, name, p.limits(), p.devices());
             RunDirectory dir = RunDirectory.create();
             SignalForwarder signals = new SignalForwarder()) {
            return launch(req, plan, ns, unshare, init, name, cgroup, dir, signals);
        }
    }

    private static ExecPlan plan(RunRequest req, Arch arch, NamespacePlan ns, Path program,
                                 AppArmorHost.Decision aa, byte[] filter) throws RunFailure {
        Profile p = req.profile();
        List<ExecPlan.RlimitSetting> rlimits = new ArrayList<>();
        for (Map.Entry<Rlimit, RlimitValue> e : new java.util.TreeMap<>(p.rlimits()).entrySet()) {
            rlimits.add(new ExecPlan.RlimitSetting(e.getKey().number(), e.getValue().soft(), e.getValue().hard()));
        }
        ExecPlan.CapabilityMasks caps = capabilities(req);
        SyscallTable table = SyscallTable.standard();
        long seccompNr = table.number(arch, "seccomp").orElseThrow(() -> new RunFailure("no seccomp(2) on " + arch, 2));
        long closeRangeNr = table.number(arch, "close_range").orElse(-1);
        Optional<String> hostname = ns.created().contains(Namespace.UTS)
                ? Optional.of(HOSTNAME.matcher(p.name()).matches() ? p.name() : "ward") : Optional.empty();
        List<String> env = new ArrayList<>();
        req.environment().forEach((k, v) -> env.add(k + "=" + v));
        List<String> argv = new ArrayList<>(req.command());
        Optional<String> profileName = aa instanceof AppArmorHost.Decision.Confine confine
                ? Optional.of(confine.profileName()) : Optional.empty();
        return new ExecPlan(p.name(), program.toString(), argv, env, rlimits, caps,
                Confinement.noNewPrivileges(p), profileName, filter,
                seccompNr, closeRangeNr, hostname, ns.created().contains(Namespace.NET),
                FilesystemPlan.steps(p.name(), p.filesystem(), ns));
    }

    // The sets the engines give a workload (CapabilitySets), less what this host does not give ward.
    private static ExecPlan.CapabilityMasks capabilities(RunRequest req) {
        Profile p = req.profile();
        CapabilitySets sets = CapabilitySets.of(p.capabilities());
        long host = HostCapabilities.bounding();
        long missing = CapabilitySets.mask(sets.bounding()) & ~host;
        if (missing != 0 && p.capabilities().style() == dev.ward.ir.Capabilities.Style.KEEP) {
            req.err().println("ward run: warning: this host does not give ward " + HostCapabilities.names(missing)
                    + "; the command runs without");
        }
        return new ExecPlan.CapabilityMasks(CapabilitySets.mask(sets.bounding()) & host,
                CapabilitySets.mask(sets.permitted()) & host, CapabilitySets.mask(sets.effective()) & host,
                CapabilitySets.mask(sets.inheritable()) & host, CapabilitySets.mask(sets.ambient()) & host);
    }

    private static void warnAboutNetwork(RunRequest req, NamespacePlan ns) {
        var net = req.profile().network();
        if (ns.created().contains(Namespace.NET) && net.kind() != dev.ward.ir.Network.Kind.UNSPECIFIED
                && net.kind() != dev.ward.ir.Network.Kind.NONE) {
            req.err().println("ward run: warning: the native engine creates no " + net.kind().name().toLowerCase()
                    + " interface; the command's network namespace has only lo");
        }
    }

    private int launch(RunRequest req, ExecPlan plan, NamespacePlan ns, String unshare, String init, String name, Cgroup cgroup,
                       RunDirectory dir, SignalForwarder signals) throws RunFailure {
        Path jna;
        try {
            jna = ChildJvm.unpackJna(dir.path());
        } catch (IOException e) {
            throw new RunFailure("cannot unpack JNA's native library: " + e.getMessage(), 3);
        }
        List<Path> classPath = ChildJvm.classPath();
        try (Pipe planPipe = new Pipe(); Pipe goPipe = new Pipe(); Pipe readyPipe = new Pipe()) {
            Spawn spawn = new Spawn().passFd(planPipe.readFd()).passFd(goPipe.readFd()).passFd(readyPipe.writeFd())
                    .openPath(jna.toString());
            List<Integer> cpFds = new ArrayList<>();
            for (Path entry : classPath) {
                spawn.openPath(entry.toString());
                cpFds.add(spawn.pathFd(cpFds.size() + 1));
            }
            spawn.workingDirectory(req.workingDirectory().toString());
            List<String> argv = new ArrayList<>();
            if (ns.needsHelper()) argv.addAll(ns.helperArgs(unshare, init, name));
            argv.addAll(ChildJvm.command(spawn.pathFd(0), cpFds));
            int child;
            try {
                // The child gets a process group of its own, and the terminal while it runs (Foreground).
            child = spawn.start(argv.get(0), argv, ChildJvm.environment(), true);
            } catch (IOException e) {
                throw new RunFailure(e.getMessage(), 2);
            } finally {
                planPipe.closeRead();
                goPipe.closeRead();
                readyPipe.closeWrite();
            }
            try {
                planPipe.writeAll(plan.encode());
                planPipe.closeWrite();
                int target = ns.forks() ? ChildProcesses.payload(child) : child;
                // Join the cgroup only once the JVM is up: its start would not fit a tight pids or memory limit.
                ChildProcesses.awaitReady(readyPipe, child);
                ChildProcesses.raiseHardLimits(target, plan);
                cgroup.join(target);
                goPipe.writeAll(new byte[] {1});
                goPipe.closeWrite();
                signals.target(target);
            } catch (RunFailure | RuntimeException e) {
                planPipe.closeWrite();
                goPipe.closeWrite();
                ChildProcesses.abort(child);
                throw e instanceof RunFailure rf ? rf
                        : new RunFailure("the command's process ended before it was confined", 1);
            }
            try (Foreground terminal = Foreground.handTo(child)) {
                return shellStatus(ChildProcesses.waitFor(child));
            }
        }
    }
}
