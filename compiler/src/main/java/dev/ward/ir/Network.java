package dev.ward.ir;

import java.util.Optional;

/**
 * The network block. {@code NONE} is no network beyond loopback, {@code VETH} a veth pair on a bridge:
 * a named one, or with {@code perOwnerBridge} one bridge per owner (named {@code ward-OWNER}).
 * {@code unspecified} means the block is absent and the engine's default applies.
 */
public record Network(Kind kind, Optional<String> bridge, boolean perOwnerBridge, int nics, Origin origin) {
    public enum Kind { UNSPECIFIED, NONE, VETH, MACVLAN, PHYS }

    public static Network unspecified() {
        return new Network(Kind.UNSPECIFIED, Optional.empty(), false, 0, Origin.NONE);
    }
}
