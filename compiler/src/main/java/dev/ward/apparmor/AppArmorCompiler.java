package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.Capability;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a profile's apparmor block into validated rules and the view the profile template renders.
 * Every policy value reaches the view already quoted; see {@link Aare}.
 */
public final class AppArmorCompiler {
    /** The AppArmor ABI written when the policy does not ask for another. */
    public static final String DEFAULT_ABI = "3.0";
    private static final Set<String> ABIS = Set.of("3.0", "4.0");
    private static final String FLAGS = "attach_disconnected,mediate_deleted";

    private AppArmorCompiler() {}

    /** The validated rules of one profile. */
    record Compiled(String name, String abi, List<ContainerDefaults.Group> defaults, Optional<AaRule> capabilities,
                    List<AaRule> policyRules) {
        List<AaRule> defaultRules() {
            List<AaRule> out = new ArrayList<>();
            defaults.forEach(g -> out.addAll(g.rules()));
            capabilities.ifPresent(out::add);
            return out;
        }
    }

    /**
     * The view of the profile for {@code templates/apparmor/profile.ftl}, or empty when Ward writes no
     * profile (unconfined, or neither mode nor apparmor block) or the rules have errors.
     */
    public static Optional<ProfileView> compile(Profile profile, Diagnostics d) {
        int errorsBefore = d.errorCount();
        Optional<Compiled> compiled = rules(profile, d);
        if (compiled.isEmpty() || d.errorCount() > errorsBefore) return Optional.empty();
        Compiled c = compiled.get();
        List<AaRule> all = new ArrayList<>(c.defaultRules());
        all.addAll(c.policyRules());
        for (DenyOverrides.Finding f : DenyOverrides.find(c.policyRules(), all)) {
            if (f.complete()) d.warning(Codes.DENY_OVERRIDES, f.allow().origin().span(), f.message());
        }
        return Optional.of(view(c));
    }

    /** Validates a profile's rules; empty when Ward writes no AppArmor profile for it. */
    static Optional<Compiled> rules(Profile profile, Diagnostics d) {
        if (profile.apparmor().unconfined()) return Optional.empty();
        if (!AppArmorNames.confines(profile)) {
            d.note(Codes.NO_PROFILE, profile.origin().span(),
                    "profile " + profile.name() + " has neither mode nor apparmor block; no AppArmor profile is written");
            return Optional.empty();
        }
        String name = AppArmorNames.profileName(profile);
        String abi = abi(profile, d);
        RuleReader reader = new RuleReader(d);
        List<AaRule> rules = new ArrayList<>();
        for (AppArmorRule r : profile.apparmor().rules()) {
            Optional<AaRule> rule = switch (r.family()) {
                case "abi" -> Optional.empty();
                case "raw" -> raw(r, reader, d);
                default -> reader.read(r);
            };
            if (rule.isEmpty()) continue;
            Optional<String> abi4 = abi4Family(rule.get());
            if (abi4.isPresent() && !abi.equals("4.0")) {
                d.error(Codes.ABI, r.origin().span(), abi4.get() + " rules need AppArmor 4; add abi \"4.0\" to the"
                        + " apparmor block (the profile is written for abi " + abi + ")");
                continue;
            }
            rules.add(rule.get());
        }
        ExecConflicts.check(rules, d);
        boolean ownCapabilities = rules.stream().anyMatch(r -> r instanceof AaRule.CapabilityRule && !r.qualifiers().deny());
        Optional<AaRule> caps = ownCapabilities ? Optional.empty() : derivedCapabilities(profile);
        boolean ownNetwork = rules.stream().anyMatch(r -> r instanceof AaRule.NetworkRule && !r.qualifiers().deny());
        List<ContainerDefaults.Group> defaults = profile.mode().isPresent()
                ? ContainerDefaults.groups(profile, name, ownNetwork) : List.of();
        return Optional.of(new Compiled(name, abi, defaults, caps, rules));
    }

    /** The family of a rule that exists only from AppArmor 4 on. */
    private static Optional<String> abi4Family(AaRule r) {
        if (r instanceof AaRule.UsernsRule) return Optional.of("userns");
        if (r instanceof AaRule.IoUringRule) return Optional.of("io_uring");
        if (r instanceof AaRule.MqueueRule) return Optional.of("mqueue");
        return Optional.empty();
    }

    // abi "3.0" | abi "4.0"; the last one in the extends chain wins
    private static String abi(Profile profile, Diagnostics d) {
        String abi = DEFAULT_ABI;
        for (AppArmorRule r : profile.apparmor().rules()) {
            if (!r.family().equals("abi")) continue;
            String v = r.atoms().size() == 1 ? Operands.text(r.atoms().get(0)) : "";
            if (!r.qualifiers().isEmpty() || !ABIS.contains(v)) {
                d.error(Codes.ABI, r.origin().span(), "write abi \"3.0\" or abi \"4.0\"");
            } else {
                abi = v;
            }
        }
        return abi;
    }

    // raw "TEXT": one AppArmor rule, read back into the generic form and validated like the others
    private static Optional<AaRule> raw(AppArmorRule r, RuleReader reader, Diagnostics d) {
        if (!r.qualifiers().isEmpty()) {
            d.error(Codes.RAW, r.origin().span(), "raw rule: write qualifiers inside the raw text");
            return Optional.empty();
        }
        if (r.atoms().size() != 1 || !(r.atoms().get(0) instanceof Atom.Quoted q)) {
            d.error(Codes.RAW, r.origin().span(), "raw takes one string: raw \"deny /proc/** w,\"");
            return Optional.empty();
        }
        return RawRule.parse(q.value(), r.origin(), d).flatMap(reader::read);
    }

    /**
     * {@code capability NAME...} for the kept capabilities, {@code capability,} when all are kept, nothing
     * when none is (AppArmor then allows none).
     */
    private static Optional<AaRule> derivedCapabilities(Profile profile) {
        Set<Capability> kept = profile.capabilities().kept();
        if (kept.isEmpty()) return Optional.empty();
        List<Capability> list = kept.containsAll(EnumSet.allOf(Capability.class))
                ? List.of() : kept.stream().sorted().toList();
        return Optional.of(new AaRule.CapabilityRule(AaRule.Qualifiers.NONE, list, profile.capabilities().origin()));
    }

    /** The rendered rules not written yet (an inherited rule repeated by a child is written once). */
    private static List<String> unique(List<AaRule> rules, Set<String> written) {
        List<String> out = new ArrayList<>();
        for (AaRule r : rules) {
            String line = r.render();
            if (written.add(line)) out.add(line);
        }
        return out;
    }

    private static ProfileView view(Compiled c) {
        List<String> preamble = new ArrayList<>();
        preamble.add("include <tunables/global>");
        List<ProfileView.Section> sections = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (ContainerDefaults.Group g : c.defaults()) {
            sections.add(new ProfileView.Section(g.comment(), unique(g.rules(), written)));
        }
        c.capabilities().ifPresent(cap -> sections.add(new ProfileView.Section(
                "Capabilities: the profile's bounding set.", unique(List.of(cap), written))));
        List<AaRule> own = new ArrayList<>();
        for (AaRule r : c.policyRules()) {
            if (r instanceof AaRule.IncludeRule inc && inc.tunable()) {
                if (!preamble.contains(inc.render())) preamble.add(inc.render());
            } else {
                own.add(r);
            }
        }
        List<String> policy = unique(own, written);
        if (!policy.isEmpty()) sections.add(new ProfileView.Section("The policy's apparmor block.", policy));
        return new ProfileView(Aare.of(c.name(), Aare.Kind.LABEL).quoted(), c.abi(), preamble, FLAGS, sections);
    }
}
