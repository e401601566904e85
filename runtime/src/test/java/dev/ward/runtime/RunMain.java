package dev.ward.runtime;

import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one of {@link TestCases}' profiles through the native engine in a JVM of its own, as {@code ward
 * run} would: {@code RunMain CASE COMMAND...}. Tests start it to see the command's output, exit status and
 * signal handling from outside.
 */
public final class RunMain {
    public static void main(String[] args) {
        Profile p = TestCases.byName(args[0]);
        List<String> command = Arrays.asList(args).subList(1, args.length);
        NativeEngine engine = new NativeEngine(AppArmorHost.detect());
        try {
            byte[] filter = TestFilters.compile(p, Arch.X86_64);
            System.exit(engine.run(new RunRequest(p, filter, command, System.getenv(), System.err)));
        } catch (RunFailure f) {
            System.err.println("ward run: " + f.getMessage());
            System.exit(f.exitCode());
        }
    }
}
