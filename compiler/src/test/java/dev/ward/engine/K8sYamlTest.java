package dev.ward.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * k8s.yaml read back as YAML: every document and the securityContext in its header use only the field names,
 * types and values of the Security Profiles Operator's CRDs (SeccompProfile v1beta1, AppArmorProfile v1alpha1,
 * as SPO's Go types declare them) and of the Pod API, and the securityContext names the objects written.
 */
class K8sYamlTest {
    static final YAMLMapper YAML = new YAMLMapper();
    static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** SPO's strictPathRegex for abstract paths. */
    static final Pattern SPO_PATH = Pattern.compile("/[a-zA-Z0-9_./*?+@{} -]*");
    static final Set<String> SPO_CAPABILITIES = Set.of("chown", "dac_override", "dac_read_search", "fowner", "fsetid",
            "kill", "setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin",
            "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
            "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
            "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
            "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore");
    static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    static final Set<String> ARCHES = Set.of("SCMP_ARCH_NATIVE", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
            "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
            "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
            "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
            "SCMP_ARCH_RISCV64");
    static final Set<String> OPS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
            "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    /** What one k8s.yaml holds: its documents by kind, and the securityContext of its header. */
    record Parsed(Map<String, JsonNode> objects, JsonNode securityContext) {}

    static Parsed parse(String text) throws IOException {
        Map<String, JsonNode> objects = new java.util.LinkedHashMap<>();
        Iterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text);
        while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc == null || doc.isMissingNode() || doc.isNull()) continue;
            assertFalse(objects.containsKey(doc.path("kind").asText()), "one object of each kind");
            objects.put(doc.path("kind").asText(), doc);
        }
        StringBuilder snippet = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("#   ")) snippet.append(line.substring(4)).append('\n');
        }
        JsonNode sc = snippet.length() == 0 ? YAML.createObjectNode() : YAML.readTree(snippet.toString());
        return new Parsed(objects, sc);
    }

    static String k8s(Profile p, Diagnostics d) {
        Artifacts out = new Artifacts();
        new K8sTarget().render(new CompileContext(new dev.ward.ir.Policy(List.of(p)), List.of(p),
                CompileOptions.defaults(), d), out);
        byte[] text = out.files().get(p.name() + "/k8s.yaml");
        return text == null ? null : new String(text, StandardCharsets.UTF_8);
    }

    @Test
    void everyGoldenCaseUsesSposFieldNames() throws IOException {
        int apparmor = 0;
        int seccomp = 0;
        for (GoldenCases.Case c : GoldenCases.all().values()) {
            for (Profile p : c.profiles()) {
                String where = c.name() + "/" + p.name();
                Diagnostics d = new Diagnostics();
                String text = k8s(p, d);
                if (text == null) {
                    assertTrue(d.hasErrors(), where + ": no k8s.yaml, and no error that says why");
                    continue;
                }
                Parsed parsed = parse(text);
                assertEquals(dev.ward.apparmor.AppArmorNames.confines(p), parsed.objects().containsKey("AppArmorProfile"), where);
                assertEquals(EngineSeccomp.filters(p), parsed.objects().containsKey("SeccompProfile"), where);
                for (JsonNode o : parsed.objects().values()) {
                    switch (o.path("kind").asText()) {
                        case "SeccompProfile" -> {
                            checkSeccompProfile(o, where);
                            seccomp++;
                        }
                        case "AppArmorProfile" -> {
                            checkAppArmorProfile(o, where);
                            apparmor++;
                        }
                        default -> throw new AssertionError(where + ": unexpected kind " + o.path("kind"));
                    }
                }
                checkSecurityContext(parsed, where);
            }
        }
        assertTrue(apparmor >= 5 && seccomp >= 5, "AppArmorProfiles " + apparmor + ", SeccompProfiles " + seccomp);
    }

    static void fields(JsonNode node, String where, String... allowed) {
        assertTrue(node.isObject(), where + " is an object: " + node);
        Set<String> names = Set.of(allowed);
        node.fieldNames().forEachRemaining(f -> assertTrue(names.contains(f), where + ": unknown field " + f));
    }

    static void metadata(JsonNode o, String version, String kind, String where) {
        fields(o, where, "apiVersion", "kind", "metadata", "spec");
        assertEquals("security-profiles-operator.x-k8s.io/" + version, o.path("apiVersion").asText(), where);
        assertEquals(kind, o.path("kind").asText());
        JsonNode m = o.path("metadata");
        fields(m, where + ".metadata", "name", "labels", "annotations");
        assertTrue(DNS_SUBDOMAIN.matcher(m.path("name").asText()).matches(), where + ": name " + m.path("name"));
        for (String map : List.of("labels", "annotations")) {
            m.path(map).fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), where + " " + map));
        }
    }

    static void checkAppArmorProfile(JsonNode o, String where) {
        metadata(o, "v1alpha1", "AppArmorProfile", where);
        fields(o.path("spec"), where + ".spec", "abstract", "mode");
        JsonNode a = o.path("spec").path("abstract");
        fields(a, where + ".abstract", "executable", "filesystem", "network", "capability");
        if (a.has("executable")) {
            fields(a.path("executable"), where, "allowedExecutables", "allowedLibraries");
            a.path("executable").elements().forEachRemaining(list -> paths(list, where));
        }
        if (a.has("filesystem")) {
            fields(a.path("filesystem"), where, "readOnlyPaths", "writeOnlyPaths", "readWritePaths");
            a.path("filesystem").elements().forEachRemaining(list -> paths(list, where));
        }
        if (a.has("network")) {
            fields(a.path("network"), where, "allowRaw", "allowedProtocols");
            assertTrue(a.path("network").path("allowRaw").isBoolean(), where);
            fields(a.path("network").path("allowedProtocols"), where, "allowTcp", "allowUdp");
            a.path("network").path("allowedProtocols").elements().forEachRemaining(b -> assertTrue(b.isBoolean()));
        }
        if (a.has("capability")) {
            fields(a.path("capability"), where, "allowedCapabilities");
            a.path("capability").path("allowedCapabilities").forEach(cap ->
                    assertTrue(SPO_CAPABILITIES.contains(cap.asText()), where + ": capability " + cap));
        }
    }

    private static void paths(JsonNode list, String where) {
        assertTrue(list.isArray() && !list.isEmpty(), where);
        list.forEach(p -> assertTrue(p.isTextual() && SPO_PATH.matcher(p.asText()).matches(), where + ": path " + p));
    }

    static void checkSeccompProfile(JsonNode o, String where) {
        metadata(o, "v1beta1", "SeccompProfile", where);
        JsonNode spec = o.path("spec");
        fields(spec, where + ".spec", "defaultAction", "architectures", "syscalls");
        assertTrue(ACTIONS.contains(spec.path("defaultAction").asText()), where);
        spec.path("architectures").forEach(a -> assertTrue(ARCHES.contains(a.asText()), where + ": " + a));
        for (JsonNode s : spec.path("syscalls")) {
            fields(s, where + ".syscalls", "names", "action", "errnoRet", "args");
            assertTrue(s.path("names").isArray() && !s.path("names").isEmpty(), where);
            s.path("names").forEach(n -> assertTrue(n.isTextual() && n.asText().matches("[a-z0-9_]+"), where));
            assertTrue(ACTIONS.contains(s.path("action").asText()), where + ": " + s.path("action"));
            if (s.has("errnoRet")) {
                assertTrue(s.path("errnoRet").isInt() && s.path("errnoRet").asInt() >= 0, where + ": " + s);
            }
            assertTrue(s.path("args").size() <= 6, where);
            for (JsonNode arg : s.path("args")) {
                fields(arg, where + ".args", "index", "value", "valueTwo", "op");
                assertTrue(arg.path("index").isInt() && arg.path("index").asInt() >= 0 && arg.path("index").asInt() < 6);
                for (String v : List.of("value", "valueTwo")) {
                    if (arg.has(v)) {
                        assertTrue(arg.path(v).canConvertToLong() && arg.path(v).asLong() >= 0, where + ": int64 >= 0 " + arg);
                    }
                }
                assertTrue(OPS.contains(arg.path("op").asText()), where + ": " + arg);
            }
        }
    }

    static void checkSecurityContext(Parsed parsed, String where) {
        JsonNode root = parsed.securityContext();
        if (root.isEmpty()) {
            assertTrue(parsed.objects().isEmpty(), where + ": objects without a securityContext");
            return;
        }
        fields(root, where, "securityContext");
        JsonNode sc = root.path("securityContext");
        fields(sc, where + ".securityContext", "seccompProfile", "appArmorProfile");
        JsonNode seccomp = parsed.objects().get("SeccompProfile");
        if (seccomp != null) {
            fields(sc.path("seccompProfile"), where, "type", "localhostProfile");
            assertEquals("Localhost", sc.path("seccompProfile").path("type").asText());
            assertEquals("operator/" + seccomp.path("metadata").path("name").asText() + ".json",
                    sc.path("seccompProfile").path("localhostProfile").asText(), where);
        } else {
            assertFalse(sc.has("seccompProfile"), where);
        }
        JsonNode apparmor = parsed.objects().get("AppArmorProfile");
        JsonNode aa = sc.path("appArmorProfile");
        if (apparmor != null) {
            fields(aa, where, "type", "localhostProfile");
            assertEquals("Localhost", aa.path("type").asText());
            assertEquals(apparmor.path("metadata").path("name").asText(), aa.path("localhostProfile").asText(), where);
        } else if (sc.has("appArmorProfile")) {
            fields(aa, where, "type");
            assertEquals("Unconfined", aa.path("type").asText(), where);
        }
    }

    /**
     * For every golden profile with both, the SeccompProfile decides as the OCI profile of oci.json: every
     * syscall Ward knows on its ABIs, at every value either compares an argument with and its neighbours.
     */
    @Test
    void seccompProfilesDecideAsTheOciProfile() throws IOException {
        int compared = 0;
        for (GoldenCases.Case c : GoldenCases.all().values()) {
            Diagnostics d = new Diagnostics();
            Map<String, byte[]> files = GoldenTest.render(c, CompileOptions.defaults(), d);
            for (Profile p : c.profiles()) {
                byte[] yaml = files.get(p.name() + "/k8s.yaml");
                JsonNode oci = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(files.get(p.name() + "/oci.json")).path("linux").path("seccomp");
                if (yaml == null || oci.isMissingNode()) continue;
                JsonNode spo = parse(new String(yaml, StandardCharsets.UTF_8)).objects().get("SeccompProfile").path("spec");
                Set<String> names = new java.util.TreeSet<>();
                oci.path("syscalls").forEach(e -> e.path("names").forEach(n -> names.add(n.asText())));
                spo.path("syscalls").forEach(e -> e.path("names").forEach(n -> names.add(n.asText())));
                dev.ward.ir.SyscallTable table = dev.ward.ir.SyscallTable.standard();
                List<String> abis = strings(oci.path("architectures"));
                for (dev.ward.ir.Arch a : dev.ward.ir.Arch.values()) {
                    if (!abis.contains(dev.ward.seccomp.SeccompJson.scmpArch(a))) continue;
                    table.names().stream().filter(n -> table.number(a, n).isPresent()).forEach(names::add);
                }
                for (String name : names) {
                    for (long[] args : probes(oci, spo, name)) {
                        assertEquals(decide(oci, name, args), decide(spo, name, args),
                                () -> c.name() + "/" + p.name() + ": " + name + java.util.Arrays.toString(args));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 1000, "decisions compared: " + compared);
    }

    /** Argument vectors: all zero, and each argument at each value either profile compares it with, and +-1. */
    private static List<long[]> probes(JsonNode oci, JsonNode spo, String name) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[6]);
        for (JsonNode profile : List.of(oci, spo)) {
            for (JsonNode e : profile.path("syscalls")) {
                if (!strings(e.path("names")).contains(name)) continue;
                for (JsonNode a : e.path("args")) {
                    for (String key : List.of("value", "valueTwo")) {
                        long v = a.path(key).bigIntegerValue().longValue();
                        for (long x : new long[] {v - 1, v, v + 1}) {
                            long[] args = new long[6];
                            args[a.path("index").asInt()] = x;
                            out.add(args);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** What a seccomp profile decides for one call, libseccomp's way (its rules for one call are disjoint). */
    static String decide(JsonNode profile, String name, long[] args) {
        for (JsonNode e : profile.path("syscalls")) {
            if (!strings(e.path("names")).contains(name)) continue;
            boolean all = true;
            for (JsonNode a : e.path("args")) all &= holds(a, args[a.path("index").asInt()]);
            if (all) return e.path("action").asText() + "/" + e.path("errnoRet").asInt(1);
        }
        return profile.path("defaultAction").asText() + "/" + profile.path("defaultErrnoRet").asInt(1);
    }

    private static boolean holds(JsonNode a, long arg) {
        long v = a.path("value").bigIntegerValue().longValue();
        long v2 = a.path("valueTwo").bigIntegerValue().longValue();
        int c = Long.compareUnsigned(arg, v);
        return switch (a.path("op").asText()) {
            case "SCMP_CMP_NE" -> c != 0;
            case "SCMP_CMP_LT" -> c < 0;
            case "SCMP_CMP_LE" -> c <= 0;
            case "SCMP_CMP_EQ" -> c == 0;
            case "SCMP_CMP_GE" -> c >= 0;
            case "SCMP_CMP_GT" -> c > 0;
            case "SCMP_CMP_MASKED_EQ" -> (arg & v) == v2;
            default -> throw new AssertionError(a.toString());
        };
    }

    static Profile load(String text, Diagnostics d) {
        PolicyLoader.Loaded loaded = PolicyLoader.loadString("k8s.ward", text, d);
        assertFalse(d.hasErrors(), () -> d.all().toString());
        return loaded.policy().profiles().get(loaded.policy().profiles().size() - 1);
    }

    @Test
    void abstractAllowlistOfAPlainProfile() throws IOException {
        Diagnostics d = new Diagnostics();
        Profile p = load("""
                profile app {
                    capabilities { keep chown, kill, net_raw }
                    apparmor {
                        file r "/etc/app/**"
                        file rw "/var/lib/app/**"
                        file w "/var/log/app.log"
                        file r "/var/log/app.log"
                        file ix "/usr/bin/app"
                        file m "/usr/lib/**"
                        file px "/usr/bin/helper"
                        owner file r "/home/**"
                        file r "/etc/{a,b}"
                        network inet stream
                        network udp
                        network netlink
                        deny network raw
                        deny capability net_raw
                        deny file w "/etc/app/secret"
                        deny file r "/var/lib/app/key"
                        deny mount
                    }
                }
                """, d);
        Parsed parsed = parse(k8s(p, d));
        JsonNode a = parsed.objects().get("AppArmorProfile").path("spec").path("abstract");
        assertEquals(List.of("/usr/bin/app", "/usr/bin/helper"), strings(a.path("executable").path("allowedExecutables")));
        assertEquals(List.of("/usr/lib/**"), strings(a.path("executable").path("allowedLibraries")));
        assertEquals(List.of("/etc/app/**"), strings(a.path("filesystem").path("readOnlyPaths")));
        assertFalse(a.path("filesystem").has("writeOnlyPaths"), "read and write of one path merge");
        assertEquals(List.of("/var/lib/app/**", "/var/log/app.log"), strings(a.path("filesystem").path("readWritePaths")));
        assertFalse(a.path("network").path("allowRaw").asBoolean());
        assertTrue(a.path("network").path("allowedProtocols").path("allowTcp").asBoolean());
        assertTrue(a.path("network").path("allowedProtocols").path("allowUdp").asBoolean());
        assertEquals(List.of("chown", "kill"), strings(a.path("capability").path("allowedCapabilities")));
        checkAppArmorProfile(parsed.objects().get("AppArmorProfile"), "app");
        checkSecurityContext(parsed, "app");

        List<String> messages = d.all().stream().filter(x -> x.code().equals(EngineCodes.NOT_EXPRESSIBLE))
                .map(Diagnostic::headline).toList();
        assertEquals(3, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("warning[W0406]") && messages.get(0).contains("'deny file r \"/var/lib/app/key\"'")
                && !messages.get(0).contains("/etc/app/secret") && !messages.get(0).contains("deny mount"), messages.get(0));
        assertTrue(messages.get(1).startsWith("k8s.ward:10:9: note[W0406]") && messages.get(1).contains("'file px \"/usr/bin/helper\"'")
                && messages.get(1).contains("'network inet stream'"), messages.get(1));
        assertTrue(messages.get(2).startsWith("k8s.ward:11:9: note[W0406]") && messages.get(2).contains("'owner file r \"/home/**\"'")
                && messages.get(2).contains("'file r \"/etc/{a,b}\"'") && messages.get(2).contains("'network netlink'"),
                messages.get(2));
    }

    @Test
    void policyValuesStayInsideTheirYamlScalars() throws IOException {
        Diagnostics d = new Diagnostics();
        Profile p = load("""
                profile Web_App {
                    description "yes: --- {kind: Secret} [a, b] # \\"q\\" 'r' &a *a !tag %x"
                    mode unprivileged
                    idmap { isolated }
                    apparmor { file r "/srv/**" }
                }
                """, d);
        String text = k8s(p, d);
        Parsed parsed = parse(text);
        assertEquals(Set.of("AppArmorProfile"), parsed.objects().keySet());
        JsonNode meta = parsed.objects().get("AppArmorProfile").path("metadata");
        assertEquals("yes: --- {kind: Secret} [a, b] # \"q\" 'r' &a *a !tag %x", meta.path("annotations").path("description").asText());
        assertEquals("Web_App", meta.path("annotations").path("ward.dev/profile").asText());
        assertTrue(DNS_SUBDOMAIN.matcher(meta.path("name").asText()).matches(), meta.path("name").asText());
        assertTrue(meta.path("name").asText().startsWith("ward-web-app-"), meta.path("name").asText());
        checkSecurityContext(parsed, "Web_App");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
