package dev.ward.runtime;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Target;
import dev.ward.backend.Targets;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.engine.IdMapPlan;
import dev.ward.ir.Arch;
import dev.ward.ir.IdMapping;
import java.util.List;
import java.util.Map;

/** What {@code ward compile} would write for the run's profile, rendered in memory for an engine. */
final class Fragments {
    private Fragments() {}

    static CompileContext context(RunRequest req, Arch arch, CompileOptions.CgroupVersion cgroup) {
        return new CompileContext(req.policy(), List.of(req.profile()),
                new CompileOptions(List.of(arch), cgroup, req.policyRoot()), new Diagnostics());
    }

    /** The files of one target, by path ({@code NAME/lxc.conf}); an error in rendering refuses the run. */
    static Map<String, byte[]> render(String target, CompileContext ctx) throws RunFailure {
        Target t = Targets.byName(target).orElseThrow(() -> new RunFailure("this build has no " + target
                + " target", 3));
        Artifacts out = new Artifacts();
        t.render(ctx, out);
        failOnErrors(ctx.diagnostics());
        return out.files();
    }

    /** The profile's id maps, with {@code idmap isolated} filled in from the allocation file. */
    static List<IdMapping> idMaps(CompileContext ctx) throws RunFailure {
        List<IdMapping> maps = IdMapPlan.of(ctx).mappings(ctx.selected().get(0));
        failOnErrors(ctx.diagnostics());
        return maps;
    }

    private static void failOnErrors(Diagnostics d) throws RunFailure {
        for (Diagnostic x : d.all()) {
            if (x.severity() == dev.ward.diag.Severity.ERROR) throw new RunFailure(x.headline(), 1);
        }
    }
}
