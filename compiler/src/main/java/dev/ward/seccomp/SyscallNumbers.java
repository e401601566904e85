package dev.ward.seccomp;

import dev.ward.ir.Arch;
import dev.ward.ir.SyscallTable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The standard table's syscall numbers by name, one hash map per ABI: the backends look names up per rule and
 * ABI, and the table's own lookup walks a sorted map of every name.
 */
final class SyscallNumbers {
    private static final class Holder {
        static final Map<Arch, Map<String, Integer>> BY_ABI = load();
    }

    private SyscallNumbers() {}

    /** The number of {@code name} on {@code abi} (x32: without the x32 bit), as {@link SyscallTable#number}. */
    static OptionalInt of(Arch abi, String name) {
        Integer nr = Holder.BY_ABI.get(abi).get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** Whether {@code abi} has the call {@code name}. */
    static boolean has(Arch abi, String name) {
        return Holder.BY_ABI.get(abi).containsKey(name);
    }

    private static Map<Arch, Map<String, Integer>> load() {
        SyscallTable table = SyscallTable.standard();
        Map<Arch, Map<String, Integer>> out = new EnumMap<>(Arch.class);
        for (Arch abi : Arch.values()) {
            Map<String, Integer> numbers = new HashMap<>();
            for (String name : table.names()) table.number(abi, name).ifPresent(nr -> numbers.put(name, nr));
            out.put(abi, Map.copyOf(numbers));
        }
        return out;
    }
}
