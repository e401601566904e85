package dev.ward.bench;

import dev.ward.diag.Diagnostics;
import dev.ward.importer.KernelVersion;
import dev.ward.importer.SeccompImporter;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.resolve.PolicyLoader;
import dev.ward.seccomp.Abis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The policies the benchmarks measure, as .ward source: Docker's default seccomp profile imported for Docker's
 * default capabilities (deciding every ABI the kernel runs, as Docker applies it, and the native ABI only),
 * LXC's defaults (the std {@code privileged} profile), the std {@code unprivileged} base, the web example and
 * a synthetic policy of 1,000 rules.
 */
public final class Corpus {
    /** The kernel the Docker profile is imported for (its minKernel entries), fixed so runs compare. */
    static final KernelVersion KERNEL = new KernelVersion(6, 1);
    /** The corpus names, in table order. */
    public static final List<String> NAMES = List.of("docker-default", "docker-default-native", "lxc-default",
            "unprivileged", "web", "synthetic-1000");

    private static final Map<String, String> SOURCES = new LinkedHashMap<>();

    private Corpus() {}

    /** The .ward source of corpus entry {@code name}, for a kernel of architecture {@code kernel}. */
    public static synchronized String source(String name, Arch kernel) {
        return SOURCES.computeIfAbsent(name + "/" + kernel.wardName(), k -> switch (name) {
            case "docker-default" -> docker(Abis.runnableOn(kernel));
            case "docker-default-native" -> docker(List.of(kernel));
            case "lxc-default" -> child("lxc-default", "privileged", kernel);
            case "unprivileged" -> child("unprivileged-only", "unprivileged", kernel);
            case "web" -> resource("/policies/examples/web.ward").replace("arch x86_64, aarch64",
                    "arch " + kernel.wardName());
            case "synthetic-1000" -> synthetic(1000, kernel);
            default -> throw new IllegalArgumentException("no corpus entry " + name);
        });
    }

    /** The resolved profile of entry {@code name}: the one profile its source defines (not the std bases). */
    public static Profile profile(String name, Arch kernel) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.loadString(name + ".ward", source(name, kernel), d);
        if (d.hasErrors()) throw new IllegalStateException(name + " does not resolve: " + d.all());
        List<Profile> own = loaded.policy().profiles().stream().filter(p -> !p.file().startsWith("std/")).toList();
        if (own.size() != 1) throw new IllegalStateException(name + " defines " + own.size() + " profiles");
        return own.get(0);
    }

    /**
     * Docker's default profile through {@code ward import}, for a container deciding {@code abis}: all the
     * ABIs its kernel runs, as Docker applies it, or the native one only.
     */
    private static String docker(List<Arch> abis) {
        String json = resource("/data/moby-default-seccomp.json");
        SeccompImporter.Options options = SeccompImporter.Options.defaults().withArches(abis).withKernel(KERNEL);
        Diagnostics d = new Diagnostics();
        return SeccompImporter.importProfile("moby-default-seccomp.json", json, SeccompImporter.Format.DOCKER,
                options, d).orElseThrow(() -> new IllegalStateException("import failed: " + d.all()));
    }

    /** A profile that only extends a std base, on one architecture. */
    private static String child(String name, String base, Arch kernel) {
        return "use \"std/groups.ward\"\nuse \"std/" + base + ".ward\"\n\nprofile " + name + " extends " + base
                + " {\n    arch " + kernel.wardName() + "\n}\n";
    }

    /**
     * {@code rules} seccomp rules over the syscall names both kernels know, as hand-written allowlists look:
     * a third of the names allowed outright, a third answered with an errno, and the rest allowed only for
     * some values of one argument, one rule per value. Seeded, so every run measures the same policy.
     */
    static String synthetic(int rules, Arch kernel) {
        List<String> names = commonNames();
        List<String> conditional = new ArrayList<>();
        for (int i = 2; i < names.size(); i += 3) conditional.add(names.get(i));
        int checks = rules - (names.size() - conditional.size());
        if (checks < conditional.size()) throw new IllegalArgumentException("too few rules: " + rules);
        Random random = new Random(rules);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            switch (i % 3) {
                case 0 -> body.append("        allow ").append(name).append('\n');
                case 1 -> body.append("        errno(").append(1 + random.nextInt(120)).append(") ").append(name)
                        .append('\n');
                default -> {
                    int k = conditional.indexOf(name);
                    int mine = checks / conditional.size() + (k < checks % conditional.size() ? 1 : 0);
                    int arg = random.nextInt(3);
                    int value = random.nextInt(64);
                    for (int c = 0; c < mine; c++) {
                        value += 1 + random.nextInt(256);
                        body.append("        allow ").append(name).append(" if arg").append(arg).append(" == ")
                                .append(value).append('\n');
                    }
                }
            }
        }
        return "profile synthetic-" + rules + " {\n    arch " + kernel.wardName() + "\n    seccomp {\n"
                + "        default errno(EPERM)\n" + body + "    }\n}\n";
    }

    /** The syscall names both kernels of the tables know, sorted. */
    static List<String> commonNames() {
        SyscallTable table = SyscallTable.standard();
        return table.names().stream().filter(n -> kernels().stream().allMatch(a -> table.number(a, n).isPresent()))
                .sorted().toList();
    }

    static String resource(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kernels the tables cover. */
    public static List<Arch> kernels() {
        return new ArrayList<>(List.of(Arch.X86_64, Arch.AARCH64));
    }
}
