package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompileCommandTest {
    @TempDir
    Path dir;

    final StringWriter err = new StringWriter();
    final StringWriter out = new StringWriter();

    int ward(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    static Path examples() {
        return Path.of(System.getProperty("ward.repo", "..")).resolve("policies/examples");
    }

    private static final String TENANTS = """
            use "std/unprivileged.ward"
            profile alpha extends unprivileged {
                owner "alice"
                idmap { isolated }
                network { veth bridge per-owner }
            }
            profile beta extends unprivileged {
                owner "bob"
                idmap { isolated 1000 }
            }
            """;

    @Test
    void compilesTheExamplesIntoEveryEngineForm() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, ward("compile", examples().resolve("tenants.ward").toString(), "-o", o.toString(),
                "--target", "lxc,oci,systemd,host,k8s", "--cgroup", "v1"), err.toString());
        assertTrue(Files.readString(o.resolve("tenant-alice/lxc.conf")).contains("lxc.idmap = u 0 400000 65536\n"));
        assertTrue(Files.readString(o.resolve("tenant-alice/lxc.conf")).contains("lxc.cgroup.pids.max = 2048\n"));
        assertTrue(Files.readString(o.resolve("host/subuid")).contains("alice:400000:65536\n"));
        assertTrue(Files.readString(o.resolve("host/lxc-usernet")).contains("alice veth br-alice 1\n"));
        JsonNode oci = new ObjectMapper().readTree(o.resolve("tenant-alice/oci.json").toFile());
        assertEquals(400000, oci.path("linux").path("uidMappings").get(0).path("hostID").asInt());
        assertTrue(Files.readString(o.resolve("tenant-bob/k8s.yaml")).contains("kind: AppArmorProfile\n"));
        try (Stream<Path> files = Files.walk(o)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void allocatesIsolatedRangesAndKeepsThemInThePolicyDirectory() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("tenants.ward"), TENANTS);
        Path o = dir.resolve("out");
        assertEquals(0, ward("compile", policies.toString(), "-o", o.toString(), "--target", "lxc,host"), err.toString());
        String alloc = Files.readString(policies.resolve("ward-idmap.yaml"));
        assertTrue(alloc.contains("alpha:\n    start: 1000000\n    count: 65536"), alloc);
        assertTrue(alloc.contains("beta:\n    start: 1065536\n    count: 1000"), alloc);
        assertTrue(Files.readString(o.resolve("beta/lxc.conf")).contains("lxc.idmap = g 0 1065536 1000\n"));
        assertTrue(Files.readString(o.resolve("host/lxc-usernet")).contains("alice veth ward-alice 1\n"));
        // alpha goes away, gamma arrives: beta keeps its range, gamma takes the first free one.
        Files.writeString(policies.resolve("tenants.ward"), TENANTS.replace("alpha", "gamma").replace("{ isolated }",
                "{ isolated 500 }"));
        assertEquals(0, ward("compile", policies.toString(), "-o", o.toString(), "--target", "lxc"), err.toString());
        alloc = Files.readString(policies.resolve("ward-idmap.yaml"));
        assertTrue(alloc.contains("beta:\n    start: 1065536\n    count: 1000"), alloc);
        assertTrue(alloc.contains("gamma:\n    start: 1000000\n    count: 500"), alloc);
        assertFalse(alloc.contains("alpha"), alloc);
    }

    @Test
    void errorsWriteNothingAndExitOne() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("p"));
        Files.writeString(policies.resolve("bad.ward"), """
                profile bad {
                    seccomp { default allow }
                    filesystem { readonly "/etc\\nlxc.cap.drop = none" }
                }
                """);
        Path o = dir.resolve("out");
        assertEquals(1, ward("compile", policies.toString(), "-o", o.toString()));
        assertTrue(err.toString().contains("error[W04"), err.toString());
        assertFalse(Files.exists(o));
    }

    @Test
    void filesAreStagedAndMovedIntoPlaceOnlyWhenTheRunSucceeds() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("p"));
        String two = """
                profile p {
                    seccomp {
                        default errno(EPERM)
                        allow ioctl if arg1 == 0xfffffffffffffff0
                        allow read
                    }
                }
                profile q {
                }
                """;
        Files.writeString(policies.resolve("two.ward"), two);
        Path o = dir.resolve("out");
        Path kept = Files.createDirectories(o.resolve("q")).resolve("oci.json");
        Files.writeString(kept, "old\n");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
        // k8s.yaml of p cannot hold the value: an error found after other files were rendered
        assertEquals(1, ward("compile", policies.toString(), "-o", o.toString()));
        assertTrue(err.toString().contains("k8s.yaml of profile 'p'"), err.toString());
        assertEquals("old\n", Files.readString(kept));
        try (Stream<Path> files = Files.walk(o)) {
            assertEquals(List.of(o, o.resolve("q"), kept), files.sorted().toList());
        }
        Files.writeString(policies.resolve("two.ward"), two.replace("0xfffffffffffffff0", "0x10"));
        assertEquals(0, ward("compile", policies.toString(), "-o", o.toString()), err.toString());
        assertTrue(Files.readString(kept).contains("\"ociVersion\""));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(o.resolve("p/oci.json"))));
        List<Path> written;
        try (Stream<Path> files = Files.walk(o)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertTrue(written.stream().noneMatch(f -> f.getFileName().toString().startsWith(".")), written.toString());
        assertTrue(out.toString().contains("ward: wrote " + written.size() + " files to " + o), out.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        Path web = examples().resolve("web.ward");
        assertEquals(2, ward("compile", web.toString(), "--target", "nope"));
        assertEquals(2, ward("compile", web.toString(), "--cgroup", "v3"));
        assertEquals(2, ward("compile", web.toString(), "--arch", "vax"));
        assertEquals(2, ward("compile", web.toString(), "--profile", "missing"));
    }

    @Test
    void mergesTheFragmentIntoAnOciBundle() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion": "1.0.2", "root": {"path": "rootfs"}, "process": {"args": ["sh"]},
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}]}}
                """);
        assertEquals(0, ward("compile", examples().resolve("tenants.ward").toString(), "-o",
                dir.resolve("out").toString(), "--target", "oci", "--profile", "tenant-alice", "--oci-bundle",
                bundle.toString()), err.toString());
        JsonNode config = new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
        assertEquals("rootfs", config.path("root").path("path").asText());
        assertEquals("sh", config.path("process").path("args").get(0).asText());
        List<String> types = config.path("linux").path("namespaces").findValuesAsText("type");
        assertTrue(types.contains("user") && types.contains("pid") && types.contains("network"), types.toString());
        assertEquals(400000, config.path("linux").path("gidMappings").get(0).path("hostID").asInt());
        assertEquals(2, ward("compile", examples().toString(), "--target", "oci", "--oci-bundle", bundle.toString()));
    }
}
