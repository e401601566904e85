package dev.ward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.backend.Renderer;
import dev.ward.backend.Target;
import dev.ward.backend.Targets;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.engine.EngineCodes;
import dev.ward.engine.IdAllocation;
import dev.ward.engine.IdMapPlan;
import dev.ward.engine.OciBundle;
import dev.ward.engine.OciFragment;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ward compile FILE|DIR... [-o DIR] [--target LIST] [--profile NAME] [--arch LIST] [--cgroup v2|v1]
 * [--oci-bundle DIR]}: renders every target, profiles on all cores, staging the files as they are done, and
 * moves them into place (each by a rename) only when there was no error.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile policies into seccomp, AppArmor, LXC, OCI, Kubernetes, systemd and host files.")
public final class CompileCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Policy files, or directories to search for *.ward files.")
    List<Path> paths;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (default: out).")
    Path output = Path.of("out");

    @Option(names = "--target", split = ",", paramLabel = "LIST",
            description = "Targets to render: bpf, seccomp-json, oci, lxc, apparmor, k8s, systemd, host, all (default).")
    List<String> targets = List.of("all");

    @Option(names = "--profile", paramLabel = "NAME", description = "Compile only this profile.")
    String profile;

    @Option(names = "--arch", split = ",", paramLabel = "LIST", description = "Architectures (default: each profile's own).")
    List<String> arches = List.of();

    @Option(names = "--cgroup", paramLabel = "v2|v1", description = "cgroup version of the LXC keys (default: v2).")
    String cgroup = "v2";

    @Option(names = "--oci-bundle", paramLabel = "DIR",
            description = "Merge the profile's OCI fragment into DIR/config.json (needs the oci target and one profile).")
    Path ociBundle;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        List<Target> selectedTargets = targets(cl);
        List<Arch> archList = new ArrayList<>();
        for (String a : arches) {
            archList.add(Arch.byName(a).orElseThrow(() -> new CommandLine.ParameterException(cl,
                    "unknown architecture '" + a + "'")));
        }
        CompileOptions.CgroupVersion version = switch (cgroup) {
            case "v2" -> CompileOptions.CgroupVersion.V2;
            case "v1" -> CompileOptions.CgroupVersion.V1;
            default -> throw new CommandLine.ParameterException(cl, "--cgroup takes v2 or v1, not '" + cgroup + "'");
        };
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(paths, d);
        if (d.hasErrors()) return report(d, loaded);
        List<Profile> selected = select(loaded, cl);
        if (ociBundle != null && (selected.size() != 1 || selectedTargets.stream().noneMatch(t -> t.name().equals("oci")))) {
            throw new CommandLine.ParameterException(cl, "--oci-bundle needs the oci target and exactly one profile "
                    + "(use --profile NAME)");
        }
        CompileContext ctx = new CompileContext(loaded.policy(), selected,
                new CompileOptions(archList, version, Optional.of(policyRoot()), Optional.of(output.toAbsolutePath().normalize())), d);
        // The id maps are planned before any target renders, so a bad allocation file is reported first.
        IdMapPlan ids = IdMapPlan.of(ctx);
        Path outputDir = output.toAbsolutePath().normalize();
        StagedOutput staged = new StagedOutput(outputDir);
        try {
            Renderer.render(ctx, selectedTargets, Runtime.getRuntime().availableProcessors(), staged);
            Map<Path, byte[]> writes = new LinkedHashMap<>();
            if (ids.changed()) {
                writes.put(policyRoot().resolve(IdAllocation.FILE_NAME),
                        ids.allocation().orElseThrow().toYaml().getBytes(StandardCharsets.UTF_8));
            }
            if (ociBundle != null) mergeBundle(selected.get(0), staged, writes, d);
            if (d.hasErrors()) return report(d, loaded);
            staged.commit();
            for (Map.Entry<Path, byte[]> w : writes.entrySet()) AtomicFile.write(w.getKey(), w.getValue());
        } catch (IOException e) {
            d.error(EngineCodes.OUTPUT, Span.file(e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                    ? f.getFile() : output.toString()), "cannot write the output: " + e.getMessage());
            return report(d, loaded);
        } finally {
            staged.discard();
        }
        report(d, loaded);
        cl.getOut().println("ward: wrote " + staged.count() + " files to " + output);
        cl.getOut().flush();
        return Main.EXIT_OK;
    }

    private int report(Diagnostics d, PolicyLoader.Loaded loaded) {
        Reporting.print(d, loaded.sources(), spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    private List<Target> targets(CommandLine cl) {
        if (targets.contains("all")) return Targets.all();
        List<Target> out = new ArrayList<>();
        for (String name : targets) {
            out.add(Targets.byName(name).orElseThrow(() -> new CommandLine.ParameterException(cl,
                    "unknown target '" + name + "'; targets: "
                            + String.join(", ", Targets.all().stream().map(Target::name).toList()) + ", all")));
        }
        return out;
    }

    /** The named profile, or every profile of the files given (not the shipped library's bases). */
    private List<Profile> select(PolicyLoader.Loaded loaded, CommandLine cl) {
        if (profile != null) {
            return List.of(loaded.policy().profile(profile).orElseThrow(() -> new CommandLine.ParameterException(cl,
                    "no profile named '" + profile + "'")));
        }
        return loaded.policy().profiles().stream().filter(p -> !p.file().startsWith("std/")).toList();
    }

    /** Where the policies live: the first directory given, or the directory of the first file. */
    private Path policyRoot() {
        Path first = paths.get(0).toAbsolutePath().normalize();
        return Files.isDirectory(first) ? first : first.getParent();
    }

    private void mergeBundle(Profile p, StagedOutput out, Map<Path, byte[]> writes, Diagnostics d) throws IOException {
        Path config = ociBundle.resolve("config.json");
        Optional<byte[]> fragment = out.read(p.name() + "/oci.json");
        if (fragment.isEmpty()) return;
        ObjectMapper json = new ObjectMapper();
        try {
            JsonNode existing = json.readTree(config.toFile());
            if (!(existing instanceof ObjectNode obj)) {
                d.error(EngineCodes.OCI_BUNDLE, Span.file(config.toString()), "config.json is not a JSON object");
                return;
            }
            ObjectNode merged = OciBundle.merge(obj, (ObjectNode) json.readTree(fragment.get()), p.sharedNamespaces());
            writes.put(config, OciFragment.text(merged).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            d.error(EngineCodes.OCI_BUNDLE, Span.file(config.toString()), "cannot read the bundle's config.json: " + why);
        }
    }
}
