package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.importer.SeccompDocument.Arg;
import dev.ward.importer.SeccompDocument.ArchGroup;
import dev.ward.importer.SeccompDocument.Entry;
import dev.ward.importer.SeccompDocument.Filter;
import dev.ward.importer.SeccompDocument.Located;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a seccomp profile's JSON into a {@link SeccompDocument}, checking each field the way Docker and runc
 * do. Docker's format adds {@code archMap}, {@code name}, {@code comment}, {@code includes} and
 * {@code excludes} to the OCI one; in the OCI format those are fields runc ignores.
 */
final class SeccompDocumentReader {
    /** Which of the two JSON forms the file is in. */
    enum Format { DOCKER, OCI }

    private static final Set<String> TOP_OCI = Set.of("defaultAction", "defaultErrnoRet", "architectures", "flags",
            "listenerPath", "listenerMetadata", "syscalls");
    private static final Set<String> TOP_DOCKER = Set.of("defaultAction", "defaultErrnoRet", "architectures",
            "flags", "listenerPath", "listenerMetadata", "syscalls", "archMap");
    private static final Set<String> SYSCALL_OCI = Set.of("names", "action", "errnoRet", "args");
    private static final Set<String> SYSCALL_DOCKER = Set.of("names", "action", "errnoRet", "args", "name",
            "comment", "includes", "excludes");
    private static final Set<String> ARG = Set.of("index", "value", "valueTwo", "op");
    private static final Set<String> FILTER = Set.of("caps", "arches", "minKernel");
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** The largest errno the kernel returns; larger SECCOMP_RET_ERRNO data is cut to it. */
    private static final int MAX_ERRNO = 4095;
    private static final int MAX_ARG_INDEX = 5;

    private final String file;
    private final Format format;
    private final Diagnostics diagnostics;
    private int errorsBefore;

    private SeccompDocumentReader(String file, Format format, Diagnostics diagnostics) {
        this.file = file;
        this.format = format;
        this.diagnostics = diagnostics;
    }

    /** Reads {@code text}; empty when it has errors, which are reported. */
    static Optional<SeccompDocument> read(String file, String text, Format format, Diagnostics diagnostics) {
        Optional<Json> json = Json.parse(file, text, ImportCodes.BAD_PROFILE, diagnostics);
        if (json.isEmpty()) return Optional.empty();
        SeccompDocumentReader r = new SeccompDocumentReader(file, format, diagnostics);
        r.errorsBefore = diagnostics.errorCount();
        return r.document(json.get());
    }

    private Optional<SeccompDocument> document(Json root) {
        Optional<Json.Obj> top = object(root, "the profile");
        if (top.isEmpty()) return Optional.empty();
        Json.Obj o = top.get();
        if (format == Format.OCI && (o.members().containsKey("ociVersion") || o.members().containsKey("linux"))) {
            // A whole runtime-spec config.json: the profile is linux.seccomp.
            Optional<Json.Obj> linux = o.get("linux").flatMap(l -> object(l, "linux"));
            Optional<Json> seccomp = linux.flatMap(l -> l.get("seccomp"));
            if (seccomp.isEmpty()) {
                if (linux.isPresent()) {
                    diagnostics.error(ImportCodes.BAD_PROFILE, linux.get().span(), "the config has no linux.seccomp");
                } else if (!o.members().containsKey("linux")) {
                    diagnostics.error(ImportCodes.BAD_PROFILE, o.span(), "the config has no linux.seccomp");
                }
                return Optional.empty();
            }
            Optional<Json.Obj> s = object(seccomp.get(), "linux.seccomp");
            if (s.isEmpty()) return Optional.empty();
            o = s.get();
        }
        unknownFields(o, format == Format.DOCKER ? TOP_DOCKER : TOP_OCI, "the profile");

        Optional<ScmpAction> defaultAction = Optional.empty();
        Optional<Json> def = o.get("defaultAction");
        if (def.isEmpty()) {
            diagnostics.error(ImportCodes.BAD_PROFILE, o.span(), "the profile has no defaultAction");
        } else {
            defaultAction = action(def.get(), "defaultAction");
        }
        Optional<Integer> defaultErrno = o.get("defaultErrnoRet").flatMap(v -> errno(v, "defaultErrnoRet"));
        List<Located<String>> architectures = strings(o.get("architectures"), "architectures");
        List<ArchGroup> archMap = format == Format.DOCKER ? archMap(o.get("archMap")) : List.of();
        if (!architectures.isEmpty() && !archMap.isEmpty()) {
            diagnostics.error(ImportCodes.BAD_PROFILE, o.keys().get("archMap"),
                    "both 'architectures' and 'archMap' are given; Docker takes one or the other");
        }
        List<Located<String>> flags = new ArrayList<>(strings(o.get("flags"), "flags"));
        for (String key : List.of("listenerPath", "listenerMetadata")) {
            // The notify listener is the engine's business: kept as a note like the flags.
            o.get(key).flatMap(v -> string(v, key)).ifPresent(v -> flags.add(new Located<>(key + " " + v.value(), v.span())));
        }
        List<Entry> entries = new ArrayList<>();
        Optional<Json> syscalls = o.get("syscalls");
        if (syscalls.isPresent()) {
            Optional<Json.Arr> arr = array(syscalls.get(), "syscalls");
            if (arr.isPresent()) {
                int i = 0;
                for (Json item : arr.get().items()) entry(item, "syscalls[" + i++ + "]").ifPresent(entries::add);
            }
        }
        if (diagnostics.errorCount() > errorsBefore || defaultAction.isEmpty()) return Optional.empty();
        return Optional.of(new SeccompDocument(file, defaultAction.get(), defaultErrno, architectures, archMap, flags,
                entries, o.span()));
    }

    private List<ArchGroup> archMap(Optional<Json> value) {
        List<ArchGroup> out = new ArrayList<>();
        if (value.isEmpty()) return out;
        Optional<Json.Arr> arr = array(value.get(), "archMap");
        if (arr.isEmpty()) return out;
        for (Json item : arr.get().items()) {
            Optional<Json.Obj> o = object(item, "an archMap entry");
            if (o.isEmpty()) continue;
            unknownFields(o.get(), Set.of("architecture", "subArchitectures"), "an archMap entry");
            Optional<Located<String>> arch = o.get().get("architecture").flatMap(a -> string(a, "architecture"));
            if (arch.isEmpty()) {
                if (!o.get().members().containsKey("architecture")) {
                    diagnostics.error(ImportCodes.BAD_PROFILE, o.get().span(), "an archMap entry without 'architecture'");
                }
                continue;
            }
            out.add(new ArchGroup(arch.get(), strings(o.get().get("subArchitectures"), "subArchitectures")));
        }
        return out;
    }

    private Optional<Entry> entry(Json item, String where) {
        Optional<Json.Obj> obj = object(item, where);
        if (obj.isEmpty()) return Optional.empty();
        Json.Obj o = obj.get();
        unknownFields(o, format == Format.DOCKER ? SYSCALL_DOCKER : SYSCALL_OCI, where);
        List<Located<String>> names = new ArrayList<>(strings(o.get("names"), where + ".names"));
        if (format == Format.DOCKER) {
            Optional<Located<String>> name = o.get("name").flatMap(n -> string(n, where + ".name"));
            if (name.isPresent() && !name.get().value().isEmpty()) {
                if (!names.isEmpty()) {
                    diagnostics.error(ImportCodes.BAD_PROFILE, name.get().span(),
                            "both 'name' and 'names' are given; Docker takes one or the other");
                }
                names.add(name.get());
            }
        }
        for (Located<String> n : names) {
            if (n.value().isEmpty()) diagnostics.error(ImportCodes.BAD_VALUE, n.span(), "an empty syscall name");
        }
        Optional<ScmpAction> action = Optional.empty();
        Optional<Json> a = o.get("action");
        if (a.isEmpty()) {
            diagnostics.error(ImportCodes.BAD_PROFILE, o.span(), where + " has no action");
        } else {
            action = action(a.get(), where + ".action");
        }
        Optional<Integer> errnoRet = o.get("errnoRet").flatMap(v -> errno(v, where + ".errnoRet"));
        List<Arg> args = new ArrayList<>();
        Optional<Json> argsValue = o.get("args");
        if (argsValue.isPresent()) {
            Optional<Json.Arr> arr = array(argsValue.get(), where + ".args");
            if (arr.isPresent()) {
                int i = 0;
                for (Json x : arr.get().items()) arg(x, where + ".args[" + i++ + "]").ifPresent(args::add);
            }
        }
        Optional<Filter> includes = Optional.empty();
        Optional<Filter> excludes = Optional.empty();
        Optional<String> comment = Optional.empty();
        if (format == Format.DOCKER) {
            includes = o.get("includes").flatMap(v -> filter(v, where + ".includes"));
            excludes = o.get("excludes").flatMap(v -> filter(v, where + ".excludes"));
            comment = o.get("comment").flatMap(v -> string(v, where + ".comment")).map(Located::value);
        }
        if (action.isEmpty()) return Optional.empty();
        return Optional.of(new Entry(names, action.get(), errnoRet, args, includes, excludes, comment, o.span()));
    }

    private Optional<Arg> arg(Json item, String where) {
        Optional<Json.Obj> obj = object(item, where);
        if (obj.isEmpty()) return Optional.empty();
        Json.Obj o = obj.get();
        unknownFields(o, ARG, where);
        OptionalIndex index = new OptionalIndex();
        o.get("index").flatMap(v -> unsigned(v, where + ".index")).ifPresent(v -> {
            if (v > MAX_ARG_INDEX || v < 0) {
                diagnostics.error(ImportCodes.BAD_VALUE, o.members().get("index").span(),
                        "argument index " + Long.toUnsignedString(v) + " is not 0..5");
            } else {
                index.value = (int) (long) v;
            }
        });
        long value = o.get("value").flatMap(v -> unsigned(v, where + ".value")).orElse(0L);
        long valueTwo = o.get("valueTwo").flatMap(v -> unsigned(v, where + ".valueTwo")).orElse(0L);
        Optional<ScmpOp> op = Optional.empty();
        Optional<Json> opValue = o.get("op");
        if (opValue.isEmpty()) {
            diagnostics.error(ImportCodes.BAD_PROFILE, o.span(), where + " has no op");
        } else {
            Optional<Located<String>> name = string(opValue.get(), where + ".op");
            if (name.isPresent()) {
                op = ScmpOp.byProfileName(name.get().value());
                if (op.isEmpty()) {
                    diagnostics.error(ImportCodes.BAD_VALUE, name.get().span(), "unknown operator '"
                            + name.get().value() + "' (SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT or _MASKED_EQ)");
                }
            }
        }
        if (!o.members().containsKey("index")) {
            // runc reads a missing index as 0, the first argument.
            index.value = 0;
        }
        if (op.isEmpty() || index.value < 0) return Optional.empty();
        return Optional.of(new Arg(index.value, value, valueTwo, op.get(), o.span()));
    }

    private static final class OptionalIndex {
        int value = -1;
    }

    private Optional<Filter> filter(Json value, String where) {
        Optional<Json.Obj> obj = object(value, where);
        if (obj.isEmpty()) return Optional.empty();
        Json.Obj o = obj.get();
        unknownFields(o, FILTER, where);
        List<String> caps = strings(o.get("caps"), where + ".caps").stream().map(Located::value).toList();
        List<String> arches = strings(o.get("arches"), where + ".arches").stream().map(Located::value).toList();
        Optional<KernelVersion> minKernel = Optional.empty();
        Optional<Located<String>> mk = o.get("minKernel").flatMap(v -> string(v, where + ".minKernel"));
        if (mk.isPresent() && !mk.get().value().isEmpty()) {
            minKernel = KernelVersion.parse(mk.get().value()).filter(k -> mk.get().value().matches("\\d+\\.\\d+"));
            if (minKernel.isEmpty()) {
                diagnostics.error(ImportCodes.BAD_VALUE, mk.get().span(), "invalid kernel version '"
                        + mk.get().value() + "', expected \"<kernel>.<major>\" such as \"4.8\"");
            }
        }
        return Optional.of(new Filter(caps, arches, minKernel));
    }

    private Optional<ScmpAction> action(Json value, String where) {
        Optional<Located<String>> name = string(value, where);
        if (name.isEmpty()) return Optional.empty();
        Optional<ScmpAction> a = ScmpAction.byProfileName(name.get().value());
        if (a.isEmpty()) {
            diagnostics.error(ImportCodes.BAD_VALUE, name.get().span(), "unknown action '" + name.get().value()
                    + "' (SCMP_ACT_ALLOW, _ERRNO, _KILL, _KILL_THREAD, _KILL_PROCESS, _TRAP, _TRACE, _LOG or _NOTIFY)");
        }
        return a;
    }

    private Optional<Integer> errno(Json value, String where) {
        Optional<Long> n = unsigned(value, where);
        if (n.isEmpty()) return Optional.empty();
        if (Long.compareUnsigned(n.get(), MAX_ERRNO) > 0) {
            diagnostics.error(ImportCodes.BAD_VALUE, value.span(), where + " " + Long.toUnsignedString(n.get())
                    + " is above " + MAX_ERRNO + ", the largest errno the kernel returns");
            return Optional.empty();
        }
        return Optional.of((int) (long) n.get());
    }

    private Optional<Long> unsigned(Json value, String where) {
        if (value instanceof Json.Num num && num.integral()) {
            BigInteger v = num.integer();
            if (v.signum() >= 0 && v.compareTo(MAX_U64) <= 0) return Optional.of(v.longValue());
            diagnostics.error(ImportCodes.BAD_VALUE, value.span(), where + " " + v + " is not an unsigned 64-bit number");
            return Optional.empty();
        }
        diagnostics.error(ImportCodes.BAD_PROFILE, value.span(), where + " must be a whole number, not " + value.kind());
        return Optional.empty();
    }

    private List<Located<String>> strings(Optional<Json> value, String where) {
        List<Located<String>> out = new ArrayList<>();
        if (value.isEmpty()) return out;
        Optional<Json.Arr> arr = array(value.get(), where);
        if (arr.isEmpty()) return out;
        for (Json item : arr.get().items()) string(item, where).ifPresent(out::add);
        return out;
    }

    private Optional<Located<String>> string(Json value, String where) {
        if (value instanceof Json.Str s) return Optional.of(new Located<>(s.value(), s.span()));
        diagnostics.error(ImportCodes.BAD_PROFILE, value.span(), where + " must be a string, not " + value.kind());
        return Optional.empty();
    }

    private Optional<Json.Obj> object(Json value, String where) {
        if (value instanceof Json.Obj o) return Optional.of(o);
        diagnostics.error(ImportCodes.BAD_PROFILE, value.span(), where + " must be an object, not " + value.kind());
        return Optional.empty();
    }

    private Optional<Json.Arr> array(Json value, String where) {
        if (value instanceof Json.Arr a) return Optional.of(a);
        diagnostics.error(ImportCodes.BAD_PROFILE, value.span(), where + " must be an array, not " + value.kind());
        return Optional.empty();
    }

    private void unknownFields(Json.Obj o, Set<String> known, String where) {
        for (var e : o.keys().entrySet()) {
            if (known.contains(e.getKey())) continue;
            Span at = e.getValue();
            String why = format == Format.OCI && SYSCALL_DOCKER.contains(e.getKey()) || e.getKey().equals("archMap")
                    ? " (a Docker field; runc ignores it in an OCI profile)" : " (runc ignores it)";
            diagnostics.warning(ImportCodes.IGNORED_FIELD, at, "unknown field '" + e.getKey() + "' in " + where + why);
        }
    }
}
