package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    @TempDir
    Path dir;

    private static final String OLD = """
            profile web {
                arch x86_64, aarch64
                capabilities { keep chown, kill }
                seccomp {
                    default errno(EPERM)
                    allow read, write
                    errno(EPERM) ptrace
                    allow personality if arg0 == 0 else errno(EPERM)
                }
                apparmor {
                    file r "/etc/**"
                    deny file w "/proc/sys/**"
                }
                limits { memory 512MiB  cpu 1  pids 64 }
                rlimits { nofile 1024 4096 }
                namespaces { share uts }
            }
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void reportsLooserAndTighterPerAspect() throws IOException {
        String neu = OLD.replace("keep chown, kill", "keep chown, sys_admin")
                .replace("errno(EPERM) ptrace", "allow ptrace")
                .replace("arg0 == 0 else", "arg0 <= 8 else")
                .replace("allow read, write", "allow read")
                .replace("deny file w \"/proc/sys/**\"", "file w \"/var/log/**\"")
                .replace("memory 512MiB", "memory 1GiB")
                .replace("pids 64", "pids 32")
                .replace("share uts", "share uts, net")
                .replace("nofile 1024 4096", "nofile 1024 1024");
        Path a = write("old.ward", OLD);
        Path b = write("new.ward", neu);
        CliRun r = CliRun.full("diff", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("web:\n"), out);
        for (String line : new String[] {
                "looser   syscall     ptrace: errno(1) -> allow (x86_64, aarch64)",
                "tighter  syscall     write: allow -> errno(1) (x86_64, aarch64)",
                "looser   syscall     personality: conditional (allow e.g. personality(0), errno(1) e.g. personality(1)) -> "
                        + "conditional (allow e.g. personality(0), errno(1) e.g. personality(9)); looser for personality(1)"
                        + " (x86_64, aarch64)",
                "looser   capability  keeps sys_admin",
                "tighter  capability  drops kill",
                "looser   apparmor    added `file w \"/var/log/**\"`",
                "looser   apparmor    removed `deny file w \"/proc/sys/**\"`",
                "looser   limit       memory 536870912 -> 1073741824",
                "tighter  limit       pids 64 -> 32",
                "tighter  rlimit      nofile 1024 4096 -> 1024 1024",
                "looser   namespace   shares the host's net namespace"}) {
            assertTrue(out.contains("  " + line + "\n"), () -> "missing: " + line + "\n" + out);
        }
        assertEquals(1, CliRun.full("diff", "--fail-on-loosen", a.toString(), b.toString()).code());
        assertEquals(0, CliRun.full("diff", "--fail-on-loosen", b.toString(), b.toString()).code());
        assertEquals("no changes\n", CliRun.full("diff", a.toString(), a.toString()).out());
    }

    @Test
    void jsonAndArchitectures() throws IOException {
        Path a = write("old.ward", OLD);
        Path b = write("new.ward", OLD.replace("arch x86_64, aarch64", "arch x86_64, x86"));
        CliRun r = CliRun.full("diff", "--format", "json", a.toString(), b.toString());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc.get("loosens").asBoolean());
        assertEquals("arch", doc.get("changes").get(0).get("aspect").asText());
        assertEquals("looser", doc.get("changes").get(0).get("direction").asText());
        assertTrue(doc.get("changes").get(0).get("change").asText().startsWith("architecture x86 added"));
        assertEquals("tighter", doc.get("changes").get(1).get("direction").asText());
    }

    @Test
    void inputErrorsExitOne() throws IOException {
        Path a = write("old.ward", OLD);
        Path b = write("new.ward", "profile web { seccomp { default errno(EPERM) allow opnat } }");
        CliRun r = CliRun.full("diff", a.toString(), b.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error[W0"), r.err());
        assertEquals(2, CliRun.full("diff", a.toString()).code());
    }
}
