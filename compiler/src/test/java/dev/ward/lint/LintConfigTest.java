package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Limits;
import dev.ward.ir.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintConfigTest {
    @TempDir
    Path dir;

    private LintConfig load(String yaml, Diagnostics d) throws IOException {
        Path f = dir.resolve(".ward.yaml");
        Files.writeString(f, yaml);
        return LintConfig.load(f, d);
    }

    @Test
    void severitiesIgnoresAndPaths() throws IOException {
        Diagnostics d = new Diagnostics();
        LintConfig c = load("""
                fail-on: warning
                paths: [policies]
                exclude: ["vendor/**"]
                rules:
                  W1020: note
                  W1021: off
                ignore:
                  - code: W1022
                    path: "batch/**"
                    reason: batch jobs may use every core
                """, d);
        assertEquals(List.of(), d.all());
        assertEquals(Optional.of(Severity.WARNING), c.failOn());
        assertEquals(List.of("policies"), c.paths());
        assertEquals(Optional.of(Severity.NOTE), c.severity(LintRule.NO_MEMORY_LIMIT, Severity.ERROR));
        assertEquals(Optional.empty(), c.severity(LintRule.NO_PIDS_LIMIT, Severity.ERROR));
        assertEquals(Optional.of(Severity.ERROR), c.severity(LintRule.NO_CPU_LIMIT, Severity.ERROR));
        assertTrue(c.ignored("W1022", dir.resolve("batch/job.ward").toString()));
        assertFalse(c.ignored("W1022", dir.resolve("web/job.ward").toString()));
        assertTrue(c.excluded(dir.resolve("vendor/x/y.ward").toString()));

        var b = new ProfileBuilder("web");
        b.limits = Limits.none();
        List<Finding> fs = Linter.findings(new Policy(List.of(b.build())), c, SourceText.of(Map.of()));
        assertEquals(List.of("W1020:NOTE", "W1022:ERROR"), fs.stream().map(f -> f.rule().code() + ":" + f.severity()).toList());
    }

    @Test
    void mistakesAreLocated() throws IOException {
        Diagnostics d = new Diagnostics();
        load("""
                rules:
                  W1020: loud
                  W0104: off
                ignore:
                  - path: "x/**"
                colour: yes
                """, d);
        assertEquals(List.of(
                        ".ward.yaml:2:10: error[W1910]: 'loud' is not a severity (expected error, warning, note or off)",
                        ".ward.yaml:3:10: error[W1910]: 'W0104' is not a lint rule code (W1xxx)",
                        ".ward.yaml:5:5: error[W1910]: an ignore entry needs a code",
                        ".ward.yaml:6:9: error[W1910]: unknown key 'colour' (expected rules, ignore, paths, exclude or fail-on)"),
                d.all().stream().map(x -> x.headline().replace(dir.toString() + "/", "")).toList());
        Diagnostics bad = new Diagnostics();
        load("rules: [\n", bad);
        assertEquals(1, bad.all().size());
        assertTrue(bad.all().get(0).headline().contains("error[W1910]: invalid YAML"), bad.all().toString());
    }
}
