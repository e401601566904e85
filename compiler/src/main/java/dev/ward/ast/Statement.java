package dev.ward.ast;

import dev.ward.diag.Span;
import java.util.List;
import java.util.Optional;

/** A statement in a profile body. */
public sealed interface Statement extends Node {
    /** The keyword that starts the statement, as written in policies. */
    String keyword();

    /** A statement with a braced body of entries. */
    sealed interface Block extends Statement {
        List<? extends Entry> entries();
    }

    record Description(Str text, Span span) implements Statement {
        public String keyword() {
            return "description";
        }
    }

    record Mode(Name value, Span span) implements Statement {
        public String keyword() {
            return "mode";
        }
    }

    record Trust(Name value, Span span) implements Statement {
        public String keyword() {
            return "trust";
        }
    }

    /** {@code owner "user"} or {@code owner @group}: exactly one of the two is present. */
    record Owner(Optional<Str> user, Optional<Name> group, Span span) implements Statement {
        public String keyword() {
            return "owner";
        }
    }

    record Arch(List<Name> arches, Span span) implements Statement {
        public Arch {
            arches = List.copyOf(arches);
        }

        public String keyword() {
            return "arch";
        }
    }

    record Idmap(List<Entry.Idmap> entries, Span span) implements Block {
        public Idmap {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "idmap";
        }
    }

    record Capabilities(List<Entry.CapabilityList> entries, Span span) implements Block {
        public Capabilities {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "capabilities";
        }
    }

    record Seccomp(List<Entry.Seccomp> entries, Span span) implements Block {
        public Seccomp {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "seccomp";
        }
    }

    record AppArmor(List<Entry.AppArmorRule> entries, Span span) implements Block {
        public AppArmor {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "apparmor";
        }
    }

    record Limits(List<Entry.Limit> entries, Span span) implements Block {
        public Limits {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "limits";
        }
    }

    record Rlimits(List<Entry.Rlimit> entries, Span span) implements Block {
        public Rlimits {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "rlimits";
        }
    }

    record Network(List<Entry.Network> entries, Span span) implements Block {
        public Network {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "network";
        }
    }

    record Devices(List<Entry.Device> entries, Span span) implements Block {
        public Devices {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "devices";
        }
    }

    record Namespaces(List<Entry.Share> entries, Span span) implements Block {
        public Namespaces {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "namespaces";
        }
    }

    record Filesystem(List<Entry.Filesystem> entries, Span span) implements Block {
        public Filesystem {
            entries = List.copyOf(entries);
        }

        public String keyword() {
            return "filesystem";
        }
    }

    /** {@code expect ACTION call, call... [on ARCH]}. */
    record Expect(ActionExpr action, List<Entry.ExpectCall> calls, Optional<Name> on, Span span)
            implements Statement {
        public Expect {
            calls = List.copyOf(calls);
        }

        public String keyword() {
            return "expect";
        }
    }
}
