package dev.ward.lint;

import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Profile;

/** W1050-W1052: host hardware and kernel settings reached through device nodes, /proc and /sys. */
final class DevicesCheck implements Check {
    @Override
    public void run(LintContext ctx) {
        for (Profile p : ctx.policy().profiles()) {
            if (p.privileged() && p.devices().stream().noneMatch(DeviceRule::allow)) {
                ctx.report(LintRule.PRIVILEGED_WITHOUT_DEVICES, p, p.origin(),
                        "privileged profile '" + p.name() + "' has no device allowlist");
            }
            for (DeviceRule d : p.devices()) {
                if (!d.allow()) continue;
                if (d.type() == 'a' && d.major() == DeviceRule.ANY && d.minor() == DeviceRule.ANY) {
                    ctx.report(LintRule.DEVICES_TOO_BROAD, p, d.origin(), "profile '" + p.name()
                            + "' allows every device (`allow a *:* " + d.access() + "`)");
                } else if ((d.type() == 'b' || d.type() == 'a') && d.access().indexOf('w') >= 0) {
                    ctx.report(LintRule.DEVICES_TOO_BROAD, p, d.origin(), "profile '" + p.name()
                            + "' lets the container write block devices (`allow " + d.type() + " " + number(d.major())
                            + ":" + number(d.minor()) + " " + d.access() + "`)");
                }
            }
            if (p.untrusted()) {
                Filesystem fs = p.filesystem();
                if (fs.proc().orElse(null) == Filesystem.Mode.RW) {
                    ctx.report(LintRule.PROC_SYS_WRITABLE, p, fs.origin(), "untrusted profile '" + p.name() + "' mounts /proc read-write");
                }
                if (fs.sys().orElse(null) == Filesystem.Mode.RW) {
                    ctx.report(LintRule.PROC_SYS_WRITABLE, p, fs.origin(), "untrusted profile '" + p.name() + "' mounts /sys read-write");
                }
            }
        }
    }

    private static String number(int n) {
        return n == DeviceRule.ANY ? "*" : Integer.toString(n);
    }
}
