package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.List;
import java.util.Optional;

/** A line inside a block. */
public sealed interface Entry extends Node {
    /** An entry of an {@code idmap} block. */
    sealed interface Idmap extends Entry {}

    /** {@code uid|gid INSIDE -> HOST count COUNT}. */
    record IdmapLine(Name kind, Literal inside, Literal host, Literal count, Span span) implements Idmap {}

    /** {@code isolated [COUNT]}. */
    record IdmapIsolated(Optional<Literal> count, Span span) implements Idmap {}

    /** {@code keep a, b} or {@code drop a, b}. */
    record CapabilityList(Name verb, List<Name> names, Span span) implements Entry {
        public CapabilityList {
            names = List.copyOf(names);
        }
    }

    /** An entry of a {@code seccomp} block. */
    sealed interface Seccomp extends Entry {}

    /** {@code default ACTION}. */
    record SeccompDefault(ActionExpr action, Span span) implements Seccomp {}

    /** {@code ACTION names [if COND [else ACTION]]}. */
    record SeccompRule(ActionExpr action, List<Name> syscalls, Optional<Cond> condition,
                       Optional<ActionExpr> elseAction, Span span) implements Seccomp {
        public SeccompRule {
            syscalls = List.copyOf(syscalls);
        }
    }

    /** {@code [audit] [deny] [owner] FAMILY ATOM*}. */
    record AppArmorRule(List<Name> qualifiers, Name family, List<AppArmorAtom> atoms, Span span) implements Entry {
        public AppArmorRule {
            qualifiers = List.copyOf(qualifiers);
            atoms = List.copyOf(atoms);
        }
    }

    /** {@code KEY VALUE} in {@code limits}. */
    record Limit(Name key, Literal value, Span span) implements Entry {}

    /** {@code NAME SOFT [HARD]} in {@code rlimits}. */
    record Rlimit(Name name, Literal soft, Optional<Literal> hard, Span span) implements Entry {}

    /** An entry of a {@code network} block. */
    sealed interface Network extends Entry {}

    /** {@code veth bridge "name"} or {@code veth bridge per-owner}. */
    record Veth(Optional<Str> bridge, Optional<Name> word, Span span) implements Network {}

    /** {@code none}. */
    record NoNetwork(Span span) implements Network {}

    /** {@code nics N}. */
    record Nics(Literal count, Span span) implements Network {}

    /** {@code allow|deny TYPE MAJOR:MINOR ACCESS}; an empty major or minor stands for {@code *}. */
    record Device(Name verb, Name type, Optional<Literal> major, Optional<Literal> minor, Name access, Span span)
            implements Entry {}

    /** {@code share NAME, ...}. */
    record Share(List<Name> names, Span span) implements Entry {
        public Share {
            names = List.copyOf(names);
        }
    }

    /** An entry of a {@code filesystem} block. */
    sealed interface Filesystem extends Entry {}

    /** {@code proc|sys rw|ro|mixed}. */
    record FsMode(Name which, Name mode, Span span) implements Filesystem {}

    /** {@code readonly|masked "path", ...}. */
    record FsPaths(Name kind, List<Str> paths, Span span) implements Filesystem {
        public FsPaths {
            paths = List.copyOf(paths);
        }
    }

    /** {@code mount "SRC" "DST" TYPE [options "a,b"]}; the type is a word or a string. */
    record FsMount(Str source, Str target, Optional<Name> typeWord, Optional<Str> typeString,
                   Optional<Str> options, Span span) implements Filesystem {}

    /** One call of an {@code expect} line: {@code name} or {@code name(args)}. */
    record ExpectCall(Name syscall, List<Value> args, boolean parens, Span span) implements Entry {
        public ExpectCall {
            args = List.copyOf(args);
        }
    }
}
