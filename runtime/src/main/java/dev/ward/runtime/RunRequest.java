package dev.ward.runtime;

import dev.ward.ir.Profile;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * One {@code ward run}: the resolved profile, the command and its environment, and where warnings go.
 * {@code seccompFilter} is the profile's compiled program for this host's architecture (raw
 * {@code struct sock_filter} array).
 */
public record RunRequest(Profile profile, byte[] seccompFilter, List<String> command, Map<String, String> environment,
                         PrintStream err) {
    public RunRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        seccompFilter = seccompFilter.clone();
        if (command.isEmpty()) throw new IllegalArgumentException("no command");
    }
}
