package dev.ward.runtime;

import dev.ward.ir.Arch;
import dev.ward.ir.Profile;

/** Compiles a profile's seccomp block for one architecture into a raw {@code struct sock_filter} array. */
@FunctionalInterface
public interface SeccompCompiler {
    byte[] compile(Profile profile, Arch arch) throws RunFailure;
}
