package dev.ward.cli;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.explain.Explainer;
import dev.ward.ir.Profile;
import dev.ward.lint.Exposure;
import dev.ward.resolve.PolicyLoader;
import dev.ward.resolve.Suggest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ward explain FILE [--profile NAME] [--syscall NAME[(ARGS)] [--arch ARCH]]}: what a profile allows, after inheritance, or what its filter decides for one call. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Summarise a profile after inheritance: mode, id maps, capabilities, seccomp rules in match "
                + "order, AppArmor rules, limits, rlimits, network, devices, namespaces, filesystem; then its exposure score.")
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile to explain (default: every profile of FILE).")
    String profile;

    @Option(names = "--syscall", paramLabel = "NAME[(ARGS)]",
            description = "Show what the compiled filter decides for this call, with the instructions it executes.")
    String syscall;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "With --syscall: the ABI making the call (default: each of the profile's architectures).")
    String arch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(file), d);
        List<Profile> chosen = List.of();
        if (!d.hasErrors()) {
            if (profile != null) {
                Optional<Profile> p = loaded.policy().profile(profile);
                if (p.isEmpty()) {
                    List<String> names = loaded.policy().profiles().stream().map(Profile::name).toList();
                    d.error(Codes.UNKNOWN_PROFILE, Span.file(file.toString()), "no profile '" + profile + "'"
                            + Suggest.hint(profile, names) + "; profiles: " + String.join(", ", names));
                }
                chosen = p.stream().toList();
            } else {
                chosen = loaded.policy().profiles().stream().filter(p -> p.file().equals(file.toString())).toList();
            }
        }
        if (syscall != null) {
            return explainSyscall(chosen, d, loaded, out);
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (i > 0) out.println();
            out.print(Explainer.explain(chosen.get(i)));
            out.println();
            out.print(Exposure.of(chosen.get(i)).render());
        }
        out.flush();
        Reporting.print(d, loaded.sources(), spec.commandLine().getErr());
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    /** {@code --syscall}: the decision of each chosen profile's filter for the call, with its executed instructions. */
    private Integer explainSyscall(List<Profile> chosen, Diagnostics d, PolicyLoader.Loaded loaded, PrintWriter out) {
        List<String> problem = new java.util.ArrayList<>();
        Optional<dev.ward.seccomp.SyscallExplainer.Call> call = dev.ward.seccomp.SyscallExplainer.parse(syscall, problem);
        Optional<dev.ward.ir.Arch> abi = arch == null ? Optional.empty() : dev.ward.ir.Arch.byName(arch);
        if (call.isEmpty() || (arch != null && abi.isEmpty())) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("ward explain: " + (call.isEmpty() ? "--syscall: " + problem.get(0) : "unknown architecture '" + arch + "'"));
            err.flush();
            return Main.EXIT_USAGE;
        }
        if (!d.hasErrors()) {
            boolean first = true;
            for (Profile p : chosen) {
                for (dev.ward.ir.Arch a : abi.map(List::of).orElse(p.arches())) {
                    if (!first) out.println();
                    first = false;
                    out.print(dev.ward.seccomp.SyscallExplainer.explain(p, a, call.get()));
                }
            }
        }
        out.flush();
        Reporting.print(d, loaded.sources(), spec.commandLine().getErr());
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }
}
