package dev.ward.backend;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.util.List;

/** The input of every target: the whole policy, the profiles to compile, options and the diagnostics sink. */
public record CompileContext(Policy policy, List<Profile> selected, CompileOptions options, Diagnostics diagnostics) {
    public CompileContext {
        selected = List.copyOf(selected);
    }
}
