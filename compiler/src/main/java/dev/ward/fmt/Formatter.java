package dev.ward.fmt;

import dev.ward.ast.ActionExpr;
import dev.ward.ast.AppArmorAtom;
import dev.ward.ast.Cond;
import dev.ward.ast.Entry;
import dev.ward.ast.Item;
import dev.ward.ast.Name;
import dev.ward.ast.Node;
import dev.ward.ast.PolicyFile;
import dev.ward.ast.Statement;
import dev.ward.ast.Str;
import dev.ward.ast.Value;
import dev.ward.diag.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ward fmt}'s canonical layout: one statement per line, four-space indentation, blocks opened on the
 * statement's line, lists joined by ", " and filled to 100 columns, at most one blank line where the source
 * had one, comments kept. Formatting a formatted file changes nothing.
 */
public final class Formatter {
    private final Layout out;

    private Formatter(PolicyFile file) {
        this.out = new Layout(file.comments());
    }

    /** The canonical text of a parsed file. */
    public static String format(PolicyFile file) {
        Formatter f = new Formatter(file);
        for (Item item : file.items()) f.item(item);
        f.out.leadingComments(Integer.MAX_VALUE, "");
        return f.out.text();
    }

    private void item(Item item) {
        Span s = item.span();
        out.leadingComments(s.line(), "");
        if (item instanceof Item.Profile p) {
            profile(p, out.gapBefore(s.line()));
            return;
        }
        out.interiorComments(s, "");
        boolean blank = out.gapBefore(s.line());
        if (item instanceof Item.Use u) {
            out.line("", "use " + u.path().raw(), blank);
        } else if (item instanceof Item.Const c) {
            out.line("", "const " + c.name().text() + " = " + value(c.value()), blank);
        } else if (item instanceof Item.Group g) {
            List<String> members = names(g.members());
            String head = "group " + g.name().text() + " =";
            if (head.length() + 1 + String.join(", ", members).length() <= Layout.WIDTH) {
                out.line("", head + " " + String.join(", ", members), blank);
            } else {
                out.line("", head, blank);
                out.fill(Layout.INDENT, Layout.INDENT, members, "", false);
            }
        }
        end(s);
    }

    private void end(Span s) {
        out.trailingComment(s);
        out.seen(s.endLine());
    }

    private void profile(Item.Profile p, boolean blank) {
        String head = "profile " + p.name().text() + p.parent().map(x -> " extends " + x.text()).orElse("") + " {";
        out.line("", head, blank);
        Span opener = p.parent().map(Name::span).orElse(p.name().span());
        trailingOnOpener(p.span(), opener);
        for (Statement st : p.body()) statement(st, Layout.INDENT);
        close(p.span(), "", Layout.INDENT);
    }

    /** The comment after a block's '{', which is on the same line as the start of its statement. */
    private void trailingOnOpener(Span block, Span beforeBrace) {
        out.trailingComment(new Span(block.file(), block.line(), 1, beforeBrace.endLine(), beforeBrace.endColumn()));
        out.seen(block.line());
    }

    private void close(Span block, String indent, String inner) {
        out.leadingComments(block.endLine(), inner);
        out.line(indent, "}", false);
        end(block);
    }

    private void statement(Statement st, String indent) {
        Span s = st.span();
        out.leadingComments(s.line(), indent);
        if (st instanceof Statement.Block b) {
            out.line(indent, st.keyword() + " {", out.gapBefore(s.line()));
            trailingOnOpener(s, new Span(s.file(), s.line(), s.column(), s.line(), s.column() + st.keyword().length()));
            String inner = indent + Layout.INDENT;
            for (Entry e : b.entries()) entry(e, inner);
            close(s, indent, inner);
            return;
        }
        out.interiorComments(s, indent);
        boolean blank = out.gapBefore(s.line());
        if (st instanceof Statement.Description x) {
            out.line(indent, "description " + x.text().raw(), blank);
        } else if (st instanceof Statement.Mode x) {
            out.line(indent, "mode " + x.value().text(), blank);
        } else if (st instanceof Statement.Trust x) {
            out.line(indent, "trust " + x.value().text(), blank);
        } else if (st instanceof Statement.Owner x) {
            out.line(indent, "owner " + x.user().map(Str::raw).orElseGet(() -> x.group().get().text()), blank);
        } else if (st instanceof Statement.Arch x) {
            out.list(indent, "arch ", names(x.arches()), "", blank);
        } else if (st instanceof Statement.Expect x) {
            List<String> calls = x.calls().stream().map(this::call).toList();
            out.list(indent, "expect " + action(x.action()) + " ", calls, x.on().map(a -> " on " + a.text()).orElse(""), blank);
        }
        end(s);
    }

    private void entry(Entry e, String indent) {
        Span s = e.span();
        out.leadingComments(s.line(), indent);
        out.interiorComments(s, indent);
        boolean blank = out.gapBefore(s.line());
        if (e instanceof Entry.IdmapLine x) {
            out.line(indent, x.kind().text() + " " + x.inside().text() + " -> " + x.host().text() + " count " + x.count().text(), blank);
        } else if (e instanceof Entry.IdmapIsolated x) {
            out.line(indent, "isolated" + x.count().map(c -> " " + c.text()).orElse(""), blank);
        } else if (e instanceof Entry.CapabilityList x) {
            out.list(indent, x.verb().text() + " ", names(x.names()), "", blank);
        } else if (e instanceof Entry.SeccompDefault x) {
            out.line(indent, "default " + action(x.action()), blank);
        } else if (e instanceof Entry.SeccompRule x) {
            String suffix = x.condition().map(c -> " if " + cond(c)).orElse("")
                    + x.elseAction().map(a -> " else " + action(a)).orElse("");
            out.list(indent, action(x.action()) + " ", names(x.syscalls()), suffix, blank);
        } else if (e instanceof Entry.AppArmorRule x) {
            out.line(indent, apparmor(x), blank);
        } else if (e instanceof Entry.Limit x) {
            out.line(indent, x.key().text() + " " + x.value().text(), blank);
        } else if (e instanceof Entry.Rlimit x) {
            out.line(indent, x.name().text() + " " + x.soft().text() + x.hard().map(h -> " " + h.text()).orElse(""), blank);
        } else if (e instanceof Entry.Veth x) {
            out.line(indent, "veth bridge " + x.bridge().map(Str::raw).orElseGet(() -> x.word().get().text()), blank);
        } else if (e instanceof Entry.NoNetwork) {
            out.line(indent, "none", blank);
        } else if (e instanceof Entry.Nics x) {
            out.line(indent, "nics " + x.count().text(), blank);
        } else if (e instanceof Entry.Device x) {
            String major = x.major().map(l -> l.text()).orElse("*");
            String minor = x.minor().map(l -> l.text()).orElse("*");
            out.line(indent, x.verb().text() + " " + x.type().text() + " " + major + ":" + minor + " " + x.access().text(), blank);
        } else if (e instanceof Entry.Share x) {
            out.list(indent, "share ", names(x.names()), "", blank);
        } else if (e instanceof Entry.FsMode x) {
            out.line(indent, x.which().text() + " " + x.mode().text(), blank);
        } else if (e instanceof Entry.FsPaths x) {
            out.list(indent, x.kind().text() + " ", x.paths().stream().map(Str::raw).toList(), "", blank);
        } else if (e instanceof Entry.FsMount x) {
            String type = x.typeWord().map(Name::text).orElseGet(() -> x.typeString().get().raw());
            out.line(indent, "mount " + x.source().raw() + " " + x.target().raw() + " " + type
                    + x.options().map(o -> " options " + o.raw()).orElse(""), blank);
        }
        end(s);
    }

    private String call(Entry.ExpectCall c) {
        if (!c.parens()) return c.syscall().text();
        return c.syscall().text() + "(" + c.args().stream().map(Formatter::value).collect(Collectors.joining(", ")) + ")";
    }

    static String action(ActionExpr a) {
        return a.name().text() + a.argument().map(v -> "(" + value(v) + ")").orElse("");
    }

    static String value(Value v) {
        List<String> terms = new ArrayList<>();
        for (Value.Term t : v.terms()) {
            if (t instanceof Value.Term.Number n) terms.add(n.literal().text());
            else if (t instanceof Value.Term.Negative n) terms.add("-" + n.literal().text());
            else terms.add(((Value.Term.Constant) t).name().text());
        }
        return String.join(" | ", terms);
    }

    static String cond(Cond c) {
        if (c instanceof Cond.Or o) return o.operands().stream().map(Formatter::cond).collect(Collectors.joining(" || "));
        if (c instanceof Cond.And a) return a.operands().stream().map(Formatter::cond).collect(Collectors.joining(" && "));
        if (c instanceof Cond.Not n) return "!" + cond(n.operand());
        if (c instanceof Cond.Paren p) return "(" + cond(p.inner()) + ")";
        if (c instanceof Cond.Compare x) return x.argument().text() + " " + x.op() + " " + value(x.value());
        if (c instanceof Cond.Masked x) {
            return x.argument().text() + " & " + value(x.mask()) + " " + x.op() + " " + value(x.value());
        }
        Cond.In in = (Cond.In) c;
        return in.argument().text() + " in (" + in.values().stream().map(Formatter::value).collect(Collectors.joining(", ")) + ")";
    }

    private static String apparmor(Entry.AppArmorRule r) {
        StringBuilder sb = new StringBuilder();
        for (Name q : r.qualifiers()) sb.append(q.text()).append(' ');
        sb.append(r.family().text());
        for (AppArmorAtom a : r.atoms()) {
            if (a instanceof AppArmorAtom.Comma) {
                sb.append(',');
                continue;
            }
            sb.append(' ').append(atom(a));
        }
        return sb.toString();
    }

    private static String atom(AppArmorAtom a) {
        if (a instanceof AppArmorAtom.Word w) return w.text();
        if (a instanceof AppArmorAtom.Quoted q) return q.str().raw();
        if (a instanceof AppArmorAtom.Arrow) return "->";
        AppArmorAtom.Option o = (AppArmorAtom.Option) a;
        String values = o.values().stream().map(Formatter::atom).collect(Collectors.joining(", "));
        return o.key() + "=" + (o.list() ? "(" + values + ")" : values);
    }

    private static List<String> names(List<? extends Node> names) {
        return names.stream().map(n -> ((Name) n).text()).toList();
    }
}
