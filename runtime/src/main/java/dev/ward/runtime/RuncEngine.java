package dev.ward.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.engine.OciBundle;
import dev.ward.ir.Capability;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code runc run} with a bundle whose config.json is runc's default spec with the profile's OCI fragment
 * merged in ({@link OciBundle}) and its seccomp profile (the seccomp-json target) as linux.seccomp. runc cannot pivot into the host's root itself, so the root is bound
 * recursively onto the bundle's rootfs inside a private mount namespace that ends with the run, and runc
 * makes it read-only. In a new pid namespace init.lxc is pid 1, as under lxc-execute, so signals reach the
 * command; runc's cgroup is created relative to ward's own.
 */
public final class RuncEngine extends ContainerEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RuncEngine(AppArmorHost apparmor) {
        super(apparmor);
    }

    @Override
    String binary() {
        return "runc";
    }

    @Override
    List<String> prepare(Run run) throws RunFailure, IOException {
        String profile = run.profile().name();
        Network net = run.profile().network();
        if (!run.profile().sharedNamespaces().contains(Namespace.NET) && net.kind() != Network.Kind.UNSPECIFIED
                && net.kind() != Network.Kind.NONE) {
            run.request().err().println("ward run: warning: runc creates no " + net.kind().name().toLowerCase(
                    java.util.Locale.ROOT) + " interface; the command's network namespace has only lo");
        }
        byte[] fragment = Fragments.render("oci", run.context()).get(profile + "/oci.json");
        if (fragment == null) throw new RunFailure("the oci target wrote no oci.json for " + profile, 3);
        ObjectNode config = OciBundle.merge(base(run), (ObjectNode) JSON.readTree(fragment),
                run.profile().sharedNamespaces());
        ObjectNode linux = (ObjectNode) config.get("linux");
        if (!linux.has("seccomp")) {
            // The seccomp-json target's profile is the runtime-spec's linux.seccomp, for this host's ABI.
            byte[] seccomp = Fragments.render("seccomp-json", run.context()).get(profile + "/seccomp.json");
            if (seccomp == null) throw new RunFailure("the seccomp-json target wrote nothing for " + profile, 3);
            linux.set("seccomp", JSON.readTree(seccomp));
        }
        ObjectNode process = (ObjectNode) config.get("process");
        keepHostCapabilities(process, run.request());
        if (run.apparmor() instanceof AppArmorHost.Decision.Skip) process.remove("apparmorProfile");
        if (run.profile().sharedNamespaces().contains(Namespace.UTS)) config.remove("hostname");

        Path bundle = Files.createDirectory(run.dir().resolve("bundle"));
        Path rootfs = Files.createDirectory(bundle.resolve("rootfs"));
        Files.write(bundle.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        String unshare = Executables.find("unshare").map(Path::toString).orElseThrow(() -> new RunFailure(
                "the runc engine needs util-linux 'unshare' to bind the host's root; it is not installed", 2));
        return List.of(unshare, "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "mount --rbind / \"$0\" && exec \"$@\"", rootfs.toString(),
                run.binary().toString(), "run", "-b", bundle.toString(), run.name());
    }

    /** runc's default spec (as {@code runc spec} writes it) for this run. */
    private static ObjectNode base(Run run) {
        ObjectNode c = JSON.createObjectNode();
        c.put("ociVersion", "1.0.2");
        ObjectNode process = c.putObject("process");
        process.put("terminal", false);
        process.putObject("user").put("uid", 0).put("gid", 0);
        ArrayNode args = process.putArray("args");
        if (run.newPidNamespace()) {
            Executables.find("init.lxc").ifPresent(init -> args.add(init.toString()).add("-n").add(run.name())
                    .add("-q").add("--"));
        }
        args.add(run.program().toString());
        run.request().command().subList(1, run.request().command().size()).forEach(args::add);
        ArrayNode env = process.putArray("env");
        new TreeMap<>(run.request().environment()).forEach((k, v) -> env.add(k + "=" + v));
        process.put("cwd", run.request().workingDirectory().toAbsolutePath().toString());
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.putArray(set).add("CAP_AUDIT_WRITE").add("CAP_KILL").add("CAP_NET_BIND_SERVICE");
        }
        process.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        process.put("noNewPrivileges", true);
        c.putObject("root").put("path", "rootfs").put("readonly", true);
        c.put("hostname", run.hostname());
        ArrayNode mounts = c.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620", "gid=5");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        if (run.profile().sharedNamespaces().contains(Namespace.NET)) {
            // A fresh sysfs needs a network namespace of the container's own.
            mount(mounts, "/sys", "none", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro");
        } else {
            mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        }
        ObjectNode linux = c.putObject("linux");
        linux.put("cgroupsPath", run.name());
        linux.putObject("resources").putArray("devices").addObject().put("allow", false).put("access", "rwm");
        ArrayNode ns = linux.putArray("namespaces");
        for (String type : List.of("pid", "network", "ipc", "uts", "mount", "cgroup")) ns.addObject().put("type", type);
        ArrayNode masked = linux.putArray("maskedPaths");
        for (String m : List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi")) {
            masked.add(m);
        }
        ArrayNode ro = linux.putArray("readonlyPaths");
        for (String m : List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")) ro.add(m);
        return c;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        if (options.length > 0) {
            ArrayNode o = m.putArray("options");
            for (String opt : options) o.add(opt);
        }
    }

    // runc refuses to start with a capability it cannot grant; LXC and the native engine leave it out.
    private static void keepHostCapabilities(ObjectNode process, RunRequest req) {
        long host = HostCapabilities.bounding();
        JsonNode caps = process.path("capabilities");
        if (!caps.isObject()) return;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> set : iterable(caps)) {
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode name : set.getValue()) {
                int n = Capability.byName(name.asText()).map(Capability::number).orElse(-1);
                if (n >= 0 && (host & (1L << n)) == 0) {
                    if (!missing.contains(name.asText())) missing.add(name.asText());
                } else {
                    kept.add(name);
                }
            }
            ((ObjectNode) caps).set(set.getKey(), kept);
        }
        if (!missing.isEmpty()) {
            req.err().println("ward run: warning: this host does not give ward " + String.join(", ", missing)
                    + "; the command runs without");
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
