package dev.ward.bench;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Target;
import dev.ward.backend.Targets;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import dev.ward.seccomp.Abis;
import dev.ward.seccomp.BpfCompiler;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.LibseccompRules;
import dev.ward.seccomp.SeccompBench;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-process compile time. {@code wardAll}: parse, resolve and every backend, from source text to all
 * artifacts. {@code wardSeccomp}: the seccomp backend alone, one architecture's program from the resolved
 * profile. {@code libseccompO1/O2}: libseccomp building and exporting its filter from the same rules
 * (seccomp_init, one seccomp_rule_add per rule, seccomp_export_bpf) at optimize level 1 or 2. The seccomp
 * comparisons use the profile without the syscalls this libseccomp does not know, so both decide the same.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompileBenchmark {
    /** Source text of one corpus entry, for the whole compiler. */
    @State(Scope.Benchmark)
    public static class Source {
        @Param({"docker-default", "docker-default-native", "lxc-default", "unprivileged", "web", "synthetic-1000"})
        public String policy;

        String fileName;
        String text;

        @Setup
        public void setUp() {
            fileName = policy + ".ward";
            text = Corpus.source(policy, Arch.X86_64);
        }
    }

    /** One corpus entry resolved for one kernel, with its rules in libseccomp's model. */
    @State(Scope.Benchmark)
    public static class Resolved {
        @Param({"docker-default", "docker-default-native", "lxc-default", "unprivileged", "web", "synthetic-1000"})
        public String policy;

        @Param({"x86_64", "aarch64"})
        public String arch;

        Arch kernel;
        Profile profile;
        LibseccompRules.Translation rules;

        @Setup
        public void setUp() {
            kernel = Arch.byName(arch).orElseThrow();
            profile = SeccompBench.restrictToLibseccomp(Corpus.profile(policy, kernel));
            rules = SeccompBench.translate(profile);
        }
    }

    @Benchmark
    public Artifacts wardAll(Source s) {
        return compileAll(s.fileName, s.text);
    }

    @Benchmark
    public BpfProgram wardSeccomp(Resolved r) {
        return BpfCompiler.compile(r.profile, r.kernel, new Diagnostics());
    }

    @Benchmark
    public BpfProgram libseccompO1(Resolved r) {
        return SeccompBench.libseccomp(r.rules, r.profile, r.kernel, 1);
    }

    @Benchmark
    public BpfProgram libseccompO2(Resolved r) {
        return SeccompBench.libseccomp(r.rules, r.profile, r.kernel, 2);
    }

    /** What {@code ward compile} does in memory: load, then every target; the BPF programs are among them. */
    static Artifacts compileAll(String fileName, String text) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.loadString(fileName, text, d);
        List<Profile> selected = loaded.policy().profiles().stream().filter(p -> !p.file().startsWith("std/")).toList();
        CompileContext ctx = new CompileContext(loaded.policy(), selected, CompileOptions.defaults(), d);
        Artifacts out = new Artifacts();
        for (Target t : Targets.all()) t.render(ctx, out);
        if (Targets.byName("bpf").isEmpty()) {
            // Until the seccomp backend is registered as a target, its programs are compiled here.
            for (Profile p : selected) {
                for (Arch a : Abis.programArches(p.arches())) {
                    out.put(p.name() + "/seccomp." + a.wardName() + ".bpf", BpfCompiler.compile(p, a, d).toBytes());
                }
            }
        }
        if (d.hasErrors()) throw new IllegalStateException(fileName + " does not compile: " + d.all());
        return out;
    }
}
