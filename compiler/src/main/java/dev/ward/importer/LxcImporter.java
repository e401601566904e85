package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.diag.Span;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.SyscallTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ward import lxc CONFIG}: an LXC container configuration as an equivalent .ward profile. Id maps,
 * capabilities, the seccomp policy file, cgroup limits and devices, prlimits, AppArmor, networking,
 * namespaces, mounts and no_new_privs become Ward blocks; every other setting is kept as a note.
 */
public final class LxcImporter {
    private LxcImporter() {}

    /**
     * The .ward source for the config in {@code text} read from {@code file} (whose directory anchors relative
     * includes and the seccomp policy path), deciding seccomp for the ABIs in {@code arches} (one kernel's;
     * this machine's when empty). Included files are added to {@code sources}. Empty on errors, which are reported.
     */
    public static Optional<String> importConfig(Path file, String text, List<Arch> arches, Diagnostics diagnostics,
                                                SourceFiles sources) {
        Optional<List<Arch>> abis = abis(arches, file.toString(), diagnostics);
        if (abis.isEmpty()) return Optional.empty();
        List<String> notes = new ArrayList<>();
        List<LxcConfig.Entry> entries = LxcConfig.read(file, text, diagnostics, sources);
        LxcSettings settings = LxcSettings.fold(entries, notes);
        if (diagnostics.hasErrors()) return Optional.empty();
        LxcProfileWriter writer = new LxcProfileWriter(settings, abis.get(), diagnostics, notes);
        Optional<LxcSeccomp> seccomp = seccomp(file, settings, abis.get(), diagnostics, sources);
        if (diagnostics.hasErrors()) return Optional.empty();
        String source = writer.write(profileName(file), file.getFileName().toString(), seccomp);
        if (diagnostics.hasErrors()) return Optional.empty();
        return CheckGate.pass(source, file.toString(), diagnostics);
    }

    /** The imported seccomp policy: its file, the rules as libseccomp sees them, and how it resolves. */
    record LxcSeccomp(String file, RuncFilter filter, SeccompResolver.Outcome outcome) {}

    private static Optional<LxcSeccomp> seccomp(Path config, LxcSettings s, List<Arch> abis, Diagnostics d,
                                                SourceFiles sources) {
        if (s.seccomp.isEmpty()) return Optional.empty();
        LxcConfig.Entry e = s.seccomp.get();
        Path dir = Optional.ofNullable(config.toAbsolutePath().getParent()).orElse(Path.of("."));
        Path policyFile = dir.resolve(e.value()).normalize();
        Optional<String> text = LxcConfig.readText(policyFile, e.span(), d);
        if (text.isEmpty()) return Optional.empty();
        sources.add(policyFile.toString(), text.get());
        Arch host = abis.get(0);
        Optional<LxcSeccompPolicy> policy = LxcSeccompPolicy.parse(policyFile.toString(), text.get(), DockerArch.kernelOf(host), d);
        if (policy.isEmpty()) return Optional.empty();
        SyscallTable table = SyscallTable.standard();
        List<LibRule> rules = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        List<Arch> filterAbis = abis;
        if (policy.get().version() == 1) {
            // Version 1 allows native numbers in the native filter only; other ABIs get libseccomp's
            // bad-architecture action.
            Arch kernel = DockerArch.kernelOf(host);
            filterAbis = abis.contains(kernel) ? List.of(kernel) : List.of();
            for (int nr : policy.get().numbers()) {
                Optional<String> name = table.name(kernel, nr);
                if (name.isPresent()) {
                    rules.add(new LibRule(name.get(), Action.ALLOW, List.of(), Span.file(policyFile.toString())));
                } else {
                    unknown.add("#" + nr);
                }
            }
        } else {
            for (LxcSeccompPolicy.Rule r : policy.get().rules()) {
                if (!table.known(r.name())) {
                    unknown.add(r.name());
                    continue;
                }
                rules.add(new LibRule(r.name(), r.action(), r.args(), r.span()));
            }
        }
        if (filterAbis.isEmpty()) {
            d.error(ImportCodes.BAD_OPTION, e.span(), "a version 1 policy decides only the host's own ABI, which --arch leaves out");
            return Optional.empty();
        }
        RuncFilter filter = new RuncFilter(DockerArch.kernelOf(host), policy.get().defaultAction(), filterAbis, rules, unknown, notes);
        Optional<SeccompResolver.Outcome> outcome = SeccompResolver.resolve(filter, SeccompResolver.Adder.LXC, d);
        if (outcome.isEmpty()) return Optional.empty();
        for (SeccompResolver.Resolved r : outcome.get().syscalls()) {
            r.note().ifPresent(n -> d.warning(ImportCodes.NOT_EXPRESSIBLE, e.span(), n));
        }
        return Optional.of(new LxcSeccomp(policyFile.toString(), filter, outcome.get()));
    }

    // One kernel's ABIs: those listed, or all this machine's kernel runs.
    private static Optional<List<Arch>> abis(List<Arch> arches, String file, Diagnostics d) {
        if (arches.isEmpty()) {
            Optional<Arch> machine = DockerArch.machine();
            if (machine.isEmpty()) {
                d.error(ImportCodes.BAD_OPTION, Span.file(file), "this machine's architecture is not one Ward knows; give one with --arch");
                return Optional.empty();
            }
            return Optional.of(DockerArch.runnableOn(DockerArch.kernelOf(machine.get())));
        }
        Set<Arch> kernels = new LinkedHashSet<>();
        for (Arch a : arches) kernels.add(DockerArch.kernelOf(a));
        if (kernels.size() > 1) {
            d.error(ImportCodes.BAD_OPTION, Span.file(file), "an LXC config is imported for one host; --arch names ABIs of "
                    + kernels.size() + " kernels");
            return Optional.empty();
        }
        List<Arch> out = new ArrayList<>();
        for (Arch a : DockerArch.runnableOn(kernels.iterator().next())) {
            if (arches.contains(a)) out.add(a);
        }
        return Optional.of(out);
    }

    // /var/lib/lxc/NAME/config is container NAME; other files are named after themselves.
    private static String profileName(Path file) {
        String base = file.getFileName().toString();
        if (base.equals("config") && file.toAbsolutePath().getParent() != null
                && file.toAbsolutePath().getParent().getFileName() != null) {
            return WardText.identifier(file.toAbsolutePath().getParent().getFileName().toString());
        }
        int dot = base.lastIndexOf('.');
        return WardText.identifier(dot > 0 ? base.substring(0, dot) : base);
    }
}
