package dev.ward.seccomp;

import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Condition;
import dev.ward.ir.Expectation;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Limits;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.Trust;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds IR profiles in code for the seccomp tests. */
final class TestProfiles {
    private TestProfiles() {}

    static Profile profile(String name, List<Arch> arches, Seccomp seccomp) {
        return profile(name, arches, seccomp, List.of());
    }

    static Profile profile(String name, List<Arch> arches, Seccomp seccomp, List<Expectation> expectations) {
        return new Profile(name, name + ".ward", List.of(name), Optional.empty(), Optional.empty(), Trust.UNTRUSTED,
                Optional.empty(), arches, IdMaps.none(), Capabilities.unspecified(), seccomp, AppArmor.none(),
                Limits.none(), Map.of(), Network.unspecified(), List.of(), Set.of(), Filesystem.none(), expectations,
                Origin.NONE);
    }

    static SeccompRule rule(Action action, String... names) {
        return SeccompRule.of(action, Arrays.asList(names), Origin.NONE);
    }

    static SeccompRule rule(Action action, Condition condition, String... names) {
        return new SeccompRule(action, Arrays.asList(names), Optional.of(condition), Optional.empty(), Origin.NONE);
    }

    static SeccompRule rule(Action action, Condition condition, Action otherwise, String... names) {
        return new SeccompRule(action, Arrays.asList(names), Optional.of(condition), Optional.of(otherwise), Origin.NONE);
    }

    static Condition eq(int arg, long v) {
        return new Condition.Compare(arg, Condition.Op.EQ, v);
    }

    static Condition cmp(int arg, Condition.Op op, long v) {
        return new Condition.Compare(arg, op, v);
    }
}
