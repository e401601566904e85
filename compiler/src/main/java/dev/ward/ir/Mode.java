package dev.ward.ir;

/** The LXC container mode; a profile without one is a plain confinement policy. */
public enum Mode { PRIVILEGED, UNPRIVILEGED }
