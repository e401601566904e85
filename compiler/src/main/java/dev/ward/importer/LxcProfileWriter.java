package dev.ward.importer;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Arch;
import dev.ward.ir.Capability;
import dev.ward.ir.Rlimit;
import dev.ward.resolve.Constants;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Writes the .ward profile for folded LXC settings, block by block, and the notes for what has no Ward form. */
final class LxcProfileWriter {
    private static final String IN = WardText.INDENT;
    private static final String INNER = IN + WardText.INDENT;

    private final LxcSettings s;
    private final List<Arch> abis;
    private final Diagnostics d;
    private final List<String> notes;
    private final WardText out = new WardText();

    LxcProfileWriter(LxcSettings s, List<Arch> abis, Diagnostics d, List<String> notes) {
        this.s = s;
        this.abis = abis;
        this.d = d;
        this.notes = notes;
    }

    String write(String name, String fileName, Optional<LxcImporter.LxcSeccomp> seccomp) {
        // A seccomp filter decides only its ABIs; without one, every ABI of the host runs unfiltered.
        List<Arch> arches = seccomp.map(x -> x.filter().abis()).orElse(abis);
        // Blocks are built first, so that their notes are known when the header is written.
        WardText body = new WardText();
        List<Runnable> blocks = List.of(
                () -> idmap(body), () -> capabilities(body), () -> seccomp(body, seccomp), () -> apparmor(body),
                () -> new LxcCgroups(s, d, notes).limits(body), () -> rlimits(body), () -> network(body),
                () -> new LxcCgroups(s, d, notes).devices(body), () -> namespaces(body),
                () -> new LxcMounts(s, notes).filesystem(body));
        blocks.forEach(Runnable::run);
        for (LxcConfig.Entry e : s.otherInEffect()) {
            notes.add(e.key() + " = " + e.value() + " (" + where(e.span()) + ")");
        }

        out.paragraph("", "Imported by `ward import lxc` from " + fileName + ". Its settings as Ward statements; what "
                + "has no Ward form is listed here and not imported:");
        if (notes.isEmpty()) out.comment("", "  (nothing)");
        for (String n : notes) out.comment("", "  " + n);
        out.blank();
        out.line("", "profile " + name + " {");
        out.line(IN, "description " + WardText.quoted("imported from the LXC config " + fileName));
        mode();
        trust();
        out.list(IN, "arch ", arches.stream().map(Arch::wardName).toList(), "");
        String block = body.text();
        return out.text() + (block.isEmpty() ? "" : "\n" + block) + "}\n";
    }

    static String where(Span span) {
        String f = span.file().replace('\\', '/');
        return f.substring(f.lastIndexOf('/') + 1) + ":" + span.line();
    }

    private void mode() {
        Optional<long[]> root = rootMapping();
        if (s.idmaps.isEmpty()) {
            out.line(IN, "mode privileged");
        } else if (root.isPresent() && root.get()[1] != 0) {
            out.line(IN, "mode unprivileged");
        } else {
            notes.add("the id map does not map container uid 0 to an unprivileged host uid; no mode is set");
        }
    }

    private Optional<long[]> rootMapping() {
        for (long[] m : mappings()) {
            if (m[3] == 'u' && m[0] <= 0 && 0 < m[0] + m[2]) return Optional.of(new long[] {0, m[1] - m[0]});
        }
        return Optional.empty();
    }

    // LXC's no_new_privs is off unless set; Ward sets it for untrusted profiles only.
    private void trust() {
        boolean nnp = s.noNewPrivs.map(e -> e.value().equals("1")).orElse(false);
        if (s.noNewPrivs.isPresent() && !e01(s.noNewPrivs.get().value())) {
            d.error(ImportCodes.BAD_LXC, s.noNewPrivs.get().span(), "lxc.no_new_privs takes 0 or 1");
        }
        out.line(IN, "trust " + (nnp ? "untrusted" : "trusted")
                + (nnp ? "" : "  # lxc.no_new_privs is off: setuid programs can gain privileges"));
    }

    private static boolean e01(String v) {
        return v.equals("0") || v.equals("1");
    }

    // u|g|b INSIDE HOST COUNT per lxc.idmap line.
    private List<long[]> mappings() {
        List<long[]> out = new ArrayList<>();
        for (LxcConfig.Entry e : s.idmaps) {
            String[] f = e.value().trim().split("\\s+");
            boolean ok = f.length == 4 && f[0].matches("[ugb]");
            long[] n = new long[3];
            for (int i = 1; ok && i < 4; i++) {
                ok = f[i].matches("\\d{1,10}");
                if (ok) n[i - 1] = Long.parseLong(f[i]);
            }
            if (!ok || n[2] == 0 || n[0] + n[2] > (1L << 32) || n[1] + n[2] > (1L << 32)) {
                d.error(ImportCodes.BAD_LXC, e.span(), "expected 'u|g|b INSIDE HOST COUNT', found '"
                        + WardText.printable(LxcConfig.shorten(e.value())) + "'");
                continue;
            }
            for (char kind : f[0].equals("b") ? new char[] {'u', 'g'} : new char[] {f[0].charAt(0)}) {
                out.add(new long[] {n[0], n[1], n[2], kind});
            }
        }
        return out;
    }

    private void idmap(WardText b) {
        List<long[]> maps = mappings();
        if (maps.isEmpty()) return;
        b.blank();
        b.line(IN, "idmap {");
        for (long[] m : maps) {
            b.line(INNER, (m[3] == 'u' ? "uid " : "gid ") + m[0] + " -> " + m[1] + " count " + m[2]);
        }
        b.line(IN, "}");
    }

    private void capabilities(WardText b) {
        if (s.capKeep.isEmpty() && s.capDrop.isEmpty()) return;
        if (!s.capKeep.isEmpty() && !s.capDrop.isEmpty()) {
            d.error(ImportCodes.BAD_LXC, s.capDrop.get(0).span(), "lxc.cap.keep and lxc.cap.drop are both set; LXC refuses that");
            return;
        }
        boolean keep = !s.capKeep.isEmpty();
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        boolean none = false;
        for (LxcSettings.Word w : LxcSettings.words(keep ? s.capKeep : s.capDrop)) {
            if (keep && w.text().equals("none")) {
                none = true;
                continue;
            }
            Optional<Capability> c = w.text().matches("\\d{1,3}") ? Capability.byNumber(Integer.parseInt(w.text()))
                    : Capability.byName(w.text());
            if (c.isEmpty()) {
                notes.add("capability '" + w.text() + "' (" + where(w.span()) + ") is not one Ward knows");
                continue;
            }
            caps.add(c.get());
        }
        b.blank();
        b.line(IN, "capabilities {");
        if (keep && caps.isEmpty()) {
            // Ward's keep takes at least one name: keeping none is dropping all.
            b.comment(INNER, "lxc.cap.keep = none: every capability is dropped");
            b.list(INNER, "drop ", EnumSet.allOf(Capability.class).stream().map(Capability::wardName).toList(), "");
        } else {
            if (keep && none) notes.add("lxc.cap.keep lists 'none' and capabilities; the capabilities are kept");
            b.list(INNER, (keep ? "keep " : "drop ") , SeccompSourceWriter.capNames(caps), "");
        }
        b.line(IN, "}");
    }

    private void seccomp(WardText b, Optional<LxcImporter.LxcSeccomp> seccomp) {
        b.blank();
        if (seccomp.isEmpty()) {
            b.line(IN, "seccomp {");
            b.comment(INNER, "the config sets no seccomp policy: every call is allowed");
            b.line(INNER, "default allow");
            b.line(IN, "}");
            return;
        }
        LxcImporter.LxcSeccomp p = seccomp.get();
        String base = p.file().replace('\\', '/').substring(p.file().replace('\\', '/').lastIndexOf('/') + 1);
        b.comment(IN, "from " + base + ", as LXC loads it through libseccomp");
        if (p.filter().abis().size() < abis.size()) {
            b.comment(IN, "(a version 1 policy: only " + p.filter().abis().get(0).wardName()
                    + " calls are decided; LXC kills the thread of other ABIs' calls, Ward the process)");
        }
        new SeccompSourceWriter(Constants.standard()).seccompBlock(b, IN, p.filter(), p.outcome(),
                p.filter().abis().stream().map(Arch::wardName).toList());
    }

    private void apparmor(WardText b) {
        if (s.apparmor.isEmpty()) return;
        LxcConfig.Entry e = s.apparmor.get();
        if (e.value().equals("unconfined")) {
            b.blank();
            b.line(IN, "apparmor {");
            b.line(INNER, "unconfined");
            b.line(IN, "}");
        } else if (e.value().equals("generated")) {
            notes.add("lxc.apparmor.profile = generated (" + where(e.span()) + "): LXC writes its own profile; Ward writes one from an apparmor block");
        } else {
            notes.add("lxc.apparmor.profile = " + e.value() + " (" + where(e.span())
                    + "): a profile loaded on the host; Ward writes its own from an apparmor block");
        }
    }

    private void rlimits(WardText b) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, LxcConfig.Entry> e : s.prlimits.entrySet()) {
            Optional<Rlimit> r = Rlimit.byName(e.getKey()).filter(x -> x.wardName().equals(e.getKey()));
            String[] parts = e.getValue().value().split(":", -1);
            Optional<String> soft = parts.length <= 2 ? rlimitValue(parts[0]) : Optional.empty();
            Optional<String> hard = parts.length == 2 ? rlimitValue(parts[1]) : soft;
            if (r.isEmpty() || soft.isEmpty() || hard.isEmpty()) {
                notes.add("lxc.prlimit." + e.getKey() + " = " + e.getValue().value() + " (" + where(e.getValue().span())
                        + ") is not a limit Ward can write");
                continue;
            }
            lines.add(r.get().wardName() + " " + soft.get() + (soft.get().equals(hard.get()) ? "" : " " + hard.get()));
        }
        if (lines.isEmpty()) return;
        b.blank();
        b.line(IN, "rlimits {");
        for (String l : lines) b.line(INNER, l);
        b.line(IN, "}");
    }

    private static Optional<String> rlimitValue(String v) {
        String t = v.trim();
        if (t.equals("unlimited")) return Optional.of("unlimited");
        if (t.matches("\\d{1,19}") && Long.compareUnsigned(Long.parseUnsignedLong(t), -1L) != 0) return Optional.of(t);
        return Optional.empty();
    }

    private void network(WardText b) {
        new LxcNetwork(s, notes).write(b, IN);
    }

    private void namespaces(WardText b) {
        List<String> share = new ArrayList<>();
        for (LxcSettings.Word w : LxcSettings.words(s.namespaceKeep)) {
            String n = w.text().equals("mnt") ? "mount" : w.text();
            if (!List.of("cgroup", "ipc", "mount", "net", "pid", "time", "user", "uts").contains(n)) {
                notes.add("namespace '" + w.text() + "' in lxc.namespace.keep (" + where(w.span()) + ") is not one Ward knows");
                continue;
            }
            if (!share.contains(n)) share.add(n);
        }
        if (new LxcNetwork(s, List.of()).hostNetwork() && !share.contains("net")) share.add("net");
        if (share.isEmpty()) return;
        b.blank();
        b.line(IN, "namespaces {");
        b.list(INNER, "share ", share, "");
        b.line(IN, "}");
    }
}
