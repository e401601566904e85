package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ward import} end to end through the command line: output, exit codes, diagnostics. */
class ImportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static Path dockerDefault() {
        return Path.of(System.getProperty("ward.repo", "."), "compiler", "src", "test", "resources", "data",
                "moby-default-seccomp.json")
                .toAbsolutePath().normalize();
    }

    @Test
    void importsDockersProfileIntoAFileThatWardCheckAccepts(@TempDir Path dir) throws Exception {
        Path ward = dir.resolve("docker.ward");
        assertEquals(0, run("import", "docker-seccomp", dockerDefault().toString(), "--arch", "x86_64,x86,x32",
                "--caps", "+sys_admin", "--kernel", "6.1", "-o", ward.toString()), err::toString);
        String text = Files.readString(ward);
        assertTrue(text.contains("profile moby-default-seccomp {"), text);
        assertTrue(text.contains("keep chown, dac_override, fowner, fsetid, kill, setgid, setuid, setpcap,"), text);
        assertTrue(text.contains("sys_admin"), text);
        assertEquals("", out.toString());
        assertEquals(0, run("check", ward.toString()), err::toString);
        assertEquals(0, run("fmt", "--check", ward.toString()), out::toString);
    }

    @Test
    void writesToStandardOutputByDefault(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("p.json");
        Files.writeString(json, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
        assertEquals(0, run("import", "oci", json.toString(), "--arch", "aarch64"), err::toString);
        assertTrue(out.toString().contains("    arch aarch64\n"), out::toString);
        assertTrue(out.toString().contains("        errno(EPERM) mount\n"), out::toString);
    }

    @Test
    void badInputIsAnErrorWithItsPosition(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"defaultAction\": \"SCMP_ACT_NOPE\"}\n");
        assertEquals(1, run("import", "oci", json.toString(), "--arch", "x86_64"));
        assertTrue(err.toString().contains("bad.json:1:19: error[W0291]: unknown action 'SCMP_ACT_NOPE'"), err::toString);
        assertEquals("", out.toString());
    }

    @Test
    void importsAnLxcConfigWithItsIncludesAndSeccompPolicy(@TempDir Path dir) throws Exception {
        Path ward = dir.resolve("debian.ward");
        assertEquals(0, run("import", "lxc", "/usr/share/lxc/config/debian.common.conf", "--arch", "x86_64,x86,x32",
                "-o", ward.toString()), err::toString);
        String text = Files.readString(ward);
        assertTrue(text.contains("errno(EACCES) umount2 if arg1 & MNT_FORCE == MNT_FORCE"), text);
        assertEquals(0, run("check", ward.toString()), err::toString);
        assertEquals(0, run("fmt", "--check", ward.toString()), out::toString);
        assertEquals(1, run("import", "lxc", "/usr/share/lxc/config/debian.common.conf", "--arch", "x86_64,aarch64"));
        assertTrue(err.toString().contains("error[W0294]: an LXC config is imported for one host"), err::toString);
    }

    @Test
    void unknownFormatsAndOptionsAreUsageErrors() {
        assertEquals(2, run("import", "podman", "x.json"));
        assertEquals(2, run("import", "oci", dockerDefault().toString(), "--arch", "vax"));
        assertEquals(2, run("import", "oci", dockerDefault().toString(), "--caps", "sys_magic"));
        assertEquals(2, run("import", "lxc", "/usr/share/lxc/config/common.conf", "--caps", "all"));
    }
}
