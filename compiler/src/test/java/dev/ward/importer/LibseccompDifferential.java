package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.seccomp.Abis;
import dev.ward.seccomp.BpfCompiler;
import dev.ward.seccomp.BpfInterpreter;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.LibseccompAccess;
import dev.ward.seccomp.LibseccompRules;
import dev.ward.seccomp.SeccompData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Imports a profile and compares the program Ward compiles from the import with the program libseccomp
 * builds from the rules runc gives it for the same container, on every syscall number of every ABI of the
 * filter and on argument probes at and around every value the profile compares with.
 */
final class LibseccompDifferential {
    /** Names runc can use here: Ward's table and this machine's libseccomp both know them. */
    static final Predicate<String> KNOWN = n -> SyscallTable.standard().known(n) && LibseccompAccess.resolves(n);

    /** What one comparison found; {@code rejected} when the import refused the profile (as runc would). */
    record Result(boolean rejected, long probes, long skewed, List<String> mismatches, long noted, long codegen,
                  int wardLength, int libseccompLength, String text) {}

    /** The syscalls the import notes it cannot decide as libseccomp does on the 32-bit ABIs. */
    private static Set<String> noted(String text) {
        Set<String> out = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("libseccomp decides some (\\w+) calls differently").matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private LibseccompDifferential() {}

    static Result run(String json, SeccompImporter.Format format, Arch kernel, Set<Capability> caps, KernelVersion k) {
        SeccompDocumentReader.Format f = format == SeccompImporter.Format.DOCKER ? SeccompDocumentReader.Format.DOCKER
                : SeccompDocumentReader.Format.OCI;
        Diagnostics rd = new Diagnostics();
        SeccompDocument doc = SeccompDocumentReader.read("p.json", json, f, rd).orElseThrow();
        RuncFilter filter = RuncFilter.select(doc, new RuncFilter.Container(kernel, caps, k,
                Optional.of(Set.copyOf(DockerArch.runnableOn(kernel))), KNOWN), rd);
        Map<String, List<LibseccompRules.Rule>> rules = new LinkedHashMap<>();
        for (LibRule r : filter.rules()) {
            List<LibseccompRules.ArgCmp> args = new ArrayList<>();
            for (LibRule.ArgCmp c : r.args()) {
                args.add(new LibseccompRules.ArgCmp(c.arg(), LibseccompRules.Op.valueOf(c.op().name()), c.a(), c.b()));
            }
            rules.computeIfAbsent(r.syscall(), x -> new ArrayList<>()).add(new LibseccompRules.Rule(r.action(), args));
        }
        SeccompImporter.Options options = SeccompImporter.Options.defaults().withArches(DockerArch.runnableOn(kernel))
                .withCaps(caps).withKernel(k).withKnownSyscalls(KNOWN);
        Diagnostics d = new Diagnostics();
        Optional<String> text = SeccompImporter.importProfile("p.json", json, format, options, d);
        List<Map.Entry<String, LibseccompRules.Rule>> ordered = new ArrayList<>();
        for (LibRule r : filter.rules()) {
            List<LibseccompRules.ArgCmp> args = new ArrayList<>();
            for (LibRule.ArgCmp c : r.args()) {
                args.add(new LibseccompRules.ArgCmp(c.arg(), LibseccompRules.Op.valueOf(c.op().name()), c.a(), c.b()));
            }
            ordered.add(Map.entry(r.syscall(), new LibseccompRules.Rule(r.action(), args)));
        }
        List<String> refused = LibseccompAccess.refused(filter.defaultAction(), ordered, filter.abis());
        if (text.isEmpty()) {
            if (!d.all().stream().allMatch(x -> !x.severity().equals(dev.ward.diag.Severity.ERROR)
                    || x.code().equals(ImportCodes.REJECTED_BY_LIBSECCOMP))) {
                throw new AssertionError("import failed: " + Imports.messages(d));
            }
            if (refused.isEmpty()) throw new AssertionError("the import refuses a profile libseccomp accepts: " + Imports.messages(d));
            return new Result(true, 0, 0, List.of(), 0, 0, 0, 0, "");
        }
        if (!refused.isEmpty()) throw new AssertionError("libseccomp refuses " + refused + " but the import accepts the profile");
        List<Profile> profiles = Imports.load(text.get());
        if (profiles.size() != 1) throw new AssertionError("one profile expected:\n" + text.get());
        Profile profile = profiles.get(0);

        BpfProgram lib = LibseccompAccess.compile(filter.defaultAction(), rules, filter.abis());
        PseudoFilterCode pfc = PseudoFilterCode.parse(LibseccompAccess.pfc(filter.defaultAction(), ordered, filter.abis()));
        Diagnostics cd = new Diagnostics();
        BpfProgram ward = BpfCompiler.compile(profile, kernel, cd);
        if (cd.hasErrors()) throw new AssertionError(Imports.messages(cd));

        SyscallTable table = SyscallTable.standard();
        List<LibRule> expanded = SeccompResolver.expand(filter, true);
        List<String> mismatches = new ArrayList<>();
        long probes = 0;
        long skewed = 0;
        long notedProbes = 0;
        long codegen = 0;
        Set<String> noted = noted(text.get());
        for (Arch abi : filter.abis()) {
            Map<Integer, String> numbers = table.numbers(abi);
            int max = numbers.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            List<Integer> nrs = new ArrayList<>(numbers.keySet());
            for (int extra = 1; extra <= 8; extra++) nrs.add(max + extra);
            for (int nr : nrs) {
                String name = numbers.get(nr);
                List<LibRule> own = name == null ? List.of() : expanded.stream().filter(r -> r.syscall().equals(name)).toList();
                if (!own.isEmpty() && !LibseccompAccess.knows(abi, name, nr)) {
                    // This machine's libseccomp is older than Ward's table: it has no such call on this ABI.
                    skewed++;
                    continue;
                }
                for (long[] args : Probes.vectors(Probes.values(own))) {
                    SeccompData data = SeccompData.of(Abis.wireNumber(abi, nr), abi.auditArch(), args);
                    long w = BpfInterpreter.run(ward, data).ret();
                    long l = BpfInterpreter.run(lib, data).ret();
                    long p = pfc.decide(abi.auditArch(), Abis.wireNumber(abi, nr), args).orElseThrow();
                    probes++;
                    if (w != l && w == p) {
                        // libseccomp's code generator departs from its own rule database here.
                        codegen++;
                        continue;
                    }
                    if (w != l && DockerArch.is32Bit(abi) && noted.contains(name)) {
                        notedProbes++;
                        continue;
                    }
                    if (w != l && mismatches.size() < 20) {
                        mismatches.add(abi.wardName() + " " + (name == null ? "#" + nr : name) + java.util.Arrays.toString(args)
                                + ": ward 0x" + Long.toHexString(w) + ", libseccomp 0x" + Long.toHexString(l));
                    }
                }
            }
        }
        return new Result(false, probes, skewed, mismatches, notedProbes, codegen, ward.length(), lib.length(), text.get());
    }
}
