package dev.ward.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Docker seccomp profile into IR the way Docker applies it on one host architecture with one
 * capability set: entries filtered by their includes/excludes, the architectures from the archMap.
 * Unconditional rules come first, as libseccomp lets a rule without arguments override conditional ones.
 */
final class DockerProfile {
    /** Docker's default capability set. */
    static final Set<String> DEFAULT_CAPS = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private static final Map<Arch, String> GO_ARCH = Map.of(Arch.X86_64, "amd64", Arch.AARCH64, "arm64",
            Arch.ARM, "arm", Arch.X86, "386", Arch.X32, "x32", Arch.PPC64LE, "ppc64le", Arch.S390X, "s390x",
            Arch.RISCV64, "riscv64");
    private static final Map<String, Arch> SCMP_ARCH = Map.of("SCMP_ARCH_X86_64", Arch.X86_64, "SCMP_ARCH_X86",
            Arch.X86, "SCMP_ARCH_X32", Arch.X32, "SCMP_ARCH_AARCH64", Arch.AARCH64, "SCMP_ARCH_ARM", Arch.ARM,
            "SCMP_ARCH_RISCV64", Arch.RISCV64, "SCMP_ARCH_PPC64LE", Arch.PPC64LE, "SCMP_ARCH_S390X", Arch.S390X);

    private DockerProfile() {}

    /** Docker's default profile (moby/profiles seccomp/default.json, Apache-2.0), a test resource. */
    static Profile defaultProfile(Set<String> caps, Arch host) {
        try (InputStream in = DockerProfile.class.getResourceAsStream("/data/moby-default-seccomp.json")) {
            return read(new ObjectMapper().readTree(in), caps, host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Profile read(JsonNode root, Set<String> caps, Arch host) {
        Action defaultAction = action(root.path("defaultAction").asText(), root.path("defaultErrnoRet").asInt(1));
        List<Arch> arches = new ArrayList<>();
        for (JsonNode m : root.path("archMap")) {
            if (SCMP_ARCH.get(m.path("architecture").asText()) != host) continue;
            arches.add(host);
            for (JsonNode sub : m.path("subArchitectures")) {
                Arch a = SCMP_ARCH.get(sub.asText());
                if (a != null) arches.add(a);
            }
        }
        List<SeccompRule> plain = new ArrayList<>();
        List<SeccompRule> conditional = new ArrayList<>();
        SyscallTable table = SyscallTable.standard();
        for (JsonNode e : root.path("syscalls")) {
            if (!applies(e.path("includes"), caps, host, true) || excluded(e.path("excludes"), caps, host)) continue;
            List<String> names = new ArrayList<>();
            for (JsonNode n : e.path("names")) {
                if (table.known(n.asText())) names.add(n.asText());
            }
            if (names.isEmpty()) continue;
            Action action = action(e.path("action").asText(), e.path("errnoRet").asInt(1));
            Condition cond = null;
            for (JsonNode a : e.path("args")) {
                Condition c = argument(a);
                cond = cond == null ? c : new Condition.And(cond, c);
            }
            if (cond == null) plain.add(SeccompRule.of(action, names, Origin.NONE));
            else conditional.add(new SeccompRule(action, names, Optional.of(cond), Optional.empty(), Origin.NONE));
        }
        List<SeccompRule> rules = new ArrayList<>(plain);
        rules.addAll(conditional);
        return TestProfiles.profile("docker-default", arches, new Seccomp(defaultAction, rules));
    }

    private static boolean applies(JsonNode inc, Set<String> caps, Arch host, boolean empty) {
        if (inc.isMissingNode() || inc.isNull()) return empty;
        for (JsonNode c : inc.path("caps")) {
            if (!caps.contains(c.asText())) return false;
        }
        if (inc.has("arches") && !contains(inc.path("arches"), GO_ARCH.get(host))) return false;
        return true;
    }

    private static boolean excluded(JsonNode exc, Set<String> caps, Arch host) {
        if (exc.isMissingNode() || exc.isNull()) return false;
        for (JsonNode c : exc.path("caps")) {
            if (caps.contains(c.asText())) return true;
        }
        return contains(exc.path("arches"), GO_ARCH.get(host));
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode n : list) {
            if (n.asText().equals(value)) return true;
        }
        return false;
    }

    private static Condition argument(JsonNode a) {
        int index = a.path("index").asInt();
        long value = a.path("value").asLong();
        String op = a.path("op").asText();
        if (op.equals("SCMP_CMP_MASKED_EQ")) return new Condition.MaskedEquals(index, value, a.path("valueTwo").asLong());
        Condition.Op o = switch (op) {
            case "SCMP_CMP_EQ" -> Condition.Op.EQ;
            case "SCMP_CMP_NE" -> Condition.Op.NE;
            case "SCMP_CMP_LT" -> Condition.Op.LT;
            case "SCMP_CMP_LE" -> Condition.Op.LE;
            case "SCMP_CMP_GT" -> Condition.Op.GT;
            case "SCMP_CMP_GE" -> Condition.Op.GE;
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
        return new Condition.Compare(index, o, value);
    }

    private static Action action(String name, int errno) {
        return switch (name) {
            case "SCMP_ACT_ALLOW" -> Action.ALLOW;
            case "SCMP_ACT_ERRNO" -> Action.errno(errno);
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> Action.KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> Action.KILL_PROCESS;
            case "SCMP_ACT_LOG" -> Action.LOG;
            case "SCMP_ACT_TRAP" -> new Action(Action.Kind.TRAP, 0);
            default -> throw new IllegalArgumentException("unknown action " + name);
        };
    }
}
