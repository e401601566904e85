package dev.ward.apparmor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import dev.ward.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files of the AppArmor backend. Cases are found, not listed: every {@code CASE.ward} in
 * {@code compiler/src/test/testdata/apparmor/} pairs with {@code CASE.apparmor.golden} beside it, and every
 * shipped policy {@code policies/DIR/NAME.ward} with {@code testdata/apparmor/policies/DIR/NAME.apparmor.golden}.
 * A golden file holds the AppArmor profile of each profile the case defines and the backend's diagnostics
 * (W03xx), so error cases are golden files too. A case without a golden file, or a golden file without a case, fails;
 * {@code -Dgolden.update=true} writes them instead. Every profile written is then compiled by
 * apparmor_parser, all in one run.
 */
class AppArmorGoldenTest {
    static final String SUFFIX = ".apparmor.golden";

    static Path repo() {
        return GoldenFiles.repo();
    }

    static Path testdata() {
        return repo().resolve("compiler/src/test/testdata/apparmor");
    }

    /** Case name (path relative to the repo, without .ward) to its source file. */
    static Map<String, Path> cases() throws IOException {
        Map<String, Path> out = new TreeMap<>();
        for (Path dir : List.of(testdata(), repo().resolve("policies/std"), repo().resolve("policies/examples"))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".ward")).forEach(p -> out.put(repo().relativize(p).toString(), p));
            }
        }
        return out;
    }

    static Path golden(String caseName) {
        String base = caseName.substring(0, caseName.length() - ".ward".length());
        if (base.startsWith("policies/")) return testdata().resolve(base + SUFFIX);
        return repo().resolve(base + SUFFIX);
    }

    /** What a case compiles to: each of its profiles, then every diagnostic. */
    record Output(String golden, Map<String, String> profiles) {}

    static Output compile(String caseName, Path source) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(source), d);
        String fileName = source.getFileName().toString();
        StringBuilder sb = new StringBuilder();
        Map<String, String> profiles = new LinkedHashMap<>();
        for (Profile p : loaded.policy().profiles()) {
            if (!p.file().equals(fileName) && !p.file().endsWith("/" + fileName)) continue;
            Optional<String> out = AppArmorTarget.render(p, d);
            sb.append("#### ").append(p.name()).append(" -> ").append(AppArmorNames.profileName(p)).append('\n');
            sb.append(out.orElse("(no AppArmor profile)\n"));
            out.ifPresent(t -> profiles.put(p.name(), t));
        }
        // only the backend's own findings: the front end's are tested where it lives
        sb.append("#### diagnostics\n").append(GoldenFiles.findings(d, "W03"));
        return new Output(GoldenFiles.portable(sb.toString()), profiles);
    }

    /**
     * The text apparmor_parser of this machine can check: AppArmor 3 parsers do not know the rules that need
     * {@code abi "4.0"}, so those lines are left out and the profile is checked at abi 3.0 with everything
     * else in it. A parser of version 4 or later checks the profile as written.
     */
    static String checkable(String profile, int parserMajor) {
        if (parserMajor >= 4 || !profile.contains("abi <abi/4.0>,")) return profile;
        StringBuilder sb = new StringBuilder();
        for (String line : profile.split("\n", -1)) {
            if (line.matches("  (audit )?(deny )?(userns|io_uring|mqueue)\\b.*")) continue;
            sb.append(line.equals("abi <abi/4.0>,") ? "abi <abi/3.0>," : line).append('\n');
        }
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Set<Path> paired = new TreeSet<>();
        Map<String, String> written = new TreeMap<>();
        int parserMajor = AppArmorParser.majorVersion();
        for (Map.Entry<String, Path> c : cases().entrySet()) {
            Path golden = golden(c.getKey());
            paired.add(golden);
            Output out = compile(c.getKey(), c.getValue());
            out.profiles().forEach((name, text) -> written.put(c.getKey().replace('/', '_') + "-" + name + ".profile",
                    checkable(text, parserMajor)));
            tests.add(DynamicTest.dynamicTest(c.getKey(), () -> GoldenFiles.check(golden, out.golden())));
        }
        tests.add(DynamicTest.dynamicTest("no unpaired golden files", () -> GoldenFiles.assertNoneUnpaired(
                testdata(), p -> p.toString().endsWith(SUFFIX), paired)));
        tests.add(DynamicTest.dynamicTest("apparmor_parser accepts every profile written", () -> {
            assertTrue(written.size() > 0, "no profile was written");
            AppArmorParser.assertAccepted(written);
        }));
        return tests.stream();
    }
}
