package dev.ward.resolve;

import dev.ward.ast.AppArmorAtom;
import dev.ward.ast.Entry;
import dev.ward.ast.Item;
import dev.ward.ast.Name;
import dev.ward.ast.Statement;
import dev.ward.ast.Value;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.ir.Action;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Expectation;
import dev.ward.ir.Mode;
import dev.ward.ir.Origin;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.Trust;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** Resolves the statements of one profile into its {@link OwnSettings}. */
final class SettingsBuilder {
    static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");

    private final Values values;
    private final Actions actions;
    private final Conditions conditions;
    private final Syscalls syscalls;
    private final IdentityBlocks identity;
    private final ResourceBlocks resources;
    private final IsolationBlocks isolation;
    private final Diagnostics d;

    SettingsBuilder(Values values, Syscalls syscalls, Diagnostics d) {
        this.values = values;
        this.actions = new Actions(values, d);
        this.conditions = new Conditions(values, d);
        this.syscalls = syscalls;
        this.identity = new IdentityBlocks(values.numbers(), d);
        this.resources = new ResourceBlocks(values.numbers(), d);
        this.isolation = new IsolationBlocks(values.numbers(), d);
        this.d = d;
    }

    OwnSettings build(Item.Profile decl) {
        OwnSettings s = new OwnSettings(decl);
        Map<String, Span> seen = new HashMap<>();
        for (Statement st : decl.body()) {
            if (!(st instanceof Statement.Expect)) {
                Span first = seen.putIfAbsent(st.keyword(), st.span());
                if (first != null) {
                    d.error(Codes.DUPLICATE_SETTING, st.span(), "'" + st.keyword() + "' is already given in this profile at line "
                            + first.line());
                    continue;
                }
            }
            statement(s, st);
        }
        return s;
    }

    private void statement(OwnSettings s, Statement st) {
        if (st instanceof Statement.Description x) {
            if (IsolationBlocks.hasControl(x.text().value())) {
                d.error(Codes.BAD_STRING, x.text().span(), "a description is one line of text without control characters");
            } else {
                s.description = Optional.of(x.text().value());
            }
        } else if (st instanceof Statement.Mode x) {
            s.mode = word(x.value(), Mode.class, "mode");
        } else if (st instanceof Statement.Trust x) {
            s.trust = word(x.value(), Trust.class, "trust level");
        } else if (st instanceof Statement.Owner x) {
            owner(s, x);
        } else if (st instanceof Statement.Arch x) {
            arches(s, x);
        } else if (st instanceof Statement.Idmap x) {
            s.idmap = identity.idmap(x);
        } else if (st instanceof Statement.Capabilities x) {
            s.capabilities = identity.capabilities(x);
        } else if (st instanceof Statement.Seccomp x) {
            seccomp(s, x);
        } else if (st instanceof Statement.AppArmor x) {
            s.apparmor = Optional.of(Origin.of(x.span()));
            for (Entry.AppArmorRule r : x.entries()) s.apparmorRules.add(apparmorRule(r));
        } else if (st instanceof Statement.Limits x) {
            resources.limits(s, x);
        } else if (st instanceof Statement.Rlimits x) {
            resources.rlimits(s, x);
        } else if (st instanceof Statement.Network x) {
            s.network = isolation.network(x);
        } else if (st instanceof Statement.Devices x) {
            isolation.devices(s, x);
        } else if (st instanceof Statement.Namespaces x) {
            isolation.namespaces(s, x);
        } else if (st instanceof Statement.Filesystem x) {
            isolation.filesystem(s, x);
        } else if (st instanceof Statement.Expect x) {
            expect(s, x);
        }
    }

    /** One of an enum's values, written in lower case. */
    <E extends Enum<E>> Optional<E> word(Name n, Class<E> type, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(n.text())) return Optional.of(e);
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        d.error(Codes.UNKNOWN_WORD, n.span(), "unknown " + what + " '" + n.text() + "'" + Suggest.hint(n.text(), names, d)
                + "; expected " + String.join(" or ", names));
        return Optional.empty();
    }

    private void owner(OwnSettings s, Statement.Owner x) {
        String name = x.user().map(u -> u.value()).orElseGet(() -> x.group().get().text().substring(1));
        Span span = x.user().map(u -> u.span()).orElseGet(() -> x.group().get().span());
        if (!USER_NAME.matcher(name).matches()) {
            d.error(Codes.BAD_OWNER, span, "'" + Numbers.shorten(name) + "' is not a valid user or group name");
            return;
        }
        s.owner = Optional.of(x.user().isPresent() ? name : "@" + name);
    }

    private void arches(OwnSettings s, Statement.Arch x) {
        List<Arch> list = new ArrayList<>();
        boolean ok = true;
        for (Name n : x.arches()) {
            Optional<Arch> a = Arch.byName(n.text()).filter(arch -> arch.wardName().equals(n.text()));
            if (a.isEmpty()) {
                List<String> names = Arrays.stream(Arch.values()).map(Arch::wardName).toList();
                d.error(Codes.UNKNOWN_ARCH, n.span(), "unknown architecture '" + n.text() + "'" + Suggest.hint(n.text(), names, d)
                        + "; expected one of " + String.join(", ", names));
                ok = false;
            } else if (list.contains(a.get())) {
                d.warning(Codes.DUPLICATE_SETTING, n.span(), "architecture '" + n.text() + "' is listed twice");
            } else {
                list.add(a.get());
            }
        }
        if (ok) s.arches = Optional.of(list);
    }

    private void seccomp(OwnSettings s, Statement.Seccomp x) {
        s.hasSeccomp = true;
        Span defaultAt = null;
        for (Entry.Seccomp e : x.entries()) {
            if (e instanceof Entry.SeccompDefault def) {
                if (defaultAt != null) {
                    d.error(Codes.DUPLICATE_DEFAULT, def.span(), "the seccomp default is already given at line " + defaultAt.line());
                    continue;
                }
                defaultAt = def.span();
                s.seccompDefault = actions.resolve(def.action());
            } else {
                seccompRule(s, (Entry.SeccompRule) e);
            }
        }
    }

    // ACTION NAMES [if COND [else ACTION]]
    private void seccompRule(OwnSettings s, Entry.SeccompRule r) {
        Optional<Action> action = actions.resolve(r.action());
        for (Name n : r.syscalls()) if (!n.text().startsWith("@")) s.namedSyscalls.add(n);
        Optional<List<String>> names = syscalls.expand(r.syscalls());
        Optional<Condition> cond = Optional.empty();
        boolean ok = action.isPresent() && names.isPresent();
        if (r.condition().isPresent()) {
            cond = conditions.resolve(r.condition().get());
            ok &= cond.isPresent();
        }
        Optional<Action> otherwise = Optional.empty();
        if (r.elseAction().isPresent()) {
            otherwise = actions.resolve(r.elseAction().get());
            ok &= otherwise.isPresent();
        }
        if (ok) s.seccompRules.add(new SeccompRule(action.get(), names.get(), cond, otherwise, Origin.of(r.span())));
    }

    private AppArmorRule apparmorRule(Entry.AppArmorRule r) {
        Set<AppArmorRule.Qualifier> qualifiers = EnumSet.noneOf(AppArmorRule.Qualifier.class);
        for (Name q : r.qualifiers()) {
            AppArmorRule.Qualifier qual = AppArmorRule.Qualifier.valueOf(q.text().toUpperCase(Locale.ROOT));
            if (!qualifiers.add(qual)) d.warning(Codes.DUPLICATE_SETTING, q.span(), "'" + q.text() + "' is given twice");
        }
        List<AppArmorRule.Atom> atoms = new ArrayList<>();
        for (AppArmorAtom a : r.atoms()) {
            if (r.family().text().equals("network") && a instanceof AppArmorAtom.Word w
                    && (w.text().equals("unix") || w.text().equals("raw")) && w.span().line() > r.family().span().line()) {
                d.warning(Codes.NETWORK_WORD_ON_NEXT_LINE, w.span(), "'" + w.text() + "' continues the network rule of line "
                        + r.family().span().line() + " (network " + w.text() + "); to start a separate "
                        + (w.text().equals("raw") ? "raw rule, give it its string" : "unix rule, put it before the network rule"));
            }
            if (!(a instanceof AppArmorAtom.Comma)) atoms.add(atom(a));
        }
        return new AppArmorRule(qualifiers, r.family().text(), atoms, Origin.of(r.span()));
    }

    private static AppArmorRule.Atom atom(AppArmorAtom a) {
        if (a instanceof AppArmorAtom.Word w) return new AppArmorRule.Atom.Word(w.text(), Origin.of(w.span()));
        if (a instanceof AppArmorAtom.Quoted q) return new AppArmorRule.Atom.Quoted(q.str().value(), Origin.of(q.span()));
        if (a instanceof AppArmorAtom.Arrow r) return new AppArmorRule.Atom.Arrow(Origin.of(r.span()));
        AppArmorAtom.Option o = (AppArmorAtom.Option) a;
        return new AppArmorRule.Atom.Option(o.key(), o.values().stream().map(SettingsBuilder::atom).toList(),
                Origin.of(o.span()));
    }

    // expect ACTION call, call... [on ARCH]: omitted arguments are 0.
    private void expect(OwnSettings s, Statement.Expect x) {
        Optional<Action> action = actions.resolve(x.action());
        Optional<Arch> on = Optional.empty();
        if (x.on().isPresent()) {
            Name n = x.on().get();
            on = Arch.byName(n.text()).filter(a -> a.wardName().equals(n.text()));
            if (on.isEmpty()) {
                List<String> names = Arrays.stream(Arch.values()).map(Arch::wardName).toList();
                d.error(Codes.UNKNOWN_ARCH, n.span(), "unknown architecture '" + n.text() + "'" + Suggest.hint(n.text(), names, d));
                return;
            }
        }
        for (Entry.ExpectCall call : x.calls()) {
            boolean ok = syscalls.known(call.syscall());
            if (call.args().size() > 6) {
                d.error(Codes.BAD_EXPECTATION, call.args().get(6).span(), "a syscall has at most six arguments");
                ok = false;
            }
            List<Long> args = new ArrayList<>();
            for (Value v : call.args()) {
                OptionalLong a = values.value(v);
                if (a.isPresent()) args.add(a.getAsLong());
                else ok = false;
            }
            while (args.size() < 6) args.add(0L);
            if (ok && action.isPresent() && args.size() == 6) {
                s.expectations.add(new Expectation(action.get(), call.syscall().text(), args, on, Origin.of(call.span())));
            }
        }
    }
}
