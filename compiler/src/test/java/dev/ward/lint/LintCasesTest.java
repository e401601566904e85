package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The annotated cases in testdata/lint: every line that must carry a finding says so in a comment,
 * {@code # expect: W1003} (several codes separated by commas); every other line must carry none. Each rule has
 * a file named after its code, in which profiles named {@code bad-*} must have that rule's findings and
 * {@code ok-*} must not.
 */
class LintCasesTest {
    private static final Pattern EXPECT = Pattern.compile("#.*\\bexpect:\\s*(W\\d{4}(?:\\s*,\\s*W\\d{4})*)");

    /** Rules that no .ward text can trigger, and where they are tested instead. */
    private static final Map<String, String> NOT_IN_SYNTAX = Map.of(
            "W1023", "the front end already rejects a soft rlimit above its hard one (W0405); LinterTest.limits",
            "W1071", "macvlan and phys networks have no syntax (they come from imports); LinterTest.network",
            "W1910", "about .ward.yaml, not policies; LintConfigTest");

    static Path dir() {
        return Path.of(System.getProperty("ward.repo"), "compiler/src/test/testdata/lint");
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".ward")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> annotatedCases() throws IOException {
        return cases().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(file), d);
        assertFalse(d.hasErrors(), () -> "front-end errors: " + d.all());
        String label = file.toString();
        List<Finding> findings = Linter.findings(loaded.policy(), LintConfig.defaults(),
                f -> loaded.sources().text(f).map(t -> List.of(t.split("\r?\n", -1))));
        List<Finding> here = findings.stream().filter(f -> f.span().file().equals(label)).toList();

        List<String> expected = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            if (m.find()) {
                for (String code : m.group(1).split("\\s*,\\s*")) expected.add((i + 1) + ":" + code);
            }
        }
        List<String> actual = here.stream().map(f -> f.span().line() + ":" + f.rule().code()).toList();
        assertEquals(sorted(expected), sorted(actual), () -> "findings:\n" + String.join("\n",
                here.stream().map(f -> f.toDiagnostic().headline()).toList()));

        // the rule the file is about must fire for bad-* profiles and not for ok-* ones
        String code = file.getFileName().toString().substring(0, 5);
        for (Profile p : loaded.policy().profiles()) {
            if (!p.file().equals(label)) continue;
            long mine = findings.stream().filter(f -> f.profile().equals(p.name()) && f.rule().code().equals(code)).count();
            if (p.name().startsWith("ok-")) assertEquals(0, mine, p.name() + " must not have " + code);
            if (p.name().startsWith("bad-")) assertTrue(mine > 0, p.name() + " must have " + code);
        }
        // the cases must not lean on the shipped library having findings of its own
        assertEquals(List.of(), findings.stream().filter(f -> f.span().file().startsWith("std/"))
                .map(f -> f.toDiagnostic().headline()).toList());
    }

    @Test
    void everyRuleHasCasesThatFireAndCasesThatDoNot() throws IOException {
        List<Path> files = cases();
        for (LintRule rule : LintRule.values()) {
            if (NOT_IN_SYNTAX.containsKey(rule.code())) continue;
            List<Path> mine = files.stream().filter(p -> p.getFileName().toString().startsWith(rule.code() + "-")).toList();
            assertEquals(1, mine.size(), "one case file named " + rule.code() + "-*.ward");
            String text = Files.readString(mine.get(0));
            assertTrue(Pattern.compile("expect:[^\\n]*" + rule.code()).matcher(text).find(), rule.code() + " never expected to fire");
            assertTrue(text.contains("profile ok-"), rule.code() + " has no case that must not fire");
        }
    }

    @Test
    void severitiesAreAsDocumented() throws IOException {
        // a spot check that escalation reaches the annotated cases: untrusted profiles without limits are errors
        Path f = dir().resolve("W1020-no-memory-limit.ward");
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(f), d);
        List<Finding> fs = Linter.findings(loaded.policy(), LintConfig.defaults(),
                x -> loaded.sources().text(x).map(t -> List.of(t.split("\r?\n", -1))));
        assertTrue(fs.stream().anyMatch(x -> x.profile().equals("bad-untrusted") && x.severity() == Severity.ERROR));
        assertTrue(fs.stream().anyMatch(x -> x.profile().equals("bad-trusted") && x.severity() == Severity.WARNING));
    }

    private static List<String> sorted(List<String> xs) {
        return xs.stream().sorted().toList();
    }
}
