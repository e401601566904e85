package dev.ward.apparmor;

import dev.ward.ir.Profile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The AppArmor profile name of a Ward profile, as the AppArmor, LXC and OCI outputs write it. */
public final class AppArmorNames {
    /** Longest profile name Ward writes, in bytes. */
    public static final int MAX_BYTES = 253;
    /** The label of an unconfined process. */
    public static final String UNCONFINED = "unconfined";

    private static final String PREFIX = "ward-";

    private AppArmorNames() {}

    /**
     * {@code ward-NAME}, or {@code unconfined} for a profile whose apparmor block says so. A name longer than
     * 253 bytes, or with characters outside letters, digits, {@code . _ -}, becomes {@code ward-PREFIX-HASH}:
     * its safe characters, shortened, and 16 hex digits of its SHA-256, so it is still unique and safe to
     * write unquoted into lxc.conf or oci.json.
     */
    public static String profileName(Profile profile) {
        if (profile.apparmor().unconfined()) return UNCONFINED;
        return forName(profile.name());
    }

    /** The AppArmor name for a Ward profile name (without the unconfined case). */
    public static String forName(String wardName) {
        String plain = PREFIX + wardName;
        if (wardName.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && plain.length() <= MAX_BYTES) return plain;
        String hash = HexFormat.of().formatHex(sha256(wardName)).substring(0, 16);
        String safe = wardName.replaceAll("[^A-Za-z0-9._-]", "_");
        int room = MAX_BYTES - PREFIX.length() - 1 - hash.length();
        if (safe.length() > room) safe = safe.substring(0, room);
        return PREFIX + safe + "-" + hash;
    }

    /**
     * Whether Ward writes an AppArmor profile for this profile: it has a mode (container defaults) or an
     * apparmor block, and is not unconfined. Engines name {@link #profileName} only then, or when unconfined.
     */
    public static boolean confines(Profile profile) {
        return !profile.apparmor().unconfined() && (profile.mode().isPresent() || profile.apparmor().present());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
