package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.engine.CgroupSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LXC's cgroup settings as Ward's limits and devices blocks. cgroup v2 files (lxc.cgroup2.*) come first; the
 * v1 files (lxc.cgroup.*) fill in what v2 does not set, and where both set a limit differently the v1 value
 * is noted. cpu bandwidth becomes cores, v1 shares and blkio weights the v2 weights Ward writes them from.
 */
final class LxcCgroups {
    private static final String INNER = WardText.INDENT + WardText.INDENT;
    private static final long MAX = Long.MAX_VALUE;
    private static final Set<String> LIMIT_FILES = Set.of("memory.max", "memory.swap.max", "cpu.max", "cpu.weight",
            "pids.max", "io.weight", "memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "cpu.cfs_quota_us",
            "cpu.cfs_period_us", "cpu.shares", "blkio.weight");

    private final LxcSettings s;
    private final Diagnostics d;
    private final List<String> notes;

    LxcCgroups(LxcSettings s, Diagnostics d, List<String> notes) {
        this.s = s;
        this.d = d;
        this.notes = notes;
    }

    void limits(WardText b) {
        for (var e : s.cgroup2.entrySet()) unhandled("lxc.cgroup2.", e.getKey(), e.getValue());
        for (var e : s.cgroup1.entrySet()) unhandled("lxc.cgroup.", e.getKey(), e.getValue());
        Map<String, String> v2 = v2Limits();
        Map<String, String> v1 = v1Limits();
        Map<String, String> limits = new LinkedHashMap<>();
        for (String key : List.of("memory", "swap", "cpu", "cpu-weight", "pids", "io-weight")) {
            String a = v2.get(key);
            String c = v1.get(key);
            if (a != null) {
                limits.put(key, a);
                if (c != null && !c.equals(a)) notes.add("cgroup v1 sets " + key + " " + c + ", v2 " + a + "; the v2 value is imported");
            } else if (c != null) {
                limits.put(key, c);
            }
        }
        if (limits.isEmpty()) return;
        b.blank();
        b.line(WardText.INDENT, "limits {");
        for (var e : limits.entrySet()) b.line(INNER, e.getKey() + " " + e.getValue());
        b.line(WardText.INDENT, "}");
    }

    private void unhandled(String prefix, String file, LxcConfig.Entry e) {
        if (!LIMIT_FILES.contains(file)) {
            notes.add(prefix + file + " = " + e.value() + " (" + LxcProfileWriter.where(e.span()) + ")");
        }
    }

    private Map<String, String> v2Limits() {
        Map<String, String> out = new LinkedHashMap<>();
        entry(s.cgroup2, "memory.max").flatMap(e -> bytes(e, true)).ifPresent(v -> memory(out, "memory", v));
        entry(s.cgroup2, "memory.swap.max").flatMap(e -> bytes(e, true)).ifPresent(v -> out.put("swap", size(v)));
        entry(s.cgroup2, "cpu.max").ifPresent(e -> {
            String[] f = e.value().trim().split("\\s+");
            if (f.length >= 1 && f[0].equals("max")) return;
            long period = f.length > 1 && f[1].matches("\\d{1,12}") ? Long.parseLong(f[1]) : CgroupSettings.CPU_PERIOD_US;
            if (f.length > 2 || !f[0].matches("\\d{1,15}") || period == 0) {
                bad(e, "QUOTA [PERIOD] in microseconds, or max");
                return;
            }
            cores(Long.parseLong(f[0]), period, e).ifPresent(c -> out.put("cpu", c));
        });
        entry(s.cgroup2, "cpu.weight").flatMap(e -> weight(e, 1, 10000)).ifPresent(w -> out.put("cpu-weight", Long.toString(w)));
        entry(s.cgroup2, "pids.max").flatMap(this::pids).ifPresent(p -> out.put("pids", p));
        entry(s.cgroup2, "io.weight").ifPresent(e -> {
            String v = e.value().trim().replaceFirst("^default\\s+", "");
            weight(new LxcConfig.Entry(e.key(), v, e.span()), 1, 10000).ifPresent(w -> out.put("io-weight", Long.toString(w)));
        });
        return out;
    }

    private Map<String, String> v1Limits() {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Long> memory = entry(s.cgroup1, "memory.limit_in_bytes").flatMap(e -> bytes(e, false));
        memory.ifPresent(v -> memory(out, "memory", v));
        entry(s.cgroup1, "memory.memsw.limit_in_bytes").flatMap(e -> bytes(e, false)).ifPresent(total -> {
            // v1 limits memory and swap together.
            if (total == MAX) out.put("swap", "max");
            else if (memory.isPresent() && memory.get() != MAX && total >= memory.get()) out.put("swap", size(total - memory.get()));
            else notes.add("lxc.cgroup.memory.memsw.limit_in_bytes without a smaller memory limit has no Ward form");
        });
        Optional<LxcConfig.Entry> quota = entry(s.cgroup1, "cpu.cfs_quota_us");
        if (quota.isPresent() && !quota.get().value().trim().equals("-1")) {
            long period = entry(s.cgroup1, "cpu.cfs_period_us").filter(e -> e.value().trim().matches("\\d{1,12}"))
                    .map(e -> Long.parseLong(e.value().trim())).orElse(CgroupSettings.CPU_PERIOD_US);
            if (quota.get().value().trim().matches("\\d{1,15}") && period > 0) {
                cores(Long.parseLong(quota.get().value().trim()), period, quota.get()).ifPresent(c -> out.put("cpu", c));
            } else {
                bad(quota.get(), "a quota in microseconds, or -1");
            }
        }
        entry(s.cgroup1, "cpu.shares").flatMap(e -> weight(e, 2, 262144)).ifPresent(shares -> {
            long w = inverse(shares, x -> CgroupSettings.cpuShares(x));
            if (CgroupSettings.cpuShares(w) != shares) notes.add("cpu.shares " + shares + " is written as cpu-weight " + w
                    + " (cpu.shares " + CgroupSettings.cpuShares(w) + ")");
            out.put("cpu-weight", Long.toString(w));
        });
        entry(s.cgroup1, "pids.max").flatMap(this::pids).ifPresent(p -> out.put("pids", p));
        entry(s.cgroup1, "blkio.weight").flatMap(e -> weight(e, 10, 1000)).ifPresent(weight -> {
            long w = inverse(weight, x -> CgroupSettings.blkioWeight(x));
            if (CgroupSettings.blkioWeight(w) != weight) notes.add("blkio.weight " + weight + " is written as io-weight " + w
                    + " (blkio.weight " + CgroupSettings.blkioWeight(w) + ")");
            out.put("io-weight", Long.toString(w));
        });
        return out;
    }

    private void memory(Map<String, String> out, String key, long v) {
        if (v == 0) {
            notes.add("a memory limit of 0 has no Ward form (nothing could run)");
            return;
        }
        out.put(key, size(v));
    }

    // The smallest v2 weight that Ward lowers to at least {@code target}: Ward's conversion is monotonic.
    private static long inverse(long target, java.util.function.LongUnaryOperator forward) {
        long lo = 1;
        long hi = 10000;
        while (lo < hi) {
            long mid = (lo + hi) / 2;
            if (forward.applyAsLong(mid) >= target) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private Optional<String> cores(long quota, long period, LxcConfig.Entry e) {
        BigDecimal c = BigDecimal.valueOf(quota).divide(BigDecimal.valueOf(period), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        if (c.signum() <= 0 || c.compareTo(BigDecimal.valueOf(4096)) > 0) {
            bad(e, "a bandwidth of more than 0 and at most 4096 cores");
            return Optional.empty();
        }
        if (period != CgroupSettings.CPU_PERIOD_US) {
            notes.add("cpu period " + period + "us becomes Ward's " + CgroupSettings.CPU_PERIOD_US + "us at the same bandwidth");
        }
        String t = c.toPlainString();
        return Optional.of(t);
    }

    private Optional<String> pids(LxcConfig.Entry e) {
        String v = e.value().trim();
        if (v.equals("max")) return Optional.of("max");
        if (v.matches("\\d{1,18}") && Long.parseLong(v) > 0) return Optional.of(v);
        bad(e, "a positive number of processes, or max");
        return Optional.empty();
    }

    private Optional<Long> weight(LxcConfig.Entry e, long min, long max) {
        String v = e.value().trim();
        if (v.matches("\\d{1,9}") && Long.parseLong(v) >= min && Long.parseLong(v) <= max) return Optional.of(Long.parseLong(v));
        bad(e, "a whole number " + min + ".." + max);
        return Optional.empty();
    }

    // A byte count as the kernel reads it: a number with an optional K, M, G, T, P or E suffix; max (v2) or
    // -1 (v1) is no limit.
    private Optional<Long> bytes(LxcConfig.Entry e, boolean v2) {
        String v = e.value().trim();
        if (v2 ? v.equals("max") : v.equals("-1")) return Optional.of(MAX);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,19})([kKmMgGtTpPeE]?)").matcher(v);
        if (!m.matches()) {
            bad(e, v2 ? "bytes (with K, M, G or T), or max" : "bytes (with K, M, G or T), or -1");
            return Optional.empty();
        }
        int shift = switch (m.group(2).toUpperCase()) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            case "P" -> 50;
            case "E" -> 60;
            default -> 0;
        };
        java.math.BigInteger n = new java.math.BigInteger(m.group(1)).shiftLeft(shift);
        if (n.bitLength() > 62) return Optional.of(MAX);
        return Optional.of(n.longValue());
    }

    /** Bytes in the largest binary unit that divides them: 536870912 is 512MiB. */
    static String size(long v) {
        if (v == MAX) return "max";
        if (v == 0) return "0";
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            if (v % (1L << shifts[i]) == 0) return (v >> shifts[i]) + units[i];
        }
        return Long.toString(v);
    }

    private void bad(LxcConfig.Entry e, String expected) {
        d.error(ImportCodes.BAD_LXC, e.span(), e.key() + " takes " + expected + ", not '"
                + WardText.printable(LxcConfig.shorten(e.value())) + "'");
    }

    private static Optional<LxcConfig.Entry> entry(Map<String, LxcConfig.Entry> m, String file) {
        return Optional.ofNullable(m.get(file));
    }

    // ---- devices

    /** The device allowlist: v2's rules, else v1's; an explicit deny-all first is Ward's implicit start. */
    void devices(WardText b) {
        List<LxcConfig.Entry> v2 = s.devices2;
        List<LxcConfig.Entry> v1 = s.devices1;
        List<LxcConfig.Entry> use = !v2.isEmpty() ? v2 : v1;
        if (use.isEmpty()) return;
        List<String> rules = deviceRules(use);
        if (!v2.isEmpty() && !v1.isEmpty()) {
            List<String> other = deviceRules(v1);
            if (!other.equals(rules)) {
                List<String> extra = new ArrayList<>(other);
                extra.removeAll(rules);
                notes.add("the cgroup v1 device rules (which LXC uses on a v1 host) differ from the v2 ones, which are "
                        + "imported" + (extra.isEmpty() ? "" : "; v1 also has: " + String.join(", ", extra)));
            }
        }
        b.blank();
        b.line(WardText.INDENT, "devices {");
        for (String r : rules) b.line(INNER, r);
        b.line(WardText.INDENT, "}");
    }

    private List<String> deviceRules(List<LxcConfig.Entry> entries) {
        List<String> out = new ArrayList<>();
        boolean first = true;
        for (LxcConfig.Entry e : entries) {
            boolean allow = e.key().endsWith("devices.allow");
            Optional<String> rule = deviceRule(e.value().trim());
            if (rule.isEmpty()) {
                bad(e, "TYPE MAJOR:MINOR ACCESS (such as c 1:3 rwm) or a");
                continue;
            }
            boolean everything = rule.get().equals("a *:* rwm");
            if (first && !(everything && !allow)) {
                // Without a deny-all first, LXC starts from everything allowed; Ward starts from nothing.
                out.add("allow a *:* rwm");
            }
            if (!(first && everything && !allow)) out.add((allow ? "allow " : "deny ") + rule.get());
            first = false;
        }
        return out;
    }

    static Optional<String> deviceRule(String v) {
        if (v.equals("a")) return Optional.of("a *:* rwm");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([abc])\\s+(\\*|\\d{1,7}):(\\*|\\d{1,7})(?:\\s+([rwm]{1,3}))?")
                .matcher(v);
        if (!m.matches()) return Optional.empty();
        String access = m.group(4) == null ? "rwm" : m.group(4);
        StringBuilder sorted = new StringBuilder();
        for (char c : "rwm".toCharArray()) {
            long n = access.chars().filter(x -> x == c).count();
            if (n > 1) return Optional.empty();
            if (n == 1) sorted.append(c);
        }
        for (String num : new String[] {m.group(2), m.group(3)}) {
            if (!num.equals("*") && Long.parseLong(num) > 0xFFFFF) return Optional.empty();
        }
        return Optional.of(m.group(1) + " " + m.group(2) + ":" + m.group(3) + " " + sorted);
    }
}
