package dev.ward.engine;

import static dev.ward.engine.ProfileBuilder.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Target;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine targets share within one compile run (checks, seccomp profiles, the id map plan) is
 * computed once per run and never reused by another run, even one whose policy and options are equal.
 */
class EngineRunCacheTest {
    private static final String WEB = """
            profile web {
                arch x86_64
                owner "alice"
                seccomp {
                    default errno(EPERM)
                    allow read, write, exit_group
                    errno(%s) ptrace
                }
                network {
                    veth bridge "%s"
                }
            }
            """;

    private static Policy load(String errno, String bridge) {
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.loadString("web.ward", WEB.formatted(errno, bridge), d).policy();
        assertFalse(d.hasErrors(), () -> d.all().toString());
        return policy;
    }

    private static Map<String, byte[]> render(CompileContext ctx) {
        Artifacts out = new Artifacts();
        for (Target t : GoldenTest.engineTargets()) t.render(ctx, out);
        return out.files();
    }

    private static CompileContext context(Policy policy, CompileOptions options, Diagnostics d) {
        return new CompileContext(policy, policy.profiles(), options, d);
    }

    private static String text(Map<String, byte[]> files, String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    @Test
    void aContextEqualsOnlyItself() {
        Policy policy = load("EACCES", "br-alice");
        Diagnostics d = new Diagnostics();
        CompileContext a = context(policy, CompileOptions.defaults(), d);
        CompileContext b = context(policy, CompileOptions.defaults(), d);
        assertEquals(a, a);
        assertNotEquals(a, b);
    }

    @Test
    void policiesWithEqualContentEachGetTheirOwnFiles() {
        Policy first = load("EACCES", "br-alice");
        Policy second = load("EACCES", "br-alice");
        assertEquals(first, second);
        Map<String, byte[]> a = render(context(first, CompileOptions.defaults(), new Diagnostics()));
        Map<String, byte[]> b = render(context(second, CompileOptions.defaults(), new Diagnostics()));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((path, bytes) -> assertEquals(new String(bytes, StandardCharsets.UTF_8), text(b, path), path));
    }

    @Test
    void aProfileOfTheSameNameInALaterRunIsBuiltAfresh() {
        Map<String, byte[]> eacces = render(context(load("EACCES", "br-alice"), CompileOptions.defaults(),
                new Diagnostics()));
        Map<String, byte[]> enosys = render(context(load("ENOSYS", "br-bob"), CompileOptions.defaults(),
                new Diagnostics()));
        assertTrue(text(eacces, "web/oci.json").contains("\"errnoRet\": 13"), text(eacces, "web/oci.json"));
        assertTrue(text(enosys, "web/oci.json").contains("\"errnoRet\": 38"), text(enosys, "web/oci.json"));
        assertFalse(text(enosys, "web/oci.json").contains("\"errnoRet\": 13"));
        assertTrue(text(eacces, "web/lxc.conf").contains("lxc.net.0.link = br-alice"));
        assertTrue(text(enosys, "web/lxc.conf").contains("lxc.net.0.link = br-bob"));
        assertTrue(text(enosys, "host/lxc-usernet").contains("alice veth br-bob 1"));
    }

    @Test
    void aBadValueIsReportedOncePerRunAndAgainInTheNextRun() {
        // Built in code: the front end would refuse this bridge name before any engine sees it.
        Policy policy = new Policy(List.of(profile("web").owner("alice").veth("no such bridge", 1).build()));
        Diagnostics d = new Diagnostics();
        Map<String, byte[]> files = render(context(policy, CompileOptions.defaults(), d));
        assertTrue(files.keySet().stream().noneMatch(f -> f.startsWith("web/")), files.keySet().toString());
        List<Diagnostic> first = List.copyOf(d.all());
        assertEquals(1, first.size(), first.toString());
        assertEquals(EngineCodes.BAD_INTERFACE, first.get(0).code());
        // The same policy, options and collector again: a new run, so it is checked and reported again.
        render(context(policy, CompileOptions.defaults(), d));
        assertEquals(List.of(first.get(0), first.get(0)), d.all());
    }

    @Test
    void theIdMapPlanOfARunReadsTheAllocationFileOfThatRun(@TempDir Path root) throws Exception {
        Profile a = profile("a").isolated(65536).build();
        Policy policy = new Policy(List.of(a));
        CompileOptions options = new CompileOptions(List.of(), CompileOptions.CgroupVersion.V2, Optional.of(root));
        Diagnostics d = new Diagnostics();
        long start = IdAllocation.DEFAULT_POOL.start();
        IdMapPlan first = IdMapPlan.of(context(policy, options, d));
        assertEquals(start, first.mappings(a).get(0).host());
        Path file = root.resolve(IdAllocation.FILE_NAME);
        Files.writeString(file, "profiles:\n  a: {start: 5000000, count: 65536}\n");
        CompileContext next = context(policy, options, d);
        assertEquals(5_000_000, IdMapPlan.of(next).mappings(a).get(0).host());
        assertTrue(text(render(next), "a/lxc.conf").contains("lxc.idmap = u 0 5000000 65536"));
        assertFalse(d.hasErrors(), d.all().toString());
    }
}
