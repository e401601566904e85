package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Arch;
import dev.ward.ir.Expectation;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.seccomp.BpfCompiler;
import dev.ward.seccomp.BpfInterpreter;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.SeccompData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped profiles' seccomp filters: their expect lines hold in the generated BPF, and ordinary programs
 * run under them in the real kernel (through bwrap) while what they forbid fails.
 */
class StdFiltersTest {
    private static Policy policy;

    @BeforeAll
    static void load() {
        Diagnostics d = new Diagnostics();
        policy = PolicyLoader.load(List.of(Path.of(System.getProperty("ward.repo"), "policies")), d).policy();
        assertTrue(d.all().stream().noneMatch(x -> x.severity() == Severity.ERROR), d.all()::toString);
    }

    private static Profile profile(String name) {
        return policy.profile(name).orElseThrow();
    }

    @Test
    void everyExpectLineHoldsInTheGeneratedFilter() {
        SyscallTable table = SyscallTable.standard();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Profile p : policy.profiles()) {
            for (Expectation e : p.expectations()) {
                for (Arch arch : e.on().map(List::of).orElse(p.arches())) {
                    // A foreign ABI is checked against the filter of the profile's first architecture.
                    Arch program = p.arches().contains(arch) ? arch : p.arches().get(0);
                    BpfProgram bpf = BpfCompiler.compile(p, program, new Diagnostics());
                    OptionalInt nr = table.number(arch, e.syscall());
                    assertTrue(nr.isPresent(), p.name() + ": " + e.syscall() + " is not on " + arch);
                    int number = nr.getAsInt() | (arch == Arch.X32 ? Arch.X32_SYSCALL_BIT : 0);
                    long[] args = e.args().stream().mapToLong(Long::longValue).toArray();
                    long ret = BpfInterpreter.run(bpf, SeccompData.of(number, arch.auditArch(), args)).ret();
                    if (ret != e.action().seccompRet()) {
                        failures.add(p.name() + ": expect " + e.action() + " " + e.syscall() + e.args() + " on " + arch
                                + " got 0x" + Long.toHexString(ret));
                    }
                    checked++;
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 250, "only " + checked + " expectations checked");
    }

    /** Runs {@code command} under the profile's x86_64 filter; returns the exit status and output. */
    private static Result underFilter(String profile, String... command) throws IOException, InterruptedException {
        Path bpf = Files.createTempFile("ward-" + profile, ".bpf");
        try {
            Files.write(bpf, BpfCompiler.compile(profile(profile), Arch.X86_64, new Diagnostics()).toBytes());
            List<String> argv = new ArrayList<>(List.of("bwrap", "--dev-bind", "/", "/", "--seccomp", "3"));
            argv.addAll(List.of(command));
            // bwrap reads the filter from fd 3, which the shell opens for it.
            List<String> sh = List.of("sh", "-c", "exec \"$@\" 3<\"$0\"", bpf.toString());
            List<String> full = new ArrayList<>(sh);
            full.addAll(argv);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
            return new Result(p.exitValue(), out);
        } finally {
            Files.deleteIfExists(bpf);
        }
    }

    private record Result(int status, String output) {}

    private static void assumeKernelTest() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the filters are run on x86_64");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is needed (test.sh installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 runs the workloads");
    }

    private static final String PYTHON_WORKLOAD = "import socket, subprocess, threading\n"
            + "t = threading.Thread(target=lambda: None); t.start(); t.join()\n"
            + "assert subprocess.run(['true']).returncode == 0\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.bind(('127.0.0.1', 0)); s.listen(); s.close()\n"
            + "print('workload ok')\n";

    @Test
    void ordinaryProgramsRunUnderEveryShippedFilter() throws Exception {
        assumeKernelTest();
        for (Profile p : policy.profiles()) {
            Result shell = underFilter(p.name(), "sh", "-c", "echo hello | cat; ls / >/dev/null; sleep 0.01");
            assertEquals(new Result(0, "hello\n"), shell, p.name());
            Result py = underFilter(p.name(), "python3", "-c", PYTHON_WORKLOAD);
            assertEquals(new Result(0, "workload ok\n"), py, p.name());
        }
    }

    @Test
    void whatTheBasesForbidFailsInTheKernel() throws Exception {
        assumeKernelTest();
        // unshare(CLONE_NEWUSER) is refused; other namespaces are left to the capabilities.
        assertTrue(underFilter("unprivileged", "unshare", "-U", "true").status() != 0);
        assertEquals(0, underFilter("unprivileged", "unshare", "-u", "true").status());
        // The CI runner creates no namespaces at all and opens no packet sockets.
        assertTrue(underFilter("ci-runner", "unshare", "-u", "true").status() != 0);
        String packet = "import socket\ntry:\n socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\nexcept OSError as e:\n"
                + " print(e.errno)\n";
        assertEquals(new Result(0, "97\n"), underFilter("ci-runner", "python3", "-c", packet));
        // The privileged base refuses a forced unmount and lets a lazy one through to the kernel.
        Result forced = underFilter("privileged", "python3", "-c", "import ctypes, os\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "print(libc.umount2(b'/nonexistent-ward', 1), ctypes.get_errno())\n"
                + "print(libc.umount2(b'/nonexistent-ward', 2), ctypes.get_errno())\n");
        assertEquals(new Result(0, "-1 1\n-1 2\n"), forced, "EPERM for MNT_FORCE, ENOENT from the kernel otherwise");
    }
}
