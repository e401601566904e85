package dev.ward.engine;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Network;
import dev.ward.ir.Profile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The host bridge a profile's veth pairs join: the one the policy names, or with {@code veth bridge
 * per-owner} one bridge per owner, {@code ward-OWNER} ({@code ward-g-GROUP} for {@code @GROUP}), so that
 * containers of different owners cannot spoof each other's addresses on a shared segment.
 */
public final class Bridges {
    /** IFNAMSIZ less the terminating NUL. */
    public static final int MAX_NAME = 15;

    private Bridges() {}

    /** The bridge of a veth profile, or empty (reported) when there is none that the kernel would accept. */
    public static Optional<String> of(Profile p, Diagnostics d) {
        Network n = p.network();
        if (n.perOwnerBridge()) {
            if (p.owner().isEmpty()) {
                d.error(EngineCodes.BAD_INTERFACE, n.origin().span(), "profile '" + p.name()
                        + "' asks for a per-owner bridge but has no owner");
                return Optional.empty();
            }
            return Optional.of(perOwner(p.owner().get()));
        }
        if (n.bridge().isEmpty()) return Optional.empty();
        String name = n.bridge().get();
        if (!validInterfaceName(name)) {
            d.error(EngineCodes.BAD_INTERFACE, n.origin().span(), "'" + ConfigValues.printable(name)
                    + "' is not a valid interface name (1 to 15 characters, no '/', ':' or whitespace)");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The bridge of an owner; long owner names are shortened to a stable hash. */
    public static String perOwner(String owner) {
        String base = owner.startsWith("@") ? "ward-g-" + owner.substring(1) : "ward-" + owner;
        if (base.length() <= MAX_NAME && validInterfaceName(base)) return base;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return "ward-" + HexFormat.of().formatHex(h).substring(0, MAX_NAME - 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kernel's dev_valid_name, restricted to printable ASCII. */
    public static boolean validInterfaceName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME || name.equals(".") || name.equals("..")) return false;
        for (char c : name.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') return false;
        }
        return true;
    }
}
