package dev.ward.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imported profiles compiled by Ward's BPF backend against libseccomp's programs built from the same
 * profiles (as runc builds them), through the BPF interpreter: Docker's default profile for x86_64 and
 * aarch64 containers with several capability sets, hand-written profiles exercising every operator, overlaps
 * and Docker's filters, and random overlapping profiles. Zero mismatches.
 */
class ImportDifferentialTest {
    private static final KernelVersion KERNEL = new KernelVersion(6, 1);
    private static final List<Arch> KERNELS = List.of(Arch.X86_64, Arch.AARCH64);

    static Stream<Arguments> dockerContainers() {
        return DockerDefaultImportTest.containers();
    }

    @ParameterizedTest
    @MethodSource("dockerContainers")
    void dockersDefaultProfile(Arch kernel, Set<Capability> caps) {
        String json = Imports.read(Imports.dockerDefault());
        LibseccompDifferential.Result r = LibseccompDifferential.run(json, SeccompImporter.Format.DOCKER, kernel, caps, KERNEL);
        System.out.printf("docker default %s %d caps: %d probes, %d mismatches (%d calls this libseccomp lacks); "
                + "Ward %d instructions, libseccomp %d%n", kernel.wardName(), caps.size(), r.probes(), r.mismatches().size(),
                r.skewed(), r.wardLength(), r.libseccompLength());
        assertTrue(r.probes() > 800);
        assertEquals(List.of(), r.mismatches(), r.text());
        assertEquals(0, r.noted(), r.text());
        assertEquals(0, r.codegen(), r.text());
    }

    @Test
    void handWrittenProfiles() {
        List<String> profiles = List.of(
                // every operator, 64-bit values
                docker("SCMP_ACT_ERRNO", rule("read", "SCMP_ACT_ALLOW", arg(1, 0x1_0000_0005L, "SCMP_CMP_NE"))
                        + "," + rule("write", "SCMP_ACT_ALLOW", arg(1, 0x1_0000_0005L, "SCMP_CMP_LT"))
                        + "," + rule("open", "SCMP_ACT_ALLOW", arg(1, 0x1_0000_0005L, "SCMP_CMP_LE"))
                        + "," + rule("close", "SCMP_ACT_ALLOW", arg(1, 0x1_0000_0005L, "SCMP_CMP_EQ"))
                        + "," + rule("stat", "SCMP_ACT_ALLOW", arg(1, 0x1_0000_0005L, "SCMP_CMP_GE"))
                        + "," + rule("fstat", "SCMP_ACT_ALLOW", arg(1, 0x1_0000_0005L, "SCMP_CMP_GT"))
                        + "," + rule("lseek", "SCMP_ACT_ALLOW", "{\"index\": 2, \"value\": " + 0xff00_0000_00f0L
                        + ", \"valueTwo\": " + 0x1200_0000_0030L + ", \"op\": \"SCMP_CMP_MASKED_EQ\"}")),
                // overlapping rules with different actions: ordering tests, equality inside a range, mixed args
                docker("SCMP_ACT_ALLOW", rule("read", "SCMP_ACT_ERRNO", arg(0, 5, "SCMP_CMP_GT"))
                        + "," + rule("read", "SCMP_ACT_LOG", arg(0, 10, "SCMP_CMP_GT"))
                        + "," + rule("read", "SCMP_ACT_KILL_PROCESS", arg(0, 7, "SCMP_CMP_EQ"))
                        + "," + rule("write", "SCMP_ACT_ERRNO", arg(0, 100, "SCMP_CMP_LT"))
                        + "," + rule("write", "SCMP_ACT_TRAP", arg(0, 50, "SCMP_CMP_LT"))
                        + "," + rule("mmap", "SCMP_ACT_LOG", arg(2, 4, "SCMP_CMP_EQ"))
                        + "," + rule("mmap", "SCMP_ACT_ERRNO", arg(2, 4, "SCMP_CMP_EQ") + "," + arg(3, 0x20, "SCMP_CMP_EQ"))),
                // Docker's socket and personality idioms, and multiplexed socket calls on i386
                docker("SCMP_ACT_ERRNO", rule("socket", "SCMP_ACT_ALLOW", arg(0, 38, "SCMP_CMP_LT"))
                        + "," + rule("socket", "SCMP_ACT_ALLOW", arg(0, 39, "SCMP_CMP_EQ"))
                        + "," + rule("socket", "SCMP_ACT_ALLOW", arg(0, 40, "SCMP_CMP_GT"))
                        + "," + rule("connect", "SCMP_ACT_ALLOW", "")
                        + "," + rule("personality", "SCMP_ACT_ALLOW", arg(0, 0xffffffffL, "SCMP_CMP_EQ"))
                        + "," + rule("personality", "SCMP_ACT_ALLOW", arg(0, 8, "SCMP_CMP_EQ"))),
                // includes, excludes and minKernel
                """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                             {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
                 "syscalls": [
                  {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                  {"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}},
                  {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}],
                   "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
                  {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                  {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
                  {"names": ["cacheflush"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm64"]}},
                  {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
                  {"names": ["kcmp"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "9.0"}},
                  {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"minKernel": "9.0"}}
                 ]}
                """);
        long probes = 0;
        for (String json : profiles) {
            for (Arch kernel : KERNELS) {
                for (Set<Capability> caps : List.of(SeccompImporter.DOCKER_DEFAULT_CAPS, EnumSet.allOf(Capability.class))) {
                    LibseccompDifferential.Result r = LibseccompDifferential.run(json, SeccompImporter.Format.DOCKER, kernel, caps, KERNEL);
                    assertTrue(!r.rejected(), json);
                    assertEquals(List.of(), r.mismatches(), r.text());
                    assertEquals(0, r.noted(), r.text());
                    assertEquals(0, r.codegen(), r.text());
                    probes += r.probes();
                }
            }
        }
        // A shorter rule with another action over a longer one: libseccomp refuses it, so runc refuses the profile.
        String refused = docker("SCMP_ACT_ALLOW", rule("mmap", "SCMP_ACT_ERRNO", arg(2, 4, "SCMP_CMP_EQ") + "," + arg(3, 0x20, "SCMP_CMP_EQ"))
                + "," + rule("mmap", "SCMP_ACT_LOG", arg(2, 4, "SCMP_CMP_EQ")));
        for (Arch kernel : KERNELS) {
            assertTrue(LibseccompDifferential.run(refused, SeccompImporter.Format.DOCKER, kernel,
                    SeccompImporter.DOCKER_DEFAULT_CAPS, KERNEL).rejected());
        }
        System.out.println("hand-written profiles: " + probes + " probes, 0 mismatches");
    }

    @Test
    void randomOverlappingProfiles() {
        Random random = new Random(20260);
        String[] names = {"read", "socket", "personality", "mmap", "clone"};
        String[] actions = {"SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO"};
        String[] ops = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};
        long[] values = {0, 1, 5, 10, 38, 0xffffffffL, 0x1_0000_0000L, 0x1_0000_0005L, -1L, 0x7e020000L};
        int compared = 0;
        int rejected = 0;
        int notedProfiles = 0;
        long codegen = 0;
        long probes = 0;
        for (int i = 0; i < 300; i++) {
            List<String> rules = new ArrayList<>();
            int n = 1 + random.nextInt(5);
            for (int j = 0; j < n; j++) {
                StringBuilder args = new StringBuilder();
                int argc = random.nextInt(3);
                for (int a = 0; a < argc; a++) {
                    if (a > 0) args.append(',');
                    long v = values[random.nextInt(values.length)];
                    long v2 = values[random.nextInt(values.length)];
                    args.append("{\"index\": ").append(random.nextInt(2)).append(", \"value\": ").append(Long.toUnsignedString(v))
                            .append(", \"valueTwo\": ").append(Long.toUnsignedString(v2 & v))
                            .append(", \"op\": \"").append(ops[random.nextInt(ops.length)]).append("\"}");
                }
                String action = actions[random.nextInt(actions.length)];
                String errno = action.equals("SCMP_ACT_ERRNO") ? ", \"errnoRet\": " + (1 + random.nextInt(3)) : "";
                rules.add("{\"names\": [\"" + names[random.nextInt(names.length)] + "\"], \"action\": \"" + action + "\"" + errno
                        + (argc > 0 ? ", \"args\": [" + args + "]" : "") + "}");
            }
            String json = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", "
                    + "\"SCMP_ARCH_X32\", \"SCMP_ARCH_AARCH64\", \"SCMP_ARCH_ARM\"], \"syscalls\": [" + String.join(",", rules) + "]}";
            Arch kernel = KERNELS.get(i % 2);
            LibseccompDifferential.Result r = LibseccompDifferential.run(json, SeccompImporter.Format.OCI, kernel,
                    SeccompImporter.DOCKER_DEFAULT_CAPS, KERNEL);
            if (r.rejected()) {
                rejected++;
                continue;
            }
            compared++;
            probes += r.probes();
            if (r.noted() > 0) notedProfiles++;
            codegen += r.codegen();
            assertEquals(List.of(), r.mismatches(), () -> json + "\n" + r.text());
        }
        System.out.println("random profiles: " + compared + " compared (" + rejected + " refused by libseccomp), "
                + probes + " probes, 0 mismatches; " + notedProfiles + " with a noted 32-bit difference; " + codegen
                + " probes where libseccomp's BPF departs from its own rule database (Ward follows the database)");
        assertTrue(notedProfiles * 10 < compared, notedProfiles + " profiles with noted differences");
        assertTrue(compared > 200, compared + " compared");
    }

    private static String docker(String defaultAction, String syscalls) {
        return "{\"defaultAction\": \"" + defaultAction + "\", \"archMap\": ["
                + "{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]},"
                + "{\"architecture\": \"SCMP_ARCH_AARCH64\", \"subArchitectures\": [\"SCMP_ARCH_ARM\"]}], \"syscalls\": ["
                + syscalls + "]}";
    }

    private static String rule(String name, String action, String args) {
        return "{\"names\": [\"" + name + "\"], \"action\": \"" + action + "\"" + (args.isEmpty() ? "" : ", \"args\": [" + args + "]") + "}";
    }

    private static String arg(int index, long value, String op) {
        return "{\"index\": " + index + ", \"value\": " + Long.toUnsignedString(value) + ", \"op\": \"" + op + "\"}";
    }
}
