package dev.ward.runtime;

import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code ward run}: the policy and the profile chosen from it, the directory holding the policy (where
 * the id allocation file lives), the command, its environment and working directory, and where warnings go.
 */
public record RunRequest(Policy policy, Profile profile, Optional<Path> policyRoot, List<String> command,
                         Map<String, String> environment, Path workingDirectory, PrintStream err) {
    public RunRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (command.isEmpty()) throw new IllegalArgumentException("no command");
    }
}
