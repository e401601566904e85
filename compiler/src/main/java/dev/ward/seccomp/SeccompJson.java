package dev.ward.seccomp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.CompileContext;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's seccomp filter as an OCI / Docker seccomp profile ({@code seccomp.json}, the {@code linux.seccomp}
 * member of an OCI config, the spec of a Security Profiles Operator {@code SeccompProfile}). The rules come from
 * {@link LibseccompRules}: disjoint per syscall, so libseccomp's order-free resolution decides as Ward does.
 * Syscalls with identical rules share entries; entries follow the order the policy first names their syscalls.
 */
public final class SeccompJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator("")
            .withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private SeccompJson() {}

    /** The profile for the profile's own architectures. */
    public static ObjectNode profile(Profile p, Diagnostics d) {
        return profile(p, p.arches(), d);
    }

    /** The profile for {@code arches} (the ABIs that get the rules; every other one is refused by the runtime). */
    public static ObjectNode profile(Profile p, List<Arch> arches, Diagnostics d) {
        return profile(p, arches, Translations.of(p, d), d);
    }

    /**
     * The profile for {@code arches}, its findings reported into {@code d}, from the translation that the other
     * seccomp outputs of {@code ctx}'s run share (made once per run and profile).
     */
    public static ObjectNode profile(CompileContext ctx, Profile p, List<Arch> arches, Diagnostics d) {
        return profile(p, arches, Translations.of(p, ctx.diagnostics(), d), d);
    }

    private static ObjectNode profile(Profile p, List<Arch> arches, LibseccompRules.Translation t, Diagnostics d) {
        boolean trapData = trapData(t.defaultAction())
                || t.rules().values().stream().flatMap(List::stream).anyMatch(r -> trapData(r.action()));
        if (trapData) {
            d.warning(SeccompCodes.NOT_EXPRESSIBLE, p.origin().span(), "profile '" + p.name()
                    + "': OCI seccomp profiles carry no data for SCMP_ACT_TRAP; trap(N) becomes trap");
        }
        ObjectNode root = F.objectNode();
        root.put("defaultAction", actionName(t.defaultAction()));
        if (t.defaultAction().kind() == Action.Kind.ERRNO) root.put("defaultErrnoRet", t.defaultAction().value());
        ArrayNode archNode = root.putArray("architectures");
        for (Arch a : Arch.values()) {
            if (arches.contains(a)) archNode.add(scmpArch(a));
        }
        ArrayNode syscalls = root.putArray("syscalls");
        for (Map.Entry<List<LibseccompRules.Rule>, List<String>> g : groups(t).entrySet()) {
            for (LibseccompRules.Rule r : g.getKey()) syscalls.add(entry(g.getValue(), r));
        }
        return root;
    }

    /** {@link #profile(Profile, List, Diagnostics)} as the text of {@code seccomp.json}. */
    public static String render(Profile p, List<Arch> arches, Diagnostics d) {
        return text(profile(p, arches, d));
    }

    /** Two-space indented JSON with a final newline. */
    public static String text(ObjectNode node) {
        try {
            return JSON.writer(PRINTER).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Syscall names by their complete list of rules, groups in the order of their first name. */
    private static Map<List<LibseccompRules.Rule>, List<String>> groups(LibseccompRules.Translation t) {
        Map<List<LibseccompRules.Rule>, List<String>> out = new LinkedHashMap<>();
        t.rules().forEach((name, rules) -> out.computeIfAbsent(rules, k -> new ArrayList<>()).add(name));
        out.values().forEach(names -> names.sort(null));
        return out;
    }

    private static ObjectNode entry(List<String> names, LibseccompRules.Rule r) {
        ObjectNode e = F.objectNode();
        ArrayNode n = e.putArray("names");
        names.forEach(n::add);
        e.put("action", actionName(r.action()));
        if (r.action().kind() == Action.Kind.ERRNO || r.action().kind() == Action.Kind.TRACE) {
            e.put("errnoRet", r.action().value());
        }
        if (!r.args().isEmpty()) {
            ArrayNode args = e.putArray("args");
            for (LibseccompRules.ArgCmp c : r.args()) {
                ObjectNode a = args.addObject();
                a.put("index", c.arg());
                a.put("value", unsigned(c.a()));
                a.put("valueTwo", unsigned(c.b()));
                a.put("op", c.op().scmpName());
            }
        }
        return e;
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static boolean trapData(Action a) {
        return a.kind() == Action.Kind.TRAP && a.value() != 0;
    }

    /** The SCMP_ACT_* name of an action. */
    public static String actionName(Action a) {
        return switch (a.kind()) {
            case ALLOW -> "SCMP_ACT_ALLOW";
            case LOG -> "SCMP_ACT_LOG";
            case ERRNO -> "SCMP_ACT_ERRNO";
            case KILL_PROCESS -> "SCMP_ACT_KILL_PROCESS";
            case KILL_THREAD -> "SCMP_ACT_KILL_THREAD";
            case TRAP -> "SCMP_ACT_TRAP";
            case NOTIFY -> "SCMP_ACT_NOTIFY";
            case TRACE -> "SCMP_ACT_TRACE";
        };
    }

    /** The libseccomp name of an ABI in OCI profiles. */
    public static String scmpArch(Arch a) {
        return switch (a) {
            case X86_64 -> "SCMP_ARCH_X86_64";
            case X86 -> "SCMP_ARCH_X86";
            case X32 -> "SCMP_ARCH_X32";
            case AARCH64 -> "SCMP_ARCH_AARCH64";
            case ARM -> "SCMP_ARCH_ARM";
            case RISCV64 -> "SCMP_ARCH_RISCV64";
            case PPC64LE -> "SCMP_ARCH_PPC64LE";
            case S390X -> "SCMP_ARCH_S390X";
        };
    }
}
