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

/** {@code ward explain FILE [--profile NAME]}: what a profile allows, after inheritance. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Summarise a profile after inheritance: mode, id maps, capabilities, seccomp rules in match "
                + "order, AppArmor rules, limits, rlimits, network, devices, namespaces, filesystem; then its exposure score.")
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile to explain (default: every profile of FILE).")
    String profile;

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
}
