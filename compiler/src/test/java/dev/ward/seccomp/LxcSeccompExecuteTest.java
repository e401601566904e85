package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.resolve.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated lxc.seccomp policies loaded by {@code lxc-execute} over the host's root: each probe syscall, made
 * from python through libc's syscall(), gets what Ward's own x86_64 program decides for it (the policy's errno,
 * success when allowed, death for kill). Needs root and lxc, which ./test.sh installs.
 */
class LxcSeccompExecuteTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireLxc() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the probes use x86_64 syscall numbers");
        assumeTrue("root".equals(System.getProperty("user.name")), "lxc-execute runs as root here");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lxc-execute")), "lxc is installed by ./test.sh");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 makes the probe syscalls");
    }

    /** A syscall made in the container with its arguments (uname gets a buffer for its first). */
    record Probe(String syscall, long... args) {}

    private static final String DENYLIST = """
            profile probe {
                arch x86_64
                seccomp {
                    default allow
                    errno(EADDRNOTAVAIL) uname
                    errno(EPERM) personality if arg0 == 0x40000
                    errno(EACCES) getppid
                    errno(ENOTTY) umount2 if arg1 & MNT_FORCE == MNT_FORCE
                    kill-thread kexec_load
                }
            }
            """;

    @Test
    void aDenylistDecidesAsWardsProgram() throws Exception {
        Profile p = load("probe.ward", DENYLIST, "probe");
        List<Probe> probes = List.of(new Probe("uname", 0), new Probe("personality", 0x40000),
                new Probe("personality", 0xffffffffL), new Probe("getppid"), new Probe("getpid"),
                new Probe("umount2", 0, 1), new Probe("kexec_load"));
        assertEquals(expected(p, probes), run(p, probes));
    }

    @Test
    void theStdUnprivilegedAllowlistDecidesAsWardsProgram() throws Exception {
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.load(List.of(Path.of(System.getProperty("ward.repo"), "policies/std")), d).policy();
        assertFalse(d.hasErrors(), d.all()::toString);
        Profile p = policy.profile("unprivileged").orElseThrow();
        // Its tests of the low word of ioctl's and socket's arguments become masked rules in lxc.seccomp.
        List<Probe> probes = List.of(new Probe("personality", 0x40000), new Probe("personality", 0xffffffffL),
                new Probe("socket", 2, 1, 0), new Probe("socket", 40, 1, 0), new Probe("socket", 0x100000028L, 1, 0),
                new Probe("ioctl", 0, 0x5412), new Probe("ioctl", 0, 0x100005412L),
                new Probe("unshare", 0x10000000), new Probe("getpid"), new Probe("kexec_load"));
        assertEquals(expected(p, probes), run(p, probes));
        Diagnostics rendering = new Diagnostics();
        LxcSeccomp.render(p, p.arches(), rendering);
        assertEquals(List.of(), rendering.all());
    }

    private static Profile load(String name, String text, String profile) {
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.loadString(name, text, d).policy();
        assertFalse(d.hasErrors(), d.all()::toString);
        return policy.profile(profile).orElseThrow();
    }

    /** What the probes print when the kernel does as Ward's x86_64 program says; a kill ends the output. */
    private static List<String> expected(Profile p, List<Probe> probes) {
        BpfProgram program = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
        List<String> out = new ArrayList<>();
        for (Probe probe : probes) {
            int nr = SyscallTable.standard().number(Arch.X86_64, probe.syscall()).orElseThrow();
            long ret = BpfInterpreter.run(program, SeccompData.of(nr, Arch.X86_64.auditArch(), probe.args())).ret();
            long kind = ret & 0xffff0000L;
            if (kind == Action.ALLOW.seccompRet()) {
                out.add(probe.syscall() + " ok");
            } else if (kind == Action.Kind.ERRNO.base()) {
                out.add(probe.syscall() + " errno " + (ret & 0xffff));
            } else {
                out.add(probe.syscall() + " killed");
                break;
            }
        }
        return out;
    }

    private List<String> run(Profile p, List<Probe> probes) throws Exception {
        Path policy = dir.resolve("lxc.seccomp");
        Files.writeString(policy, LxcSeccomp.render(p, p.arches(), new Diagnostics()));
        Files.writeString(dir.resolve("run.conf"), "lxc.rootfs.path = dir:/\nlxc.console.path = none\n"
                + "lxc.autodev = 0\nlxc.uts.name = ward-seccomp\nlxc.seccomp.profile = " + policy + "\n");
        StringBuilder script = new StringBuilder("import ctypes, sys\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                + "buf = ctypes.create_string_buffer(4096)\n"
                + "def probe(name, nr, *args):\n"
                + "    print(name, 'killed', flush=True)\n"
                + "    ctypes.set_errno(0)\n"
                + "    r = libc.syscall(ctypes.c_long(nr), *[buf if a == 0 and name == 'uname' else ctypes.c_ulong(a) for a in args])\n"
                + "    e = ctypes.get_errno()\n"
                + "    print(name, 'ok' if r >= 0 else 'errno %d' % e, flush=True)\n");
        for (Probe probe : probes) {
            int nr = SyscallTable.standard().number(Arch.X86_64, probe.syscall()).orElseThrow();
            script.append("probe('").append(probe.syscall()).append("', ").append(nr);
            for (long a : probe.args()) script.append(", ").append(Long.toUnsignedString(a));
            script.append(")\n");
        }
        List<String> command = List.of("lxc-execute", "-n", "ward-seccomp-" + ProcessHandle.current().pid(), "-P",
                dir.toString(), "-f", dir.resolve("run.conf").toString(), "--", "python3", "-c", script.toString());
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
        String output = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(90, TimeUnit.SECONDS), "lxc-execute did not finish");
        // Each probe announces the kill it would end in; a line it prints after the call replaces that.
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.matches("[a-z0-9_]+ (ok|killed|errno \\d+)")) continue;
            String name = line.substring(0, line.indexOf(' '));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).equals(name + " killed")) lines.remove(lines.size() - 1);
            lines.add(line);
        }
        return lines;
    }
}
