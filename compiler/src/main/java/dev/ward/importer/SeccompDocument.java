package dev.ward.importer;

import dev.ward.diag.Span;
import java.util.List;
import java.util.Optional;

/**
 * A Docker or OCI seccomp profile as written: the fields runc and Docker read, with their positions.
 * Values are checked the way runc checks them; what runc ignores is reported and left out.
 */
record SeccompDocument(
        String file,
        ScmpAction defaultAction,
        Optional<Integer> defaultErrnoRet,
        List<Located<String>> architectures,
        List<ArchGroup> archMap,
        List<Located<String>> flags,
        List<Entry> syscalls,
        Span span) {

    SeccompDocument {
        architectures = List.copyOf(architectures);
        archMap = List.copyOf(archMap);
        flags = List.copyOf(flags);
        syscalls = List.copyOf(syscalls);
    }

    /** A value and where it was written. */
    record Located<T>(T value, Span span) {}

    /** One {@code archMap} entry: the architecture Docker runs on and the ABIs its filter also decides. */
    record ArchGroup(Located<String> architecture, List<Located<String>> subArchitectures) {
        ArchGroup {
            subArchitectures = List.copyOf(subArchitectures);
        }
    }

    /** One element of {@code syscalls}: its names, action and argument conditions (ANDed), and its filters. */
    record Entry(List<Located<String>> names, ScmpAction action, Optional<Integer> errnoRet, List<Arg> args,
                 Optional<Filter> includes, Optional<Filter> excludes, Optional<String> comment, Span span) {
        Entry {
            names = List.copyOf(names);
            args = List.copyOf(args);
        }
    }

    /** {@code {"index": 0, "value": 38, "valueTwo": 0, "op": "SCMP_CMP_LT"}}; values are unsigned 64-bit. */
    record Arg(int index, long value, long valueTwo, ScmpOp op, Span span) {}

    /** Docker's {@code includes} / {@code excludes}: capabilities, Docker architecture names, a kernel version. */
    record Filter(List<String> caps, List<String> arches, Optional<KernelVersion> minKernel) {
        Filter {
            caps = List.copyOf(caps);
            arches = List.copyOf(arches);
        }
    }
}
