package dev.ward.engine;


import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Target;
import dev.ward.diag.Diagnostics;
import dev.ward.testing.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Every engine output of every golden case ({@link GoldenCases}) against its golden file in the case's directory:
 * {@code NAME/lxc.conf} (cgroup v2), {@code NAME/lxc.v1.conf} (cgroup v1), {@code NAME/oci.json},
 * {@code NAME/systemd.conf}, {@code NAME/k8s.yaml}, {@code host/*}, and {@code diagnostics}: the engines' own
 * findings (W04xx). Golden files without a case fail the run; {@code -Dgolden.update=true} rewrites them.
 */
class GoldenTest {
    static final String DIAGNOSTICS = "diagnostics";
    /** The output directory the golden files are rendered for. */
    static final Path OUTPUT = Path.of("/etc/ward");

    static List<Target> engineTargets() {
        return List.of(new LxcTarget(), new OciTarget(), new HostTarget(), new SystemdTarget(), new K8sTarget());
    }

    /** Renders every engine target for the profiles of a case. */
    static Map<String, byte[]> render(GoldenCases.Case c, CompileOptions options, Diagnostics d) {
        CompileContext ctx = new CompileContext(c.policy(), c.profiles(), options, d);
        Artifacts out = new Artifacts();
        for (Target t : engineTargets()) t.render(ctx, out);
        return out.files();
    }

    /** The golden files of one case: path in the case directory to text. */
    static Map<String, String> outputs(GoldenCases.Case c) {
        Diagnostics d = new Diagnostics();
        Map<String, String> files = new TreeMap<>();
        render(c, CompileOptions.defaults().withOutputDir(OUTPUT), d).forEach((path, bytes) -> files.put(path, text(bytes)));
        files.put(DIAGNOSTICS, GoldenFiles.findings(d, "W04"));
        Diagnostics v1Diagnostics = new Diagnostics();
        render(c, new CompileOptions(List.of(), CompileOptions.CgroupVersion.V1, Optional.empty(), Optional.of(OUTPUT)),
                v1Diagnostics)
                .forEach((path, bytes) -> {
                    if (path.endsWith("/lxc.conf")) files.put(path.replace("/lxc.conf", "/lxc.v1.conf"), text(bytes));
                });
        return files;
    }

    private static String text(byte[] bytes) {
        return GoldenFiles.portable(new String(bytes, StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Set<Path> expected = new TreeSet<>();
        for (GoldenCases.Case c : GoldenCases.all().values()) {
            for (Map.Entry<String, String> f : outputs(c).entrySet()) {
                Path golden = GoldenCases.goldenDir(c).resolve(f.getKey());
                expected.add(golden);
                tests.add(DynamicTest.dynamicTest(c.name() + "/" + f.getKey(), () -> GoldenFiles.check(golden, f.getValue())));
            }
        }
        tests.add(DynamicTest.dynamicTest("no unpaired golden files", () -> GoldenFiles.assertNoneUnpaired(
                GoldenCases.testdata(), p -> !p.toString().endsWith(".ward"), expected)));
        return tests.stream();
    }
}
