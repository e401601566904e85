package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.resolve.PolicyLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The checks run in parallel; the findings are those of the checks one after the other, every time. */
class ParallelLintTest {
    @Test
    void findingsAreTheChecksInTurnEveryTime() throws Exception {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(LintCasesTest.cases(), d);
        SourceText sources = f -> loaded.sources().text(f).map(SourceText::splitLines);

        SourceText shared = SourceText.shared(sources);
        List<Finding> inTurn = Linter.run(loaded.policy(), shared, false);
        assertTrue(inTurn.size() > 50, "the cases should give many findings: " + inTurn.size());
        for (int i = 0; i < 5; i++) assertEquals(inTurn, Linter.run(loaded.policy(), shared, true));

        List<Finding> first = Linter.findings(loaded.policy(), LintConfig.defaults(), sources);
        for (int i = 0; i < 5; i++) {
            assertEquals(first, Linter.findings(loaded.policy(), LintConfig.defaults(), sources));
        }
    }

    @Test
    void splitLinesIsTheRegexSplit() {
        List<String> samples = new ArrayList<>(List.of("", "\n", "\r\n", "a", "a\n", "a\r\nb", "a\rb", "a\r\r\nb\n\n",
                "\r", "\n\r", "x\r\n\r\ny\r"));
        Random r = new Random(5);
        for (int i = 0; i < 500; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) sb.append("ab\r\n".charAt(r.nextInt(4)));
            samples.add(sb.toString());
        }
        for (String s : samples) assertEquals(List.of(s.split("\r?\n", -1)), SourceText.splitLines(s), s);
    }

    @Test
    void sharedSourcesAskEachFileOnceFromAnyThread() throws Exception {
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        SourceText counting = f -> {
            asked.computeIfAbsent(f, k -> new AtomicInteger()).incrementAndGet();
            return f.startsWith("none") ? Optional.empty() : Optional.of(List.of(f, "line 2"));
        };
        SourceText shared = SourceText.shared(counting);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    boolean right = true;
                    for (int i = 0; i < 200; i++) {
                        String f = (i % 3 == 0 ? "none" : "file") + (i % 20);
                        Optional<List<String>> lines = shared.lines(f);
                        right &= f.startsWith("none") ? lines.isEmpty() : lines.equals(Optional.of(List.of(f, "line 2")));
                    }
                    return right;
                }));
            }
            for (Future<Boolean> f : results) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
        asked.forEach((f, n) -> assertEquals(1, n.get(), f));
        assertEquals(40, asked.size());
    }
}
