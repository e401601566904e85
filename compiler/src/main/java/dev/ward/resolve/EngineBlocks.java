package dev.ward.resolve;

import dev.ward.ast.Entry;
import dev.ward.ast.Literal;
import dev.ward.ast.Name;
import dev.ward.ast.Statement;
import dev.ward.ast.Str;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Filesystem;
import dev.ward.ir.IdMapping;
import dev.ward.ir.IdMaps;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Origin;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** The blocks the engines consume: idmap, capabilities, limits, rlimits, network, devices, namespaces, filesystem. */
final class EngineBlocks {
    static final long MAX_ID = 0xFFFFFFFFL;
    static final List<String> LIMIT_KEYS = List.of("memory", "swap", "cpu", "cpu-weight", "pids", "io-weight");
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern FSTYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern MOUNT_OPTION = Pattern.compile("[A-Za-z0-9_.:/=+@-]{1,256}");

    private final Values values;
    private final Numbers numbers;
    private final Diagnostics d;

    EngineBlocks(Values values, Diagnostics d) {
        this.values = values;
        this.numbers = values.numbers();
        this.d = d;
    }

    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    // uid|gid INSIDE -> HOST count COUNT, or isolated [COUNT]; ranges of one kind must not overlap.
    Optional<IdMaps> idmap(Statement.Idmap block) {
        List<IdMapping> mappings = new ArrayList<>();
        OptionalLong isolated = OptionalLong.empty();
        boolean ok = true;
        for (Entry.Idmap e : block.entries()) {
            if (e instanceof Entry.IdmapIsolated iso) {
                OptionalLong count = iso.count().isPresent()
                        ? numbers.bounded(iso.count().get(), 1, MAX_ID, "an isolated id count")
                        : OptionalLong.of(IdMaps.DEFAULT_ISOLATED_COUNT);
                if (isolated.isPresent()) {
                    d.error(Codes.BAD_IDMAP, iso.span(), "'isolated' is already given in this idmap");
                    ok = false;
                } else if (count.isEmpty()) {
                    ok = false;
                } else {
                    isolated = count;
                }
                continue;
            }
            Entry.IdmapLine line = (Entry.IdmapLine) e;
            OptionalLong inside = numbers.bounded(line.inside(), 0, MAX_ID, "an id");
            OptionalLong host = numbers.bounded(line.host(), 0, MAX_ID, "an id");
            OptionalLong count = numbers.bounded(line.count(), 1, MAX_ID + 1, "an id count");
            if (inside.isEmpty() || host.isEmpty() || count.isEmpty()) {
                ok = false;
                continue;
            }
            if (inside.getAsLong() + count.getAsLong() - 1 > MAX_ID || host.getAsLong() + count.getAsLong() - 1 > MAX_ID) {
                d.error(Codes.BAD_IDMAP, line.span(), "the range ends past the largest id " + MAX_ID);
                ok = false;
                continue;
            }
            IdMapping.Kind kind = line.kind().text().equals("uid") ? IdMapping.Kind.UID : IdMapping.Kind.GID;
            IdMapping m = new IdMapping(kind, inside.getAsLong(), host.getAsLong(), count.getAsLong(), Origin.of(line.span()));
            for (IdMapping other : mappings) {
                if (other.kind() != kind) continue;
                boolean insideOverlap = overlaps(other.inside(), other.count(), m.inside(), m.count());
                boolean hostOverlap = overlaps(other.host(), other.count(), m.host(), m.count());
                if (insideOverlap || hostOverlap) {
                    d.error(Codes.OVERLAPPING_IDS, line.span(), kind.name().toLowerCase() + " range overlaps the "
                            + (insideOverlap ? "container" : "host") + " ids of the mapping at line " + other.origin().span().line());
                    ok = false;
                }
            }
            mappings.add(m);
        }
        if (isolated.isPresent() && !mappings.isEmpty()) {
            d.error(Codes.BAD_IDMAP, block.span(), "an idmap is either 'isolated' or explicit mappings, not both");
            ok = false;
        }
        return ok ? Optional.of(new IdMaps(mappings, isolated, Origin.of(block.span()))) : Optional.empty();
    }

    private static boolean overlaps(long a, long aCount, long b, long bCount) {
        return a < b + bCount && b < a + aCount;
    }

    // keep a, b / drop a, b: one name both kept and dropped is an error.
    Optional<Capabilities> capabilities(Statement.Capabilities block) {
        Set<Capability> keep = EnumSet.noneOf(Capability.class);
        Set<Capability> drop = EnumSet.noneOf(Capability.class);
        Map<Capability, Span> where = new EnumMap<>(Capability.class);
        boolean anyKeep = false;
        boolean ok = true;
        List<String> names = Arrays.stream(Capability.values()).map(Capability::wardName).toList();
        for (Entry.CapabilityList list : block.entries()) {
            boolean keeping = list.verb().text().equals("keep");
            anyKeep |= keeping;
            for (Name n : list.names()) {
                Optional<Capability> c = Capability.byName(n.text());
                if (c.isEmpty()) {
                    d.error(Codes.UNKNOWN_CAPABILITY, n.span(), "unknown capability '" + n.text() + "'" + Suggest.hint(n.text(), names, d));
                    ok = false;
                    continue;
                }
                Set<Capability> other = keeping ? drop : keep;
                if (other.contains(c.get())) {
                    d.error(Codes.KEEP_AND_DROP, n.span(), "capability '" + c.get().wardName() + "' is both kept and dropped (see line "
                            + where.get(c.get()).line() + ")");
                    ok = false;
                }
                (keeping ? keep : drop).add(c.get());
                where.putIfAbsent(c.get(), n.span());
            }
        }
        if (!ok) return Optional.empty();
        Set<Capability> kept;
        if (anyKeep) {
            kept = keep;
        } else {
            kept = EnumSet.allOf(Capability.class);
            kept.removeAll(drop);
        }
        return Optional.of(new Capabilities(anyKeep ? Capabilities.Style.KEEP : Capabilities.Style.DROP,
                anyKeep ? keep : drop, kept, Origin.of(block.span())));
    }

    // memory|swap SIZE|max, cpu CORES, cpu-weight N, pids N|max, io-weight N
    void limits(OwnSettings s, Statement.Limits block) {
        s.limitsOrigin = Optional.of(Origin.of(block.span()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Entry.Limit e : block.entries()) {
            String key = e.key().text();
            if (!LIMIT_KEYS.contains(key)) {
                d.error(Codes.UNKNOWN_LIMIT, e.key().span(), "unknown limit '" + key + "'" + Suggest.hint(key, LIMIT_KEYS, d)
                        + "; limits are " + String.join(", ", LIMIT_KEYS));
                continue;
            }
            if (!seen.add(key)) {
                d.error(Codes.DUPLICATE_SETTING, e.key().span(), "limit '" + key + "' is already given in this block");
                continue;
            }
            Literal v = e.value();
            boolean max = v.kind() == Literal.Kind.KEYWORD;
            switch (key) {
                case "memory", "swap" -> {
                    OptionalLong bytes = max ? OptionalLong.of(Limits.MAX) : numbers.bytes(v);
                    if (bytes.isPresent() && key.equals("memory") && bytes.getAsLong() == 0) {
                        d.error(Codes.LIMIT_RANGE, v.span(), "a memory limit of 0 leaves nothing to run; use a size or max");
                        bytes = OptionalLong.empty();
                    }
                    if (key.equals("memory")) s.memory = bytes;
                    else s.swap = bytes;
                }
                case "cpu" -> s.cpu = cores(v);
                case "pids" -> s.pids = max ? OptionalLong.of(Limits.MAX) : plain(v, 1, Limits.MAX - 1, "pids");
                case "cpu-weight" -> s.cpuWeight = plain(v, 1, 10000, "cpu-weight");
                default -> s.ioWeight = plain(v, 1, 10000, "io-weight");
            }
        }
    }

    private OptionalLong plain(Literal v, long min, long max, String what) {
        if (v.kind() != Literal.Kind.NUMBER && v.kind() != Literal.Kind.HEX && v.kind() != Literal.Kind.OCTAL) {
            d.error(Codes.BAD_UNIT, v.span(), what + " takes a whole number" + (max < Limits.MAX - 1 ? " " + min + ".." + max : "")
                    + ", not " + Numbers.shorten(v.text()));
            return OptionalLong.empty();
        }
        return numbers.bounded(v, min, max, what);
    }

    private OptionalDouble cores(Literal v) {
        if (v.kind() != Literal.Kind.NUMBER && v.kind() != Literal.Kind.DECIMAL) {
            d.error(Codes.BAD_UNIT, v.span(), "cpu takes a number of cores such as 1.5, not " + Numbers.shorten(v.text()));
            return OptionalDouble.empty();
        }
        BigDecimal cores = new BigDecimal(v.text());
        if (cores.signum() <= 0 || cores.compareTo(BigDecimal.valueOf(4096)) > 0) {
            d.error(Codes.LIMIT_RANGE, v.span(), "cpu must be more than 0 and at most 4096 cores, not " + Numbers.shorten(v.text()));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(cores.doubleValue());
    }

    // NAME SOFT [HARD]; the soft limit may not exceed the hard one.
    void rlimits(OwnSettings s, Statement.Rlimits block) {
        List<String> names = Arrays.stream(Rlimit.values()).map(Rlimit::wardName).toList();
        for (Entry.Rlimit e : block.entries()) {
            Optional<Rlimit> r = Rlimit.byName(e.name().text()).filter(x -> x.wardName().equals(e.name().text()));
            if (r.isEmpty()) {
                d.error(Codes.UNKNOWN_RLIMIT, e.name().span(), "unknown rlimit '" + e.name().text() + "'"
                        + Suggest.hint(e.name().text(), names, d));
                continue;
            }
            if (s.rlimits.containsKey(r.get())) {
                d.error(Codes.DUPLICATE_SETTING, e.name().span(), "rlimit '" + e.name().text() + "' is already given in this block");
                continue;
            }
            OptionalLong soft = rlimitValue(e.soft());
            OptionalLong hard = e.hard().isPresent() ? rlimitValue(e.hard().get()) : soft;
            if (soft.isEmpty() || hard.isEmpty()) continue;
            if (Long.compareUnsigned(soft.getAsLong(), hard.getAsLong()) > 0) {
                d.error(Codes.SOFT_ABOVE_HARD, e.soft().span(), "soft limit " + e.soft().text() + " is above the hard limit "
                        + e.hard().map(Literal::text).orElse(""));
                continue;
            }
            s.rlimits.put(r.get(), new RlimitValue(soft.getAsLong(), hard.getAsLong(), Origin.of(e.span())));
        }
    }

    private OptionalLong rlimitValue(Literal v) {
        if (v.kind() == Literal.Kind.KEYWORD) return OptionalLong.of(RlimitValue.UNLIMITED);
        OptionalLong x = numbers.bytes(v);
        if (x.isPresent() && x.getAsLong() == RlimitValue.UNLIMITED) {
            d.error(Codes.LIMIT_RANGE, v.span(), "write 'unlimited' rather than RLIM_INFINITY's number");
            return OptionalLong.empty();
        }
        return x;
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
