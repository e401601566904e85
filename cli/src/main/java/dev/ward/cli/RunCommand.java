package dev.ward.cli;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import dev.ward.resolve.Suggest;
import dev.ward.runtime.AppArmorHost;
import dev.ward.runtime.Engine;
import dev.ward.runtime.LxcEngine;
import dev.ward.runtime.NativeEngine;
import dev.ward.runtime.RunFailure;
import dev.ward.runtime.RunRequest;
import dev.ward.runtime.RuncEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ward run FILE [--profile NAME] [--engine native|lxc|runc] -- COMMAND [ARGS]}: run a command confined
 * by a profile. The command's exit status is ward's (128+N for a death by signal N); a run that cannot start
 * is one line on stderr and exit status 1 (the policy) or 2 (the host or the usage).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run COMMAND confined by a profile: natively (cgroup, rlimits, capabilities, no_new_privs, "
                + "AppArmor, seccomp, namespaces), or under lxc-execute or runc over the host's root, read-only.")
public final class RunCommand implements Callable<Integer> {
    /** The engines {@code --engine} takes. */
    public enum EngineName { NATIVE, LXC, RUNC }

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The profile to run under (default: the only profile FILE defines).")
    String profile;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "native", converter = EngineConverter.class,
            description = "native (default), lxc or runc.")
    EngineName engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(file), d);
        Optional<Profile> chosen = d.hasErrors() ? Optional.empty() : choose(loaded, d);
        if (d.hasErrors() || chosen.isEmpty()) {
            Reporting.print(d, loaded.sources(), spec.commandLine().getErr());
            return Main.EXIT_FINDINGS;
        }
        PrintStream err = System.err;
        Path root = file.toAbsolutePath().getParent();
        RunRequest req = new RunRequest(loaded.policy(), chosen.get(), Optional.ofNullable(root), command,
                System.getenv(), Path.of("").toAbsolutePath(), err);
        AppArmorHost apparmor = AppArmorHost.detect();
        Engine e = switch (engine) {
            case NATIVE -> new NativeEngine(apparmor, SeccompFilters::compile);
            case LXC -> new LxcEngine(apparmor);
            case RUNC -> new RuncEngine(apparmor);
        };
        try {
            return e.run(req);
        } catch (RunFailure f) {
            err.println("ward run: " + f.getMessage());
            return f.exitCode();
        }
    }

    // The named profile, or the only one FILE itself defines.
    private Optional<Profile> choose(PolicyLoader.Loaded loaded, Diagnostics d) {
        List<String> names = loaded.policy().profiles().stream().map(Profile::name).toList();
        if (profile != null) {
            Optional<Profile> p = loaded.policy().profile(profile);
            if (p.isEmpty()) {
                d.error(Codes.UNKNOWN_PROFILE, Span.file(file.toString()), "no profile '" + profile + "'"
                        + Suggest.hint(profile, names) + "; profiles: " + String.join(", ", names));
            }
            return p;
        }
        List<Profile> own = loaded.policy().profiles().stream()
                .filter(p -> Path.of(p.file()).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize()))
                .toList();
        if (own.size() == 1) return Optional.of(own.get(0));
        d.error(Codes.UNKNOWN_PROFILE, Span.file(file.toString()), own.isEmpty()
                ? "defines no profile; name one with --profile (profiles: " + String.join(", ", names) + ")"
                : "defines " + own.size() + " profiles (" + String.join(", ", own.stream().map(Profile::name).toList())
                        + "); choose one with --profile");
        return Optional.empty();
    }

    /** {@code native}, {@code lxc}, {@code runc}, in any case. */
    static final class EngineConverter implements picocli.CommandLine.ITypeConverter<EngineName> {
        @Override
        public EngineName convert(String value) {
            for (EngineName n : EngineName.values()) {
                if (n.name().equalsIgnoreCase(value)) return n;
            }
            throw new picocli.CommandLine.TypeConversionException("unknown engine '" + value
                    + "'; choose native, lxc or runc");
        }
    }
}
