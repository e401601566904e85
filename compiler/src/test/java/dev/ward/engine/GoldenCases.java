package dev.ward.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The engine golden cases: every {@code compiler/src/test/testdata/engine/CASE.ward}, and every shipped policy
 * {@code policies/DIR/NAME.ward} that defines a profile (case {@code policies/DIR/NAME}). A case compiles the
 * profiles its own file defines, with the policy of everything it uses.
 */
final class GoldenCases {
    private GoldenCases() {}

    /** One case: the loaded policy and the profiles its file defines. */
    record Case(String name, Path source, Policy policy, List<Profile> profiles) {
        /** The profile of this case named {@code name}. */
        Profile profile(String profileName) {
            return profiles.stream().filter(p -> p.name().equals(profileName)).findFirst().orElseThrow();
        }
    }

    static Path repo() {
        return Path.of(System.getProperty("ward.repo", "..")).toAbsolutePath().normalize();
    }

    /** Where the .ward cases and their golden directories live. */
    static Path testdata() {
        return repo().resolve("compiler/src/test/testdata/engine");
    }

    /** Every case, by name; a case that does not load cleanly fails the caller. */
    static Map<String, Case> all() throws IOException {
        Map<String, Case> out = new TreeMap<>();
        for (Path dir : List.of(testdata(), repo().resolve("policies/std"), repo().resolve("policies/examples"))) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".ward")).sorted().toList()) {
                    Case c = load(p);
                    if (!c.profiles().isEmpty()) out.put(c.name(), c);
                }
            }
        }
        return out;
    }

    /** The case of one testdata file, by its name without {@code .ward}. */
    static Case named(String name) {
        return load(testdata().resolve(name + ".ward"));
    }

    static Case load(Path source) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(source), d);
        assertFalse(d.hasErrors(), () -> source + ": " + d.all());
        String fileName = source.getFileName().toString();
        List<Profile> own = loaded.policy().profiles().stream()
                .filter(p -> p.file().equals(fileName) || p.file().endsWith("/" + fileName)).toList();
        String base = fileName.substring(0, fileName.length() - ".ward".length());
        String name = source.startsWith(testdata()) ? base : repo().relativize(source.getParent()) + "/" + base;
        return new Case(name, source, loaded.policy(), own);
    }

    /** The directory of a case's golden files. */
    static Path goldenDir(Case c) {
        return testdata().resolve(c.name());
    }
}
