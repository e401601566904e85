package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares Ward's filters for Docker's default profile (Docker's default capabilities) with libseccomp's on
 * the same rules: program length, instructions executed per syscall number of the native ABI (all arguments
 * zero), and the share of argument-independent allows the kernel's action cache can answer. Run with
 * {@code mvn -q -o -pl compiler test-compile exec:java}-free: see BENCHMARKS.md for the command.
 */
public final class SeccompBenchmark {
    /** Figures of one program. */
    record Figures(int length, double average, int max, double cacheable) {
        @Override
        public String toString() {
            return String.format("%4d insns, avg %5.2f, max %2d, cacheable allows %5.1f%%", length, average, max,
                    cacheable * 100);
        }
    }

    public static void main(String[] args) {
        for (Arch arch : List.of(Arch.X86_64, Arch.AARCH64)) {
            Profile full = DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, arch);
            run(arch, TestProfiles.profile(full.name(), List.of(arch), full.seccomp()));
            run(arch, full);
        }
    }

    static void run(Arch arch, Profile docker) {
        {
            Profile comparable = restrictToLibseccomp(docker);
            System.out.println(arch.wardName() + " (ABIs " + docker.arches() + ")");
            report("  ward, whole profile         ", docker, ward(docker, arch));
            report("  ward, libseccomp-known names", comparable, ward(comparable, arch));
            LibseccompRules.Translation t = LibseccompRules.translate(comparable.seccomp(), new Diagnostics());
            for (int level : new int[] {2, 1}) {
                BpfProgram lib = Libseccomp.compile(t, Abis.decidedBy(arch, comparable.arches()), level);
                report("  libseccomp optimize=" + level + "       ", comparable, lib);
            }
        }
    }

    static BpfProgram ward(Profile p, Arch arch) {
        return BpfCompiler.compile(p, arch, new Diagnostics());
    }

    static void report(String label, Profile p, BpfProgram program) {
        System.out.println(label + " " + measure(p, program));
    }

    /** Length, executed instructions over every number of the program's own ABI, cacheable allows. */
    static Figures measure(Profile p, BpfProgram program) {
        Arch abi = program.arch();
        Map<Integer, String> numbers = SyscallTable.standard().numbers(abi);
        long total = 0;
        int max = 0;
        int allows = 0;
        int cached = 0;
        DecisionTable table = DecisionTable.of(p.seccomp(), abi);
        for (int nr : numbers.keySet()) {
            BpfInterpreter.Result r = BpfInterpreter.run(program, SeccompData.of(Abis.wireNumber(abi, nr), abi.auditArch()));
            total += r.executed();
            max = Math.max(max, r.executed());
            Decision d = table.decision(nr);
            if (d.isConstant() && d.otherwise().equals(Action.ALLOW)) {
                allows++;
                if (ActionCache.isConstantAllow(program.instructions(), abi.auditArch(), nr)) cached++;
            }
        }
        return new Figures(program.length(), (double) total / numbers.size(), max,
                allows == 0 ? 1 : (double) cached / allows);
    }

    /** The profile without the syscalls libseccomp does not know on one of its ABIs (newer than its table). */
    static Profile restrictToLibseccomp(Profile p) {
        SyscallTable table = SyscallTable.standard();
        List<SeccompRule> rules = new ArrayList<>();
        for (SeccompRule r : p.seccomp().rules()) {
            List<String> names = r.syscalls().stream().filter(n -> p.arches().stream().allMatch(a ->
                    table.number(a, n).isEmpty() || Libseccomp.knows(a, n, table.number(a, n).getAsInt()))).toList();
            if (!names.isEmpty()) rules.add(new SeccompRule(r.action(), names, r.condition(), r.elseAction(), r.origin()));
        }
        return TestProfiles.profile(p.name(), p.arches(), new Seccomp(p.seccomp().defaultAction(), rules));
    }
}
