package dev.ward.cli;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.engine.Confinement;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.runtime.RunFailure;
import dev.ward.seccomp.BpfCompiler;
import dev.ward.seccomp.BpfInterpreter;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.SeccompData;

/**
 * The native engine's seccomp program: the seccomp backend's filter for this host's architecture. A filter
 * that does not allow execve cannot start any command (it is installed just before the exec), so it is
 * refused before anything starts; so is one that does not allow the capset that follows it when the profile
 * runs without no_new_privs.
 */
final class SeccompFilters {
    private SeccompFilters() {}

    static byte[] compile(Profile p, Arch arch) throws RunFailure {
        Diagnostics d = new Diagnostics();
        BpfProgram program = BpfCompiler.compile(p, arch, d);
        for (Diagnostic x : d.all()) {
            if (x.severity() == Severity.ERROR) throw new RunFailure(x.headline(), 1);
        }
        if (!allows(program, arch, "execve")) {
            throw new RunFailure("profile " + p.name() + " does not allow execve, so no command can start under it", 1);
        }
        // Without no_new_privs the filter goes in while ward still holds sys_admin, which it drops after.
        if (!Confinement.noNewPrivileges(p) && !p.capabilities().kept().contains(Capability.SYS_ADMIN)
                && !allows(program, arch, "capset")) {
            throw new RunFailure("profile " + p.name() + " runs without no_new_privs, so its filter is installed "
                    + "before sys_admin is dropped, which needs capset; the filter does not allow capset", 1);
        }
        return program.toBytes();
    }

    private static boolean allows(BpfProgram program, Arch arch, String syscall) {
        int nr = SyscallTable.standard().number(arch, syscall).orElseThrow();
        long ret = BpfInterpreter.run(program, SeccompData.of(nr, arch.auditArch())).ret() & 0xffff0000L;
        return ret == Action.ALLOW.seccompRet() || ret == Action.LOG.seccompRet();
    }
}
