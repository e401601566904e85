package dev.ward.engine;

import dev.ward.ir.Profile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The name the AppArmor backend gives a profile's compiled AppArmor profile: {@code ward-NAME}, hashed when too long. */
final class AppArmorProfileName {
    private static final int MAX_BYTES = 253;

    private AppArmorProfileName() {}

    static String of(Profile p) {
        String name = "ward-" + p.name();
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) return name;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(p.name().getBytes(StandardCharsets.UTF_8));
            return "ward-" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
