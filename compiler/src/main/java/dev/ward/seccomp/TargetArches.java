package dev.ward.seccomp;

import dev.ward.backend.CompileOptions;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.util.List;

/** The ABIs a seccomp target compiles a profile for: {@code --arch} when given, else the profile's own. */
final class TargetArches {
    private TargetArches() {}

    static List<Arch> of(Profile p, CompileOptions options) {
        return options.arches().isEmpty() ? p.arches() : options.arches();
    }
}
