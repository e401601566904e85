package dev.ward.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Target;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every engine output of every case against its golden file in {@code src/test/resources/golden/engine/CASE/},
 * for cgroup v2 and v1 (the v1 lxc.conf as {@code lxc.v1.conf}). Golden files without a case fail the run.
 * {@code -Dgolden.update=true} rewrites them.
 */
class GoldenTest {
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Path goldenRoot() {
        return Path.of(System.getProperty("ward.repo", "..")).resolve("compiler/src/test/resources/golden/engine");
    }

    static List<Target> engineTargets() {
        return List.of(new LxcTarget(), new OciTarget(), new HostTarget(), new SystemdTarget());
    }

    /** Renders every engine target of a policy; the diagnostics must stay free of errors. */
    static Map<String, byte[]> render(Policy policy, CompileOptions options, Diagnostics d) {
        CompileContext ctx = new CompileContext(policy, policy.profiles(), options, d);
        Artifacts out = new Artifacts();
        for (Target t : engineTargets()) t.render(ctx, out);
        return out.files();
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Set<Path> expected = new TreeSet<>();
        for (Map.Entry<String, Policy> c : Fixtures.cases().entrySet()) {
            Diagnostics d = new Diagnostics();
            Map<String, byte[]> v2 = render(c.getValue(), CompileOptions.defaults(), d);
            Map<String, byte[]> v1 = render(c.getValue(),
                    new CompileOptions(List.of(), CompileOptions.CgroupVersion.V1, Optional.empty()), d);
            assertFalse(d.hasErrors(), () -> c.getKey() + ": " + d.all());
            Map<String, byte[]> files = new java.util.TreeMap<>(v2);
            v1.forEach((path, bytes) -> {
                if (path.endsWith("/lxc.conf")) files.put(path.replace("/lxc.conf", "/lxc.v1.conf"), bytes);
            });
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path golden = goldenRoot().resolve(c.getKey()).resolve(f.getKey());
                expected.add(golden);
                tests.add(DynamicTest.dynamicTest(c.getKey() + "/" + f.getKey(), () -> check(golden, f.getValue())));
            }
        }
        tests.add(DynamicTest.dynamicTest("no unpaired golden files", () -> {
            if (!Files.isDirectory(goldenRoot())) return;
            try (Stream<Path> all = Files.walk(goldenRoot())) {
                List<Path> stray = all.filter(Files::isRegularFile).filter(p -> !expected.contains(p)).toList();
                if (UPDATE) {
                    for (Path p : stray) Files.delete(p);
                } else {
                    assertTrue(stray.isEmpty(), () -> "golden files without a case: " + stray);
                }
            }
        }));
        return tests.stream();
    }

    private static void check(Path golden, byte[] actual) throws IOException {
        String text = new String(actual, StandardCharsets.UTF_8);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text);
            return;
        }
        assertTrue(Files.exists(golden), () -> "missing golden file " + golden + " (run with -Dgolden.update=true)");
        assertEquals(Files.readString(golden), text, golden.toString());
    }
}
