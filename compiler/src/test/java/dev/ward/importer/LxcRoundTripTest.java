package dev.ward.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.CompileOptions.CgroupVersion;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.engine.LxcTarget;
import dev.ward.ir.Arch;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trip through LXC: every example profile compiled by the lxc target, imported back, compiled again,
 * gives the same LXC settings (for cgroup v2 and v1).
 */
class LxcRoundTripTest {
    static Stream<Arguments> cases() {
        Diagnostics d = new Diagnostics();
        Path examples = Path.of(System.getProperty("ward.repo", "."), "policies", "examples");
        Policy policy = PolicyLoader.load(List.of(examples), d).policy();
        assertFalse(d.hasErrors(), () -> Imports.messages(d));
        List<Arguments> out = new ArrayList<>();
        for (Profile p : policy.profiles()) {
            if (!p.file().contains("examples")) continue;
            for (CgroupVersion v : CgroupVersion.values()) out.add(Arguments.of(p.name(), v));
        }
        assertTrue(out.size() >= 8);
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lxcSettingsSurviveImport(String name, CgroupVersion version, @TempDir Path dir) throws IOException {
        Diagnostics d = new Diagnostics();
        Path examples = Path.of(System.getProperty("ward.repo", "."), "policies", "examples");
        Policy policy = PolicyLoader.load(List.of(examples), d).policy();
        Profile original = policy.profile(name).orElseThrow();
        String conf = lxc(policy, original, version, dir);

        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, conf);
        Diagnostics id = new Diagnostics();
        Optional<String> imported = LxcImporter.importConfig(file, conf, List.of(Arch.X86_64, Arch.X86, Arch.X32), id, new SourceFiles());
        assertFalse(id.hasErrors(), () -> Imports.messages(id));
        List<Profile> back = Imports.load(imported.orElseThrow());
        String again = lxc(new Policy(back), back.get(0), version, dir);

        assertEquals(settings(conf, original), settings(again, original), () -> imported.get());
    }

    /** The profile's lxc.conf, rendered for the output directory {@code dir}, where its lxc.seccomp is written. */
    private static String lxc(Policy policy, Profile p, CgroupVersion version, Path dir) throws IOException {
        Diagnostics d = new Diagnostics();
        Artifacts out = new Artifacts();
        new LxcTarget().render(new CompileContext(policy, List.of(p),
                new CompileOptions(List.of(), version, Optional.empty(), Optional.of(dir)), d), out);
        assertFalse(d.hasErrors(), () -> Imports.messages(d));
        byte[] seccomp = out.files().get(p.name() + "/lxc.seccomp");
        if (seccomp != null) {
            Files.createDirectories(dir.resolve(p.name()));
            Files.write(dir.resolve(p.name()).resolve("lxc.seccomp"), seccomp);
        }
        byte[] bytes = out.files().get(p.name() + "/lxc.conf");
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // The settings without comments; the AppArmor profile a Ward apparmor block names is noted on import,
    // not imported (its rules are in apparmor.profile, not in lxc.conf).
    private static List<String> settings(String conf, Profile original) {
        List<String> out = new ArrayList<>();
        for (String line : conf.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("lxc.apparmor.profile = ward-")) continue;
            out.add(line);
        }
        return out;
    }
}
