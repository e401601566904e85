package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ward run} end to end (as root): a policy file through the front end, the seccomp backend and each
 * engine, in a JVM of its own as the executable runs, and its refusals.
 */
class RunCommandTest {
    static final String POLICY = """
            profile tool {
                description "a command-line tool"
                capabilities {
                    keep chown, kill, net_bind_service
                }
                seccomp {
                    default allow
                    errno(EOPNOTSUPP) mkdir, mkdirat
                }
                limits {
                    memory 64MiB
                    pids 64
                    cpu 1
                }
                rlimits {
                    nofile 256 512
                }
            }
            """;

    @TempDir
    Path dir;

    CliRun ward(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        return new CliRun(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    Path policy(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theNativeEngineAppliesTheCompiledPolicy() throws Exception {
        Path file = policy("tool.ward", POLICY);
        CliRun r = ward("run", file.toString(), "--", "sh", "-c", "grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' "
                + "/proc/self/status; ulimit -Sn; ulimit -Hn; mkdir x");
        assertEquals(1, r.code(), r.err());
        // chown(0), kill(5), net_bind_service(10); untrusted: no_new_privs.
        assertEquals("CapEff:\t0000000000000421\nCapBnd:\t0000000000000421\nNoNewPrivs:\t1\nSeccomp:\t2\n256\n512\n",
                r.out());
        assertTrue(r.err().contains("mkdir: cannot create directory") && r.err().contains("Operation not supported"),
                r.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void everyEngineGivesTheCommandsExitStatus() throws Exception {
        Path file = policy("tool.ward", POLICY);
        for (String engine : List.of("native", "lxc", "runc")) {
            CliRun r = ward("run", file.toString(), "--engine", engine, "--", "sh", "-c", "exit 7");
            assertEquals(7, r.code(), engine + ": " + r.err());
        }
    }

    @Test
    void aPolicyThatCannotRunIsRefusedBeforeTheCommandStarts() throws Exception {
        Path noExec = policy("noexec.ward", POLICY.replace("errno(EOPNOTSUPP) mkdir, mkdirat",
                "errno(EPERM) execve"));
        CliRun r = ward("run", noExec.toString(), "--", "sh", "-c", "echo started");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("ward run: profile tool does not allow execve, so no command can start under it\n", r.err());

        Path two = policy("two.ward", POLICY + POLICY.replace("profile tool", "profile other"));
        r = ward("run", two.toString(), "--", "true");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error[W0102]: defines 2 profiles (tool, other); choose one with --profile"),
                r.err());
        r = ward("run", two.toString(), "--profile", "toll", "--", "true");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error[W0102]: no profile 'toll' (did you mean 'tool'?)"), r.err());
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path file = policy("tool.ward", POLICY);
        CliRun r = CliRun.executable("run", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'COMMAND'"), r.err());
        r = CliRun.executable("run", file.toString(), "--engine", "docker", "--", "true");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown engine 'docker'; choose native, lxc or runc"), r.err());
    }
}
