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

class LintCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    // an untrusted profile without a pids limit (an error) whose cpu limit is missing too (an error)
    private static final String NO_PIDS = """
            profile web {
                seccomp {
                    default errno(EPERM)
                    allow read, write
                }
                limits { memory 512MiB }
            }
            """;

    private static final String CLEAN = """
            profile web {
                seccomp {
                    default errno(EPERM)
                    allow read, write
                }
                limits { memory 512MiB  cpu 1  pids 64 }
            }
            """;

    @Test
    void textShowsTheSourceLineAndExitsOneOnErrors() throws IOException {
        Path f = write("web.ward", NO_PIDS);
        CliRun r = CliRun.full("lint", f.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains(f + ":6:5: error[W1021]: profile 'web' has no pids limit"), r.out());
        assertTrue(r.out().contains("        limits { memory 512MiB }\n        ^~~~"), r.out());
        assertTrue(r.out().endsWith("errors: 2, warnings: 0, notes: 0\n"), r.out());
        assertTrue(!r.out().contains("\u001b["), "no colour when not on a terminal");
    }

    @Test
    void cleanExitsZero() throws IOException {
        CliRun r = CliRun.full("lint", write("web.ward", CLEAN).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.out());
    }

    @Test
    void failOnLowersTheThreshold() throws IOException {
        String trusted = NO_PIDS.replace("profile web {", "profile web {\n    trust trusted");
        Path f = write("web.ward", trusted);
        assertEquals(0, CliRun.full("lint", f.toString()).code());
        assertEquals(1, CliRun.full("lint", "--fail-on", "warning", f.toString()).code());
        assertEquals(2, CliRun.full("lint", "--fail-on", "loud", f.toString()).code());
    }

    @Test
    void configTurnsRulesOffAndSetsFailOn() throws IOException {
        Path f = write("web.ward", NO_PIDS);
        Path cfg = write("lint.yaml", "rules:\n  W1021: off\n  W1022: note\nfail-on: note\n");
        CliRun r = CliRun.full("lint", "--config", cfg.toString(), "--format", "json", f.toString());
        assertEquals(1, r.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1, doc.get("findings").size());
        assertEquals("W1022", doc.get("findings").get(0).get("code").asText());
        assertEquals("note", doc.get("findings").get(0).get("severity").asText());
        assertTrue(doc.get("profiles").get(0).get("exposure").get("score").asDouble() > 0);
        assertEquals(2, CliRun.full("lint", "--config", dir.resolve("missing.yaml").toString(), f.toString()).code());
    }

    @Test
    void configPathsAndExcludesStandInForArguments() throws IOException {
        Files.createDirectories(dir.resolve("pol/vendor"));
        write("pol/web.ward", NO_PIDS);
        write("pol/vendor/other.ward", NO_PIDS.replace("profile web", "profile other"));
        Path cfg = write(".ward.yaml", "paths: [pol]\nexclude: [\"pol/vendor/**\"]\n");
        CliRun r = CliRun.full("lint", "--config", cfg.toString(), "--format", "json");
        assertEquals(1, r.code(), r.err());
        JsonNode findings = new ObjectMapper().readTree(r.out()).get("findings");
        assertEquals(2, findings.size(), r.out());
        for (JsonNode f : findings) assertTrue(f.get("file").asText().endsWith("pol/web.ward"), r.out());
    }

    @Test
    void brokenInputIsALocatedErrorNotAStackTrace() throws IOException {
        Path f = write("bad.ward", "profile web {\n    seccomp { default errno(EPERM) allow opnat }\n}\n");
        CliRun r = CliRun.full("lint", "--format", "github", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("::error file=" + f + ",line=2"), r.out());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void sarifAndJunit() throws IOException {
        Path f = write("web.ward", NO_PIDS);
        CliRun sarif = CliRun.full("lint", "--format", "sarif", f.toString());
        JsonNode doc = new ObjectMapper().readTree(sarif.out());
        assertEquals("2.1.0", doc.get("version").asText());
        assertEquals(2, doc.get("runs").get(0).get("results").size());
        CliRun junit = CliRun.full("lint", "--format", "junit", f.toString());
        assertTrue(junit.out().contains("<testsuites name=\"ward lint\" tests=\"2\" failures=\"2\">"), junit.out());
    }

    @Test
    void usageErrors() {
        assertEquals(2, CliRun.full("lint").code());
        assertEquals(2, CliRun.full("lint", "--format", "xml", "x.ward").code());
        CliRun rules = CliRun.full("lint", "--list-rules");
        assertEquals(0, rules.code());
        assertTrue(rules.out().contains("W1013  error    Untrusted containers share host ids"), rules.out());
    }

    @Test
    void explainShowsTheExposureScore() throws IOException {
        Path clean = write("web.ward", CLEAN);
        CliRun r = CliRun.full("explain", clean.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("exposure of web: "), r.out());
        assertTrue(r.out().contains("AppArmor                 none"), r.out());
        Path open = write("open.ward", CLEAN.replace("default errno(EPERM)", "default allow"));
        double cleanScore = score(r.out());
        double openScore = score(CliRun.full("explain", open.toString()).out());
        assertTrue(openScore > cleanScore + 1, cleanScore + " vs " + openScore);
    }

    private static double score(String explain) {
        int i = explain.indexOf("exposure of web: ") + "exposure of web: ".length();
        return Double.parseDouble(explain.substring(i, explain.indexOf(' ', i)));
    }
}
