package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Action;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LXC seccomp policy file (lxc.seccomp.profile) read as LXC 5 reads it. Version 1: "1", a line with
 * "allowlist", then native syscall numbers to allow, everything else killed. Version 2: "2", then
 * {@code denylist|allowlist [DEFAULT]} (or the older blacklist / whitelist), then rules
 * {@code NAME [ACTION] [[index,value,op(,mask)]...]} under optional architecture sections. A denylist's rules
 * default to kill and its calls to allow, an allowlist's the other way round. LXC applies every section that
 * concerns the host to all of the host's ABIs.
 */
record LxcSeccompPolicy(int version, Action defaultAction, List<Rule> rules, List<Integer> numbers, List<String> notes) {
    LxcSeccompPolicy {
        rules = List.copyOf(rules);
        numbers = List.copyOf(numbers);
        notes = List.copyOf(notes);
    }

    /** One rule line; {@code span} is where it was written. */
    record Rule(String name, Action action, List<LibRule.ArgCmp> args, Span span) {
        Rule {
            args = List.copyOf(args);
        }
    }

    private static final Pattern ARG = Pattern.compile(
            "\\[([+-]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)),([^,]{1,23}),([^0-9^,]{1,30})(?:,([^,]{1,23}))?.*",
            Pattern.DOTALL);
    private static final int EACCES = 13;
    private static final long MNT_FORCE = 1;

    /** Parses a policy for a host whose kernel runs {@code host}; empty with errors reported when LXC would refuse it. */
    static Optional<LxcSeccompPolicy> parse(String file, String text, dev.ward.ir.Arch host, Diagnostics d) {
        int before = d.errorCount();
        String[] lines = text.split("\n", -1);
        Matcher v = Pattern.compile("\\s*([+-]?\\d+).*").matcher(lines[0]);
        int version = v.matches() ? parseInt(v.group(1)) : -1;
        if (version != 1 && version != 2) {
            d.error(ImportCodes.BAD_LXC, Span.at(file, 1, 1), "a seccomp policy starts with its version, 1 or 2");
            return Optional.empty();
        }
        if (lines.length < 2) {
            d.error(ImportCodes.BAD_LXC, Span.at(file, 1, 1), "the policy has no second line (allowlist or denylist)");
            return Optional.empty();
        }
        String directive = lines[1];
        Span dirSpan = Span.at(file, 2, 1);
        if (version == 1 && !directive.contains("allowlist")) {
            d.error(ImportCodes.BAD_LXC, dirSpan, "LXC 5 takes only 'allowlist' in a version 1 policy");
            return Optional.empty();
        }
        if (directive.contains("debug")) {
            d.error(ImportCodes.BAD_LXC, dirSpan, "LXC refuses 'debug' policies");
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        if (version == 1) {
            List<Integer> numbers = new ArrayList<>();
            for (int i = 2; i < lines.length; i++) {
                if (i == lines.length - 1 && lines[i].isEmpty()) break;
                Matcher m = Pattern.compile("\\s*([+-]?\\d+).*").matcher(lines[i]);
                if (!m.matches()) {
                    d.error(ImportCodes.BAD_LXC, Span.at(file, i + 1, 1), "a version 1 policy lists syscall numbers, one a line");
                    return Optional.empty();
                }
                numbers.add(parseInt(m.group(1)));
            }
            return Optional.of(new LxcSeccompPolicy(1, Action.KILL_THREAD, List.of(), numbers, notes));
        }
        boolean deny = startsWith(directive, "denylist") || startsWith(directive, "blacklist");
        if (!deny && !startsWith(directive, "allowlist") && !startsWith(directive, "whitelist")) {
            d.error(ImportCodes.BAD_LXC, dirSpan, "expected denylist or allowlist, found '"
                    + WardText.printable(LxcConfig.shorten(directive)) + "'");
            return Optional.empty();
        }
        Action policyDefault = deny ? Action.ALLOW : Action.KILL_THREAD;
        Action ruleDefault = deny ? Action.KILL_THREAD : Action.ALLOW;
        int space = directive.indexOf(' ');
        if (space >= 0) {
            Optional<Optional<Action>> a = action(directive.substring(space + 1), dirSpan, d);
            if (a.isEmpty()) return Optional.empty();
            if (a.get().isPresent()) policyDefault = a.get().get();
        }
        List<Rule> rules = new ArrayList<>();
        boolean relevant = true;
        for (int i = 2; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) continue;
            line = line.replaceAll("[\r\n]+$", "");
            Span at = Span.at(file, i + 1, 1);
            if (line.startsWith("[")) {
                OptionalInt r = section(line, host);
                if (r.isEmpty()) {
                    d.error(ImportCodes.BAD_LXC, at, "unsupported architecture section '" + WardText.printable(LxcConfig.shorten(line)) + "'");
                    return Optional.empty();
                }
                relevant = r.getAsInt() == 1;
                continue;
            }
            if (!relevant) continue;
            Optional<Rule> rule = rule(line, at, ruleDefault, d);
            if (rule.isEmpty()) return Optional.empty();
            if (rule.get().action().seccompRet() == policyDefault.seccompRet()) {
                d.error(ImportCodes.BAD_LXC, at, "the rule's action is the policy's default; libseccomp refuses it and LXC "
                        + "with it the whole policy");
                return Optional.empty();
            }
            rules.add(rule.get());
        }
        if (d.errorCount() > before) return Optional.empty();
        return Optional.of(new LxcSeccompPolicy(2, policyDefault, rules, List.of(), notes));
    }

    // 1: the section concerns the host (its rules apply to all the host's ABIs), 0: it does not; empty: unknown.
    private static OptionalInt section(String line, dev.ward.ir.Arch host) {
        String s = line.strip();
        String name = s.substring(1, s.endsWith("]") ? s.length() - 1 : s.length());
        if (!s.endsWith("]") || !(name.equals(name.toLowerCase(Locale.ROOT)) || name.equals(name.toUpperCase(Locale.ROOT)))) {
            return OptionalInt.empty();
        }
        boolean amd64 = host == dev.ward.ir.Arch.X86_64;
        boolean arm64 = host == dev.ward.ir.Arch.AARCH64;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "all" -> OptionalInt.of(1);
            case "x86" -> OptionalInt.of(amd64 || host == dev.ward.ir.Arch.X86 ? 1 : 0);
            case "x32", "x86_64" -> OptionalInt.of(amd64 ? 1 : 0);
            case "arm" -> OptionalInt.of(arm64 || host == dev.ward.ir.Arch.ARM ? 1 : 0);
            case "arm64" -> OptionalInt.of(arm64 ? 1 : 0);
            case "ppc64le" -> OptionalInt.of(host == dev.ward.ir.Arch.PPC64LE ? 1 : 0);
            case "s390x" -> OptionalInt.of(host == dev.ward.ir.Arch.S390X ? 1 : 0);
            case "ppc64", "ppc", "mips64", "mips64n32", "mips", "mipsel64", "mipsel64n32", "mipsel", "s390" -> OptionalInt.of(0);
            default -> OptionalInt.empty();
        };
    }

    private static Optional<Rule> rule(String line, Span at, Action ruleDefault, Diagnostics d) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        if (name.startsWith("reject_force_umount")) {
            // LXC's shorthand: umount2 with MNT_FORCE in its flags fails with EACCES.
            return Optional.of(new Rule("umount2", Action.errno(EACCES),
                    List.of(new LibRule.ArgCmp(1, ScmpOp.MASKED_EQ, MNT_FORCE, MNT_FORCE)), at));
        }
        Action action = ruleDefault;
        if (space >= 0) {
            String rest = line.substring(space + 1).stripLeading();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                Optional<Optional<Action>> a = action(rest, at, d);
                if (a.isEmpty()) return Optional.empty();
                if (a.get().isPresent()) action = a.get().get();
            }
        }
        List<LibRule.ArgCmp> args = new ArrayList<>();
        if (line.indexOf('[') >= 0) {
            String[] tokens = line.split("\\]");
            int taken = 0;
            for (String token : tokens) {
                if (token.isEmpty()) continue;
                if (taken++ == 6) break;
                int open = token.indexOf('[');
                Matcher m = open < 0 ? null : ARG.matcher(token.substring(open));
                if (m == null || !m.matches()) {
                    d.error(ImportCodes.BAD_LXC, at, "cannot read the argument condition '"
                            + WardText.printable(LxcConfig.shorten(token.strip())) + "' (expected [index,value,op] or [index,value,op,mask])");
                    return Optional.empty();
                }
                int index = parseInt(m.group(1));
                Optional<Long> value = unsigned(m.group(2));
                Optional<Long> mask = unsigned(m.group(4) == null ? "0" : m.group(4));
                Optional<ScmpOp> op = op(m.group(3));
                if (index < 0 || index >= 6 || value.isEmpty() || mask.isEmpty() || op.isEmpty()) {
                    d.error(ImportCodes.BAD_LXC, at, "invalid argument condition '" + WardText.printable(LxcConfig.shorten(token.strip()))
                            + "' (index 0..5, unsigned values, an operator such as == or SCMP_CMP_MASKED_EQ)");
                    return Optional.empty();
                }
                if (args.stream().anyMatch(x -> x.arg() == index)) {
                    d.error(ImportCodes.BAD_LXC, at, "two conditions on argument " + index + "; libseccomp refuses the rule");
                    return Optional.empty();
                }
                args.add(op.get() == ScmpOp.MASKED_EQ ? new LibRule.ArgCmp(index, op.get(), mask.get(), value.get())
                        : new LibRule.ArgCmp(index, op.get(), value.get(), 0));
            }
        }
        return Optional.of(new Rule(name, action, args, at));
    }

    // LXC's action words, matched by prefix: kill, errno N, allow, trap, notify. Empty inside: not an action.
    private static Optional<Optional<Action>> action(String text, Span at, Diagnostics d) {
        String s = text.stripLeading();
        if (s.startsWith("kill")) return Optional.of(Optional.of(Action.KILL_THREAD));
        if (s.startsWith("allow")) return Optional.of(Optional.of(Action.ALLOW));
        if (s.startsWith("trap")) return Optional.of(Optional.of(new Action(Action.Kind.TRAP, 0)));
        if (s.startsWith("notify")) return Optional.of(Optional.of(Action.NOTIFY));
        if (s.startsWith("errno")) {
            Matcher m = Pattern.compile("\\s*([+-]?\\d+).*", Pattern.DOTALL).matcher(s.substring(5));
            if (!m.matches()) {
                d.error(ImportCodes.BAD_LXC, at, "errno needs a number");
                return Optional.empty();
            }
            int e = parseInt(m.group(1));
            if (e < 0 || e > 4095) {
                d.error(ImportCodes.BAD_LXC, at, "errno " + e + " is not 0..4095");
                return Optional.empty();
            }
            return Optional.of(Optional.of(Action.errno(e)));
        }
        if (s.isEmpty()) return Optional.of(Optional.empty());
        d.error(ImportCodes.BAD_LXC, at, "unrecognized seccomp action '" + WardText.printable(LxcConfig.shorten(s)) + "'");
        return Optional.empty();
    }

    private static Optional<ScmpOp> op(String s) {
        return switch (s) {
            case "SCMP_CMP_NE", "!=" -> Optional.of(ScmpOp.NE);
            case "SCMP_CMP_LT", "<" -> Optional.of(ScmpOp.LT);
            case "SCMP_CMP_LE", "<=" -> Optional.of(ScmpOp.LE);
            case "SCMP_CMP_EQ", "==" -> Optional.of(ScmpOp.EQ);
            case "SCMP_CMP_GE", ">=" -> Optional.of(ScmpOp.GE);
            case "SCMP_CMP_GT", ">" -> Optional.of(ScmpOp.GT);
            case "SCMP_CMP_MASKED_EQ", "&=" -> Optional.of(ScmpOp.MASKED_EQ);
            default -> Optional.empty();
        };
    }

    // strtoull with base 0 over the whole (space-trimmed at the front) text; no sign.
    private static Optional<Long> unsigned(String s) {
        String t = s.stripLeading();
        try {
            BigInteger v;
            if (t.startsWith("0x") || t.startsWith("0X")) v = new BigInteger(t.substring(2), 16);
            else if (t.length() > 1 && t.startsWith("0")) v = new BigInteger(t.substring(1), 8);
            else v = new BigInteger(t, 10);
            if (v.signum() < 0 || v.bitLength() > 64 || t.startsWith("+")) return Optional.empty();
            return Optional.of(v.longValue());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int parseInt(String s) {
        try {
            String t = s.startsWith("+") ? s.substring(1) : s;
            boolean neg = t.startsWith("-");
            if (neg) t = t.substring(1);
            long v;
            if (t.startsWith("0x") || t.startsWith("0X")) v = Long.parseLong(t.substring(2), 16);
            else if (t.length() > 1 && t.startsWith("0")) v = Long.parseLong(t.substring(1), 8);
            else v = Long.parseLong(t);
            v = neg ? -v : v;
            return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? -1 : (int) v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean startsWith(String s, String prefix) {
        return s.startsWith(prefix);
    }
}
