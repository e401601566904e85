package dev.ward.engine;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.ir.Capability;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI runtime-spec (1.0.2) fragment of a profile: the members of config.json that carry its confinement.
 * The time namespace is left to the runtime's default: spec 1.0.2 runtimes reject it.
 */
public final class OciFragment {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Two-space indents, {@code "key": value}, {@code []} for empty arrays: the layout of runc's config.json. */
    static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator("")
            .withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    private static final ObjectWriter WRITER = JSON.writer(PRINTER);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigInteger RLIM_INFINITY = new BigInteger("18446744073709551615");

    /** Namespaces in the order runc's default spec lists them, with their runtime-spec type names. */
    private static final Map<Namespace, String> TYPES = new java.util.LinkedHashMap<>();

    static {
        TYPES.put(Namespace.PID, "pid");
        TYPES.put(Namespace.NET, "network");
        TYPES.put(Namespace.IPC, "ipc");
        TYPES.put(Namespace.UTS, "uts");
        TYPES.put(Namespace.MOUNT, "mount");
        TYPES.put(Namespace.CGROUP, "cgroup");
        TYPES.put(Namespace.USER, "user");
    }

    private OciFragment() {}

    /** The fragment of {@code p}, with its resolved id maps, without a seccomp filter. */
    public static ObjectNode of(Profile p, List<IdMapping> maps) {
        return of(p, maps, Optional.empty());
    }

    /** The fragment of {@code p}, with its resolved id maps and its OCI seccomp profile, if it has a filter. */
    public static ObjectNode of(Profile p, List<IdMapping> maps, Optional<ObjectNode> seccomp) {
        ObjectNode root = F.objectNode();
        root.put("ociVersion", "1.0.2");
        ObjectNode process = root.putObject("process");
        if (!CapabilitySets.unspecified(p.capabilities())) {
            process.set("capabilities", capabilities(CapabilitySets.of(p.capabilities())));
        }
        if (!p.rlimits().isEmpty()) process.set("rlimits", rlimits(p.rlimits()));
        process.put("noNewPrivileges", Confinement.noNewPrivileges(p));
        Confinement.appArmorProfile(p).ifPresent(n -> process.put("apparmorProfile", n));
        ArrayNode mounts = mounts(p.filesystem());
        if (!mounts.isEmpty()) root.set("mounts", mounts);

        ObjectNode linux = root.putObject("linux");
        List<IdMapping> uids = maps.stream().filter(m -> m.kind() == IdMapping.Kind.UID).toList();
        List<IdMapping> gids = maps.stream().filter(m -> m.kind() == IdMapping.Kind.GID).toList();
        if (!uids.isEmpty()) linux.set("uidMappings", mappings(uids));
        if (!gids.isEmpty()) linux.set("gidMappings", mappings(gids));
        linux.set("namespaces", namespaces(p.sharedNamespaces(), !maps.isEmpty()));
        ObjectNode resources = resources(p.limits(), p.devices());
        if (!resources.isEmpty()) linux.set("resources", resources);
        seccomp.ifPresent(s -> linux.set("seccomp", s));
        List<String> readonly = new ArrayList<>();
        if (p.filesystem().proc().orElse(null) == Filesystem.Mode.MIXED) {
            readonly.add("/proc/sys");
            readonly.add("/proc/sysrq-trigger");
        }
        p.filesystem().readonly().stream().filter(x -> !readonly.contains(x)).forEach(readonly::add);
        if (!p.filesystem().masked().isEmpty()) linux.set("maskedPaths", strings(p.filesystem().masked()));
        if (!readonly.isEmpty()) linux.set("readonlyPaths", strings(readonly));
        return root;
    }

    /** The fragment as the text written to oci.json. */
    public static String text(ObjectNode fragment) {
        try {
            return WRITER.writeValueAsString(fragment) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode capabilities(CapabilitySets sets) {
        ObjectNode c = F.objectNode();
        c.set("bounding", capNames(sets.bounding()));
        c.set("effective", capNames(sets.effective()));
        c.set("permitted", capNames(sets.permitted()));
        c.set("inheritable", capNames(sets.inheritable()));
        c.set("ambient", capNames(sets.ambient()));
        return c;
    }

    private static ArrayNode capNames(Set<Capability> caps) {
        EnumSet<Capability> sorted = EnumSet.noneOf(Capability.class);
        sorted.addAll(caps);
        ArrayNode a = F.arrayNode();
        sorted.forEach(c -> a.add(c.capName()));
        return a;
    }

    private static ArrayNode rlimits(Map<Rlimit, RlimitValue> rlimits) {
        ArrayNode a = F.arrayNode();
        rlimits.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode r = a.addObject();
            r.put("type", "RLIMIT_" + e.getKey().name());
            r.put("hard", unsigned(e.getValue().hard()));
            r.put("soft", unsigned(e.getValue().soft()));
        });
        return a;
    }

    private static BigInteger unsigned(long v) {
        return v == RlimitValue.UNLIMITED ? RLIM_INFINITY : new BigInteger(Long.toUnsignedString(v));
    }

    private static ArrayNode mappings(List<IdMapping> maps) {
        ArrayNode a = F.arrayNode();
        for (IdMapping m : maps) {
            ObjectNode o = a.addObject();
            o.put("containerID", m.inside());
            o.put("hostID", m.host());
            o.put("size", m.count());
        }
        return a;
    }

    /** The runtime-spec type name of a namespace ({@code network}, {@code mount}, ...). */
    static String typeName(Namespace n) {
        return n == Namespace.TIME ? "time" : TYPES.get(n);
    }

    static ArrayNode namespaces(Set<Namespace> shared, boolean userNamespace) {
        ArrayNode a = F.arrayNode();
        TYPES.forEach((ns, type) -> {
            if (shared.contains(ns)) return;
            if (ns == Namespace.USER && !userNamespace) return;
            a.addObject().put("type", type);
        });
        return a;
    }

    private static ObjectNode resources(Limits l, List<DeviceRule> devices) {
        ObjectNode r = F.objectNode();
        if (l.memoryBytes().isPresent()) {
            ObjectNode m = r.putObject("memory");
            long mem = l.memoryBytes().getAsLong();
            m.put("limit", mem == Limits.MAX ? -1 : mem);
            l.swapBytes().ifPresent(s -> m.put("swap",
                    mem == Limits.MAX || s == Limits.MAX ? -1 : mem + s));
        }
        if (l.cpuCores().isPresent() || l.cpuWeight().isPresent()) {
            ObjectNode c = r.putObject("cpu");
            l.cpuWeight().ifPresent(w -> c.put("shares", CgroupSettings.cpuShares(w)));
            l.cpuCores().ifPresent(cores -> {
                c.put("quota", CgroupSettings.cpuQuotaUs(cores));
                c.put("period", CgroupSettings.CPU_PERIOD_US);
            });
        }
        l.pids().ifPresent(p -> r.putObject("pids").put("limit", p == Limits.MAX ? -1 : p));
        l.ioWeight().ifPresent(w -> r.putObject("blockIO").put("weight", CgroupSettings.blkioWeight(w)));
        if (!devices.isEmpty()) {
            ArrayNode d = r.putArray("devices");
            d.addObject().put("allow", false).put("access", "rwm");
            for (DeviceRule rule : devices) {
                ObjectNode o = d.addObject();
                o.put("allow", rule.allow());
                if (rule.type() != 'a') o.put("type", String.valueOf(rule.type()));
                if (rule.major() != DeviceRule.ANY) o.put("major", rule.major());
                if (rule.minor() != DeviceRule.ANY) o.put("minor", rule.minor());
                o.put("access", rule.access());
            }
        }
        return r;
    }

    private static ArrayNode mounts(Filesystem fs) {
        ArrayNode a = F.arrayNode();
        fs.proc().ifPresent(mode -> {
            ObjectNode m = a.addObject().put("destination", "/proc").put("type", "proc").put("source", "proc");
            ArrayNode o = m.putArray("options").add("nosuid").add("noexec").add("nodev");
            if (mode == Filesystem.Mode.RO) o.add("ro");
        });
        fs.sys().ifPresent(mode -> {
            ObjectNode m = a.addObject().put("destination", "/sys").put("type", "sysfs").put("source", "sysfs");
            ArrayNode o = m.putArray("options").add("nosuid").add("noexec").add("nodev");
            if (mode != Filesystem.Mode.RW) o.add("ro");
        });
        for (Filesystem.Mount mount : fs.mounts()) {
            ObjectNode m = a.addObject().put("destination", mount.target()).put("type", mount.fstype())
                    .put("source", mount.source());
            if (!mount.options().isEmpty()) m.set("options", strings(mount.options()));
        }
        return a;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
