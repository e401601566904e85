package dev.ward.resolve;

import dev.ward.ast.Entry;
import dev.ward.ast.Literal;
import dev.ward.ast.Statement;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Limits;
import dev.ward.ir.Origin;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/** The limits and rlimits blocks. */
final class ResourceBlocks {
    static final List<String> LIMIT_KEYS = List.of("memory", "swap", "cpu", "cpu-weight", "pids", "io-weight");

    private final Numbers numbers;
    private final Diagnostics d;

    ResourceBlocks(Numbers numbers, Diagnostics d) {
        this.numbers = numbers;
        this.d = d;
    }

    // memory|swap SIZE|max, cpu CORES, cpu-weight N, pids N|max, io-weight N
    void limits(OwnSettings s, Statement.Limits block) {
        s.limitsOrigin = Optional.of(Origin.of(block.span()));
        Set<String> seen = new java.util.HashSet<>();
        for (Entry.Limit e : block.entries()) {
            String key = e.key().text();
            if (!LIMIT_KEYS.contains(key)) {
                d.error(Codes.UNKNOWN_LIMIT, e.key().span(), "unknown limit '" + key + "'" + Suggest.hint(key, LIMIT_KEYS, d)
                        + "; limits are " + String.join(", ", LIMIT_KEYS));
                continue;
            }
            if (!seen.add(key)) {
                d.error(Codes.DUPLICATE_SETTING, e.key().span(), "limit '" + key + "' is already given in this block");
                continue;
            }
            Literal v = e.value();
            boolean max = v.kind() == Literal.Kind.KEYWORD;
            switch (key) {
                case "memory", "swap" -> {
                    OptionalLong bytes = max ? OptionalLong.of(Limits.MAX) : numbers.bytes(v);
                    if (bytes.isPresent() && key.equals("memory") && bytes.getAsLong() == 0) {
                        d.error(Codes.LIMIT_RANGE, v.span(), "a memory limit of 0 leaves nothing to run; use a size or max");
                        bytes = OptionalLong.empty();
                    }
                    if (key.equals("memory")) s.memory = bytes;
                    else s.swap = bytes;
                }
                case "cpu" -> s.cpu = cores(v);
                case "pids" -> s.pids = max ? OptionalLong.of(Limits.MAX) : plain(v, 1, Limits.MAX - 1, "pids");
                case "cpu-weight" -> s.cpuWeight = plain(v, 1, 10000, "cpu-weight");
                default -> s.ioWeight = plain(v, 1, 10000, "io-weight");
            }
        }
    }

    private OptionalLong plain(Literal v, long min, long max, String what) {
        if (v.kind() != Literal.Kind.NUMBER && v.kind() != Literal.Kind.HEX && v.kind() != Literal.Kind.OCTAL) {
            d.error(Codes.BAD_UNIT, v.span(), what + " takes a whole number" + (max < Limits.MAX - 1 ? " " + min + ".." + max : "")
                    + ", not " + Numbers.shorten(v.text()));
            return OptionalLong.empty();
        }
        return numbers.bounded(v, min, max, what);
    }

    private OptionalDouble cores(Literal v) {
        if (v.kind() != Literal.Kind.NUMBER && v.kind() != Literal.Kind.DECIMAL) {
            d.error(Codes.BAD_UNIT, v.span(), "cpu takes a number of cores such as 1.5, not " + Numbers.shorten(v.text()));
            return OptionalDouble.empty();
        }
        BigDecimal cores = new BigDecimal(v.text());
        if (cores.signum() <= 0 || cores.compareTo(BigDecimal.valueOf(4096)) > 0) {
            d.error(Codes.LIMIT_RANGE, v.span(), "cpu must be more than 0 and at most 4096 cores, not " + Numbers.shorten(v.text()));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(cores.doubleValue());
    }

    // NAME SOFT [HARD]; the soft limit may not exceed the hard one.
    void rlimits(OwnSettings s, Statement.Rlimits block) {
        List<String> names = Arrays.stream(Rlimit.values()).map(Rlimit::wardName).toList();
        for (Entry.Rlimit e : block.entries()) {
            Optional<Rlimit> r = Rlimit.byName(e.name().text()).filter(x -> x.wardName().equals(e.name().text()));
            if (r.isEmpty()) {
                d.error(Codes.UNKNOWN_RLIMIT, e.name().span(), "unknown rlimit '" + e.name().text() + "'"
                        + Suggest.hint(e.name().text(), names, d));
                continue;
            }
            if (s.rlimits.containsKey(r.get())) {
                d.error(Codes.DUPLICATE_SETTING, e.name().span(), "rlimit '" + e.name().text() + "' is already given in this block");
                continue;
            }
            OptionalLong soft = rlimitValue(e.soft());
            OptionalLong hard = e.hard().isPresent() ? rlimitValue(e.hard().get()) : soft;
            if (soft.isEmpty() || hard.isEmpty()) continue;
            if (Long.compareUnsigned(soft.getAsLong(), hard.getAsLong()) > 0) {
                d.error(Codes.SOFT_ABOVE_HARD, e.soft().span(), "soft limit " + e.soft().text() + " is above the hard limit "
                        + e.hard().map(Literal::text).orElse(""));
                continue;
            }
            s.rlimits.put(r.get(), new RlimitValue(soft.getAsLong(), hard.getAsLong(), Origin.of(e.span())));
        }
    }

    private OptionalLong rlimitValue(Literal v) {
        if (v.kind() == Literal.Kind.KEYWORD) return OptionalLong.of(RlimitValue.UNLIMITED);
        OptionalLong x = numbers.bytes(v);
        if (x.isPresent() && x.getAsLong() == RlimitValue.UNLIMITED) {
            d.error(Codes.LIMIT_RANGE, v.span(), "write 'unlimited' rather than RLIM_INFINITY's number");
            return OptionalLong.empty();
        }
        return x;
    }
}
