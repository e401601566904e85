package dev.ward.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.CompileContext;
import dev.ward.diag.Span;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Security Profiles Operator's {@code SeccompProfile} (v1beta1) of a profile: the seccomp backend's OCI
 * profile in the CRD's form. The CRD has no {@code defaultErrnoRet}, and runtimes answer a bare
 * {@code SCMP_ACT_ERRNO} with EPERM, so a default errno other than EPERM becomes an entry naming every other
 * syscall Ward knows for the profile's ABIs. Its argument values are int64 with a minimum of 0: a masked test
 * whose mask has the top bit (the backend's form of a small range, {@code arg & ~3 == 4}) becomes the equalities
 * it stands for, and any other comparison with a value from 2^63 up cannot be written, which is an error.
 */
final class SpoSeccomp {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int EPERM = 1;
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** The most values one masked test is spelled out into. */
    private static final int MAX_VALUES = 64;

    private SpoSeccomp() {}

    /** The SeccompProfile named {@code name}, or empty when the profile has no filter or cannot be written. */
    static Optional<ObjectNode> of(CompileContext ctx, Profile p, String name) {
        if (!EngineSeccomp.filters(p)) return Optional.empty();
        ObjectNode oci = EngineSeccomp.oci(ctx, p);
        ObjectNode spec = F.objectNode();
        spec.put("defaultAction", oci.path("defaultAction").asText());
        spec.set("architectures", oci.path("architectures").deepCopy());
        ArrayNode syscalls = spec.putArray("syscalls");
        Set<String> named = new HashSet<>();
        for (JsonNode e : oci.path("syscalls")) {
            e.path("names").forEach(n -> named.add(n.asText()));
            Optional<List<ObjectNode>> entries = entries(e, ctx, p);
            if (entries.isEmpty()) return Optional.empty();
            entries.get().forEach(syscalls::add);
        }
        int defaultErrno = oci.path("defaultErrnoRet").asInt(EPERM);
        if (defaultErrno != EPERM) {
            ObjectNode rest = syscalls.addObject();
            ArrayNode names = rest.putArray("names");
            others(named, EngineSeccomp.arches(ctx, p)).forEach(names::add);
            rest.put("action", "SCMP_ACT_ERRNO");
            rest.put("errnoRet", defaultErrno);
            ctx.diagnostics().note(EngineCodes.NOT_EXPRESSIBLE, p.origin().span(), "k8s.yaml of profile '" + p.name()
                    + "': SPO's SeccompProfile has no default errno; every syscall Ward knows gets errno " + defaultErrno
                    + " by name, and one newer than Ward gets the runtime's EPERM");
        }
        if (syscalls.isEmpty()) spec.remove("syscalls");
        return Optional.of(K8sDocuments.object("v1beta1", "SeccompProfile", name, p).set("spec", spec));
    }

    /**
     * The entry as the CRD takes it: the same entry, or one per value of a masked test spelled out; empty (and
     * reported) when a value cannot be written.
     */
    private static Optional<List<ObjectNode>> entries(JsonNode entry, CompileContext ctx, Profile p) {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode base = entry.deepCopy();
        base.remove("args");
        out.add(base);
        for (JsonNode arg : entry.path("args")) {
            List<ObjectNode> forms = forms(arg);
            if (forms.isEmpty()) {
                String syscall = entry.path("names").path(0).asText();
                BigInteger wide = arg.path("value").bigIntegerValue().max(arg.path("valueTwo").bigIntegerValue());
                ctx.diagnostics().error(EngineCodes.NOT_EXPRESSIBLE, ruleOf(p, syscall), "k8s.yaml of profile '"
                        + p.name() + "': SPO's SeccompProfile takes argument values up to 2^63-1, and the filter of "
                        + syscall + " compares arg" + arg.path("index").asInt() + " with 0x" + wide.toString(16)
                        + "; compile without the k8s target, or compare a narrower part of the argument");
                return Optional.empty();
            }
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode e : out) {
                for (ObjectNode form : forms) {
                    ObjectNode copy = e.deepCopy();
                    copy.withArray("args").add(form);
                    next.add(copy);
                }
            }
            out = next;
        }
        return Optional.of(out);
    }

    /** The comparisons one argument test becomes; empty when it has no form the CRD takes. */
    private static List<ObjectNode> forms(JsonNode arg) {
        BigInteger value = arg.path("value").bigIntegerValue();
        BigInteger valueTwo = arg.path("valueTwo").bigIntegerValue();
        if (value.compareTo(INT64_MAX) <= 0 && valueTwo.compareTo(INT64_MAX) <= 0) return List.of(arg.deepCopy());
        if (!arg.path("op").asText().equals("SCMP_CMP_MASKED_EQ") || valueTwo.compareTo(INT64_MAX) > 0) return List.of();
        // arg & mask == v holds for v with any value of the bits outside the mask, all below 2^63 here
        long free = ~value.longValue();
        if (Long.bitCount(free) > Integer.numberOfTrailingZeros(MAX_VALUES)) return List.of();
        List<ObjectNode> out = new ArrayList<>();
        long subset = 0;
        do {
            ObjectNode eq = JsonNodeFactory.instance.objectNode();
            eq.put("index", arg.path("index").asInt());
            eq.put("value", valueTwo.longValue() | subset);
            eq.put("valueTwo", 0);
            eq.put("op", "SCMP_CMP_EQ");
            out.add(eq);
            subset = (subset - free) & free;
        } while (subset != 0);
        return out;
    }

    /** The span of the first rule that names {@code syscall}. */
    private static Span ruleOf(Profile p, String syscall) {
        for (SeccompRule r : p.seccomp().rules()) {
            if (r.syscalls().contains(syscall)) return r.origin().span();
        }
        return p.origin().span();
    }

    /** Every syscall Ward knows on one of {@code arches} that {@code named} does not hold, sorted. */
    private static Set<String> others(Set<String> named, List<Arch> arches) {
        SyscallTable table = SyscallTable.standard();
        Set<String> out = new TreeSet<>();
        for (String name : table.names()) {
            if (named.contains(name)) continue;
            if (arches.stream().anyMatch(a -> table.number(a, name).isPresent())) out.add(name);
        }
        return out;
    }
}
