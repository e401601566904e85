package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ward check, fmt and explain as a user runs them: exit codes, diagnostics, rewritten files. */
class FrontendCommandsTest {
    static final String CLEAN = """
            profile tool {
                description "a command-line tool"
                seccomp {
                    default errno(EPERM)
                    allow read, write, exit_group
                }
                limits {
                    memory 64MiB
                    pids 64
                    cpu 1
                }
                expect allow read
            }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void checkCleanPolicyExitsZero() throws IOException {
        CliRun r = CliRun.full("check", write("tool.ward", CLEAN).toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void checkPrintsLocatedDiagnosticWithSourceAndCaret() throws IOException {
        Path p = write("bad.ward", CLEAN.replace("allow read, write", "allow read, opnat"));
        CliRun r = CliRun.full("check", p.toString());
        assertEquals(1, r.code());
        assertEquals(p + ":5:21: error[W0104]: unknown syscall 'opnat' (did you mean 'openat'?)\n"
                + "            allow read, opnat, exit_group\n"
                + "                        ^~~~~\n", r.err().substring(0, r.err().indexOf("~\n") + 2));
    }

    @Test
    void checkExitCodesForUsageAndMissingFiles() {
        assertEquals(2, CliRun.full("check").code());
        assertEquals(2, CliRun.full("check", "--no-such-option", "x").code());
        CliRun missing = CliRun.full("check", dir.resolve("nope.ward").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("error[W0001]: cannot read"), missing.err());
        CliRun empty = CliRun.full("check", dir.toString());
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("error[W0002]: no .ward files in directory"), empty.err());
    }

    @Test
    void checkOfGarbageNeverShowsAStackTrace() throws IOException {
        Path p = dir.resolve("garbage.ward");
        byte[] bytes = new byte[4096];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(p, bytes);
        CliRun r = CliRun.full("check", p.toString());
        assertEquals(1, r.code());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void fmtRewritesAtomicallyAndCheckReportsUnformattedFiles() throws IOException {
        Path p = write("messy.ward", "profile tool{seccomp{default allow}}\n");
        CliRun check = CliRun.full("fmt", "--check", p.toString());
        assertEquals(1, check.code());
        assertEquals(p + ": not formatted\n", check.out());
        assertEquals("profile tool{seccomp{default allow}}\n", Files.readString(p), "--check changes nothing");

        assertEquals(0, CliRun.full("fmt", p.toString()).code());
        assertEquals("profile tool {\n    seccomp {\n        default allow\n    }\n}\n", Files.readString(p));
        assertEquals(0, CliRun.full("fmt", "--check", p.toString()).code());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void fmtLeavesABrokenFileAlone() throws IOException {
        Path p = write("broken.ward", "profile tool {\n");
        CliRun r = CliRun.full("fmt", p.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith(p + ":2:1: error[W0008]: unexpected end of file"), r.err());
        assertEquals("profile tool {\n", Files.readString(p));
    }

    @Test
    void explainSummarisesAProfile() throws IOException {
        Path p = write("tool.ward", CLEAN);
        CliRun r = CliRun.full("explain", p.toString(), "--profile", "tool");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("profile tool  [" + p + "]\n  a command-line tool\n"), r.out());
        assertTrue(r.out().contains("    1. allow read, write, exit_group  [" + p + ":5]\n  otherwise: errno(EPERM)\n"), r.out());
        CliRun unknown = CliRun.full("explain", p.toString(), "--profile", "tol");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no profile 'tol' (did you mean 'tool'?)"), unknown.err());
    }

    @Test
    void shippedPoliciesCheckCleanAndAreFormatted() {
        String policies = Path.of(System.getProperty("ward.repo"), "policies").toString();
        CliRun check = CliRun.full("check", policies);
        assertEquals(0, check.code(), check.err());
        CliRun fmt = CliRun.full("fmt", "--check", policies);
        assertEquals(0, fmt.code(), fmt.out() + fmt.err());
    }

    @Test
    void helpAndVersion() {
        CliRun version = CliRun.full("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("ward "), version.out());
        for (String cmd : new String[] {"check", "fmt", "explain"}) {
            CliRun help = CliRun.full(cmd, "--help");
            assertEquals(0, help.code());
            assertTrue(help.out().contains("Usage: ward " + cmd), help.out());
        }
    }
}
