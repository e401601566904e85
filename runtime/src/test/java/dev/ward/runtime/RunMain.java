package dev.ward.runtime;

import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs one of {@link TestCases}' profiles in a JVM of its own, as {@code ward run} would: {@code RunMain
 * ENGINE CASE COMMAND...}. Tests start it to see the command's output, exit status and signal handling from
 * outside.
 */
public final class RunMain {
    public static void main(String[] args) {
        Profile p = TestCases.byName(args[1]);
        List<String> command = Arrays.asList(args).subList(2, args.length);
        AppArmorHost apparmor = AppArmorHost.detect();
        Engine engine = switch (args[0]) {
            case "native" -> new NativeEngine(apparmor, (profile, arch) -> TestFilters.compile(profile, arch));
            case "lxc" -> new LxcEngine(apparmor);
            case "runc" -> new RuncEngine(apparmor);
            default -> throw new IllegalArgumentException(args[0]);
        };
        try {
            RunRequest req = new RunRequest(new Policy(List.of(p)), p, Optional.empty(), command, System.getenv(),
                    Path.of("").toAbsolutePath(), System.err);
            System.exit(engine.run(req));
        } catch (RunFailure f) {
            System.err.println("ward run: " + f.getMessage());
            System.exit(f.exitCode());
        }
    }
}
