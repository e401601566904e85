package dev.ward.runtime;

import dev.ward.engine.Confinement;
import dev.ward.ir.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this host enforces AppArmor, and what a profile's apparmor block means for a run.
 *
 * <p>A profile <em>requires</em> AppArmor when it is untrusted (the default), the engines give it an
 * AppArmor profile of its own (it has a mode or an apparmor block, and is not {@code unconfined}), and its
 * root is the host's root (privileged, or no mode): then AppArmor is what stands between the workload and
 * the host, and on a host without AppArmor the run fails before the command starts. An unprivileged profile
 * (root mapped to an unprivileged host id) is safe by design and AppArmor an extra layer, so it runs without
 * it after one warning, as a trusted profile does.
 */
public record AppArmorHost(boolean enabled, Path securityfs) {
    /** What to do about AppArmor for one run. */
    public sealed interface Decision {
        /** Ask the kernel to confine the command in this profile at exec. */
        record Confine(String profileName) implements Decision {}

        /** Run without AppArmor; the warning, if any, is printed once. */
        record Skip(Optional<String> warning) implements Decision {}
    }

    public static AppArmorHost detect() {
        Path enabled = Path.of("/sys/module/apparmor/parameters/enabled");
        Path fs = Path.of("/sys/kernel/security/apparmor");
        boolean on;
        try {
            on = Files.readString(enabled).trim().equals("Y") && Files.isDirectory(fs);
        } catch (IOException e) {
            on = false;
        }
        return new AppArmorHost(on, fs);
    }

    public static boolean requires(Profile p) {
        return p.untrusted() && !p.unprivileged() && confinedProfile(p).isPresent();
    }

    // The AppArmor profile the engines name for p, unless that is none or unconfined.
    private static Optional<String> confinedProfile(Profile p) {
        return Confinement.appArmorProfile(p).filter(n -> !p.apparmor().unconfined());
    }

    /** Decides for a profile, whose AppArmor profile has the name the engines give it. */
    public Decision decide(Profile p) throws RunFailure {
        Optional<String> confined = confinedProfile(p);
        if (confined.isEmpty()) return new Decision.Skip(Optional.empty());
        String name = confined.get();
        if (!enabled) {
            if (requires(p)) {
                throw new RunFailure("profile " + p.name() + " is untrusted and its root is the host's, so it needs "
                        + "AppArmor, which is not enabled on this host", 1);
            }
            return new Decision.Skip(Optional.of("AppArmor is not enabled on this host; " + (p.untrusted()
                    ? "unprivileged" : "trusted") + " profile " + p.name() + " runs without its AppArmor profile"));
        }
        if (!loaded(name)) {
            throw new RunFailure("AppArmor profile " + name + " is not loaded; load it with 'ward compile --target "
                    + "apparmor' and 'apparmor_parser -r'", 1);
        }
        return new Decision.Confine(name);
    }

    private boolean loaded(String name) throws RunFailure {
        try {
            for (String line : Files.readAllLines(securityfs.resolve("profiles"))) {
                int paren = line.lastIndexOf(" (");
                if ((paren < 0 ? line : line.substring(0, paren)).equals(name)) return true;
            }
            return false;
        } catch (IOException e) {
            throw new RunFailure("cannot read the loaded AppArmor profiles: " + e.getMessage(), 2);
        }
    }
}
