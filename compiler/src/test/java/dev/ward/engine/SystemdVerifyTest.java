package dev.ward.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every golden case's systemd.conf, as part of a unit, passes {@code systemd-analyze verify} without a complaint. */
class SystemdVerifyTest {
    @Test
    void everyDropInIsAcceptedBySystemd(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd is installed");
        int checked = 0;
        for (GoldenCases.Case c : GoldenCases.all().values()) {
            Map<String, byte[]> files = GoldenTest.render(c, CompileOptions.defaults(), new Diagnostics());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().endsWith("/systemd.conf")) continue;
                Path unit = dir.resolve("ward-verify.service");
                Files.writeString(unit, "[Unit]\nDescription=ward verify\n[Service]\nExecStart=/bin/true\n"
                        + new String(f.getValue(), StandardCharsets.UTF_8));
                String out = EngineProbe.run(List.of("systemd-analyze", "verify", unit.toString()), dir, 60);
                assertEquals("\nexit=0", withoutNewerSyscalls(out), c.name() + "/" + f.getKey());
                checked++;
            }
        }
        assertTrue(checked >= 4);
        // The check itself notices a bad setting.
        Path bad = dir.resolve("ward-bad.service");
        Files.writeString(bad, "[Service]\nExecStart=/bin/true\nCPUQuota=abc\n");
        assertTrue(EngineProbe.run(List.of("systemd-analyze", "verify", bad.toString()), dir, 60).contains("Invalid"));
    }

    /**
     * The output without systemd's notices about syscall names newer than the host's libseccomp (mseal,
     * setxattrat, ...): it ignores them, so an allowlist only allows less on such a host; every other line stays.
     */
    static String withoutNewerSyscalls(String out) {
        return out.lines().filter(l -> !l.matches(".*: Failed to parse system call, ignoring: [a-z0-9_]+"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
