package dev.ward.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.apparmor.Aare;
import dev.ward.apparmor.AppArmorNames;
import dev.ward.apparmor.FilePerms;
import dev.ward.apparmor.Glob;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.AppArmorRule.Qualifier;
import dev.ward.ir.Capability;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Security Profiles Operator's {@code AppArmorProfile} (v1alpha1) of a profile. Its spec is an abstract
 * allowlist, which SPO renders into a profile with {@code abstractions/base}, its own denials of kernel
 * interfaces, and one rule per entry: executables {@code ixr}, libraries {@code mr}, read-only paths {@code r}
 * (and {@code deny wlk}), write-only paths {@code wlk} (and {@code deny r}), read-write paths {@code rwlk},
 * {@code network tcp|udp|raw} and {@code capability NAME}. A container profile (one with a mode) starts, as
 * Ward's own AppArmor profile does, from broad access to every file and the network. Rules the abstract form
 * cannot carry are reported: a warning for denials it would not keep, a note for the rest (left out, they only
 * take access away).
 */
final class SpoAppArmor {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The paths SPO accepts (its strictPathRegex, without the legacy ptrace form). */
    private static final Pattern SPO_PATH = Pattern.compile("/[a-zA-Z0-9_./*?+@{} -]*");
    private static final String EVERY_FILE = "/**";

    private final Profile profile;
    private final Diagnostics diagnostics;
    private final Map<String, FileAccess> files = new LinkedHashMap<>();
    private final Set<String> executables = new TreeSet<>();
    private final Set<String> libraries = new TreeSet<>();
    private final EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
    private boolean ownCapabilities;
    private boolean tcp;
    private boolean udp;
    private boolean raw;
    private boolean ownNetwork;
    private final List<AppArmorRule> lost = new ArrayList<>();
    private final List<AppArmorRule> narrowed = new ArrayList<>();
    private final List<AppArmorRule> approximated = new ArrayList<>();

    /** Read, write and the exec or mmap access asked for one path. */
    private static final class FileAccess {
        boolean read;
        boolean write;
    }

    private SpoAppArmor(Profile profile, Diagnostics diagnostics) {
        this.profile = profile;
        this.diagnostics = diagnostics;
    }

    /**
     * The AppArmorProfile named {@code name}, or empty when Ward confines the profile with no AppArmor profile
     * (unconfined, or neither mode nor apparmor block).
     */
    static Optional<ObjectNode> of(Profile p, String name, Diagnostics d) {
        if (!AppArmorNames.confines(p)) return Optional.empty();
        SpoAppArmor s = new SpoAppArmor(p, d);
        s.read();
        return Optional.of(K8sDocuments.object("v1alpha1", "AppArmorProfile", name, p)
                .set("spec", F.objectNode().set("abstract", s.abstractSpec())));
    }

    private void read() {
        boolean container = profile.mode().isPresent();
        List<AppArmorRule> denials = new ArrayList<>();
        for (AppArmorRule r : profile.apparmor().rules()) {
            if (r.qualifiers().contains(Qualifier.DENY)) {
                denials.add(r);
                continue;
            }
            switch (r.family()) {
                case "file" -> file(r, container);
                case "network" -> network(r);
                case "capability" -> {
                    ownCapabilities = true;
                    capabilities.addAll(capabilityNames(r));
                }
                case "abi" -> { }
                case "raw" -> (rawDenial(r) ? lost : narrowed).add(r);
                default -> narrowed.add(r);
            }
        }
        if (container) {
            files.clear();
            FileAccess every = new FileAccess();
            every.read = every.write = true;
            files.put(EVERY_FILE, every);
            executables.clear();
            executables.add(EVERY_FILE);
            libraries.clear();
            libraries.add(EVERY_FILE);
            if (!ownNetwork) tcp = udp = raw = true;
        }
        if (!ownCapabilities) capabilities.addAll(profile.capabilities().kept());
        for (AppArmorRule r : denials) {
            switch (r.family()) {
                case "file" -> denyFile(r);
                case "network" -> denyNetwork(r);
                case "capability" -> capabilities.removeAll(capabilityNames(r));
                // SPO's abstract profile allows none of these: their denials hold as they are.
                case "mount", "remount", "umount", "pivot_root", "ptrace", "signal", "unix", "dbus",
                     "change_profile", "userns", "io_uring", "mqueue" -> { }
                default -> lost.add(r);
            }
        }
        report();
    }

    // file [PERMS] "PATH" [-> TARGET]: rw to the path lists, exec to executables, m to libraries
    private void file(AppArmorRule r, boolean container) {
        if (r.atoms().isEmpty()) {
            FileAccess a = files.computeIfAbsent(EVERY_FILE, k -> new FileAccess());
            a.read = a.write = true;
            executables.add(EVERY_FILE);
            libraries.add(EVERY_FILE);
            return;
        }
        // A container profile allows every file already.
        if (container) return;
        Optional<String> path = path(r);
        Optional<FilePerms> perms = perms(r, false);
        boolean onlyWordsAndPath = r.atoms().stream().allMatch(a -> a instanceof Atom.Word || a instanceof Atom.Quoted);
        if (path.isEmpty() || perms.isEmpty() || !onlyWordsAndPath || !SPO_PATH.matcher(path.get()).matches()
                || r.qualifiers().contains(Qualifier.OWNER)) {
            narrowed.add(r);
            return;
        }
        FilePerms p = perms.get();
        boolean expressed = false;
        if (p.has('r') || p.writes()) {
            FileAccess a = files.computeIfAbsent(path.get(), k -> new FileAccess());
            a.read |= p.has('r');
            a.write |= p.writes();
            expressed = true;
        }
        if (p.has('x')) {
            executables.add(path.get());
            expressed = true;
        }
        if (p.has('m')) {
            libraries.add(path.get());
            expressed = true;
        }
        if (!expressed || (!p.writes() && (p.has('l') || p.has('k')))) narrowed.add(r);
        else if (p.transitions() || p.exec().filter(x -> !x.equals("ix")).isPresent()) approximated.add(r);
    }

    /** Whether a raw rule's text is a denial. */
    private static boolean rawDenial(AppArmorRule r) {
        return r.atoms().stream().anyMatch(a -> a instanceof Atom.Quoted q
                && q.value().strip().matches("(audit\\s+)?deny\\b.*"));
    }

    /** The one path of a file rule. */
    private static Optional<String> path(AppArmorRule r) {
        List<String> paths = r.atoms().stream().filter(a -> a instanceof Atom.Quoted).map(a -> ((Atom.Quoted) a).value())
                .toList();
        return paths.size() == 1 ? Optional.of(paths.get(0)) : Optional.empty();
    }

    /** The permission words of a file rule, merged. */
    private static Optional<FilePerms> perms(AppArmorRule r, boolean deny) {
        String letters = r.atoms().stream().filter(a -> a instanceof Atom.Word).map(a -> ((Atom.Word) a).text())
                .collect(Collectors.joining());
        return FilePerms.parse(letters, deny, r.origin(), new Diagnostics());
    }

    /** A network rule's domain (empty: any) and kind (empty: any); empty when it names neither form SPO has. */
    private record NetworkMatch(Optional<String> domain, boolean tcp, boolean udp, boolean raw) {}

    // network [DOMAIN] [TYPE|PROTOCOL]; SPO has network tcp, udp and raw, of every domain
    private static NetworkMatch match(AppArmorRule r) {
        Optional<String> domain = Optional.empty();
        Optional<String> kind = Optional.empty();
        for (Atom a : r.atoms()) {
            String w = a instanceof Atom.Word word ? word.text() : "?";
            switch (w) {
                case "stream", "tcp", "dgram", "udp", "raw" -> kind = Optional.of(w);
                default -> domain = Optional.of(w);
            }
        }
        boolean inet = domain.isEmpty() || domain.get().equals("inet") || domain.get().equals("inet6");
        boolean any = kind.isEmpty();
        String k = kind.orElse("");
        return new NetworkMatch(domain, inet && (any || k.equals("stream") || k.equals("tcp")),
                inet && (any || k.equals("dgram") || k.equals("udp")), any || k.equals("raw"));
    }

    private void network(AppArmorRule r) {
        ownNetwork = true;
        NetworkMatch m = match(r);
        if (m.domain().isPresent() && !m.domain().get().startsWith("inet")) {
            narrowed.add(r);
            return;
        }
        tcp |= m.tcp();
        udp |= m.udp();
        raw |= m.raw();
        if (m.domain().isPresent()) approximated.add(r);
        else if (r.atoms().isEmpty()) narrowed.add(r);
    }

    /** A denial SPO keeps only by allowing less; one of a single domain it cannot keep. */
    private void denyNetwork(AppArmorRule r) {
        NetworkMatch m = match(r);
        if (m.domain().isEmpty()) {
            tcp &= !m.tcp();
            udp &= !m.udp();
            raw &= !m.raw();
        } else if ((m.tcp() && tcp) || (m.udp() && udp) || (m.raw() && raw)) {
            lost.add(r);
        }
    }

    /** A file denial SPO cannot keep when the paths it allows overlap the denied ones. */
    private void denyFile(AppArmorRule r) {
        Optional<Aare> path = path(r).flatMap(t -> Aare.parse(t, Aare.Kind.PATH, "path", r.origin(), new Diagnostics()));
        Optional<FilePerms> perms = perms(r, true);
        if (path.isEmpty() || perms.isEmpty()) {
            lost.add(r);
            return;
        }
        if (Glob.relate(path.get(), allowedFor(perms.get())) != Glob.Relation.DISJOINT) lost.add(r);
    }

    private static Set<Capability> capabilityNames(AppArmorRule r) {
        if (r.atoms().isEmpty()) return EnumSet.allOf(Capability.class);
        EnumSet<Capability> out = EnumSet.noneOf(Capability.class);
        for (Atom a : r.atoms()) {
            if (a instanceof Atom.Word w) Capability.byName(w.text()).ifPresent(out::add);
        }
        return out;
    }

    /** The spec's {@code abstract}, with only the members that have entries. */
    private ObjectNode abstractSpec() {
        ObjectNode spec = F.objectNode();
        if (!executables.isEmpty() || !libraries.isEmpty()) {
            ObjectNode e = spec.putObject("executable");
            if (!executables.isEmpty()) executables.forEach(e.putArray("allowedExecutables")::add);
            if (!libraries.isEmpty()) libraries.forEach(e.putArray("allowedLibraries")::add);
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        files.forEach((path, a) -> lists.computeIfAbsent(a.read && a.write ? "readWritePaths"
                : a.read ? "readOnlyPaths" : "writeOnlyPaths", k -> new ArrayList<>()).add(path));
        if (!lists.isEmpty()) {
            ObjectNode fs = spec.putObject("filesystem");
            for (String key : List.of("readOnlyPaths", "writeOnlyPaths", "readWritePaths")) {
                if (lists.containsKey(key)) lists.get(key).stream().sorted().forEach(fs.putArray(key)::add);
            }
        }
        ObjectNode net = spec.putObject("network");
        net.put("allowRaw", raw);
        net.putObject("allowedProtocols").put("allowTcp", tcp).put("allowUdp", udp);
        if (!capabilities.isEmpty()) capabilities.forEach(c -> spec.with("capability")
                .withArray("allowedCapabilities").add(c.wardName()));
        return spec;
    }

    /** The paths the abstract profile allows with any of the permissions a deny rule takes away. */
    private List<Aare> allowedFor(FilePerms denied) {
        List<String> paths = new ArrayList<>();
        files.forEach((path, a) -> {
            if ((a.read && denied.has('r')) || (a.write && (denied.writes() || denied.has('l') || denied.has('k')))) {
                paths.add(path);
            }
        });
        if (denied.has('x')) paths.addAll(executables);
        if (denied.has('m')) paths.addAll(libraries);
        List<Aare> out = new ArrayList<>();
        for (String p : paths) Aare.parse(p, Aare.Kind.PATH, "path", Origin.NONE, new Diagnostics()).ifPresent(out::add);
        return out;
    }

    private void report() {
        String who = "k8s.yaml of profile '" + profile.name() + "': SPO's abstract AppArmorProfile ";
        if (!lost.isEmpty()) {
            diagnostics.warning(EngineCodes.NOT_EXPRESSIBLE, lost.get(0).origin().span(), who + "cannot deny within "
                    + "what it allows, so it does not keep " + rules(lost) + " (apparmor.profile does)");
        }
        if (!approximated.isEmpty()) {
            diagnostics.note(EngineCodes.NOT_EXPRESSIBLE, approximated.get(0).origin().span(), who + "writes "
                    + rules(approximated) + " its own way: executables run in the same profile (ixr), and network "
                    + "tcp, udp and raw hold for every address family");
        }
        if (!narrowed.isEmpty()) {
            diagnostics.note(EngineCodes.NOT_EXPRESSIBLE, narrowed.get(0).origin().span(), who + "has no form for "
                    + rules(narrowed) + "; it allows less instead");
        }
    }

    private static String rules(List<AppArmorRule> rules) {
        return rules.stream().map(SpoAppArmor::text).distinct().collect(Collectors.joining(", "));
    }

    /** A rule as written, for messages. */
    static String text(AppArmorRule r) {
        StringBuilder b = new StringBuilder();
        for (Qualifier q : List.of(Qualifier.AUDIT, Qualifier.DENY, Qualifier.OWNER)) {
            if (r.qualifiers().contains(q)) b.append(q.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        b.append(r.family());
        for (Atom a : r.atoms()) b.append(' ').append(atom(a));
        return "'" + ConfigValues.printable(b.toString()) + "'";
    }

    private static String atom(Atom a) {
        if (a instanceof Atom.Word w) return w.text();
        if (a instanceof Atom.Quoted q) return '"' + q.value().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        if (a instanceof Atom.Arrow) return "->";
        Atom.Option o = (Atom.Option) a;
        List<String> values = o.values().stream().map(SpoAppArmor::atom).toList();
        return o.key() + "=" + (values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")");
    }
}
