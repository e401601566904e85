package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.importer.SeccompDocument.Entry;
import dev.ward.importer.SeccompDocument.Filter;
import dev.ward.importer.SeccompDocument.Located;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What runc hands libseccomp for one container: Docker's selection of the profile's entries (includes and
 * excludes by capability, architecture and kernel; the archMap group of the machine's architecture), then
 * runc's translation of each name into rules (a rule whose action is the default is left out; several
 * conditions on one argument become separate rules, ORed).
 */
record RuncFilter(Arch nativeArch, Action defaultAction, List<Arch> abis, List<LibRule> rules,
                  Set<String> unknownNames, List<String> notes) {

    RuncFilter {
        abis = List.copyOf(abis);
        rules = List.copyOf(rules);
        unknownNames = Set.copyOf(unknownNames);
        notes = List.copyOf(notes);
    }

    /** The container a profile is imported for. */
    record Container(Arch nativeArch, Set<Capability> caps, KernelVersion kernel, Optional<Set<Arch>> onlyAbis,
                     Predicate<String> knownSyscall) {}

    static RuncFilter select(SeccompDocument doc, Container c, Diagnostics diagnostics) {
        Action defaultAction = doc.defaultAction().toAction(doc.defaultErrnoRet());
        List<String> notes = new ArrayList<>();
        List<Arch> abis = abis(doc, c, notes, diagnostics);
        String nativeName = DockerArch.nativeName(c.nativeArch());
        Set<String> bounding = new LinkedHashSet<>();
        for (Capability cap : c.caps()) bounding.add(cap.capName());

        List<LibRule> rules = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (Entry e : doc.syscalls()) {
            if (!selected(e, nativeName, bounding, c.kernel())) continue;
            Action action = e.action().toAction(e.errnoRet());
            if (action.equals(defaultAction)) continue;
            for (Located<String> name : e.names()) {
                if (!c.knownSyscall().test(name.value())) {
                    unknown.add(name.value());
                    continue;
                }
                rules.addAll(rulesFor(name.value(), action, e, name.span()));
            }
        }
        if (doc.defaultAction() == ScmpAction.NOTIFY) {
            diagnostics.error(ImportCodes.BAD_VALUE, doc.span(), "runc refuses SCMP_ACT_NOTIFY as the default action");
        }
        for (Located<String> f : doc.flags()) {
            notes.add((f.value().startsWith("listener") ? "" : "flag ") + f.value() + " has no Ward form; it is not imported");
        }
        return new RuncFilter(c.nativeArch(), defaultAction, abis, rules, unknown, notes);
    }

    // Docker's setupSeccomp: an entry is left out when an excluded arch, cap or kernel matches, or an
    // included one does not.
    private static boolean selected(Entry e, String nativeName, Set<String> bounding, KernelVersion kernel) {
        if (e.excludes().isPresent()) {
            Filter x = e.excludes().get();
            if (x.arches().contains(nativeName)) return false;
            for (String cap : x.caps()) {
                if (bounding.contains(cap)) return false;
            }
            if (x.minKernel().isPresent() && kernel.compareTo(x.minKernel().get()) >= 0) return false;
        }
        if (e.includes().isPresent()) {
            Filter i = e.includes().get();
            if (!i.arches().isEmpty() && !i.arches().contains(nativeName)) return false;
            for (String cap : i.caps()) {
                if (!bounding.contains(cap)) return false;
            }
            if (i.minKernel().isPresent() && kernel.compareTo(i.minKernel().get()) < 0) return false;
        }
        return true;
    }

    // runc's matchCall: no conditions, one rule; conditions on distinct arguments, one rule ANDing them;
    // two or more conditions on one argument, one rule per condition.
    private static List<LibRule> rulesFor(String name, Action action, Entry e, Span origin) {
        if (e.args().isEmpty()) return List.of(new LibRule(name, action, List.of(), origin));
        int[] counts = new int[6];
        List<LibRule.ArgCmp> cmps = new ArrayList<>();
        for (SeccompDocument.Arg a : e.args()) {
            counts[a.index()]++;
            cmps.add(new LibRule.ArgCmp(a.index(), a.op(), a.value(), a.valueTwo()));
        }
        boolean repeated = false;
        for (int n : counts) repeated |= n > 1;
        if (!repeated) return List.of(new LibRule(name, action, cmps, origin));
        List<LibRule> out = new ArrayList<>();
        for (LibRule.ArgCmp cmp : cmps) out.add(new LibRule(name, action, List.of(cmp), origin));
        return out;
    }

    // The filter's ABIs: the native one (libseccomp always has it), then those the archMap group of the
    // native architecture lists, or the profile's architectures; only those the native kernel runs.
    private static List<Arch> abis(SeccompDocument doc, Container c, List<String> notes, Diagnostics diagnostics) {
        Set<Arch> listed = EnumSet.of(c.nativeArch());
        List<Located<String>> names = new ArrayList<>(doc.architectures());
        String nativeScmp = DockerArch.scmpName(c.nativeArch());
        for (SeccompDocument.ArchGroup g : doc.archMap()) {
            if (g.architecture().value().equals(nativeScmp)) {
                names.add(g.architecture());
                names.addAll(g.subArchitectures());
                break;
            }
        }
        List<Arch> runnable = DockerArch.runnableOn(DockerArch.kernelOf(c.nativeArch()));
        for (Located<String> n : names) {
            Optional<Arch> a = DockerArch.byScmpName(n.value());
            if (a.isPresent() && runnable.contains(a.get())) {
                listed.add(a.get());
            } else if (a.isEmpty() && !n.value().startsWith("SCMP_ARCH_")) {
                diagnostics.error(ImportCodes.BAD_VALUE, n.span(), "unknown architecture '" + n.value() + "'");
            } else {
                notes.add(n.value() + " does not run on a " + c.nativeArch().wardName() + " kernel; left out");
            }
        }
        List<Arch> out = new ArrayList<>();
        for (Arch a : runnable) {
            if (!listed.contains(a)) continue;
            if (c.onlyAbis().isPresent() && !c.onlyAbis().get().contains(a)) continue;
            out.add(a);
        }
        if (c.onlyAbis().isPresent()) {
            for (Arch a : c.onlyAbis().get()) {
                if (runnable.contains(a) && !listed.contains(a)) {
                    diagnostics.warning(ImportCodes.BAD_OPTION, Span.file(doc.file()), "the profile does not decide "
                            + a.wardName() + " on " + c.nativeArch().wardName()
                            + "; its calls get the bad-architecture action");
                }
            }
        }
        return out;
    }
}
