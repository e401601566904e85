package dev.ward.engine;

/** The W04xx diagnostic codes of the engine lowerings. */
public final class EngineCodes {
    private EngineCodes() {}

    /** A policy value would break out of the line or field it is written into (newline, control character). */
    public static final String UNSAFE_VALUE = "W0401";
    /** {@code idmap isolated}: no free host range of the requested size is left in the pool. */
    public static final String ID_SPACE_EXHAUSTED = "W0402";
    /** The id allocation file cannot be read or is malformed. */
    public static final String ALLOCATION_FILE = "W0403";
    /** A bridge or interface name the kernel would refuse. */
    public static final String BAD_INTERFACE = "W0404";
    /** A name the target cannot carry (Kubernetes object names, host user names). */
    public static final String BAD_NAME = "W0405";
    /** A setting the target engine has no form for; it is left out (said so, never silently). */
    public static final String NOT_EXPRESSIBLE = "W0406";
    /** An OCI bundle whose config.json cannot be read or merged. */
    public static final String OCI_BUNDLE = "W0407";
    /** An output file cannot be written. */
    public static final String OUTPUT = "W0409";
    /** A path that must be absolute is not. */
    public static final String RELATIVE_PATH = "W0408";
}
