package dev.ward.ir;

/**
 * {@code allow|deny TYPE MAJOR:MINOR ACCESS}: type is 'c', 'b' or 'a'; {@link #ANY} stands for {@code *};
 * access is a subset of "rwm" in that order.
 */
public record DeviceRule(boolean allow, char type, int major, int minor, String access, Origin origin) {
    public static final int ANY = -1;
}
