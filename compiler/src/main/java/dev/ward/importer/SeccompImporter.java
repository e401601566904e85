package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import dev.ward.resolve.Constants;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code ward import docker-seccomp|oci}: a Docker or OCI seccomp profile as an equivalent .ward profile,
 * one that decides every call as runc's filter does when runc builds it from the profile through libseccomp
 * for the given container (architecture, capabilities, kernel).
 */
public final class SeccompImporter {
    /** Docker's default capability set, which its default profile's includes and excludes test. */
    public static final Set<Capability> DOCKER_DEFAULT_CAPS = Set.copyOf(EnumSet.of(Capability.CHOWN,
            Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.FSETID, Capability.KILL, Capability.SETGID,
            Capability.SETUID, Capability.SETPCAP, Capability.NET_BIND_SERVICE, Capability.NET_RAW,
            Capability.SYS_CHROOT, Capability.MKNOD, Capability.AUDIT_WRITE, Capability.SETFCAP));

    /** The two JSON forms. */
    public enum Format {
        DOCKER("docker-seccomp"), OCI("oci");

        private final String command;

        Format(String command) {
            this.command = command;
        }

        /** The word {@code ward import} takes for it. */
        public String command() {
            return command;
        }
    }

    /**
     * The container the profile is imported for. {@code caps} empty means Docker's default set; {@code arches}
     * empty means this machine's architecture with the ABIs the profile lists for it, otherwise exactly these
     * ABIs (grouped by the kernel that runs them); {@code kernel} empty means the running kernel.
     * {@code knownSyscall} says which names the filter can resolve (Ward's table by default).
     */
    public record Options(Optional<Set<Capability>> caps, List<Arch> arches, Optional<KernelVersion> kernel,
                          Predicate<String> knownSyscall) {
        public Options {
            arches = List.copyOf(arches);
        }

        public static Options defaults() {
            return new Options(Optional.empty(), List.of(), Optional.empty(), SyscallTable.standard()::known);
        }

        public Options withCaps(Set<Capability> c) {
            return new Options(Optional.of(c), arches, kernel, knownSyscall);
        }

        public Options withArches(List<Arch> a) {
            return new Options(caps, a, kernel, knownSyscall);
        }

        public Options withKernel(KernelVersion k) {
            return new Options(caps, arches, Optional.of(k), knownSyscall);
        }

        public Options withKnownSyscalls(Predicate<String> known) {
            return new Options(caps, arches, kernel, known);
        }
    }

    private SeccompImporter() {}

    /** The .ward source for the profile in {@code text}, or empty when there are errors (reported). */
    public static Optional<String> importProfile(String fileName, String text, Format format, Options options,
                                                 Diagnostics diagnostics) {
        SeccompDocumentReader.Format f = format == Format.DOCKER ? SeccompDocumentReader.Format.DOCKER
                : SeccompDocumentReader.Format.OCI;
        Optional<SeccompDocument> doc = SeccompDocumentReader.read(fileName, text, f, diagnostics);
        if (doc.isEmpty()) return Optional.empty();
        Optional<KernelVersion> kernel = options.kernel().or(KernelVersion::running);
        if (kernel.isEmpty()) {
            diagnostics.error(ImportCodes.BAD_OPTION, Span.file(fileName),
                    "cannot tell this machine's kernel version; give one with --kernel");
            return Optional.empty();
        }
        Map<Arch, Optional<Set<Arch>>> groups = groups(options.arches(), fileName, diagnostics);
        if (groups.isEmpty()) return Optional.empty();
        Set<Capability> caps = options.caps().orElse(DOCKER_DEFAULT_CAPS);
        List<ImportedSeccomp> profiles = new ArrayList<>();
        for (var g : groups.entrySet()) {
            RuncFilter.Container c = new RuncFilter.Container(g.getKey(), caps, kernel.get(), g.getValue(),
                    options.knownSyscall());
            RuncFilter filter = RuncFilter.select(doc.get(), c, diagnostics);
            if (diagnostics.hasErrors()) return Optional.empty();
            if (filter.abis().isEmpty()) {
                diagnostics.error(ImportCodes.BAD_OPTION, Span.file(fileName), "no ABI is left for "
                        + g.getKey().wardName() + " after --arch");
                return Optional.empty();
            }
            Optional<SeccompResolver.Outcome> outcome = SeccompResolver.resolve(filter, diagnostics);
            if (outcome.isEmpty()) return Optional.empty();
            for (SeccompResolver.Resolved r : outcome.get().syscalls()) {
                r.note().ifPresent(n -> diagnostics.warning(ImportCodes.NOT_EXPRESSIBLE, Span.file(fileName), n));
            }
            profiles.add(new ImportedSeccomp(filter, outcome.get()));
        }
        String source = new SeccompSourceWriter(Constants.standard()).write(fileName, format, doc.get(), caps,
                kernel.get(), merge(profiles), options.caps().isPresent() || format == Format.DOCKER);
        return CheckGate.pass(source, fileName, diagnostics);
    }

    /** One container's result. */
    record ImportedSeccomp(RuncFilter filter, SeccompResolver.Outcome outcome) {
        Action defaultAction() {
            return filter.defaultAction();
        }

        List<SeccompRule> allRules() {
            List<SeccompRule> out = new ArrayList<>();
            for (SeccompResolver.Resolved r : outcome.syscalls()) out.addAll(r.rules());
            return out;
        }
    }

    /** Containers whose rules are the same become one profile deciding all their ABIs. */
    private static List<List<ImportedSeccomp>> merge(List<ImportedSeccomp> all) {
        List<List<ImportedSeccomp>> out = new ArrayList<>();
        for (ImportedSeccomp p : all) {
            Optional<List<ImportedSeccomp>> same = out.stream().filter(g -> g.get(0).defaultAction()
                    .equals(p.defaultAction()) && g.get(0).allRules().equals(p.allRules())).findFirst();
            if (same.isPresent()) same.get().add(p);
            else out.add(new ArrayList<>(List.of(p)));
        }
        return out;
    }

    // The kernels the listed ABIs run on, each with the ABIs asked for; this machine's when none are listed.
    private static Map<Arch, Optional<Set<Arch>>> groups(List<Arch> arches, String file, Diagnostics diagnostics) {
        Map<Arch, Optional<Set<Arch>>> out = new LinkedHashMap<>();
        if (arches.isEmpty()) {
            Optional<Arch> machine = DockerArch.machine();
            if (machine.isEmpty()) {
                diagnostics.error(ImportCodes.BAD_OPTION, Span.file(file),
                        "this machine's architecture is not one Ward knows; give one with --arch");
                return out;
            }
            out.put(machine.get(), Optional.empty());
            return out;
        }
        Map<Arch, Set<Arch>> byKernel = new LinkedHashMap<>();
        for (Arch a : arches) byKernel.computeIfAbsent(DockerArch.kernelOf(a), k -> EnumSet.noneOf(Arch.class)).add(a);
        for (var e : byKernel.entrySet()) {
            Set<Arch> abis = e.getValue();
            // Docker's machine is the kernel's architecture; a lone i386 or arm ABI is a 32-bit machine's.
            Arch nativeArch = abis.contains(e.getKey()) || abis.equals(Set.of(Arch.X32)) ? e.getKey()
                    : abis.iterator().next();
            out.put(nativeArch, Optional.of(abis));
        }
        return out;
    }
}
