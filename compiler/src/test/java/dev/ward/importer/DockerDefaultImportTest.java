package dev.ward.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Docker's default profile imported for x86_64 and aarch64 containers with several capability sets: the
 * output passes the front end unchanged by {@code ward fmt}, and for every syscall of every ABI and argument
 * probes around every value the profile compares with, Ward's reading of it decides as libseccomp's rule
 * database built from the same profile.
 */
class DockerDefaultImportTest {
    static final KernelVersion KERNEL = new KernelVersion(6, 1);

    static Stream<Arguments> containers() {
        List<Arguments> out = new ArrayList<>();
        Set<Capability> all = EnumSet.allOf(Capability.class);
        Set<Capability> admin = EnumSet.copyOf(SeccompImporter.DOCKER_DEFAULT_CAPS);
        admin.add(Capability.SYS_ADMIN);
        Set<Capability> tracer = EnumSet.copyOf(SeccompImporter.DOCKER_DEFAULT_CAPS);
        tracer.addAll(List.of(Capability.SYS_PTRACE, Capability.SYS_NICE, Capability.SYS_TIME));
        for (Arch kernel : List.of(Arch.X86_64, Arch.AARCH64)) {
            for (Set<Capability> caps : List.of(SeccompImporter.DOCKER_DEFAULT_CAPS, admin, tracer, all)) {
                out.add(Arguments.of(kernel, caps));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("containers")
    void decidesAsLibseccompsRuleDatabase(Arch kernel, Set<Capability> caps) {
        String json = Imports.read(Imports.dockerDefault());
        List<Arch> abis = DockerArch.runnableOn(kernel);
        SeccompImporter.Options options = SeccompImporter.Options.defaults().withArches(abis).withCaps(caps)
                .withKernel(KERNEL);
        String text = Imports.importOk(json, SeccompImporter.Format.DOCKER, options);
        List<Profile> profiles = Imports.load(text);
        assertEquals(1, profiles.size());
        Profile p = profiles.get(0);
        assertEquals(abis, p.arches());
        assertEquals(caps, p.capabilities().kept());

        Diagnostics d = new Diagnostics();
        SeccompDocument doc = SeccompDocumentReader.read("moby.json", json, SeccompDocumentReader.Format.DOCKER, d).orElseThrow();
        RuncFilter filter = RuncFilter.select(doc, new RuncFilter.Container(kernel, caps, KERNEL, Optional.of(Set.copyOf(abis)),
                SyscallTable.standard()::known), d);
        Map<Boolean, RuleDatabase> dbs = Map.of(true, database(filter, true), false, database(filter, false));
        SyscallTable table = SyscallTable.standard();
        int checked = 0;
        for (Arch abi : abis) {
            RuleDatabase db = dbs.get(!DockerArch.is32Bit(abi));
            for (var e : table.numbers(abi).entrySet()) {
                String name = e.getValue();
                RuleDatabase.Entry entry = db.entries().get(name);
                List<LibRule> rules = SeccompResolver.expand(filter, true).stream().filter(r -> r.syscall().equals(name)).toList();
                for (long[] args : Probes.vectors(Probes.values(rules))) {
                    long expected = entry == null ? filter.defaultAction().seccompRet()
                            : RuleDatabase.decide(entry, args).orElse(filter.defaultAction().seccompRet());
                    Action got = Imports.decide(p, abi, name, args);
                    assertEquals(RuleSynthesis.action(expected), got, () -> abi + " " + name + " " + java.util.Arrays.toString(args));
                    checked++;
                }
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    private static RuleDatabase database(RuncFilter filter, boolean wide) {
        RuleDatabase db = new RuleDatabase(wide);
        boolean mux = filter.abis().stream().anyMatch(a -> DockerArch.is32Bit(a) != wide && DockerArch.multiplexes(a));
        for (LibRule r : SeccompResolver.expand(filter, mux)) assertTrue(db.add(r.syscall(), r.action(), r.args()));
        return db;
    }
}
