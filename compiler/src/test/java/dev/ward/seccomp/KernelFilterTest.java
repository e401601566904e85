package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Expectation;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every x86_64 program of the shipped policies and the seccomp golden cases under the real kernel. A small C
 * helper (src/test/c/seccomp_probe.c, built with gcc into target/) makes each probe syscall in a child of its
 * own, after installing the raw filter with seccomp(2), or under {@code bwrap --seccomp FD}. Each outcome must
 * be what Ward's interpreter says the program decides: the policy's errno, success for an allowed call, SIGSYS
 * for kill. Allowed calls are made only when harmless; a denied or killed call never reaches the kernel.
 */
class KernelFilterTest {
    private static final int SIGSYS = 31;
    /** Allowed calls the probes may really make, whatever their arguments are zero. */
    private static final Set<String> HARMLESS = Set.of("getpid", "getppid", "gettid", "getuid", "getgid",
            "geteuid", "getegid", "sched_yield", "personality", "getpgrp", "getpgid", "getsid", "umask");
    private static final int UNKNOWN_NR = 1000;
    /** Native calls the kernel lets through every filter (seccomp's passthrough for uprobes, Linux 6.11+). */
    private static final Set<String> PASSTHROUGH = Set.of("uretprobe", "uprobe");
    private static Path helper;
    private static boolean i386Works;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildHelper() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the programs are run on an x86_64 kernel");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc builds the probe helper");
        Path repo = Path.of(System.getProperty("ward.repo"));
        helper = repo.resolve("compiler/target/seccomp_probe");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-Wall", "-o", helper.toString(),
                repo.resolve("compiler/src/test/c/seccomp_probe.c").toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, out);
        // int 0x80 needs the kernel's IA32 emulation: without a filter getpid must answer.
        List<String> plain = run(List.of(helper.toString(), "-"), "i386 20 0 0 0 0 0 0\n");
        i386Works = plain.size() == 1 && plain.get(0).startsWith("ok ");
    }

    /** One syscall as the helper takes it, and the outcome Ward's program says it has. */
    record Probe(Arch abi, String name, int nr, long[] args, String expected) {
        String line() {
            StringBuilder b = new StringBuilder(abi == Arch.X86 ? "i386" : abi.wardName()).append(' ').append(nr);
            for (long a : args) b.append(' ').append(a);
            return b.append('\n').toString();
        }

        String describe() {
            return abi.wardName() + " " + name + java.util.Arrays.toString(args);
        }
    }

    static List<Profile> profiles() {
        return SeccompCorpus.shippedAndCases().profiles().stream().filter(p -> Abis.programArches(p.arches()).contains(Arch.X86_64)).toList();
    }

    /** The outcome the helper prints for a call the program answers with {@code ret}, or null to not make it. */
    private static String outcome(long ret, String name, int nr) {
        long kind = ret & 0xffff0000L;
        if (ret == Action.KILL_PROCESS.seccompRet() || ret == Action.KILL_THREAD.seccompRet()) return "signal " + SIGSYS;
        if (kind == Action.Kind.ERRNO.base()) return "errno " + (ret & 0xffff);
        if (kind == Action.ALLOW.seccompRet() || kind == Action.LOG.seccompRet()) {
            if (nr == UNKNOWN_NR) return "errno 38";
            return HARMLESS.contains(name) ? "ok" : null;
        }
        return null;
    }

    private static void add(List<Probe> out, BpfProgram program, Arch abi, String name, int nr, long... args) {
        if (abi == Arch.X86_64 && PASSTHROUGH.contains(name)) return;
        long[] six = java.util.Arrays.copyOf(args, 6);
        int wire = Abis.wireNumber(abi, nr);
        String expected = outcome(BpfInterpreter.run(program, SeccompData.of(wire, abi.auditArch(), six)).ret(), name, nr);
        if (expected != null) out.add(new Probe(abi, name, nr, six, expected));
    }

    /** Every x86_64 syscall number with zero arguments, the profile's x86_64 expectations, and foreign ABIs. */
    static List<Probe> probes(Profile p, BpfProgram program) {
        List<Probe> out = new ArrayList<>();
        SyscallTable table = SyscallTable.standard();
        for (Map.Entry<Integer, String> e : table.numbers(Arch.X86_64).entrySet()) {
            add(out, program, Arch.X86_64, e.getValue(), e.getKey());
        }
        add(out, program, Arch.X86_64, "unknown", UNKNOWN_NR);
        for (Expectation e : p.expectations()) {
            if (e.on().isPresent() && e.on().get() != Arch.X86_64) continue;
            long[] args = e.args().stream().mapToLong(Long::longValue).toArray();
            add(out, program, Arch.X86_64, e.syscall(), table.number(Arch.X86_64, e.syscall()).orElseThrow(), args);
        }
        add(out, program, Arch.X32, "getpid", table.number(Arch.X32, "getpid").orElseThrow());
        add(out, program, Arch.X32, "kexec_load", table.number(Arch.X32, "kexec_load").orElseThrow());
        if (i386Works) {
            add(out, program, Arch.X86, "getpid", table.number(Arch.X86, "getpid").orElseThrow());
            add(out, program, Arch.X86, "kexec_load", table.number(Arch.X86, "kexec_load").orElseThrow());
        }
        return out;
    }

    private static List<String> run(List<String> command, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return out.lines().toList();
    }

    /** The probes whose outcome differs from the expected one, as readable lines. */
    private static List<String> mismatches(String profile, List<Probe> probes, List<String> got) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            String actual = i < got.size() ? got.get(i) : "(no output)";
            Probe pr = probes.get(i);
            boolean ok = pr.expected().equals("ok") ? actual.startsWith("ok ") : actual.equals(pr.expected());
            if (!ok) bad.add(profile + ": " + pr.describe() + " expected " + pr.expected() + ", got " + actual);
        }
        return bad;
    }

    private Path write(Profile p, BpfProgram program) throws IOException {
        Path file = dir.resolve(p.name() + ".x86_64.bpf");
        Files.write(file, program.toBytes());
        return file;
    }

    @Test
    void everyX86_64ProgramDecidesInTheKernelAsInTheInterpreter() throws Exception {
        List<String> bad = new ArrayList<>();
        int probed = 0;
        for (Profile p : profiles()) {
            BpfProgram program = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
            List<Probe> probes = probes(p, program);
            StringBuilder input = new StringBuilder();
            probes.forEach(pr -> input.append(pr.line()));
            bad.addAll(mismatches(p.name(), probes, run(List.of(helper.toString(), write(p, program).toString()),
                    input.toString())));
            probed += probes.size();
        }
        assertEquals(List.of(), bad);
        assertTrue(probed > 1000, "only " + probed + " probes");
    }

    @Test
    void foreignAbisAreKilledUnlessListed() throws Exception {
        assumeTrue(i386Works, "the kernel runs i386 code (IA32 emulation)");
        Profile only64 = profiles().stream().filter(p -> p.name().equals("allowlist")).findFirst().orElseThrow();
        Profile with32 = profiles().stream().filter(p -> p.name().equals("denylist")).findFirst().orElseThrow();
        assertEquals(List.of(Arch.X86_64, Arch.AARCH64), only64.arches());
        assertEquals(List.of(Arch.X86_64, Arch.X86), with32.arches());
        String input = "x32 39 0 0 0 0 0 0\ni386 20 0 0 0 0 0 0\ni386 283 0 0 0 0 0 0\n";
        List<String> a = run(List.of(helper.toString(), write(only64, BpfCompiler.compile(only64, Arch.X86_64,
                new Diagnostics())).toString()), input);
        assertEquals(List.of("signal 31", "signal 31", "signal 31"), a);
        List<String> b = run(List.of(helper.toString(), write(with32, BpfCompiler.compile(with32, Arch.X86_64,
                new Diagnostics())).toString()), input);
        // getpid runs as i386 code; i386 kexec_load (283) is killed by the rule, x32 still by the architecture.
        assertEquals(3, b.size(), b.toString());
        assertEquals("signal 31", b.get(0));
        assertTrue(b.get(1).startsWith("ok "), b.toString());
        assertEquals("signal 31", b.get(2));
    }

    @Test
    void shippedProgramsDecideTheSameUnderBwrap() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is installed by ./test.sh");
        List<String> bad = new ArrayList<>();
        for (Profile p : profiles()) {
            if (!p.file().contains("policies/")) continue;
            BpfProgram program = BpfCompiler.compile(p, Arch.X86_64, new Diagnostics());
            List<Probe> all = probes(p, program);
            // A sample: the first probe of each outcome, and the foreign-ABI probes.
            List<Probe> sample = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (Probe pr : all) {
                if (pr.abi() != Arch.X86_64 || seen.add(pr.expected())) sample.add(pr);
            }
            StringBuilder input = new StringBuilder();
            sample.forEach(pr -> input.append(pr.line()));
            Path bpf = write(p, program);
            // bwrap reads the filter from fd 3, which the shell opens for it.
            List<String> command = List.of("sh", "-c", "exec \"$@\" 3<\"$0\"", bpf.toString(), "bwrap", "--dev-bind",
                    "/", "/", "--seccomp", "3", helper.toString(), "-");
            bad.addAll(mismatches(p.name() + " (bwrap)", sample, run(command, input.toString())));
        }
        assertEquals(List.of(), bad);
    }
}
