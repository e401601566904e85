package dev.ward.cli;

import dev.ward.diag.Diagnostics;
import dev.ward.diff.Change;
import dev.ward.diff.DiffReport;
import dev.ward.diff.PolicyDiff;
import dev.ward.resolve.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ward diff OLD NEW}: what a change to the policies loosens or tightens, profile by profile. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two versions of a policy (files or directories): per profile, what became looser or tighter.",
        footer = {"", "Exit status: 0, or 1 with --fail-on-loosen when something became looser (or an input has errors); "
                + "2 usage; 3 internal error."})
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "The old policy file or directory.")
    Path old;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new policy file or directory.")
    Path neu;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--fail-on-loosen", description = "Exit 1 when any profile became looser.")
    boolean failOnLoosen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded before = PolicyLoader.load(List.of(old), d);
        PolicyLoader.Loaded after = PolicyLoader.load(List.of(neu), d);
        if (d.hasErrors()) {
            before.sources().names().forEach(n -> before.sources().text(n).ifPresent(t -> after.sources().add(n, t)));
            Reporting.print(d, after.sources(), spec.commandLine().getErr());
            return Main.EXIT_FINDINGS;
        }
        List<Change> changes = PolicyDiff.diff(before.policy(), after.policy());
        spec.commandLine().getOut().print(format.equals("json") ? DiffReport.json(changes) : DiffReport.text(changes));
        spec.commandLine().getOut().flush();
        return failOnLoosen && PolicyDiff.loosens(changes) ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("text") && !v.equals("json")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format (text, json)");
            }
            return v;
        }
    }
}
