package dev.ward.ir;

import java.util.List;
import java.util.Optional;

/** Every profile loaded in one run (all files named on the command line and what they use), by name. */
public record Policy(List<Profile> profiles) {
    public Policy {
        profiles = List.copyOf(profiles);
    }

    public Optional<Profile> profile(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
