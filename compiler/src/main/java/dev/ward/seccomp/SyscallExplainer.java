package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.resolve.Constants;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ward explain --syscall NAME(ARGS)}: what a profile's compiled filter decides for one call, and the
 * listing lines of the instructions it executes on the way.
 */
public final class SyscallExplainer {
    private static final Pattern CALL = Pattern.compile("\\s*([a-z0-9_]+)\\s*(?:\\((.*)\\))?\\s*");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private SyscallExplainer() {}

    /** A parsed call: the syscall and its six arguments. */
    public record Call(String syscall, long[] args) {}

    /**
     * Parses {@code NAME} or {@code NAME(A, B, ...)}: numbers (decimal, 0x hex, -N meaning 2^64-N), named
     * constants, joined with {@code |}; omitted arguments are 0. Empty, with the reason in {@code error}, when
     * it cannot.
     */
    public static Optional<Call> parse(String text, List<String> error) {
        Matcher m = CALL.matcher(text);
        if (!m.matches()) {
            error.add("expected NAME or NAME(ARGS), found '" + text + "'");
            return Optional.empty();
        }
        String name = m.group(1);
        if (!SyscallTable.standard().known(name)) {
            error.add("unknown syscall '" + name + "'");
            return Optional.empty();
        }
        long[] args = new long[6];
        if (m.group(2) != null && !m.group(2).isBlank()) {
            String[] parts = m.group(2).split(",", -1);
            if (parts.length > 6) {
                error.add("a syscall takes at most six arguments");
                return Optional.empty();
            }
            for (int i = 0; i < parts.length; i++) {
                OptionalLong v = value(parts[i].strip());
                if (v.isEmpty()) {
                    error.add("cannot read argument " + i + " '" + parts[i].strip()
                            + "' (a number, -N, or a named constant, joined with |)");
                    return Optional.empty();
                }
                args[i] = v.getAsLong();
            }
        }
        return Optional.of(new Call(name, args));
    }

    private static OptionalLong value(String text) {
        long out = 0;
        for (String part : text.split("\\|", -1)) {
            String t = part.strip();
            OptionalLong named = Constants.standard().value(t);
            if (named.isPresent()) {
                out |= named.getAsLong();
                continue;
            }
            try {
                boolean negative = t.startsWith("-");
                String digits = negative ? t.substring(1) : t;
                BigInteger v = digits.startsWith("0x") || digits.startsWith("0X")
                        ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits, 10);
                if (v.bitLength() > 64 || (negative && v.signum() == 0)) return OptionalLong.empty();
                out |= (negative ? TWO_64.subtract(v) : v).longValue();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(out);
    }

    /** The decision for {@code call} made as {@code abi} under {@code p}, with the executed listing lines. */
    public static String explain(Profile p, Arch abi, Call call) {
        StringBuilder out = new StringBuilder();
        String shown = call.syscall() + argsText(call.args());
        OptionalInt nr = SyscallTable.standard().number(abi, call.syscall());
        if (nr.isEmpty()) {
            return "profile " + p.name() + ", " + abi.wardName() + ": " + call.syscall() + " does not exist on "
                    + abi.wardName() + "\n";
        }
        Optional<Arch> kernel = ExpectationRunner.programFor(p, abi);
        if (kernel.isEmpty()) {
            return "profile " + p.name() + ": no filter of this profile runs on a kernel that runs "
                    + abi.wardName() + " programs\n";
        }
        BpfProgram program = BpfCompiler.compile(p, kernel.get(), new Diagnostics());
        int wire = Abis.wireNumber(abi, nr.getAsInt());
        BpfInterpreter.Result r = BpfInterpreter.trace(program, SeccompData.of(wire, abi.auditArch(), call.args()));
        out.append("profile ").append(p.name()).append(", ").append(abi.wardName()).append(": ").append(shown)
                .append(" (nr ").append(wire).append(") -> ").append(ExpectationRunner.describe(r.ret()))
                .append('\n');
        out.append(r.executed()).append(" instructions executed in seccomp.").append(kernel.get().wardName())
                .append(".bpf (").append(program.length()).append(" in all):\n");
        List<String> lines = instructionLines(BpfListing.render(program, List.of()), program.length());
        for (int pc : r.trace()) out.append(lines.get(pc)).append('\n');
        return out.toString();
    }

    /** The listing line of each instruction, by index. */
    private static List<String> instructionLines(String listing, int length) {
        List<String> out = new ArrayList<>(java.util.Collections.nCopies(length, ""));
        Pattern insn = Pattern.compile("\\s*(\\d+)  .*");
        for (String line : listing.split("\n")) {
            Matcher m = insn.matcher(line);
            if (m.matches()) out.set(Integer.parseInt(m.group(1)), line);
        }
        return out;
    }

    private static String argsText(long[] args) {
        int last = args.length;
        while (last > 0 && args[last - 1] == 0) last--;
        if (last == 0) return "";
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < last; i++) parts.add("0x" + Long.toHexString(args[i]));
        return "(" + String.join(", ", parts) + ")";
    }
}
