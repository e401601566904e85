package dev.ward.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ward.backend.Artifacts;
import dev.ward.ir.Arch;
import dev.ward.seccomp.BpfInterpreter;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.SeccompBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmarks in a short mode, so that they cannot rot: every benchmark method once on every corpus
 * entry, JMH itself on one configuration, the quality tables on two policies. Nothing here asserts a time.
 */
class BenchSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyBenchmarkMethodRunsOnEveryCorpusEntry() {
        CompileBenchmark bench = new CompileBenchmark();
        for (String policy : Corpus.NAMES) {
            CompileBenchmark.Source source = new CompileBenchmark.Source();
            source.policy = policy;
            source.setUp();
            Artifacts all = bench.wardAll(source);
            assertTrue(all.files().keySet().stream().anyMatch(f -> f.endsWith("/oci.json")), policy);
            assertTrue(all.files().keySet().stream().anyMatch(f -> f.endsWith(".bpf")), policy);
            for (String arch : List.of("x86_64", "aarch64")) {
                CompileBenchmark.Resolved r = new CompileBenchmark.Resolved();
                r.policy = policy;
                r.arch = arch;
                r.setUp();
                BpfProgram ward = bench.wardSeccomp(r);
                for (BpfProgram lib : List.of(bench.libseccompO1(r), bench.libseccompO2(r))) {
                    assertEquals(Arch.byName(arch).orElseThrow(), lib.arch());
                    assertTrue(lib.length() > 0);
                }
                assertTrue(ward.length() > 0 && ward.length() <= 4096, policy + " " + arch + ": " + ward.length());
            }
        }
    }

    @Test
    void syntheticPolicyHasAThousandRulesAndFitsTheKernelsLimit() {
        for (Arch kernel : Corpus.kernels()) {
            var profile = Corpus.profile("synthetic-1000", kernel);
            assertEquals(1000, profile.seccomp().rules().size());
            BpfProgram program = BpfQuality.ward(profile, kernel);
            assertTrue(program.length() <= 4096, "" + program.length());
        }
    }

    @Test
    void jmhRunsTheBenchmarksOfOneConfiguration() throws Exception {
        Path log = dir.resolve("jmh.log");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CompileBenchmark.class.getName())
                .param("policy", "lxc-default")
                .param("arch", "x86_64")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .output(log.toString())
                .shouldFailOnError(true)
                .build()).run();
        assertEquals(4, results.size(), Files.readString(log));
        for (RunResult r : results) assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
    }

    @Test
    void qualityTablesAndReportsPrint() throws Exception {
        List<BpfQuality.Row> rows = BpfQuality.rows(List.of("lxc-default", "web"));
        assertEquals(2 * 2 * 3, rows.stream().filter(r -> !r.compiler().contains("knows")).count());
        for (BpfQuality.Row r : rows) {
            SeccompBench.Quality q = r.quality();
            assertTrue(q.length() > 0 && q.average() > 0 && q.max() >= q.average(), r.toString());
            if (r.compiler().startsWith("ward")) assertEquals(1.0, q.cacheable(), r.toString());
        }
        String tables = print(out -> BpfQuality.print(rows, out));
        assertTrue(tables.contains("| web | libseccomp -O2 |"), tables);
        assertTrue(tables.contains("#### aarch64"), tables);

        String jmh = """
                [{"benchmark": "dev.ward.bench.CompileBenchmark.wardSeccomp", "params": {"policy": "web", "arch": "x86_64"},
                  "primaryMetric": {"score": 50.0, "scoreError": 1.5}},
                 {"benchmark": "dev.ward.bench.CompileBenchmark.libseccompO2", "params": {"policy": "web", "arch": "x86_64"},
                  "primaryMetric": {"score": 400.0, "scoreError": "NaN"}},
                 {"benchmark": "dev.ward.bench.CompileBenchmark.wardAll", "params": {"policy": "web"},
                  "primaryMetric": {"score": 2500.0}}]
                """;
        String table = print(out -> Report.jmh(new ObjectMapper().readTree(jmh), out));
        assertTrue(table.contains("| web | x86_64 | 2.50 ms | 50.0 ± 1.5 µs |  | 400.0 µs | 0.125 |"), table);

        String hyperfine = """
                {"results": [{"command": "ward check web.ward", "mean": 0.3, "stddev": 0.02, "median": 0.29,
                  "min": 0.27, "max": 0.4, "user": 0.25, "system": 0.05}]}
                """;
        String process = print(out -> Report.process(List.of(new ObjectMapper().readTree(hyperfine)),
                List.of("ward check web.ward\t65536"), out));
        assertTrue(process.contains("| `ward check web.ward` | 290 ms | 300 ± 20 ms | 270 ms | 250 ms | 50 ms | 64 MiB |"),
                process);
    }

    @Test
    void startupPhasesPrintsOneRow() throws Exception {
        Path web = Path.of(System.getProperty("ward.repo"), "policies", "examples", "web.ward");
        PrintStream stdout = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            StartupPhases.main(new String[] {web.toString()});
        } finally {
            System.setOut(stdout);
        }
        String row = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(row.matches("(\\| \\d+ ms ){5}\\|\n"), row);
    }

    @Test
    void syscallCostLoopRunsUnderEveryFilter() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the loop runs the x86_64 programs");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc builds the loop");
        List<SyscallCost.Filter> filters = SyscallCost.filters("docker-default");
        // The loop exits non-zero when a filter cannot be installed or does not allow both calls.
        SyscallCost.Timings t = SyscallCost.measure(SyscallCost.buildHelper(dir), dir, filters, 200, 1, 1);
        for (SyscallCost.Filter f : filters) {
            for (String call : SyscallCost.CALLS) {
                List<Double> ns = t.byFilter().get(f.name()).get(call);
                assertEquals(1, ns.size(), f.name() + " " + call);
                assertTrue(ns.get(0) > 0, f.name() + " " + call);
            }
        }
        // Both programs decide the timed calls on the path the table says: personality reads its argument.
        for (SyscallCost.Filter f : filters.subList(1, 3)) {
            assertTrue(SyscallCost.executed(f.program(), "personality") > SyscallCost.executed(f.program(), "getppid"),
                    f.name());
        }
        String table = print(out -> SyscallCost.print("docker-default", filters, t, 200, 1, 1, out));
        assertTrue(table.contains("| ward | " + filters.get(1).program().length() + " | "), table);
        assertTrue(table.lines().filter(l -> l.startsWith("| ")).count() == 5, table);
    }

    @Test
    void wardAndLibseccompProgramsOfTheBenchmarkDecideAlike() {
        // The comparison is only fair if both programs implement the same rules: spot-check every syscall number.
        CompileBenchmark.Resolved r = new CompileBenchmark.Resolved();
        r.policy = "docker-default-native";
        r.arch = "x86_64";
        r.setUp();
        BpfProgram ward = new CompileBenchmark().wardSeccomp(r);
        BpfProgram lib = new CompileBenchmark().libseccompO2(r);
        int differ = 0;
        for (int nr = 0; nr < 512; nr++) {
            var data = dev.ward.seccomp.SeccompData.of(nr, Arch.X86_64.auditArch());
            if (BpfInterpreter.run(ward, data).ret() != BpfInterpreter.run(lib, data).ret()) differ++;
        }
        assertEquals(0, differ);
    }

    interface Printer {
        void print(PrintStream out) throws Exception;
    }

    private static String print(Printer p) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
