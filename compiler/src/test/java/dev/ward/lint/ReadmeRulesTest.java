package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's rule table lists every rule, in order, with its default severity and title. */
class ReadmeRulesTest {
    @Test
    void ruleTableMatchesTheRules() throws IOException {
        List<String> rows = Files.readAllLines(Path.of(System.getProperty("ward.repo"), "README.md")).stream()
                .filter(l -> l.matches("\\| W1\\d{3} \\|.*")).toList();
        List<String> expected = Arrays.stream(LintRule.values())
                .map(r -> "| " + r.code() + " | " + r.defaultSeverity().label() + " | " + r.title() + " |").toList();
        assertEquals(expected, rows);
    }
}
