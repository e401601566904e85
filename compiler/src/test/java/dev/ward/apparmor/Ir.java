package dev.ward.apparmor;

import dev.ward.diag.Span;
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Limits;
import dev.ward.ir.Mode;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.Action;
import dev.ward.ir.Trust;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds IR profiles and apparmor rules in code, each rule at its own line of a pretend file. */
final class Ir {
    private Ir() {}

    static final String FILE = "test.ward";

    static Origin at(int line) {
        return Origin.of(new Span(FILE, line, 5, line, 40));
    }

    static Atom.Word w(String text) {
        return new Atom.Word(text, Origin.NONE);
    }

    static Atom.Quoted q(String value) {
        return new Atom.Quoted(value, Origin.NONE);
    }

    static Atom.Arrow arrow() {
        return new Atom.Arrow(Origin.NONE);
    }

    static Atom.Option opt(String key, Atom... values) {
        return new Atom.Option(key, List.of(values), Origin.NONE);
    }

    /** A rule; qualifiers are leading words audit/deny/owner inside {@code family} ("deny file"). */
    static AppArmorRule rule(String family, Atom... atoms) {
        List<String> words = new ArrayList<>(Arrays.asList(family.split(" ")));
        EnumSet<AppArmorRule.Qualifier> qs = EnumSet.noneOf(AppArmorRule.Qualifier.class);
        while (words.size() > 1) {
            qs.add(AppArmorRule.Qualifier.valueOf(words.remove(0).toUpperCase()));
        }
        return new AppArmorRule(qs, words.get(0), List.of(atoms), Origin.NONE);
    }

    /** Gives each rule its own line (line i + 10) so diagnostics can be checked for their place. */
    static List<AppArmorRule> placed(List<AppArmorRule> rules) {
        List<AppArmorRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            AppArmorRule r = rules.get(i);
            out.add(new AppArmorRule(r.qualifiers(), r.family(), r.atoms(), at(i + 10)));
        }
        return out;
    }

    static Profile profile(String name, Mode mode, AppArmorRule... rules) {
        return profile(name, Optional.ofNullable(mode), Capabilities.unspecified(), true, List.of(rules));
    }

    static Profile profile(String name, Optional<Mode> mode, Capabilities caps, boolean block, List<AppArmorRule> rules) {
        AppArmor aa = block ? new AppArmor(true, placed(rules), at(9)) : AppArmor.none();
        return new Profile(name, FILE, List.of(name), Optional.empty(), mode, Trust.UNTRUSTED, Optional.empty(),
                List.of(Arch.X86_64), IdMaps.none(), caps, new Seccomp(Action.ALLOW, List.of()), aa, Limits.none(),
                Map.of(), Network.unspecified(), List.of(), Set.of(), Filesystem.none(), List.of(), at(1));
    }

    static Capabilities keep(Capability... caps) {
        return new Capabilities(Capabilities.Style.KEEP, Set.of(caps), Set.of(caps), at(5));
    }
}
