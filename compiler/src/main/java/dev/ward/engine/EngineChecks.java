package dev.ward.engine;

import dev.ward.backend.CompileContext;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks, once per compile run, the policy values that the engine forms copy into their files: paths, mount
 * options, owner and bridge names. A profile with a value that fails is not rendered by any engine target, so
 * a bad value is reported once, however many targets run.
 */
public final class EngineChecks {
    private static final CompileContext.RunKey<Results> RESULTS =
            CompileContext.RunKey.of("engine checks", Results.class);

    /** The outcome of each profile's checks in one run, by profile name. */
    private static final class Results {
        final Map<String, Boolean> byProfile = new ConcurrentHashMap<>();
    }

    private EngineChecks() {}

    /** True when every value of {@code p} can be written safely. */
    public static boolean valid(CompileContext ctx, Profile p) {
        Results results = ctx.shared(RESULTS, c -> new Results());
        return results.byProfile.computeIfAbsent(p.name(), n -> check(p, ctx.diagnostics()));
    }

    /** Runs every check, reporting each failure. */
    public static boolean check(Profile p, Diagnostics d) {
        boolean ok = true;
        if (p.owner().isPresent()) ok &= ConfigValues.ownerName(p.owner().get(), p.origin(), d);
        Network n = p.network();
        if (n.kind() == Network.Kind.VETH || n.kind() == Network.Kind.MACVLAN || n.kind() == Network.Kind.PHYS) {
            int before = d.errorCount();
            Bridges.of(p, d);
            ok &= d.errorCount() == before;
        }
        Filesystem fs = p.filesystem();
        for (String path : fs.readonly()) ok &= ConfigValues.absolutePath(path, "read-only path", fs.origin(), d);
        for (String path : fs.masked()) ok &= ConfigValues.absolutePath(path, "masked path", fs.origin(), d);
        for (Filesystem.Mount m : fs.mounts()) {
            ok &= ConfigValues.singleLine(m.source(), "mount source", m.origin(), d);
            ok &= ConfigValues.absolutePath(m.target(), "mount target", m.origin(), d);
            ok &= word(m.fstype(), "mount type", m, d);
            for (String option : m.options()) ok &= word(option, "mount option", m, d);
        }
        return ok;
    }

    private static boolean word(String value, String what, Filesystem.Mount m, Diagnostics d) {
        if (!ConfigValues.singleLine(value, what, m.origin(), d)) return false;
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == ',' || c == '\\')) {
            d.error(EngineCodes.UNSAFE_VALUE, m.origin().span(), what + " '" + value
                    + "' must be one non-empty word without spaces, commas or backslashes");
            return false;
        }
        return true;
    }
}
