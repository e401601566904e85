package dev.ward.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * The workload the {@code ward} launcher records after each build to make its class-data sharing archive:
 * the commands people run most, on the shipped examples, in one JVM. Not a user command; it prints nothing.
 */
public final class StartupTraining {
    private StartupTraining() {}

    /** {@code StartupTraining EXAMPLES_DIR SCRATCH_DIR}. */
    public static void main(String[] args) {
        String examples = args[0];
        String web = Path.of(examples, "web.ward").toString();
        String out = args[1];
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        List<String[]> commands = List.of(
                new String[] {"check", web},
                new String[] {"check", examples},
                new String[] {"lint", examples},
                new String[] {"compile", "-o", out, examples},
                new String[] {"fmt", "--check", web},
                new String[] {"explain", web},
                new String[] {"check", "--help"},
                new String[] {"--help"});
        for (String[] command : commands) {
            try {
                Main.execute(command, quiet, quiet);
            } catch (RuntimeException e) {
                // A failing command still loaded the classes it reached; the archive only speeds things up.
            }
        }
    }
}
