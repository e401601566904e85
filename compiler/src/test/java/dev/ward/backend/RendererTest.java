package dev.ward.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rendering profiles apart, on several threads, gives what rendering every target in turn gives: the same
 * files, and the same findings in the same order (which decides the ones kept past the cap).
 */
class RendererTest {
    private static Path repo() {
        return Path.of(System.getProperty("ward.repo", "..")).toAbsolutePath().normalize();
    }

    /** The result of one way of rendering: files by path, the findings kept, how many were not kept, errors. */
    private record Outcome(Map<String, String> files, List<Diagnostic> kept, int dropped, int errors) {}

    private static Outcome outcome(Artifacts out, Diagnostics d) {
        Map<String, String> files = new TreeMap<>();
        out.files().forEach((path, bytes) -> files.put(path, new String(bytes, StandardCharsets.UTF_8)));
        return new Outcome(files, List.copyOf(d.all()), d.dropped(), d.errorCount());
    }

    private static Outcome inTurn(Policy policy, int cap) {
        Diagnostics d = new Diagnostics(cap);
        CompileContext ctx = new CompileContext(policy, policy.profiles(), CompileOptions.defaults(), d);
        Artifacts out = new Artifacts();
        for (Target t : Targets.all()) t.render(ctx, out);
        return outcome(out, d);
    }

    private static Outcome rendered(Policy policy, int cap, int threads) {
        Diagnostics d = new Diagnostics(cap);
        CompileContext ctx = new CompileContext(policy, policy.profiles(), CompileOptions.defaults(), d);
        return outcome(Renderer.render(ctx, Targets.all(), threads), d);
    }

    private static Policy load(List<Path> paths) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(paths, d);
        assertFalse(d.hasErrors(), () -> paths + ": " + d.all());
        return loaded.policy();
    }

    private static List<Path> wardFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".ward")).sorted().toList();
        }
    }

    private static void assertSameAsInTurn(Policy policy, String what) {
        for (int cap : new int[] {Diagnostics.DEFAULT_CAP, 3}) {
            Outcome expected = inTurn(policy, cap);
            for (int threads : new int[] {1, 2, 4}) {
                Outcome actual = rendered(policy, cap, threads);
                assertEquals(expected.files().keySet(), actual.files().keySet(), what);
                expected.files().forEach((path, text) -> assertEquals(text, actual.files().get(path), what + " " + path));
                assertEquals(expected.kept(), actual.kept(), what + " with " + threads + " threads, cap " + cap);
                assertEquals(expected.dropped(), actual.dropped(), what);
                assertEquals(expected.errors(), actual.errors(), what);
            }
        }
    }

    @Test
    void theExamplesAndTheShippedLibraryRenderAsInTurn() throws IOException {
        Policy examples = load(List.of(repo().resolve("policies/examples")));
        assertTrue(examples.profiles().size() > 2);
        assertSameAsInTurn(examples, "policies/examples");
        assertSameAsInTurn(load(List.of(repo().resolve("policies/std"))), "policies/std");
    }

    @Test
    void theEngineCasesRenderAsInTurn() throws IOException {
        List<Path> cases = new ArrayList<>(wardFiles(repo().resolve("compiler/src/test/testdata/engine")));
        assertFalse(cases.isEmpty());
        for (Path c : cases) assertSameAsInTurn(load(List.of(c)), c.getFileName().toString());
    }

    @Test
    void aFindingProfilesShareIsReportedOnceAsInTurn() {
        // The rule that libseccomp may build wrongly is inherited: the warning is the same text at the same place
        // for all three profiles, and reported once.
        String text = """
                profile base {
                    seccomp {
                        default errno(EPERM)
                        allow fcntl if arg0 == 1 && arg1 == 2
                        allow read, write
                    }
                }
                profile one extends base {
                }
                profile two extends base {
                }
                """;
        Diagnostics loading = new Diagnostics();
        Policy policy = PolicyLoader.loadString("shared.ward", text, loading).policy();
        assertFalse(loading.hasErrors(), () -> loading.all().toString());
        Outcome expected = inTurn(policy, Diagnostics.DEFAULT_CAP);
        assertEquals(1, expected.kept().stream().filter(x -> x.message().startsWith("libseccomp 2.5")).count(),
                expected.kept().toString());
        assertSameAsInTurn(policy, "shared.ward");
    }
}
