package dev.ward.engine;

import dev.ward.apparmor.AppArmorNames;
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
     * The AppArmor profile the engines name: {@code unconfined} only when the policy says so, the profile the
     * AppArmor backend writes when it writes one, otherwise none (the engine's default stays).
     */
    public static Optional<String> appArmorProfile(Profile p) {
        if (p.apparmor().unconfined()) return Optional.of(AppArmorNames.UNCONFINED);
        return AppArmorNames.confines(p) ? Optional.of(AppArmorNames.profileName(p)) : Optional.empty();
    }
}
