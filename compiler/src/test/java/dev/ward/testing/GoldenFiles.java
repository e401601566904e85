package dev.ward.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What every golden-file test shares: a rendered text is compared with the file that holds it, or, with
 * {@code -Dgolden.update=true}, written there; golden files that no case produced fail the run (or are deleted
 * when updating); texts name files relative to the repository, so golden files do not depend on the checkout.
 */
public final class GoldenFiles {
    public static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private GoldenFiles() {}

    /** The repository's root, which surefire passes as {@code ward.repo}. */
    public static Path repo() {
        return Path.of(System.getProperty("ward.repo", "..")).toAbsolutePath().normalize();
    }

    /** {@code text} with the repository's absolute path taken out of the file names it mentions. */
    public static String portable(String text) {
        return text.replace(repo() + "/", "");
    }

    /** The headlines of the diagnostics whose code starts with {@code codePrefix}, one a line, portable. */
    public static String findings(Diagnostics d, String codePrefix) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic diag : d.all()) {
            if (diag.code().startsWith(codePrefix)) sb.append(diag.headline()).append('\n');
        }
        return portable(sb.toString());
    }

    /** Asserts that {@code golden} holds {@code actual}; writes it instead when updating. */
    public static void check(Path golden, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), () -> "missing golden file " + golden + " (run with -Dgolden.update=true)");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, () -> "golden file " + golden);
    }

    /**
     * Asserts that every golden file under {@code root} (the regular files {@code isGolden} accepts) is one of
     * {@code produced}; deletes the others instead when updating.
     */
    public static void assertNoneUnpaired(Path root, Predicate<Path> isGolden, Set<Path> produced) throws IOException {
        List<Path> stray;
        try (Stream<Path> all = Files.walk(root)) {
            stray = all.filter(Files::isRegularFile).filter(isGolden).filter(p -> !produced.contains(p)).toList();
        }
        if (UPDATE) {
            for (Path p : stray) Files.delete(p);
        } else {
            assertTrue(stray.isEmpty(), () -> "golden files without a case: " + stray);
        }
    }
}
