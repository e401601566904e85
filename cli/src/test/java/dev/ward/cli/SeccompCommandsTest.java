package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ward check running expect lines, and ward explain --syscall, as a user runs them. */
class SeccompCommandsTest {
    private static final String POLICY = """
            profile tool {
                arch x86_64
                seccomp {
                    default errno(EPERM)
                    allow personality if arg0 == 0xffffffff
                    allow read, write, exit_group
                }
                expect allow read
                expect allow personality(0x8)
                expect kill-process read on x32
            }
            """;

    @TempDir
    Path dir;

    private Path policy() throws IOException {
        Path p = dir.resolve("tool.ward");
        Files.writeString(p, POLICY);
        return p;
    }

    @Test
    void checkFailsOnAnExpectationTheFilterBreaks() throws IOException {
        CliRun r = CliRun.full("check", policy().toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("tool.ward:9:18: error[W0210]: expectation failed in profile 'tool' on x86_64: "
                + "expected allow personality(0x8), got errno(1)"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("error[W02")).count(), r.err());
    }

    @Test
    void explainShowsTheDecisionAndTheInstructionsExecuted() throws IOException {
        CliRun r = CliRun.full("explain", policy().toString(), "--syscall",
                "personality(-1 | 0)");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("profile tool, x86_64: personality(0xffffffffffffffff) (nr 135) -> errno(1)", lines.get(0));
        assertTrue(lines.get(1).matches("\\d+ instructions executed in seccomp.x86_64.bpf \\(\\d+ in all\\):"), lines.get(1));
        int executed = Integer.parseInt(lines.get(1).split(" ")[0]);
        assertEquals(executed, lines.size() - 2);
        assertTrue(lines.get(2).matches("\\s+0  ld   \\[4\\] .*seccomp_data.arch"), lines.get(2));
        assertTrue(r.out().contains("tool.ward:5: allow personality if arg0 == 0xffffffff"), r.out());
        assertTrue(lines.get(lines.size() - 1).matches("\\s+\\d+  ret  #0x50001 .*errno\\(1\\)"), r.out());

        CliRun x32 = CliRun.full("explain", policy().toString(), "--syscall", "read",
                "--arch", "x32");
        assertTrue(x32.out().startsWith("profile tool, x32: read (nr 1073741824) -> kill-process\n"), x32.out());
    }

    @Test
    void explainRefusesACallItCannotRead() throws IOException {
        CliRun r = CliRun.full("explain", policy().toString(), "--syscall", "red(1)");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown syscall 'red'"), r.err());
    }
}
