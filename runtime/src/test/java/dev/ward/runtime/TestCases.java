package dev.ward.runtime;

import static dev.ward.ir.Capability.*;

import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Origin;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.ward.ir.Namespace;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;

/** The profiles the native engine's tests run, by name. */
final class TestCases {
    /** EOPNOTSUPP: an errno no shell command reports on its own. */
    static final int DENY_ERRNO = 95;

    private TestCases() {}

    static Profile byName(String name) {
        return switch (name) {
            // Privileged-style: host ids, every namespace new except the user namespace.
            case "basic" -> TestProfiles.profile("rtbasic")
                    .keep(CHOWN, KILL, NET_BIND_SERVICE, SETUID, SETGID)
                    .rule(Action.errno(DENY_ERRNO), "mkdir", "mkdirat")
                    .rlimit(Rlimit.NOFILE, 1024, 4096)
                    .pids(48)
                    .memory(64L << 20, 0)
                    .build();
            case "shared" -> TestProfiles.profile("rtshared")
                    .keep(CHOWN, KILL)
                    .share(Namespace.values())
                    .build();
            case "userns" -> TestProfiles.profile("rtuserns")
                    .keep(CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_BIND_SERVICE)
                    .idmap(200000, 65536)
                    .rule(Action.errno(DENY_ERRNO), "mkdir", "mkdirat")
                    .rlimit(Rlimit.NOFILE, 512, 1024)
                    .pids(48)
                    .build();
            case "limits" -> TestProfiles.profile("rtlimits")
                    .share(Namespace.values())
                    .pids(64)
                    .cpu(0.5)
                    .memory(128L << 20, 0)
                    .build();
            case "tiny" -> TestProfiles.profile("rttiny")
                    .memory(8L << 20, 0)
                    .pids(4)
                    .build();
            case "bridge" -> TestProfiles.profile("rtbridge")
                    .vethOn("ward-nobr0")
                    .build();
            case "killer" -> TestProfiles.profile("rtkiller")
                    .keep(CHOWN)
                    .rule(Action.KILL_PROCESS, "uname")
                    .build();
            case "devices" -> TestProfiles.profile("rtdevices")
                    .device(true, 'c', 1, 3, "rwm")
                    .device(true, 'c', 1, 9, "rwm")
                    .build();
            case "apparmor" -> TestProfiles.profile("rtapparmor")
                    .apparmor(new AppArmor(true, List.of(new AppArmorRule(Set.of(AppArmorRule.Qualifier.DENY), "mount",
                            List.of(), Origin.NONE)), Origin.NONE))
                    .build();
            case "too-many-files" -> TestProfiles.profile("rttoo-many-files")
                    .rlimit(Rlimit.NOFILE, 1024, 1L << 40)
                    .build();
            case "filesystem" -> TestProfiles.profile("rtfilesystem")
                    .filesystem(new Filesystem(Optional.of(Filesystem.Mode.MIXED), Optional.of(Filesystem.Mode.RO),
                            List.of("/etc"), List.of("/etc/hostname", "/usr/share/doc"), List.of(), Origin.NONE))
                    .build();
            default -> throw new IllegalArgumentException("no test case " + name);
        };
    }
}
