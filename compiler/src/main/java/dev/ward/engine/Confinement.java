package dev.ward.engine;

import dev.ward.ir.Profile;
import java.util.Optional;

/** Decisions every engine form shares, so that lxc.conf, oci.json and systemd.conf agree. */
public final class Confinement {
    private Confinement() {}

    /**
     * Whether the workload runs with no_new_privs. Untrusted workloads always do (setuid binaries and file
     * capabilities cannot raise them); a trusted one may run a full init whose setuid tools need them.
     */
    public static boolean noNewPrivileges(Profile p) {
        return p.untrusted();
    }

    /**
     * The AppArmor profile the engines name: {@code unconfined} only when the policy says so, the compiled
     * profile when the policy has an apparmor block, otherwise none (the engine's default stays).
     */
    public static Optional<String> appArmorProfile(Profile p) {
        if (!p.apparmor().present()) return Optional.empty();
        if (p.apparmor().unconfined()) return Optional.of("unconfined");
        return Optional.of(AppArmorProfileName.of(p));
    }
}
