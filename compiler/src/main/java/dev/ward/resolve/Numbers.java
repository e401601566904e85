package dev.ward.resolve;

import dev.ward.ast.Literal;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Numeric literals: decimal, hex ({@code 0x}), octal ({@code 0o17} or C's {@code 017}), sizes with units. */
final class Numbers {
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final Map<String, Long> UNITS = Map.of("B", 1L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30,
            "TiB", 1L << 40);

    private final Diagnostics d;

    Numbers(Diagnostics d) {
        this.d = d;
    }

    /** An unsigned 64-bit number (held in a long), or empty after an error. */
    OptionalLong unsigned(Literal lit) {
        Optional<BigInteger> big = integer(lit);
        if (big.isEmpty()) return OptionalLong.empty();
        if (big.get().bitLength() > 64) {
            d.error(Codes.BAD_NUMBER, lit.span(), "number " + shorten(lit.text()) + " does not fit in 64 bits");
            return OptionalLong.empty();
        }
        return OptionalLong.of(big.get().longValue());
    }

    /** {@code -N}: 2^64 - N. */
    OptionalLong negative(Literal lit) {
        Optional<BigInteger> big = integer(lit);
        if (big.isEmpty()) return OptionalLong.empty();
        if (big.get().bitLength() > 64) {
            d.error(Codes.BAD_NUMBER, lit.span(), "number -" + shorten(lit.text()) + " does not fit in 64 bits");
            return OptionalLong.empty();
        }
        return OptionalLong.of(TWO_64.subtract(big.get()).mod(TWO_64).longValue());
    }

    /** A non-negative number no larger than {@code max}, described as {@code what} in messages. */
    OptionalLong bounded(Literal lit, long min, long max, String what) {
        OptionalLong v = unsigned(lit);
        if (v.isEmpty()) return v;
        if (Long.compareUnsigned(v.getAsLong(), max) > 0 || Long.compareUnsigned(v.getAsLong(), min) < 0) {
            d.error(Codes.LIMIT_RANGE, lit.span(), what + " must be " + min + ".." + max + ", not " + shorten(lit.text()));
            return OptionalLong.empty();
        }
        return v;
    }

    /** A byte count: a plain number, or a number with a unit B, KiB, MiB, GiB or TiB (decimals allowed). */
    OptionalLong bytes(Literal lit) {
        if (lit.kind() != Literal.Kind.SIZED) return unsigned(lit);
        String text = lit.text();
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) i++;
        String unit = text.substring(i);
        Long factor = UNITS.get(unit);
        if (factor == null) {
            String first = unit.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
            String hint = "KMGT".contains(first) ? " (did you mean '" + first + "iB'?)" : "";
            d.error(Codes.BAD_UNIT, lit.span(), "unknown unit '" + shorten(unit) + "'" + hint
                    + "; sizes take B, KiB, MiB, GiB or TiB");
            return OptionalLong.empty();
        }
        BigDecimal value = new BigDecimal(text.substring(0, i)).multiply(BigDecimal.valueOf(factor));
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            d.error(Codes.BAD_UNIT, lit.span(), "size " + text + " is not a whole number of bytes");
            return OptionalLong.empty();
        }
        if (whole.bitLength() > 63) {
            d.error(Codes.BAD_NUMBER, lit.span(), "size " + shorten(text) + " is too large");
            return OptionalLong.empty();
        }
        return OptionalLong.of(whole.longValue());
    }

    /** The integer a NUMBER, HEX or OCTAL literal denotes. */
    Optional<BigInteger> integer(Literal lit) {
        String text = lit.text();
        try {
            return switch (lit.kind()) {
                case HEX -> Optional.of(new BigInteger(text.substring(2), 16));
                case OCTAL -> Optional.of(new BigInteger(text.substring(2), 8));
                case NUMBER -> {
                    if (text.length() > 1 && text.startsWith("0")) {
                        if (!text.chars().allMatch(c -> c >= '0' && c <= '7')) {
                            d.error(Codes.BAD_NUMBER, lit.span(), "invalid octal number " + shorten(text)
                                    + " (a leading 0 means octal)");
                            yield Optional.empty();
                        }
                        yield Optional.of(new BigInteger(text, 8));
                    }
                    yield Optional.of(new BigInteger(text));
                }
                default -> {
                    d.error(Codes.BAD_NUMBER, lit.span(), "expected a whole number, found " + shorten(text));
                    yield Optional.empty();
                }
            };
        } catch (NumberFormatException e) {
            d.error(Codes.BAD_NUMBER, lit.span(), "invalid number " + shorten(text));
            return Optional.empty();
        }
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 20) + "..." + text.substring(text.length() - 8) : text;
    }
}
