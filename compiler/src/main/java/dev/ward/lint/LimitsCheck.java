package dev.ward.lint;

import dev.ward.ir.Limits;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import java.util.Map;
import java.util.OptionalLong;

/** W1020-W1023: LXC does not prevent denial of service by default; cgroup limits and sane rlimits do. */
final class LimitsCheck implements Check {
    @Override
    public void run(LintContext ctx) {
        for (Profile p : ctx.policy().profiles()) {
            Limits l = p.limits();
            if (!limited(l.memoryBytes())) {
                ctx.report(LintRule.NO_MEMORY_LIMIT, LintContext.errorWhenUntrusted(LintRule.NO_MEMORY_LIMIT, p), p,
                        l.origin(), "profile '" + p.name() + "' has no memory limit");
            }
            if (!limited(l.pids())) {
                ctx.report(LintRule.NO_PIDS_LIMIT, LintContext.errorWhenUntrusted(LintRule.NO_PIDS_LIMIT, p), p,
                        l.origin(), "profile '" + p.name() + "' has no pids limit");
            }
            boolean cpu = (l.cpuCores().isPresent() && l.cpuCores().getAsDouble() > 0
                    && !Double.isInfinite(l.cpuCores().getAsDouble())) || limited(l.cpuWeight());
            if (!cpu) {
                ctx.report(LintRule.NO_CPU_LIMIT, LintContext.errorWhenUntrusted(LintRule.NO_CPU_LIMIT, p), p,
                        l.origin(), "profile '" + p.name() + "' has no cpu limit");
            }
            for (Map.Entry<Rlimit, RlimitValue> e : new java.util.TreeMap<>(p.rlimits()).entrySet()) {
                RlimitValue v = e.getValue();
                if (Long.compareUnsigned(v.soft(), v.hard()) > 0) {
                    ctx.report(LintRule.RLIMIT_SOFT_ABOVE_HARD, p, v.origin(), "rlimit " + e.getKey().wardName()
                            + " of profile '" + p.name() + "' has soft " + show(v.soft()) + " above hard " + show(v.hard()));
                }
            }
        }
    }

    private static boolean limited(OptionalLong v) {
        return v.isPresent() && v.getAsLong() != Limits.MAX;
    }

    private static String show(long v) {
        return v == RlimitValue.UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }
}
