package dev.ward.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every case's systemd.conf, as part of a unit, passes {@code systemd-analyze verify} without a complaint. */
class SystemdVerifyTest {
    @Test
    void everyDropInIsAcceptedBySystemd(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd is installed");
        int checked = 0;
        for (Map.Entry<String, Policy> c : Fixtures.cases().entrySet()) {
            Map<String, byte[]> files = GoldenTest.render(c.getValue(), CompileOptions.defaults(), new Diagnostics());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().endsWith("/systemd.conf")) continue;
                Path unit = dir.resolve("ward-verify.service");
                Files.writeString(unit, "[Unit]\nDescription=ward verify\n[Service]\nExecStart=/bin/true\n"
                        + new String(f.getValue(), StandardCharsets.UTF_8));
                String out = EngineProbe.run(List.of("systemd-analyze", "verify", unit.toString()), dir, 60);
                assertEquals("\nexit=0", out, c.getKey() + "/" + f.getKey());
                checked++;
            }
        }
        assertTrue(checked >= 4);
        // The check itself notices a bad setting.
        Path bad = dir.resolve("ward-bad.service");
        Files.writeString(bad, "[Service]\nExecStart=/bin/true\nCPUQuota=abc\n");
        assertTrue(EngineProbe.run(List.of("systemd-analyze", "verify", bad.toString()), dir, 60).contains("Invalid"));
    }
}
