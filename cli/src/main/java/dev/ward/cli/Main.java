package dev.ward.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ward} command: subcommands only. */
@Command(name = "ward", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compiles declarative container security policies (.ward) into seccomp, AppArmor, "
                + "LXC, OCI, Kubernetes and systemd artifacts.",
        subcommands = {CheckCommand.class, FmtCommand.class, ExplainCommand.class, CompileCommand.class, ImportCommand.class,
                LintCommand.class, DiffCommand.class, RunCommand.class})
public final class Main implements Runnable {
    /** Exit codes of every command, as SPEC.md documents them. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding")));
    }

    /**
     * Runs one command line as the {@code ward} executable does. Start-up matters for a tool run on every
     * save and in CI, and picocli builds the model of each command it knows by reflection: so a command
     * line that names a subcommand gets a command line holding only that one, and {@code check} with
     * nothing but files, the most common call, runs without picocli at all. Both give exactly what the
     * full command line gives.
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            List<Path> plainCheck = plainCheckPaths(args);
            if (plainCheck != null) return plainCheck(plainCheck, err);
            CommandLine cl = commandLineFor(args);
            cl.setOut(out);
            cl.setErr(err);
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command line with every subcommand; tests call {@code execute} on it. */
    public static CommandLine newCommandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** The command line for {@code args}: only the subcommand {@code args[0]} names, or all of them. */
    static CommandLine commandLineFor(String[] args) {
        Class<?> sub = args.length == 0 ? null : subcommandNamed(args[0]);
        if (sub == null) return newCommandLine();
        CommandLine.Model.CommandSpec root = CommandLine.Model.CommandSpec.wrapWithoutInspection(new Main())
                .name(Main.class.getAnnotation(Command.class).name());
        CommandLine cl = new CommandLine(root);
        cl.addSubcommand(new CommandLine(sub));
        return configure(cl);
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("ward: internal error: " + ex);
            return EXIT_INTERNAL;
        });
        return cl;
    }

    /** The subcommand class whose name or alias is {@code name}, or null. */
    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) return c;
        }
        return null;
    }

    /**
     * The paths of {@code check} followed only by operands (no option, no {@code --}, no {@code @file},
     * which picocli expands, at least one path, each a valid path), or null for any other command line.
     */
    static List<Path> plainCheckPaths(String[] args) {
        if (args.length < 2 || subcommandNamed(args[0]) != CheckCommand.class) return null;
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("-") || args[i].startsWith("@")) return null;
            try {
                paths.add(Path.of(args[i]));
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return paths;
    }

    /** What picocli's execute does for a plain check: the command, then the same internal-error handling. */
    private static int plainCheck(List<Path> paths, PrintWriter err) {
        try {
            return CheckCommand.check(paths, err);
        } catch (RuntimeException ex) {
            err.println("ward: internal error: " + ex);
            return EXIT_INTERNAL;
        }
    }

    /** A writer like picocli's default for a standard stream: its console encoding if set, auto-flushing. */
    private static PrintWriter writer(PrintStream stream, String encodingProperty) {
        Charset charset = Charset.defaultCharset();
        String name = System.getProperty(encodingProperty);
        if (name != null) {
            try {
                charset = Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
            } catch (RuntimeException unsupported) {
                charset = Charset.defaultCharset();
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
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
