package dev.ward.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.ward.runtime.cgroup.CgroupLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starts {@link RunMain} in a JVM of its own and looks at what a run did and left behind. */
final class Runs {
    record Result(int code, String out, String err) {}

    private Runs() {}

    static Result run(String engine, Map<String, String> env, String profile, String... command) throws Exception {
        Process p = start(engine, env, profile, command);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "ward run did not end");
        assertNothingLeftBy(p);
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Process start(String engine, Map<String, String> env, String profile, String... command)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(ChildJvm.javaBinary().toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), RunMain.class.getName(),
                engine, profile));
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The {@code Name: value} lines of /proc/PID/status output. */
    static Map<String, String> status(String out) {
        Map<String, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) m.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return m;
    }

    /** Waits until a process running {@code name} is among ward's descendants. */
    static void awaitCommand(Process ward, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            boolean found = ward.descendants().anyMatch(h -> h.info().command().map(c -> c.endsWith("/" + name))
                    .orElse(false));
            if (found) return;
            Thread.sleep(20);
        }
        fail(name + " did not start under ward");
    }

    /**
     * Nothing a finished run made is left: no cgroup (ward-NAME-PID-N, lxc.payload.ward-NAME-PID-N), no run
     * directory (ward-run-PID-*), no runc state. Names carry the ward process's pid, so runs of other test
     * suites on the same host do not count.
     */
    static void assertNothingLeftBy(Process ward) throws IOException {
        String mark = "-" + ward.pid() + "-";
        CgroupLayout layout = CgroupLayout.detect().orElseThrow();
        for (CgroupLayout.Hierarchy h : layout.hierarchies()) {
            try (Stream<Path> s = Files.list(h.current())) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(mark)).toList(),
                        "cgroups left in " + h.current());
            }
        }
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("ward-run" + mark)).toList());
        }
        Path runc = Path.of("/run/runc");
        if (Files.isDirectory(runc)) {
            try (Stream<Path> s = Files.list(runc)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(mark)).toList());
            }
        }
    }
}
