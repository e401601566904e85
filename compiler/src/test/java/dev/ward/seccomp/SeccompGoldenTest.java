package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Target;
import dev.ward.diag.Diagnostics;
import dev.ward.engine.LxcTarget;
import dev.ward.ir.Arch;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import dev.ward.testing.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The seccomp outputs of every {@code compiler/src/test/testdata/seccomp/CASE.ward} against the golden files in
 * {@code CASE/}: {@code NAME/seccomp.ARCH.txt}, {@code NAME/seccomp.json}, {@code NAME/lxc.seccomp} and
 * {@code diagnostics} (the W02xx findings). The raw {@code .bpf} files are checked against their listing instead.
 * Golden files without a case fail; {@code -Dgolden.update=true} rewrites them.
 */
class SeccompGoldenTest {
    static Path testdata() {
        return GoldenFiles.repo().resolve("compiler/src/test/testdata/seccomp");
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(testdata())) {
            return s.filter(p -> p.toString().endsWith(".ward")).sorted().toList();
        }
    }

    static Policy load(Path file) {
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.load(List.of(file), d).policy();
        assertFalse(d.hasErrors(), () -> file + ": " + d.all());
        return policy;
    }

    /** Every file the seccomp targets and the lxc target write for a case, and its seccomp diagnostics. */
    static Map<String, byte[]> render(Policy policy, Diagnostics d) {
        CompileContext ctx = new CompileContext(policy, policy.profiles(), CompileOptions.defaults(), d);
        Artifacts out = new Artifacts();
        for (Target t : List.of(new BpfTarget(), new SeccompJsonTarget(), new LxcTarget())) t.render(ctx, out);
        return out.files();
    }

    private static Map<String, String> outputs(Path file) {
        Diagnostics d = new Diagnostics();
        Map<String, String> out = new TreeMap<>();
        render(load(file), d).forEach((path, bytes) -> {
            if (path.endsWith(".txt") || path.endsWith(".json") || path.endsWith("lxc.seccomp")) {
                out.put(path, GoldenFiles.portable(new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        out.put("diagnostics", GoldenFiles.findings(d, "W02"));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Set<Path> expected = new TreeSet<>();
        for (Path c : cases()) {
            String name = c.getFileName().toString().replace(".ward", "");
            for (Map.Entry<String, String> f : outputs(c).entrySet()) {
                Path golden = testdata().resolve(name).resolve(f.getKey());
                expected.add(golden);
                tests.add(DynamicTest.dynamicTest(name + "/" + f.getKey(), () -> GoldenFiles.check(golden, f.getValue())));
            }
        }
        tests.add(DynamicTest.dynamicTest("no unpaired golden files", () -> GoldenFiles.assertNoneUnpaired(
                testdata(), p -> !p.toString().endsWith(".ward"), expected)));
        return tests.stream();
    }

    @Test
    void sameInputGivesByteIdenticalOutput() throws IOException {
        for (Path c : cases()) {
            Map<String, byte[]> first = render(load(c), new Diagnostics());
            Map<String, byte[]> second = render(load(c), new Diagnostics());
            assertEquals(first.keySet(), second.keySet());
            first.forEach((path, bytes) -> assertArrayEquals(bytes, second.get(path), path));
        }
    }

    @Test
    void eachBpfFileIsTheProgramItsListingShows() throws IOException {
        for (Path c : cases()) {
            Policy policy = load(c);
            Map<String, byte[]> files = render(policy, new Diagnostics());
            for (Profile p : policy.profiles()) {
                for (Arch arch : Abis.programArches(p.arches())) {
                    String base = p.name() + "/seccomp." + arch.wardName();
                    BpfProgram compiled = BpfCompiler.compile(p, arch, new Diagnostics());
                    BpfProgram read = BpfProgram.fromBytes(arch, compiled.abis(), files.get(base + ".bpf"));
                    assertEquals(compiled.instructions(), read.instructions(), base);
                    String listing = new String(files.get(base + ".txt"), StandardCharsets.UTF_8);
                    assertTrue(listing.contains("# " + compiled.length() + " instructions\n"), base);
                    long lines = listing.lines().filter(l -> l.matches("\\s*\\d+  .*")).count();
                    assertEquals(compiled.length(), lines, base);
                }
            }
        }
    }
}
