package dev.ward.importer;

import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.SeccompRule;
import dev.ward.resolve.Constants;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes imported seccomp profiles as .ward source: a header saying what the import assumed, one profile per
 * group of ABIs with the same rules, consecutive syscalls with the same rules written as one rule.
 */
final class SeccompSourceWriter {
    private final RuleWriter rules;

    SeccompSourceWriter(Constants constants) {
        this.rules = new RuleWriter(constants);
    }

    String write(String file, SeccompImporter.Format format, SeccompDocument doc, Set<Capability> caps,
                 KernelVersion kernel, List<List<SeccompImporter.ImportedSeccomp>> groups, boolean writeCaps) {
        WardText out = new WardText();
        String base = baseName(file);
        Action def = groups.get(0).get(0).defaultAction();
        out.paragraph("", "Imported by `ward import " + format.command() + "` from " + base + ". It decides every call as "
                + "the filter runc builds from that profile through libseccomp, for a container with capabilities "
                + (caps.isEmpty() ? "none" : capList(caps)) + (format == SeccompImporter.Format.DOCKER
                        ? " on kernel " + kernel + " (for the profile's minKernel filters)." : "."));
        out.paragraph("", "Calls of other architectures: libseccomp kills the thread, Ward kills the process.");
        if (def.kind() != Action.Kind.ALLOW && def.kind() != Action.Kind.LOG && def.kind() != Action.Kind.TRACE
                && def.kind() != Action.Kind.NOTIFY) {
            out.paragraph("", "runc also answers ENOSYS for syscall numbers above the profile's largest; Ward answers "
                    + rules.action(def) + ".");
        }
        Set<String> notes = new LinkedHashSet<>();
        for (List<SeccompImporter.ImportedSeccomp> g : groups) {
            for (SeccompImporter.ImportedSeccomp p : g) notes.addAll(p.filter().notes());
        }
        for (String n : notes) out.paragraph("", n);
        for (List<SeccompImporter.ImportedSeccomp> g : groups) {
            out.blank();
            String name = WardText.identifier(stripExtension(base));
            if (groups.size() > 1) name = name + "-" + g.get(0).filter().nativeArch().wardName().replace('_', '-');
            profile(out, name, base, g, caps, writeCaps);
        }
        return out.text();
    }

    private void profile(WardText out, String name, String base, List<SeccompImporter.ImportedSeccomp> group,
                         Set<Capability> caps, boolean writeCaps) {
        SeccompImporter.ImportedSeccomp first = group.get(0);
        String in = WardText.INDENT;
        String inner = in + WardText.INDENT;
        out.line("", "profile " + name + " {");
        out.line(in, "description " + WardText.quoted("imported from " + base));
        List<String> arches = new ArrayList<>();
        for (SeccompImporter.ImportedSeccomp p : group) {
            for (Arch a : p.filter().abis()) arches.add(a.wardName());
        }
        out.list(in, "arch ", arches, "");
        if (writeCaps) {
            out.blank();
            out.line(in, "capabilities {");
            if (caps.isEmpty()) out.comment(inner, "no capabilities");
            else out.list(inner, "keep ", capNames(caps), "");
            out.line(in, "}");
        }
        out.blank();
        seccompBlock(out, in, first.filter(), first.outcome(), arches);
        out.line("", "}");
    }

    /** The seccomp block: default, notes on names left out, the rules. */
    void seccompBlock(WardText out, String in, RuncFilter filter, SeccompResolver.Outcome outcome, List<String> arches) {
        String inner = in + WardText.INDENT;
        out.line(in, "seccomp {");
        out.line(inner, "default " + rules.action(filter.defaultAction()));
        Set<String> unknown = new TreeSet<>(filter.unknownNames());
        if (!unknown.isEmpty()) {
            out.comment(inner, "Not in Ward's syscall table, so not imported:");
            out.commentList(inner, unknown.stream().toList());
        }
        if (!outcome.absent().isEmpty()) {
            out.comment(inner, "Not calls of " + String.join(", ", arches) + ", so left out:");
            out.commentList(inner, outcome.absent());
        }
        for (Item item : items(outcome.syscalls())) {
            for (String note : item.notes) out.comment(inner, note);
            for (SeccompRule r : item.rules) {
                out.list(inner, rules.action(r.action()) + " ", item.names, rules.suffix(r, item.names.get(0)));
            }
        }
        out.line(in, "}");
    }

    /** Consecutive syscalls decided by the same rules, written once. */
    private static final class Item {
        final List<String> names = new ArrayList<>();
        final List<SeccompRule> rules;
        final List<String> text;
        final List<String> notes = new ArrayList<>();

        Item(String name, List<SeccompRule> rules, List<String> text) {
            this.names.add(name);
            this.rules = rules;
            this.text = text;
        }
    }

    private List<Item> items(List<SeccompResolver.Resolved> syscalls) {
        List<Item> out = new ArrayList<>();
        for (SeccompResolver.Resolved r : syscalls) {
            if (r.rules().isEmpty() && r.note().isEmpty()) continue;
            List<String> text = new ArrayList<>();
            for (SeccompRule rule : r.rules()) text.add(rules.action(rule.action()) + rules.suffix(rule, r.syscall()));
            Item last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.text.equals(text) && r.note().isEmpty() && last.notes.isEmpty() && !text.isEmpty()) {
                last.names.add(r.syscall());
                continue;
            }
            Item item = new Item(r.syscall(), r.rules(), text);
            r.note().ifPresent(item.notes::add);
            if (r.rules().isEmpty()) item.notes.add(r.syscall() + ": every call gets the default");
            out.add(item);
        }
        return out;
    }

    static List<String> capNames(Set<Capability> caps) {
        EnumSet<Capability> sorted = EnumSet.noneOf(Capability.class);
        sorted.addAll(caps);
        return sorted.stream().map(Capability::wardName).toList();
    }

    private static String capList(Set<Capability> caps) {
        return String.join(", ", capNames(caps));
    }

    private static String baseName(String file) {
        String f = file.replace('\\', '/');
        return f.substring(f.lastIndexOf('/') + 1);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
