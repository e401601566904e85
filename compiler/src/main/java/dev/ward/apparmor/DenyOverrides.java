package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds allow rules that deny rules take back. In AppArmor a deny always wins, whatever the order, so
 * {@code deny /etc/** w} with {@code /etc/app/cache/** w} does not carve out an exception: the allow has no
 * effect. Ward compiles its own exceptions into negated patterns; a policy that relies on order gets this
 * finding instead.
 */
public final class DenyOverrides {
    private DenyOverrides() {}

    /**
     * An allow rule whose {@code lost} permissions (file letters, capability or network access) are denied,
     * for every path it names when {@code complete}, for some of them otherwise.
     */
    public record Finding(AaRule allow, List<AaRule> denies, String lost, boolean complete) {
        public Finding {
            denies = List.copyOf(denies);
        }

        /** A one-line explanation for a diagnostic. */
        public String message() {
            String what = allow.render();
            String by = denies.stream().map(AaRule::render).limit(3).reduce((a, b) -> a + "; " + b).orElse("");
            if (denies.size() > 3) by += "; and " + (denies.size() - 3) + " more";
            return (complete ? "this allow has no effect" : "this allow is partly overridden") + " for '" + lost
                    + "': deny always wins in AppArmor and [" + by + "] " + (complete ? "covers" : "overlaps")
                    + " '" + what + "'; narrow the deny so it leaves these paths out instead of relying on order";
        }
    }

    /**
     * The findings for a profile, against its container defaults and its own deny rules; the allow rules
     * checked are the policy's own (the defaults are not reported). Invalid rules are skipped silently:
     * the backend reports them.
     */
    public static List<Finding> find(Profile profile) {
        Optional<AppArmorCompiler.Compiled> c = AppArmorCompiler.rules(profile, new Diagnostics());
        if (c.isEmpty()) return List.of();
        List<AaRule> all = new ArrayList<>(c.get().defaultRules());
        all.addAll(c.get().policyRules());
        return find(c.get().policyRules(), all);
    }

    /** The findings for each allow rule of {@code allows} against the deny rules among {@code all}. */
    public static List<Finding> find(List<AaRule> allows, List<AaRule> all) {
        List<Finding> out = new ArrayList<>();
        for (AaRule a : allows) {
            if (a.qualifiers().deny()) continue;
            if (a instanceof AaRule.FileRule f && f.path().isPresent()) {
                file(f, all).ifPresent(out::add);
            } else if (a instanceof AaRule.CapabilityRule c && !c.capabilities().isEmpty()) {
                capability(c, all).ifPresent(out::add);
            } else if (a instanceof AaRule.NetworkRule n) {
                network(n, all).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Finding> file(AaRule.FileRule allow, List<AaRule> all) {
        StringBuilder lost = new StringBuilder();
        List<AaRule> culprits = new ArrayList<>();
        boolean complete = true;
        for (char letter : letters(allow.perms())) {
            List<AaRule.FileRule> denies = new ArrayList<>();
            for (AaRule r : all) {
                if (r instanceof AaRule.FileRule d && d.qualifiers().deny() && denies(d, letter)
                        && (!d.qualifiers().owner() || allow.qualifiers().owner())) {
                    denies.add(d);
                }
            }
            List<Aare> patterns = new ArrayList<>();
            List<AaRule.FileRule> touching = new ArrayList<>();
            for (AaRule.FileRule d : denies) {
                if (d.path().isEmpty()) {
                    patterns.add(Aare.of("/**", Aare.Kind.PATH));
                    touching.add(d);
                } else if (Glob.relate(allow.path().get(), List.of(d.path().get())) != Glob.Relation.DISJOINT) {
                    patterns.add(d.path().get());
                    touching.add(d);
                }
            }
            if (patterns.isEmpty()) continue;
            Glob.Relation rel = Glob.relate(allow.path().get(), patterns);
            if (rel == Glob.Relation.COVERED || rel == Glob.Relation.OVERLAPS) {
                lost.append(letter);
                if (rel != Glob.Relation.COVERED) complete = false;
                for (AaRule.FileRule t : touching) if (!culprits.contains(t)) culprits.add(t);
            }
        }
        if (lost.length() == 0) return Optional.empty();
        return Optional.of(new Finding(allow, culprits, lost.toString(), complete));
    }

    private static List<Character> letters(FilePerms p) {
        List<Character> out = new ArrayList<>();
        for (char c : "rwalkmx".toCharArray()) if (p.has(c)) out.add(c);
        return out;
    }

    // deny w takes away appends too; any exec mode is taken away by deny x
    private static boolean denies(AaRule.FileRule deny, char letter) {
        if (deny.path().isEmpty() && deny.perms().isEmpty()) return true;
        if (letter == 'a') return deny.perms().has('a') || deny.perms().has('w');
        return deny.perms().has(letter);
    }

    private static Optional<Finding> capability(AaRule.CapabilityRule allow, List<AaRule> all) {
        List<AaRule> culprits = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (var cap : allow.capabilities()) {
            for (AaRule r : all) {
                if (r instanceof AaRule.CapabilityRule d && d.qualifiers().deny()
                        && (d.capabilities().isEmpty() || d.capabilities().contains(cap))) {
                    if (!lost.contains(cap.wardName())) lost.add(cap.wardName());
                    if (!culprits.contains(d)) culprits.add(d);
                }
            }
        }
        if (lost.isEmpty()) return Optional.empty();
        return Optional.of(new Finding(allow, culprits, String.join(" ", lost), lost.size() == allow.capabilities().size()));
    }

    private static Optional<Finding> network(AaRule.NetworkRule allow, List<AaRule> all) {
        List<AaRule> culprits = new ArrayList<>();
        boolean complete = false;
        for (AaRule r : all) {
            if (!(r instanceof AaRule.NetworkRule d) || !d.qualifiers().deny()) continue;
            boolean domainCovers = d.domain().isEmpty() || d.domain().equals(allow.domain());
            boolean kindCovers = d.kind().isEmpty() || d.kind().equals(allow.kind());
            boolean domainTouches = domainCovers || allow.domain().isEmpty();
            boolean kindTouches = kindCovers || allow.kind().isEmpty();
            if (domainCovers && kindCovers) {
                complete = true;
                culprits.add(d);
            } else if (domainTouches && kindTouches) {
                culprits.add(d);
            }
        }
        if (culprits.isEmpty()) return Optional.empty();
        return Optional.of(new Finding(allow, culprits, "network", complete));
    }
}
