package dev.ward.cli;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.diag.Span;
import dev.ward.importer.ImportCodes;
import dev.ward.importer.KernelVersion;
import dev.ward.importer.LxcImporter;
import dev.ward.importer.SeccompImporter;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.parse.SourceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ward import docker-seccomp|oci|lxc FILE}: another tool's profile as an equivalent .ward source. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Write an equivalent .ward source for a Docker or OCI seccomp profile or an LXC container config.")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FORMAT", description = "docker-seccomp, oci or lxc")
    String format;

    @Parameters(index = "1", paramLabel = "FILE", description = "The profile or config to import.")
    Path file;

    @Option(names = "--caps", paramLabel = "LIST", split = ",",
            description = "The container's capabilities (Docker's default set when omitted): names, 'all' or "
                    + "'none', or +NAME/-NAME to change Docker's default set.")
    List<String> caps;

    @Option(names = "--arch", paramLabel = "LIST", split = ",",
            description = "The ABIs to decide (x86_64, x86, x32, aarch64, arm, riscv64, ppc64le, s390x); "
                    + "this machine's when omitted.")
    List<String> arches;

    @Option(names = "--kernel", paramLabel = "X.Y",
            description = "The kernel Docker's minKernel filters are evaluated for (this machine's when omitted).")
    String kernel;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.ward", description = "Write here instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String kind = format.toLowerCase(Locale.ROOT);
        if (!List.of("docker-seccomp", "oci", "lxc").contains(kind)) {
            throw new ParameterException(spec.commandLine(), "unknown format '" + format
                    + "' (docker-seccomp, oci or lxc)");
        }
        if (kind.equals("lxc") && (caps != null || kernel != null)) {
            throw new ParameterException(spec.commandLine(), "--caps and --kernel apply to seccomp profiles; an LXC "
                    + "config sets its own capabilities");
        }
        List<Arch> abis = arches();
        Diagnostics d = new Diagnostics();
        SourceFiles sources = new SourceFiles();
        String label = file.toString();
        Optional<String> text = SourceReader.read(file, label, Span.file(label), d);
        Optional<String> result = Optional.empty();
        if (text.isPresent()) {
            sources.add(label, text.get());
            if (kind.equals("lxc")) {
                result = LxcImporter.importConfig(file, text.get(), abis, d, sources);
            } else {
                result = seccomp(kind, label, text.get(), abis, d);
            }
        }
        if (result.isPresent() && !d.hasErrors()) {
            if (output == null) {
                out.print(result.get());
            } else {
                write(output, result.get(), d);
            }
        }
        out.flush();
        Reporting.print(d, sources, err);
        err.flush();
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    private Optional<String> seccomp(String kind, String label, String text, List<Arch> abis, Diagnostics d) {
        SeccompImporter.Options options = SeccompImporter.Options.defaults().withArches(abis);
        if (caps != null) options = options.withCaps(capabilities());
        if (kernel != null) options = options.withKernel(kernelVersion());
        SeccompImporter.Format f = kind.equals("oci") ? SeccompImporter.Format.OCI : SeccompImporter.Format.DOCKER;
        return SeccompImporter.importProfile(label, text, f, options, d);
    }

    private KernelVersion kernelVersion() {
        return KernelVersion.parse(kernel).filter(k -> kernel.matches("\\d+\\.\\d+"))
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--kernel takes X.Y, such as 6.1"));
    }

    private List<Arch> arches() {
        List<Arch> out = new ArrayList<>();
        if (arches == null) return out;
        for (String a : arches) {
            if (a.isBlank()) continue;
            Arch arch = Arch.byName(a.trim()).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown architecture '" + a + "' (x86_64, x86, x32, aarch64, arm, riscv64, ppc64le, s390x)"));
            if (!out.contains(arch)) out.add(arch);
        }
        return out;
    }

    // A list of names is the set; +NAME and -NAME change Docker's default set.
    private Set<Capability> capabilities() {
        boolean relative = caps.stream().map(String::trim).filter(s -> !s.isEmpty())
                .allMatch(s -> s.startsWith("+") || s.startsWith("-"));
        Set<Capability> set = relative ? EnumSet.copyOf(SeccompImporter.DOCKER_DEFAULT_CAPS) : EnumSet.noneOf(Capability.class);
        for (String raw : caps) {
            String s = raw.trim();
            if (s.isEmpty() || s.equalsIgnoreCase("none")) continue;
            if (s.equalsIgnoreCase("all")) {
                set.addAll(EnumSet.allOf(Capability.class));
                continue;
            }
            boolean remove = s.startsWith("-");
            String name = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            Capability c = Capability.byName(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown capability '" + name + "'"));
            if (remove) set.remove(c);
            else set.add(c);
        }
        return set;
    }

    /** Writes the imported source to {@code -o}; a failure is a diagnostic naming the file. */
    private static void write(Path target, String text, Diagnostics d) {
        try {
            AtomicFile.write(target, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            d.error(ImportCodes.CANNOT_WRITE, Span.file(target.toString()), "cannot write " + target + ": " + e.getMessage());
        }
    }
}
