package dev.ward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ward} command: subcommands only. */
@Command(name = "ward", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compiles declarative container security policies (.ward) into seccomp, AppArmor, "
                + "LXC, OCI, Kubernetes and systemd artifacts.",
        subcommands = {CheckCommand.class, FmtCommand.class, ExplainCommand.class, CompileCommand.class, ImportCommand.class,
                LintCommand.class, DiffCommand.class})
public final class Main implements Runnable {
    /** Exit codes of every command, as SPEC.md documents them. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("ward: internal error: " + ex);
            return EXIT_INTERNAL;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Reads the version from the jar manifest, falling back to the build's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ward " + (v == null ? "0.1.0" : v)};
        }
    }
}
