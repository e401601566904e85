package dev.ward.runtime;

import dev.ward.diag.Diagnostics;
import dev.ward.engine.Bridges;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code lxc-execute} with the profile's lxc.conf: the host's root as the container's, read-only
 * ({@code dir:/}), cgroups created under ward's own (relative), init.lxc as pid 1 forwarding signals. The
 * command gets exactly ward's environment through {@code env -i}: LXC clears it, and a value written into
 * lxc.environment could break the config line.
 */
public final class LxcEngine extends ContainerEngine {
    public LxcEngine(AppArmorHost apparmor) {
        super(apparmor);
    }

    // LXC attaches the container's veth to the bridge the policy names; without it LXC fails after starting.
    private static void requireBridge(Run run) throws RunFailure {
        Network n = run.profile().network();
        if (run.profile().sharedNamespaces().contains(Namespace.NET)) return;
        if (n.kind() != Network.Kind.VETH && n.kind() != Network.Kind.MACVLAN && n.kind() != Network.Kind.PHYS) return;
        Optional<String> link = Bridges.of(run.profile(), new Diagnostics());
        if (link.isPresent() && !Files.exists(Path.of("/sys/class/net", link.get()))) {
            throw new RunFailure("profile " + run.profile().name() + " attaches to " + link.get()
                    + ", which does not exist on this host", 2);
        }
    }

    @Override
    String binary() {
        return "lxc-execute";
    }

    @Override
    List<String> prepare(Run run) throws RunFailure, IOException {
        String profile = run.profile().name();
        requireBridge(run);
        Map<String, byte[]> files = Fragments.render("lxc", run.context());
        byte[] conf = files.get(profile + "/lxc.conf");
        if (conf == null) throw new RunFailure("the lxc target wrote no lxc.conf for " + profile, 3);
        Path dir = run.dir();
        Files.write(dir.resolve("lxc.conf"), conf);
        StringBuilder w = new StringBuilder();
        w.append("lxc.include = ").append(dir.resolve("lxc.conf")).append('\n');
        byte[] seccomp = files.get(profile + "/lxc.seccomp");
        if (seccomp != null) {
            Files.write(dir.resolve("lxc.seccomp"), seccomp);
            w.append("lxc.seccomp.profile = ").append(dir.resolve("lxc.seccomp")).append('\n');
        }
        w.append("lxc.rootfs.path = dir:/\n");
        w.append("lxc.rootfs.options = ro\n");
        w.append("lxc.console.path = none\n");
        w.append("lxc.cgroup.relative = 1\n");
        // LXC's own defaults (common.conf) for what the profile leaves open; a fresh sysfs needs a network
        // namespace of the container's own.
        if (run.profile().filesystem().proc().isEmpty()) w.append("lxc.mount.auto = proc:mixed\n");
        if (run.profile().filesystem().sys().isEmpty() && !run.profile().sharedNamespaces().contains(Namespace.NET)) {
            w.append("lxc.mount.auto = sys:mixed\n");
        }
        // LXC 5 cannot build a fresh /dev when it keeps a host namespace (EOVERFLOW on dev/pts).
        if (!run.profile().sharedNamespaces().isEmpty()) w.append("lxc.autodev = 0\n");
        if (!run.profile().sharedNamespaces().contains(Namespace.UTS)) {
            w.append("lxc.uts.name = ").append(run.hostname()).append('\n');
        }
        String cwd = run.request().workingDirectory().toAbsolutePath().toString();
        if (cwd.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) w.append("lxc.init.cwd = ").append(cwd).append('\n');
        Files.writeString(dir.resolve("run.conf"), w.toString(), StandardCharsets.UTF_8);

        List<String> argv = new ArrayList<>(List.of(run.binary().toString(), "-n", run.name(), "-P", dir.toString(),
                "-f", dir.resolve("run.conf").toString(), "--"));
        argv.add(Executables.find("env").map(Path::toString).orElse("/usr/bin/env"));
        argv.add("-i");
        for (Map.Entry<String, String> e : new TreeMap<>(run.request().environment()).entrySet()) {
            if (!e.getKey().isEmpty() && !e.getKey().contains("=")) argv.add(e.getKey() + "=" + e.getValue());
        }
        argv.add(run.program().toString());
        argv.addAll(run.request().command().subList(1, run.request().command().size()));
        return argv;
    }
}
