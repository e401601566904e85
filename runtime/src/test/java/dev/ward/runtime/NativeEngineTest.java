package dev.ward.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The native engine against the real kernel (as root): each test starts {@link RunMain} in a JVM of its own,
 * as {@code ward run} would run, and looks at what the command saw, its exit status and what is left behind.
 */
class NativeEngineTest {
    static Runs.Result run(String profile, String... command) throws Exception {
        return Runs.run("native", Map.of(), profile, command);
    }

    static Runs.Result run(Map<String, String> env, String profile, String... command) throws Exception {
        return Runs.run("native", env, profile, command);
    }

    static Process start(Map<String, String> env, String profile, String... command) throws IOException {
        return Runs.start("native", env, profile, command);
    }

    static Map<String, String> status(String out) {
        return Runs.status(out);
    }

    @Test
    void capabilitiesNoNewPrivsAndSeccompAsThePolicySays() throws Exception {
        Runs.Result r = run("basic", "grep", "-E", "^(Cap|NoNewPrivs|Seccomp)", "/proc/self/status");
        assertEquals(0, r.code(), r.err());
        Map<String, String> s = status(r.out());
        // chown(0), kill(5), setgid(6), setuid(7), net_bind_service(10)
        assertEquals("00000000000004e1", s.get("CapEff"));
        assertEquals("00000000000004e1", s.get("CapBnd"));
        assertEquals("00000000000004e1", s.get("CapPrm"));
        assertEquals("0000000000000000", s.get("CapInh"));
        assertEquals("0000000000000000", s.get("CapAmb"));
        assertEquals("1", s.get("NoNewPrivs"));
        assertEquals("2", s.get("Seccomp"));
    }

    @Test
    void aDeniedSyscallReturnsThePolicysErrno() throws Exception {
        Runs.Result r = run("basic", "mkdir", "/tmp/ward-denied-dir");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Operation not supported"), r.err());
        assertFalse(Files.exists(Path.of("/tmp/ward-denied-dir")));
    }

    @Test
    void killProcessEndsTheCommandWithSigsys() throws Exception {
        Runs.Result r = run("killer", "uname");
        assertEquals(128 + 31, r.code(), r.err());
    }

    @Test
    void newNamespacesGiveTheCommandItsOwnPidHostnameAndNetwork() throws Exception {
        Runs.Result r = run("basic", "sh", "-c", "echo pid=$$ $(cat /proc/1/comm); cat /proc/sys/kernel/hostname; "
                + "cat /proc/net/dev");
        assertEquals(0, r.code(), r.err());
        // init.lxc is pid 1, as under lxc-execute; the command is pid 2.
        assertTrue(r.out().startsWith("pid=2 init.lxc\nrtbasic\n"), r.out());
        List<String> interfaces = r.out().lines().filter(l -> l.contains(":") && !l.startsWith("Inter"))
                .filter(l -> !l.startsWith("pid=")).map(l -> l.substring(0, l.indexOf(':')).trim()).toList();
        assertEquals(List.of("lo"), interfaces);
    }

    @Test
    void sharedNamespacesAreTheHosts() throws Exception {
        Runs.Result r = run("shared", "sh", "-c", "cat /proc/sys/kernel/hostname; readlink /proc/self/ns/net");
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim() + "\n"
                + Files.readSymbolicLink(Path.of("/proc/self/ns/net")) + "\n", r.out());
    }

    @Test
    void rlimitsSoftAndHardAsThePolicySays() throws Exception {
        Runs.Result r = run("basic", "sh", "-c", "ulimit -Sn; ulimit -Hn");
        assertEquals("1024\n4096\n", r.out(), r.err());
    }

    @Test
    void theCgroupHoldsTheLimits() throws Exception {
        Runs.Result r = run("limits", "sh", "-c", "for c in pids memory cpu; do p=$(grep \":$c:\" /proc/self/cgroup "
                + "| cut -d: -f3); echo \"$c $p\"; done; p=$(grep :pids: /proc/self/cgroup | cut -d: -f3); "
                + "cat /sys/fs/cgroup/pids$p/pids.max; p=$(grep :memory: /proc/self/cgroup | cut -d: -f3); "
                + "cat /sys/fs/cgroup/memory$p/memory.limit_in_bytes /sys/fs/cgroup/memory$p/memory.memsw.limit_in_bytes; "
                + "p=$(grep :cpu: /proc/self/cgroup | cut -d: -f3); cat /sys/fs/cgroup/cpu$p/cpu.cfs_quota_us");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        for (int i = 0; i < 3; i++) assertTrue(lines.get(i).matches("\\w+ (/.*)?/ward-rtlimits-[0-9]+-0"), r.out());
        assertEquals(List.of("64", Long.toString(128L << 20), Long.toString(128L << 20), "50000"),
                lines.subList(3, 7));
    }

    @Test
    void aForkLoopStopsAtThePidsLimit() throws Exception {
        Runs.Result r = run("basic", "sh", "-c", "for i in $(seq 100); do sleep 2 & echo $i; done");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("Cannot fork"), r.err());
        int started = r.out().lines().mapToInt(Integer::parseInt).max().orElse(0);
        assertTrue(started >= 20 && started < 48, "forks before the limit: " + started);
    }

    @Test
    void memoryOverTheLimitIsKilledInsideTheCgroup() throws Exception {
        // tail buffers an endless line; the OOM killer picks it, and the shell beside it goes on.
        Runs.Result r = run("basic", "sh", "-c", "tail /dev/zero; echo tail=$?");
        assertEquals(0, r.code(), r.err());
        assertEquals("tail=137\n", r.out());
    }

    @Test
    void limitsTighterThanAJvmStillStartTheCommand() throws Exception {
        // 8 MiB and 4 pids: the JVM that becomes the command joins the cgroup only once it is up.
        Runs.Result r = run("tiny", "sh", "-c", "echo started");
        assertEquals(0, r.code(), r.err());
        assertEquals("started\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void exitStatusesAndSignalDeathsPropagate() throws Exception {
        assertEquals(0, run("basic", "true").code());
        assertEquals(7, run("basic", "sh", "-c", "exit 7").code());
        assertEquals(128 + 15, run("shared", "sh", "-c", "kill -TERM $$").code());
    }

    @Test
    void sigtermReachesTheCommand() throws Exception {
        // The command is pid 2 under init.lxc in its own pid namespace, with the default action for SIGTERM.
        Process p = start(Map.of(), "basic", "sleep", "30");
        Runs.awaitCommand(p, "sleep");
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
        Runs.assertNothingLeftBy(p);
        // A command with a handler gets the signal itself.
        p = start(Map.of(), "shared", "sh", "-c", "trap 'exit 42' TERM; sleep 30 & wait");
        Runs.awaitCommand(p, "sleep");
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(42, p.exitValue());
        Runs.assertNothingLeftBy(p);
    }

    @Test
    void theCommandHasTheTerminalAndACtrlCReachesItOnce() throws Exception {
        // script(1) gives ward a terminal; the command reads a line from it (a background job would be
        // stopped), then the ETX byte written to it is the terminal's Ctrl-C.
        String ward = String.join(" ", List.of(ChildJvm.javaBinary().toString(), "-cp",
                System.getProperty("java.class.path"), RunMain.class.getName(), "native", "shared"));
        String command = ward + " sh -c 'trap \"echo interrupted\" INT; read line; echo \"read $line\"; "
                + "sleep 20 & wait; exit 3'";
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertEquals("hello", readLine(out, p).trim());
        assertEquals("read hello", readLine(out, p).trim(), "the command could read the terminal");
        p.getOutputStream().write(3);
        p.getOutputStream().flush();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) rest.append(line).append('\n');
        assertEquals(1, rest.toString().split("interrupted", -1).length - 1, rest.toString());
    }

    private static String readLine(java.io.BufferedReader in, Process p) throws Exception {
        var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String s = line.get(20, TimeUnit.SECONDS);
            assertNotNull(s, "end of output");
            return s;
        } catch (java.util.concurrent.TimeoutException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("no line within 20 s: the command was stopped or hangs");
        }
    }

    @Test
    void theUserNamespaceMapsRootToTheIdMap() throws Exception {
        Runs.Result r = run("userns", "sh", "-c", "cat /proc/self/uid_map; id -u; grep -E '^(CapEff|CapBnd)' "
                + "/proc/self/status; ulimit -Sn; ulimit -Hn; mkdir /tmp/ward-denied-dir");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().map(String::trim).toList();
        assertEquals(List.of("0", "200000", "65536"), List.of(lines.get(0).split("\\s+")));
        assertEquals("0", lines.get(1));
        assertEquals("CapEff:\t00000000000004cb", r.out().lines().toList().get(2));
        assertEquals("CapBnd:\t00000000000004cb", r.out().lines().toList().get(3));
        assertEquals(List.of("512", "1024"), lines.subList(4, 6));
        assertTrue(r.err().contains("Operation not supported"), r.err());
    }

    @Test
    void devicesOutsideTheAllowListCannotBeOpened() throws Exception {
        Runs.Result r = run("devices", "sh", "-c", "head -c 4 /dev/urandom | wc -c; head -c 4 /dev/zero | wc -c");
        assertEquals("4\n0\n", r.out());
        assertTrue(r.err().contains("/dev/zero") && r.err().contains("Operation not permitted"), r.err());
    }

    @Test
    void readOnlyAndMaskedPaths() throws Exception {
        Runs.Result r = run("filesystem", "sh", "-c", "wc -c < /etc/hostname; ls /usr/share/doc | wc -l; "
                + "touch /etc/ward-test 2>&1; (echo 1 > /proc/sys/kernel/ns_last_pid) 2>&1; true");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("0", lines.get(0));
        assertEquals("0", lines.get(1));
        assertTrue(lines.get(2).contains("Read-only file system"), r.out());
        assertTrue(lines.get(3).contains("Read-only file system"), r.out());
        assertFalse(Files.exists(Path.of("/etc/ward-test")));
    }

    @Test
    void refusalsAreOneLineBeforeTheCommandStarts() throws Exception {
        Runs.Result r = run("too-many-files", "sh", "-c", "echo started");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ward run: ") && r.err().contains("nofile"), r.err());

        r = run(Map.of("PATH", "/nonexistent"), "basic", "/bin/true");
        assertEquals(2, r.code());
        assertEquals("ward run: the native engine needs util-linux 'unshare' to create namespaces; it is not "
                + "installed\n", r.err());

        r = run("basic", "ward-no-such-command");
        assertEquals(127, r.code());
        assertEquals("ward run: ward-no-such-command: command not found\n", r.err());
    }

    @Test
    void apparmorFollowsThePolicyWhenTheHostHasNone() throws Exception {
        Runs.Result r = run("apparmor", "sh", "-c", "echo started");
        if (AppArmorHost.detect().enabled()) {
            assertTrue(r.err().contains("ward-rtapparmor"), r.err());
        } else {
            assertEquals(1, r.code());
            assertEquals("", r.out());
            assertEquals("ward run: profile rtapparmor is untrusted and its root is the host's, so it needs AppArmor, "
                    + "which is not enabled on this host\n", r.err());
        }
    }

}
