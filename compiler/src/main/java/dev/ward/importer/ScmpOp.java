package dev.ward.importer;

import java.util.Optional;

/** libseccomp's argument comparison operators, with the numbers of {@code enum scmp_compare}. */
enum ScmpOp {
    NE(1), LT(2), LE(3), EQ(4), GE(5), GT(6), MASKED_EQ(7);

    private final int number;

    ScmpOp(int number) {
        this.number = number;
    }

    /** The value of {@code enum scmp_compare}. */
    int number() {
        return number;
    }

    /** The name profiles use: {@code SCMP_CMP_MASKED_EQ}. */
    String profileName() {
        return "SCMP_CMP_" + name();
    }

    static Optional<ScmpOp> byProfileName(String name) {
        for (ScmpOp op : values()) {
            if (op.profileName().equals(name)) return Optional.of(op);
        }
        return Optional.empty();
    }
}
