package dev.ward.ir;

/** Whether the workload is trusted; untrusted is the default. */
public enum Trust { UNTRUSTED, TRUSTED }
