package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.DiagnosticPrinter;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import dev.ward.resolve.PolicyLoader;
import dev.ward.seccomp.ExpectationRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check and lint run independent work side by side; what they print is what a sequential run prints. */
class SideBySideTest {
    @TempDir
    Path dir;

    // Each policy fails an expectation (an error) and draws lint findings, so that the diagnostics pass the cap.
    private void writePolicies(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve(String.format("p%03d.ward", i)), """
                    profile svc-%d {
                        trust untrusted
                        seccomp {
                            default errno(EPERM)
                            allow read, write, exit_group, ptrace
                            allow personality if arg0 == 0 else errno(EPERM)
                        }
                        idmap {
                            uid 0 -> %d count 65536
                            gid 0 -> %d count 65536
                        }
                        expect errno(EPERM) read
                        expect allow personality(0)
                    }
                    """.formatted(i, 100000 + (i % 7) * 30000, 300000 + (i % 5) * 40000));
        }
    }

    @Test
    void checkPrintsWhatTheSequentialRunPrints() throws IOException {
        writePolicies(40);
        CliRun r = CliRun.full("check", dir.toString());

        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(dir), d);
        ExpectationRunner.run(loaded.policy(), d);
        Linter.lint(loaded.policy(), LintConfig.discover(Path.of(""), d),
                file -> loaded.sources().text(file).map(t -> List.of(t.split("\\r?\\n", -1))), d);
        StringWriter expected = new StringWriter();
        new DiagnosticPrinter(loaded.sources()).print(d, new PrintWriter(expected, true));

        assertTrue(d.dropped() > 0, "the diagnostics should pass the cap: " + d.all().size());
        assertTrue(r.err().contains("expectation failed"), r.err());
        assertTrue(r.err().contains("W1013"), r.err());
        assertEquals(1, r.code());
        assertEquals(expected.toString(), r.err());
    }

    @Test
    void lintListsExposuresInProfileOrder() throws IOException {
        writePolicies(30);
        CliRun r = CliRun.full("lint", "--format", "json", dir.toString());
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(dir), new Diagnostics());
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\"name\" : \"(svc-\\d+)\"").matcher(r.out());
        while (m.find()) names.add(m.group(1));
        assertEquals(loaded.policy().profiles().stream().map(Profile::name).toList(), names);
    }

    @Test
    void everyTaskRunsOnceAndTheFirstFailureInListOrderIsThrown() {
        java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(50);
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int k = i;
            tasks.add(() -> {
                runs.incrementAndGet(k);
                if (k == 7 || k == 30) throw new IllegalStateException("task " + k);
            });
        }
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> SideBySide.run(tasks));
        assertEquals("task 7", e.getMessage());
        for (int i = 0; i < 50; i++) assertEquals(1, runs.get(i), "task " + i);
        SideBySide.run(List.of());
    }
}
