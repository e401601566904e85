package dev.ward.ir;

/** {@code uid 0 -> 200000 count 65536}: container ids [inside, inside+count) map to host ids [host, host+count). */
public record IdMapping(Kind kind, long inside, long host, long count, Origin origin) {
    public enum Kind { UID, GID }

    /** The last host id of the range. */
    public long hostEnd() {
        return host + count - 1;
    }
}
