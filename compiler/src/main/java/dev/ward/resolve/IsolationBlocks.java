package dev.ward.resolve;

import dev.ward.ast.Entry;
import dev.ward.ast.Name;
import dev.ward.ast.Statement;
import dev.ward.ast.Str;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** The network, devices, namespaces and filesystem blocks. */
final class IsolationBlocks {
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern FSTYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern MOUNT_OPTION = Pattern.compile("[A-Za-z0-9_.:/=+@-]{1,256}");

    private final Numbers numbers;
    private final Diagnostics d;

    IsolationBlocks(Numbers numbers, Diagnostics d) {
        this.numbers = numbers;
        this.d = d;
    }

    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    // veth bridge "name" | veth bridge per-owner | none, and optionally nics N
    Optional<Network> network(Statement.Network block) {
        Network.Kind kind = null;
        Optional<String> bridge = Optional.empty();
        boolean perOwner = false;
        OptionalLong nics = OptionalLong.empty();
        boolean ok = true;
        for (Entry.Network e : block.entries()) {
            if (e instanceof Entry.Nics n) {
                if (nics.isPresent()) {
                    d.error(Codes.BAD_NETWORK, n.span(), "'nics' is already given in this block");
                    ok = false;
                }
                nics = numbers.bounded(n.count(), 1, 64, "nics");
                ok &= nics.isPresent();
                continue;
            }
            if (kind != null) {
                d.error(Codes.BAD_NETWORK, e.span(), "the network kind is already given in this block");
                ok = false;
                continue;
            }
            if (e instanceof Entry.NoNetwork) {
                kind = Network.Kind.NONE;
            } else {
                Entry.Veth v = (Entry.Veth) e;
                kind = Network.Kind.VETH;
                if (v.word().isPresent()) {
                    if (!v.word().get().text().equals("per-owner")) {
                        d.error(Codes.BAD_NETWORK, v.word().get().span(), "expected a bridge name in quotes or per-owner, found '"
                                + v.word().get().text() + "'" + Suggest.hint(v.word().get().text(), List.of("per-owner"), d));
                        ok = false;
                    }
                    perOwner = true;
                } else {
                    Str name = v.bridge().get();
                    if (!BRIDGE.matcher(name.value()).matches()) {
                        d.error(Codes.BAD_NETWORK, name.span(), "'" + Numbers.shorten(name.value())
                                + "' is not a valid bridge name (1..15 letters, digits, '_', '.', '-')");
                        ok = false;
                    }
                    bridge = Optional.of(name.value());
                }
            }
        }
        if (kind == null) kind = Network.Kind.VETH;
        if (kind == Network.Kind.NONE && nics.isPresent()) {
            d.error(Codes.BAD_NETWORK, block.span(), "'nics' needs a veth network, not none");
            ok = false;
        }
        if (kind == Network.Kind.VETH && bridge.isEmpty() && !perOwner && ok) {
            d.error(Codes.BAD_NETWORK, block.span(), "a network block needs 'veth bridge \"NAME\"', 'veth bridge per-owner' or 'none'");
            ok = false;
        }
        int count = kind == Network.Kind.NONE ? 0 : (int) nics.orElse(1);
        return ok ? Optional.of(new Network(kind, bridge, perOwner, count, Origin.of(block.span()))) : Optional.empty();
    }

    // allow|deny TYPE MAJOR:MINOR ACCESS, TYPE c|b|a, '*' for any number, ACCESS from rwm.
    void devices(OwnSettings s, Statement.Devices block) {
        for (Entry.Device e : block.entries()) {
            String verb = e.verb().text();
            boolean ok = true;
            if (!verb.equals("allow") && !verb.equals("deny")) {
                d.error(Codes.BAD_DEVICE, e.verb().span(), "expected allow or deny, found '" + verb + "'"
                        + Suggest.hint(verb, List.of("allow", "deny"), d));
                ok = false;
            }
            String type = e.type().text();
            if (!type.equals("c") && !type.equals("b") && !type.equals("a")) {
                d.error(Codes.BAD_DEVICE, e.type().span(), "device type must be c (character), b (block) or a (all), not '"
                        + type + "'");
                ok = false;
            }
            OptionalLong major = e.major().isPresent() ? numbers.bounded(e.major().get(), 0, 0xFFFFF, "a device major")
                    : OptionalLong.of(DeviceRule.ANY);
            OptionalLong minor = e.minor().isPresent() ? numbers.bounded(e.minor().get(), 0, 0xFFFFF, "a device minor")
                    : OptionalLong.of(DeviceRule.ANY);
            Optional<String> access = access(e.access());
            if (!ok || major.isEmpty() || minor.isEmpty() || access.isEmpty()) continue;
            s.devices.add(new DeviceRule(verb.equals("allow"), type.charAt(0), (int) major.getAsLong(), (int) minor.getAsLong(),
                    access.get(), Origin.of(e.span())));
        }
    }

    private Optional<String> access(Name n) {
        String text = n.text();
        StringBuilder sb = new StringBuilder();
        for (char c : "rwm".toCharArray()) if (text.indexOf(c) >= 0) sb.append(c);
        boolean valid = text.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm')
                && text.chars().distinct().count() == text.length();
        if (!valid) {
            d.error(Codes.BAD_DEVICE, n.span(), "device access is some of r, w, m (each once), not '" + text + "'");
            return Optional.empty();
        }
        return Optional.of(sb.toString());
    }

    // share NAME, ...: every namespace not shared is new.
    void namespaces(OwnSettings s, Statement.Namespaces block) {
        Set<Namespace> shared = EnumSet.noneOf(Namespace.class);
        List<String> names = Arrays.stream(Namespace.values()).map(Namespace::wardName).toList();
        for (Entry.Share e : block.entries()) {
            for (Name n : e.names()) {
                Optional<Namespace> ns = Namespace.byName(n.text());
                if (ns.isEmpty()) {
                    d.error(Codes.UNKNOWN_NAMESPACE, n.span(), "unknown namespace '" + n.text() + "'" + Suggest.hint(n.text(), names, d)
                            + "; namespaces are " + String.join(", ", names));
                } else if (!shared.add(ns.get())) {
                    d.warning(Codes.DUPLICATE_SETTING, n.span(), "namespace '" + n.text() + "' is shared twice");
                }
            }
        }
        s.namespaces = Optional.of(shared);
        s.namespacesOrigin = Optional.of(Origin.of(block.span()));
    }

    // proc|sys rw|ro|mixed; readonly|masked "path", ...; mount "SRC" "DST" TYPE [options "a,b"]
    void filesystem(OwnSettings s, Statement.Filesystem block) {
        s.filesystemOrigin = Optional.of(Origin.of(block.span()));
        for (Entry.Filesystem e : block.entries()) {
            if (e instanceof Entry.FsMode m) {
                Optional<Filesystem.Mode> mode = fsMode(m.mode());
                boolean proc = m.which().text().equals("proc");
                if ((proc ? s.proc : s.sys).isPresent()) {
                    d.error(Codes.DUPLICATE_SETTING, m.span(), "'" + m.which().text() + "' is already given in this block");
                } else if (proc) {
                    s.proc = mode;
                } else {
                    s.sys = mode;
                }
            } else if (e instanceof Entry.FsPaths p) {
                List<String> target = p.kind().text().equals("readonly") ? s.readonly : s.masked;
                for (Str path : p.paths()) {
                    if (absolutePath(path) && !target.contains(path.value())) target.add(path.value());
                }
            } else {
                mount(s, (Entry.FsMount) e);
            }
        }
    }

    private Optional<Filesystem.Mode> fsMode(Name n) {
        for (Filesystem.Mode m : Filesystem.Mode.values()) {
            if (m.name().toLowerCase().equals(n.text())) return Optional.of(m);
        }
        d.error(Codes.UNKNOWN_WORD, n.span(), "expected rw, ro or mixed, found '" + n.text() + "'"
                + Suggest.hint(n.text(), List.of("rw", "ro", "mixed"), d));
        return Optional.empty();
    }

    private boolean absolutePath(Str path) {
        String v = path.value();
        if (!v.startsWith("/") || hasControl(v) || v.length() > 4096) {
            d.error(Codes.BAD_PATH, path.span(), "expected an absolute path without control characters, found "
                    + Numbers.shorten(path.raw()));
            return false;
        }
        return true;
    }

    private void mount(OwnSettings s, Entry.FsMount m) {
        boolean ok = true;
        if (m.source().value().isEmpty() || hasControl(m.source().value()) || m.source().value().contains(" ")) {
            d.error(Codes.BAD_PATH, m.source().span(), "a mount source is a path or name without spaces or control characters");
            ok = false;
        }
        ok &= absolutePath(m.target());
        String type = m.typeWord().map(Name::text).orElseGet(() -> m.typeString().get().value());
        Span typeSpan = m.typeWord().map(Name::span).orElseGet(() -> m.typeString().get().span());
        if (!FSTYPE.matcher(type).matches()) {
            d.error(Codes.BAD_PATH, typeSpan, "'" + Numbers.shorten(type) + "' is not a filesystem type");
            ok = false;
        }
        List<String> options = new ArrayList<>();
        if (m.options().isPresent()) {
            for (String o : m.options().get().value().split(",", -1)) {
                String opt = o.trim();
                if (!MOUNT_OPTION.matcher(opt).matches()) {
                    d.error(Codes.BAD_PATH, m.options().get().span(), "invalid mount option '" + Numbers.shorten(opt)
                            + "' (options are comma-separated words)");
                    ok = false;
                } else {
                    options.add(opt);
                }
            }
        }
        if (ok) {
            Filesystem.Mount mount = new Filesystem.Mount(m.source().value(), m.target().value(), type, options, Origin.of(m.span()));
            if (!s.mounts.contains(mount)) s.mounts.add(mount);
        }
    }
}
