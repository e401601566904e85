package dev.ward.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lxc and runc engines against the real runtimes (as root): the same profiles as the native engine's
 * tests, run by lxc-execute and runc over the host's root, read-only.
 */
class ContainerEnginesTest {
    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void capabilitiesAndNamespacesAsThePolicySays(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "basic", "sh", "-c",
                "grep -E '^(Cap|NoNewPrivs|Seccomp)' /proc/self/status; cat /proc/sys/kernel/hostname; "
                        + "touch /etc/ward-test 2>&1; grep -c : /proc/net/dev");
        assertEquals(0, r.code(), r.err());
        Map<String, String> s = Runs.status(r.out());
        assertEquals("00000000000004e1", s.get("CapEff"), r.out());
        assertEquals("00000000000004e1", s.get("CapBnd"));
        assertEquals("1", s.get("NoNewPrivs"));
        assertEquals("2", s.get("Seccomp"));
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("rtbasic"), r.out());
        assertTrue(r.out().contains("Read-only file system"), r.out());
        assertEquals("1", lines.get(lines.size() - 1), "only lo: " + r.out());
        assertFalse(Files.exists(Path.of("/etc/ward-test")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void aDeniedSyscallReturnsThePolicysErrnoAndKillProcessKills(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "basic", "mkdir", "/tmp/ward-denied-dir");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Operation not supported"), r.err());
        assertFalse(Files.exists(Path.of("/tmp/ward-denied-dir")));
        assertEquals(128 + 31, Runs.run(engine, Map.of(), "killer", "uname").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void rlimitsSoftAndHard(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "basic", "sh", "-c", "ulimit -Sn; ulimit -Hn");
        assertEquals("1024\n4096\n", r.out(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void aForkLoopStopsAtThePidsLimit(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "basic", "sh", "-c", "for i in $(seq 100); do sleep 2 & echo $i; done");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("Cannot fork"), r.err());
        int started = r.out().lines().mapToInt(Integer::parseInt).max().orElse(0);
        assertTrue(started >= 20 && started < 48, "forks before the limit: " + started);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void memoryOverTheLimitIsKilledInsideTheContainer(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "basic", "sh", "-c", "tail /dev/zero; echo tail=$?");
        assertEquals(0, r.code(), r.err());
        assertEquals("tail=137\n", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void exitStatusesAndSignalsPropagate(String engine) throws Exception {
        assertEquals(0, Runs.run(engine, Map.of(), "basic", "true").code());
        assertEquals(7, Runs.run(engine, Map.of(), "basic", "sh", "-c", "exit 7").code());
        assertEquals(128 + 15, Runs.run(engine, Map.of(), "basic", "sh", "-c", "kill -TERM $$").code());
        Process p = Runs.start(engine, Map.of(), "basic", "sleep", "30");
        Runs.awaitCommand(p, "sleep");
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
        Runs.assertNothingLeftBy(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void aMissingBridgeIsRefusedByLxcAndLeftOutByRunc(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "bridge", "sh", "-c", "echo started; grep -c : /proc/net/dev");
        if (engine.equals("lxc")) {
            assertEquals(2, r.code());
            assertEquals("", r.out());
            assertEquals("ward run: profile rtbridge attaches to ward-nobr0, which does not exist on this host\n",
                    r.err());
        } else {
            assertEquals(0, r.code(), r.err());
            assertEquals("started\n1\n", r.out());
            assertEquals("ward run: warning: runc creates no veth interface; the command's network namespace has "
                    + "only lo\n", r.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lxc", "runc"})
    void theUserNamespaceMapsRootToTheIdMap(String engine) throws Exception {
        Runs.Result r = Runs.run(engine, Map.of(), "userns", "sh", "-c", "cat /proc/self/uid_map; id -u; "
                + "grep -E '^CapEff' /proc/self/status");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().map(String::trim).toList();
        assertEquals(List.of("0", "200000", "65536"), List.of(lines.get(0).split("\\s+")));
        assertEquals("0", lines.get(1));
        assertEquals("CapEff:\t00000000000004cb", r.out().lines().toList().get(2));
    }
}
