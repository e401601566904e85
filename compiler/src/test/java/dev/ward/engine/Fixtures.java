package dev.ward.engine;

import static dev.ward.engine.ProfileBuilder.profile;

import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Capability;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Limits;
import dev.ward.ir.Mode;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Policy;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.Trust;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Policies built in code that cover every engine setting, one per golden case. */
final class Fixtures {
    private Fixtures() {}

    static final long MIB = 1024 * 1024;

    static AppArmorRule rule(String family, String... words) {
        return new AppArmorRule(Set.of(), family,
                java.util.Arrays.stream(words).map(w -> (AppArmorRule.Atom) new AppArmorRule.Atom.Word(w, Origin.NONE))
                        .toList(), Origin.NONE);
    }

    /** SPEC.md's example: an unprivileged, untrusted web server. */
    static ProfileBuilder web() {
        return profile("web").description("nginx serving static files").mode(Mode.UNPRIVILEGED).owner("alice")
                .idmap(200000, 65536)
                .keep(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.SETUID,
                        Capability.SETGID, Capability.NET_BIND_SERVICE, Capability.KILL)
                .apparmor(rule("network", "inet", "stream"))
                .limits(512 * MIB, 0L, 1.5, null, 256L, null)
                .rlimit(Rlimit.NOFILE, 1024, 4096).rlimit(Rlimit.NPROC, 256, 256).rlimit(Rlimit.CORE, 0, 0)
                .veth("br-alice", 1)
                .device(true, 'c', 1, 3, "rwm").device(true, 'c', 1, 9, "rwm").device(true, 'c', 136, -1, "rwm")
                .share(Namespace.UTS)
                .filesystem(Filesystem.Mode.MIXED, Filesystem.Mode.MIXED, List.of("/proc/sys", "/proc/sysrq-trigger"),
                        List.of("/proc/kcore", "/sys/firmware"));
    }

    /** A trusted privileged container: drop-style capabilities, unconfined AppArmor, no network. */
    static ProfileBuilder privileged() {
        return profile("builder").mode(Mode.PRIVILEGED).trust(Trust.TRUSTED)
                .drop(Capability.SYS_MODULE, Capability.SYS_TIME, Capability.MAC_ADMIN, Capability.MAC_OVERRIDE,
                        Capability.SYS_RAWIO)
                .apparmor(rule("unconfined"))
                .limits(Limits.MAX, Limits.MAX, 2.0, 200L, 1024L, 500L)
                .rlimit(Rlimit.STACK, RlimitValue.UNLIMITED, RlimitValue.UNLIMITED).rlimit(Rlimit.NOFILE, 4096, 65536)
                .network(new Network(Network.Kind.NONE, Optional.empty(), false, 0, Origin.NONE))
                .device(true, 'a', -1, -1, "rwm").device(false, 'b', 8, -1, "w")
                .filesystem(Filesystem.Mode.RW, Filesystem.Mode.RO, List.of(), List.of(),
                        new Filesystem.Mount("tmpfs", "/run", "tmpfs", List.of("nosuid", "nodev", "size=64m"),
                                Origin.NONE),
                        new Filesystem.Mount("/srv/cache dir", "/var/cache/my cache", "none",
                                List.of("bind", "create=dir"), Origin.NONE));
    }

    /** Host networking and IPC, no capabilities at all, no mode: a plain confinement policy. */
    static ProfileBuilder hostnet() {
        return profile("agent").keep().share(Namespace.NET, Namespace.IPC, Namespace.UTS)
                .rlimit(Rlimit.NOFILE, 256, 512).rlimit(Rlimit.RTTIME, 1000, 2000).rlimit(Rlimit.MEMLOCK, 65536,
                        RlimitValue.UNLIMITED)
                .limits(64 * MIB, 32 * MIB, 0.25, 50L, 32L, 10000L);
    }

    /** Two isolated profiles of one owner on a per-owner bridge, with a read-only /proc. */
    static ProfileBuilder isolated(String name, long count) {
        return profile(name).mode(Mode.UNPRIVILEGED).owner("bob").isolated(count).vethPerOwner()
                .filesystem(Filesystem.Mode.RO, null, List.of("/etc"), List.of("/srv/my data"));
    }

    /** Every golden case: a policy and the profile names compiled from it. */
    static Map<String, Policy> cases() {
        Map<String, Policy> c = new LinkedHashMap<>();
        c.put("web", new Policy(List.of(web().build())));
        c.put("privileged", new Policy(List.of(privileged().build())));
        c.put("hostnet", new Policy(List.of(hostnet().build())));
        c.put("isolated", new Policy(List.of(isolated("api", 65536).build(), isolated("worker", 1000).build())));
        return c;
    }
}
