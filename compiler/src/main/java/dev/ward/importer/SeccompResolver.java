package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves runc's rules for one container the way libseccomp does, per ABI width (64-bit ABIs compare
 * argument words high then low, 32-bit ones the low word only; ABIs that multiplex socket and IPC calls also
 * get rules on socketcall(2) and ipc(2)), and writes each syscall's outcome as Ward rules. Where a syscall
 * exists on ABIs of both widths, the rules are derived from one width and checked on the other.
 */
final class SeccompResolver {
    private static final List<String> SOCKET_CALLS = List.of("socket", "bind", "connect", "listen", "accept",
            "getsockname", "getpeername", "socketpair", "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt",
            "getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg");
    private static final Map<String, Integer> IPC_CALLS = Map.ofEntries(Map.entry("semop", 1), Map.entry("semget", 2),
            Map.entry("semctl", 3), Map.entry("semtimedop", 4), Map.entry("msgsnd", 11), Map.entry("msgrcv", 12),
            Map.entry("msgget", 13), Map.entry("msgctl", 14), Map.entry("shmat", 21), Map.entry("shmdt", 22),
            Map.entry("shmget", 23), Map.entry("shmctl", 24));

    /** One syscall's Ward rules, and a note when they could not match libseccomp on every ABI. */
    record Resolved(String syscall, List<SeccompRule> rules, Optional<String> note) {
        Resolved {
            rules = List.copyOf(rules);
        }
    }

    /** The outcome for one container: rules per syscall in profile order, and the names no ABI here has. */
    record Outcome(List<Resolved> syscalls, List<String> absent) {
        Outcome {
            syscalls = List.copyOf(syscalls);
            absent = List.copyOf(absent);
        }
    }

    private SeccompResolver() {}

    /**
     * How the rules reach libseccomp: runc adds them with {@code seccomp_rule_add_array}, which also files
     * socket and IPC calls under socketcall(2) and ipc(2) on multiplexing ABIs; LXC adds them with the
     * {@code _exact} variant only where the name resolves to a call of its own, which leaves those ABIs'
     * socket and IPC calls to the default.
     */
    enum Adder { RUNC, LXC }

    /** Empty when libseccomp refuses a rule (and runc the profile); that is reported. */
    static Optional<Outcome> resolve(RuncFilter filter, Diagnostics diagnostics) {
        return resolve(filter, Adder.RUNC, diagnostics);
    }

    static Optional<Outcome> resolve(RuncFilter filter, Adder adder, Diagnostics diagnostics) {
        SyscallTable table = SyscallTable.standard();
        List<Arch> wideAbis = filter.abis().stream().filter(a -> !DockerArch.is32Bit(a)).toList();
        List<Arch> narrowAbis = filter.abis().stream().filter(DockerArch::is32Bit).toList();
        Map<String, List<LibRule>> bySyscall = new LinkedHashMap<>();
        boolean anyMux = adder == Adder.RUNC && filter.abis().stream().anyMatch(DockerArch::multiplexes);
        for (String name : order(filter, anyMux)) bySyscall.put(name, new ArrayList<>());
        for (LibRule r : expand(filter, anyMux)) {
            bySyscall.get(r.syscall()).add(r);
        }
        RuleDatabase wide = null;
        RuleDatabase narrow = null;
        if (!wideAbis.isEmpty()) {
            wide = build(filter, true, adder == Adder.RUNC && wideAbis.stream().anyMatch(DockerArch::multiplexes), diagnostics);
            if (wide == null) return Optional.empty();
        }
        if (!narrowAbis.isEmpty()) {
            narrow = build(filter, false, adder == Adder.RUNC && narrowAbis.stream().anyMatch(DockerArch::multiplexes), diagnostics);
            if (narrow == null) return Optional.empty();
        }
        long def = filter.defaultAction().seccompRet();
        List<Resolved> out = new ArrayList<>();
        Set<String> absent = new TreeSet<>();
        for (var e : bySyscall.entrySet()) {
            String name = e.getKey();
            if (!table.known(name)) continue;
            boolean onWide = wideAbis.stream().anyMatch(a -> table.number(a, name).isPresent());
            boolean onNarrow = narrowAbis.stream().anyMatch(a -> table.number(a, name).isPresent());
            if (!onWide && !onNarrow) {
                absent.add(name);
                continue;
            }
            Map<Integer, Set<Long>> constants = constants(e.getValue());
            DecisionList dWide = onWide ? DecisionList.of(wide.entries().get(name), true) : null;
            DecisionList dNarrow = onNarrow ? DecisionList.of(narrow.entries().get(name), false) : null;
            DecisionList first = dWide != null ? dWide : dNarrow;
            List<SeccompRule> rules = RuleSynthesis.rules(name, first, def, constants);
            Optional<String> note = Optional.empty();
            if (dWide != null && dNarrow != null) {
                List<long[]> probes = Probes.vectors(Probes.values(e.getValue()));
                if (!agrees(rules, dNarrow, def, probes, true)) {
                    List<SeccompRule> fromNarrow = RuleSynthesis.rules(name, dNarrow, def, constants);
                    List<List<SeccompRule>> candidates = new ArrayList<>();
                    candidates.add(fromNarrow);
                    candidates.addAll(RuleSynthesis.direct(name, e.getValue(), def));
                    Optional<List<SeccompRule>> both = candidates.stream()
                            .filter(c -> agrees(c, dWide, def, probes, false) && agrees(c, dNarrow, def, probes, true)).findFirst();
                    if (both.isPresent()) {
                        rules = both.get();
                    } else {
                        note = Optional.of("on the 32-bit ABIs (" + names(narrowAbis) + ") libseccomp decides some "
                                + name + " calls differently; these rules follow the 64-bit ones");
                    }
                }
            }
            if (adder == Adder.LXC && (SOCKET_CALLS.contains(name) || IPC_CALLS.containsKey(name))) {
                List<Arch> muxed = filter.abis().stream().filter(a -> DockerArch.multiplexes(a) && table.number(a, name).isPresent()).toList();
                if (!muxed.isEmpty()) {
                    note = Optional.of("LXC adds no rule for " + name + " on " + names(muxed)
                            + " (libseccomp multiplexes it there); these rules apply there too");
                }
            }
            out.add(new Resolved(name, rules, note));
        }
        return Optional.of(new Outcome(out, new ArrayList<>(absent)));
    }

    private static String names(List<Arch> abis) {
        return String.join(", ", abis.stream().map(Arch::wardName).toList());
    }

    // Adds every rule in runc's order; on multiplexing ABIs a socket or IPC call's rule is first added to
    // socketcall or ipc with the call number as its first argument (libseccomp's abi_rule_add).
    private static RuleDatabase build(RuncFilter filter, boolean wideDb, boolean multiplexed, Diagnostics diagnostics) {
        RuleDatabase db = new RuleDatabase(wideDb);
        for (LibRule a : expand(filter, multiplexed)) {
            boolean added;
            try {
                added = db.add(a.syscall(), a.action(), a.args());
            } catch (ArgNode.Cycle e) {
                diagnostics.error(ImportCodes.REJECTED_BY_LIBSECCOMP, a.origin(), "libseccomp never finishes adding "
                        + "the rule " + describe(a) + " on " + (wideDb ? "64-bit" : "32-bit") + " ABIs: merged with "
                        + "an earlier rule for the same call, its argument tree links back to itself, so runc hangs "
                        + "building the profile; write the two rules' conditions so that one does not extend the other");
                return null;
            }
            if (!added) {
                diagnostics.error(ImportCodes.REJECTED_BY_LIBSECCOMP, a.origin(), "libseccomp refuses the rule "
                        + describe(a) + " on " + (wideDb ? "64-bit" : "32-bit")
                        + " ABIs: it conflicts with an earlier rule for the same call, so runc refuses the profile");
                return null;
            }
        }
        return db;
    }

    // Syscalls in the order the profile names them; socketcall and ipc, when only multiplexed rules name
    // them, right after the first call that does.
    private static List<String> order(RuncFilter filter, boolean multiplexed) {
        List<String> out = new ArrayList<>();
        for (LibRule r : filter.rules()) {
            if (!out.contains(r.syscall())) out.add(r.syscall());
        }
        for (LibRule r : multiplexed ? filter.rules() : List.<LibRule>of()) {
            Optional<LibRule> m = multiplex(r);
            if (m.isPresent() && !out.contains(m.get().syscall())) out.add(out.indexOf(r.syscall()) + 1, m.get().syscall());
        }
        return out;
    }

    /** The rules in the order libseccomp adds them, with the socketcall and ipc forms where multiplexed. */
    static List<LibRule> expand(RuncFilter filter, boolean multiplexed) {
        List<LibRule> out = new ArrayList<>();
        for (LibRule r : filter.rules()) {
            if (multiplexed) multiplex(r).ifPresent(out::add);
            out.add(r);
        }
        return out;
    }

    private static Optional<LibRule> multiplex(LibRule r) {
        int call;
        String mux;
        if (SOCKET_CALLS.contains(r.syscall())) {
            call = SOCKET_CALLS.indexOf(r.syscall()) + 1;
            mux = "socketcall";
        } else if (IPC_CALLS.containsKey(r.syscall())) {
            call = IPC_CALLS.get(r.syscall());
            mux = "ipc";
        } else {
            return Optional.empty();
        }
        List<LibRule.ArgCmp> args = new ArrayList<>();
        args.add(new LibRule.ArgCmp(0, ScmpOp.EQ, call, 0));
        for (LibRule.ArgCmp c : r.args()) {
            if (c.arg() != 0) args.add(c);
        }
        return Optional.of(new LibRule(mux, r.action(), args, r.origin()));
    }

    private static String describe(LibRule r) {
        StringBuilder sb = new StringBuilder(r.action() + " " + r.syscall());
        for (LibRule.ArgCmp c : r.args()) {
            sb.append(" arg").append(c.arg()).append(' ').append(c.op().profileName()).append(" 0x")
                    .append(Long.toHexString(c.a()));
            if (c.op() == ScmpOp.MASKED_EQ) sb.append(" 0x").append(Long.toHexString(c.b()));
        }
        return sb.toString();
    }

    private static Map<Integer, Set<Long>> constants(List<LibRule> rules) {
        Map<Integer, Set<Long>> out = new TreeMap<>();
        for (LibRule r : rules) {
            for (LibRule.ArgCmp c : r.args()) {
                out.computeIfAbsent(c.arg(), k -> new LinkedHashSet<>()).add(c.op() == ScmpOp.MASKED_EQ ? c.b() : c.a());
            }
        }
        return out;
    }

    private static boolean agrees(List<SeccompRule> rules, DecisionList d, long def, List<long[]> probes, boolean narrow) {
        for (long[] args : probes) {
            long ward = RuleSemantics.decide(rules, args, narrow).map(Action::seccompRet).orElse(def);
            long lib = d.decide(args).orElse(def);
            if (ward != lib) return false;
        }
        return true;
    }
}
