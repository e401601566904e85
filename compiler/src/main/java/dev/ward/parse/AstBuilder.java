package dev.ward.parse;

import dev.ward.ast.ActionExpr;
import dev.ward.ast.AppArmorAtom;
import dev.ward.ast.Comment;
import dev.ward.ast.Cond;
import dev.ward.ast.Entry;
import dev.ward.ast.Item;
import dev.ward.ast.Literal;
import dev.ward.ast.Name;
import dev.ward.ast.PolicyFile;
import dev.ward.ast.Statement;
import dev.ward.ast.Str;
import dev.ward.ast.Value;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.grammar.WardLexer;
import dev.ward.grammar.WardParser;
import dev.ward.grammar.WardParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the syntax tree from a parse tree that had no syntax errors. One small method per grammar rule;
 * ANTLR's context types stay in this class.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics quiet = new Diagnostics();

    AstBuilder(String file) {
        this.file = file;
    }

    PolicyFile build(FileContext ctx, List<Token> comments) {
        List<Item> items = new ArrayList<>();
        for (ItemContext item : ctx.item()) items.add(item(item));
        List<Comment> kept = new ArrayList<>();
        for (Token t : comments) kept.add(new Comment(t.getText(), span(t)));
        return new PolicyFile(file, items, kept);
    }

    /**
     * The tree of a parse that had errors: only the items with no error inside or right after them; the
     * names of the others are kept as damaged.
     */
    PolicyFile buildClean(FileContext ctx, java.util.Set<Integer> errorTokens) {
        List<Item> items = new ArrayList<>();
        java.util.Set<String> damaged = new java.util.HashSet<>();
        for (ItemContext item : ctx.item()) {
            if (clean(item, errorTokens)) {
                items.add(item(item));
            } else {
                damagedName(item).ifPresent(damaged::add);
            }
        }
        return new PolicyFile(file, items, List.of(), false, damaged);
    }

    private static boolean clean(ItemContext item, java.util.Set<Integer> errorTokens) {
        if (item.getStop() == null || item.getStop().getTokenIndex() < item.getStart().getTokenIndex()) return false;
        int from = item.getStart().getTokenIndex();
        int to = item.getStop().getTokenIndex() + 1;
        for (int i : errorTokens) if (i >= from && i <= to) return false;
        return wellFormed(item);
    }

    private static boolean wellFormed(org.antlr.v4.runtime.tree.ParseTree t) {
        if (t instanceof org.antlr.v4.runtime.tree.ErrorNode) return false;
        if (t instanceof TerminalNode n) return n.getSymbol().getTokenIndex() >= 0;
        if (t instanceof ParserRuleContext r && r.exception != null) return false;
        for (int i = 0; i < t.getChildCount(); i++) if (!wellFormed(t.getChild(i))) return false;
        return true;
    }

    private static Optional<String> damagedName(ItemContext item) {
        if (item instanceof ProfileItemContext p && !p.ident().isEmpty()) return Optional.of(p.ident(0).getText());
        if (item instanceof GroupItemContext g && g.AT_NAME() != null) return Optional.of(g.AT_NAME().getText());
        if (item instanceof ConstItemContext c && c.ident() != null) return Optional.of(c.ident().getText());
        if (item instanceof UseItemContext) return Optional.of("*");
        return Optional.empty();
    }

    private Item item(ItemContext ctx) {
        if (ctx instanceof UseItemContext c) return new Item.Use(str(c.STRING().getSymbol()), span(c));
        if (ctx instanceof ConstItemContext c) return new Item.Const(name(c.ident()), value(c.value()), span(c));
        if (ctx instanceof GroupItemContext c) {
            return new Item.Group(name(c.AT_NAME()), c.syscallName().stream().map(this::name).toList(), span(c));
        }
        ProfileItemContext c = (ProfileItemContext) ctx;
        Optional<Name> parent = c.ident().size() > 1 ? Optional.of(name(c.ident(1))) : Optional.empty();
        List<Statement> body = c.profileStmt().stream().map(this::statement).toList();
        return new Item.Profile(name(c.ident(0)), parent, body, span(c));
    }

    private Statement statement(ProfileStmtContext ctx) {
        Span s = span(ctx);
        if (ctx instanceof DescriptionStmtContext c) return new Statement.Description(str(c.STRING().getSymbol()), s);
        if (ctx instanceof ModeStmtContext c) return new Statement.Mode(name(c.ident()), s);
        if (ctx instanceof TrustStmtContext c) return new Statement.Trust(name(c.ident()), s);
        if (ctx instanceof OwnerStmtContext c) {
            return c.STRING() != null
                    ? new Statement.Owner(Optional.of(str(c.STRING().getSymbol())), Optional.empty(), s)
                    : new Statement.Owner(Optional.empty(), Optional.of(name(c.AT_NAME())), s);
        }
        if (ctx instanceof ArchStmtContext c) return new Statement.Arch(c.ident().stream().map(this::name).toList(), s);
        if (ctx instanceof IdmapBlockContext c) return new Statement.Idmap(c.idmapStmt().stream().map(this::idmap).toList(), s);
        if (ctx instanceof CapabilitiesBlockContext c) {
            return new Statement.Capabilities(c.capabilityStmt().stream().map(this::capabilities).toList(), s);
        }
        if (ctx instanceof SeccompBlockContext c) return new Statement.Seccomp(c.seccompStmt().stream().map(this::seccomp).toList(), s);
        if (ctx instanceof ApparmorBlockContext c) return new Statement.AppArmor(c.apparmorRule().stream().map(this::apparmor).toList(), s);
        if (ctx instanceof LimitsBlockContext c) return new Statement.Limits(c.limitStmt().stream().map(this::limit).toList(), s);
        if (ctx instanceof RlimitsBlockContext c) return new Statement.Rlimits(c.rlimitStmt().stream().map(this::rlimit).toList(), s);
        if (ctx instanceof NetworkBlockContext c) return new Statement.Network(c.networkStmt().stream().map(this::network).toList(), s);
        if (ctx instanceof DevicesBlockContext c) return new Statement.Devices(c.deviceStmt().stream().map(this::device).toList(), s);
        if (ctx instanceof NamespacesBlockContext c) {
            return new Statement.Namespaces(c.namespaceStmt().stream()
                    .map(n -> new Entry.Share(n.ident().stream().map(this::name).toList(), span(n))).toList(), s);
        }
        if (ctx instanceof FilesystemBlockContext c) {
            return new Statement.Filesystem(c.filesystemStmt().stream().map(this::filesystem).toList(), s);
        }
        ExpectStmtContext c = (ExpectStmtContext) ctx;
        Optional<Name> on = c.ident() != null ? Optional.of(name(c.ident())) : Optional.empty();
        return new Statement.Expect(action(c.action()), c.expectCall().stream().map(this::expectCall).toList(), on, s);
    }

    // idmapStmt: (UID | GID) number '->' number COUNT number | ISOLATED number?
    private Entry.Idmap idmap(IdmapStmtContext ctx) {
        if (ctx instanceof IdmapLineContext c) {
            Token kind = c.UID() != null ? c.UID().getSymbol() : c.GID().getSymbol();
            return new Entry.IdmapLine(name(kind), literal(c.number(0)), literal(c.number(1)), literal(c.number(2)), span(c));
        }
        IdmapIsolatedContext c = (IdmapIsolatedContext) ctx;
        return new Entry.IdmapIsolated(Optional.ofNullable(c.number()).map(this::literal), span(c));
    }

    private Entry.CapabilityList capabilities(CapabilityStmtContext ctx) {
        Token verb = ctx.KEEP() != null ? ctx.KEEP().getSymbol() : ctx.DROP().getSymbol();
        return new Entry.CapabilityList(name(verb), ctx.ident().stream().map(this::name).toList(), span(ctx));
    }

    private Entry.Seccomp seccomp(SeccompStmtContext ctx) {
        if (ctx instanceof SeccompDefaultContext c) return new Entry.SeccompDefault(action(c.action()), span(c));
        SeccompRuleContext c = (SeccompRuleContext) ctx;
        Optional<Cond> cond = Optional.ofNullable(c.condition()).map(this::condition);
        Optional<ActionExpr> otherwise = c.action().size() > 1 ? Optional.of(action(c.action(1))) : Optional.empty();
        return new Entry.SeccompRule(action(c.action(0)), c.syscallName().stream().map(this::name).toList(),
                cond, otherwise, span(c));
    }

    private ActionExpr action(ActionContext ctx) {
        return new ActionExpr(name(ctx.IDENT().getSymbol()), Optional.ofNullable(ctx.value()).map(this::value), span(ctx));
    }

    // condition: andCondition ('||' andCondition)*
    private Cond condition(ConditionContext ctx) {
        if (ctx.andCondition().size() == 1) return andCondition(ctx.andCondition(0));
        return new Cond.Or(ctx.andCondition().stream().map(this::andCondition).toList(), span(ctx));
    }

    // andCondition: unaryCondition ('&&' unaryCondition)*
    private Cond andCondition(AndConditionContext ctx) {
        if (ctx.unaryCondition().size() == 1) return unary(ctx.unaryCondition(0));
        return new Cond.And(ctx.unaryCondition().stream().map(this::unary).toList(), span(ctx));
    }

    private Cond unary(UnaryConditionContext ctx) {
        Span s = span(ctx);
        if (ctx instanceof NotConditionContext c) return new Cond.Not(unary(c.unaryCondition()), s);
        if (ctx instanceof ParenConditionContext c) return new Cond.Paren(condition(c.condition()), s);
        if (ctx instanceof MaskConditionContext c) {
            return new Cond.Masked(name(c.ident()), value(c.value(0)), c.compareOp().getText(), value(c.value(1)), s);
        }
        if (ctx instanceof CompareConditionContext c) {
            return new Cond.Compare(name(c.ident()), c.compareOp().getText(), value(c.value()), s);
        }
        InConditionContext c = (InConditionContext) ctx;
        return new Cond.In(name(c.ident()), c.value().stream().map(this::value).toList(), s);
    }

    private Value value(ValueContext ctx) {
        List<Value.Term> terms = new ArrayList<>();
        for (ValueTermContext t : ctx.valueTerm()) {
            if (t instanceof NumberTermContext n) terms.add(new Value.Term.Number(literal(n.number())));
            else if (t instanceof NegativeTermContext n) terms.add(new Value.Term.Negative(literal(n.number()), span(n)));
            else terms.add(new Value.Term.Constant(name(((ConstantTermContext) t).ident())));
        }
        return new Value(terms, span(ctx));
    }

    private Entry.AppArmorRule apparmor(ApparmorRuleContext ctx) {
        if (ctx instanceof ApparmorNetworkRuleContext c) {
            List<AppArmorAtom> atoms = new ArrayList<>();
            for (NetworkAtomContext a : c.networkAtom()) {
                atoms.add(a instanceof NetworkCommonAtomContext common ? atom(common.apparmorAtom())
                        : new AppArmorAtom.Word(a.getText(), span(a)));
            }
            return new Entry.AppArmorRule(qualifiers(c.apparmorQualifier()), name(c.NETWORK()), atoms, span(c));
        }
        if (ctx instanceof ApparmorRawRuleContext c) {
            return new Entry.AppArmorRule(qualifiers(c.apparmorQualifier()), name(c.RAW()),
                    List.of(new AppArmorAtom.Quoted(str(c.STRING().getSymbol()))), span(c));
        }
        ApparmorGenericRuleContext c = (ApparmorGenericRuleContext) ctx;
        List<AppArmorAtom> atoms = c.apparmorAtom().stream().map(this::atom).toList();
        return new Entry.AppArmorRule(qualifiers(c.apparmorQualifier()), name(c.apparmorFamily().getStart()), atoms, span(c));
    }

    private List<Name> qualifiers(List<ApparmorQualifierContext> list) {
        return list.stream().map(q -> name(q.getStart())).toList();
    }

    private AppArmorAtom atom(ApparmorAtomContext ctx) {
        if (ctx instanceof ApparmorWordAtomContext c) return new AppArmorAtom.Word(c.getText(), span(c));
        if (ctx instanceof ApparmorStringContext c) return new AppArmorAtom.Quoted(str(c.STRING().getSymbol()));
        if (ctx instanceof ApparmorArrowContext c) return new AppArmorAtom.Arrow(span(c));
        if (ctx instanceof ApparmorCommaContext c) return new AppArmorAtom.Comma(span(c));
        ApparmorOptionContext c = (ApparmorOptionContext) ctx;
        String key = c.apparmorWord().getText();
        ApparmorOptionValueContext v = c.apparmorOptionValue();
        if (v instanceof ApparmorOptionWordContext w) {
            return new AppArmorAtom.Option(key, List.of(new AppArmorAtom.Word(w.getText(), span(w))), false, span(c));
        }
        if (v instanceof ApparmorOptionStringContext q) {
            return new AppArmorAtom.Option(key, List.of(new AppArmorAtom.Quoted(str(q.STRING().getSymbol()))), false, span(c));
        }
        List<AppArmorAtom> values = new ArrayList<>();
        for (ApparmorOptionItemContext item : ((ApparmorOptionListContext) v).apparmorOptionItem()) {
            values.add(item.STRING() != null ? new AppArmorAtom.Quoted(str(item.STRING().getSymbol()))
                    : new AppArmorAtom.Word(item.getText(), span(item)));
        }
        return new AppArmorAtom.Option(key, values, true, span(c));
    }

    private Entry.Limit limit(LimitStmtContext ctx) {
        return new Entry.Limit(name(ctx.ident()), literal(ctx.limitValue()), span(ctx));
    }

    private Entry.Rlimit rlimit(RlimitStmtContext ctx) {
        Optional<Literal> hard = ctx.rlimitValue().size() > 1 ? Optional.of(literal(ctx.rlimitValue(1))) : Optional.empty();
        return new Entry.Rlimit(name(ctx.IDENT().getSymbol()), literal(ctx.rlimitValue(0)), hard, span(ctx));
    }

    private Entry.Network network(NetworkStmtContext ctx) {
        if (ctx instanceof VethStmtContext c) {
            return c.STRING() != null
                    ? new Entry.Veth(Optional.of(str(c.STRING().getSymbol())), Optional.empty(), span(c))
                    : new Entry.Veth(Optional.empty(), Optional.of(name(c.IDENT().getSymbol())), span(c));
        }
        if (ctx instanceof NicsStmtContext c) return new Entry.Nics(literal(c.number()), span(c));
        return new Entry.NoNetwork(span(ctx));
    }

    // deviceStmt: ident ident deviceNumber ':' deviceNumber ident
    private Entry.Device device(DeviceStmtContext ctx) {
        return new Entry.Device(name(ctx.ident(0)), name(ctx.ident(1)), deviceNumber(ctx.deviceNumber(0)),
                deviceNumber(ctx.deviceNumber(1)), name(ctx.ident(2)), span(ctx));
    }

    private Optional<Literal> deviceNumber(DeviceNumberContext ctx) {
        return ctx.number() == null ? Optional.empty() : Optional.of(literal(ctx.number()));
    }

    private Entry.Filesystem filesystem(FilesystemStmtContext ctx) {
        if (ctx instanceof FilesystemModeContext c) return new Entry.FsMode(name(c.getStart()), name(c.ident()), span(c));
        if (ctx instanceof FilesystemPathsContext c) {
            return new Entry.FsPaths(name(c.getStart()), c.STRING().stream().map(t -> str(t.getSymbol())).toList(), span(c));
        }
        FilesystemMountContext c = (FilesystemMountContext) ctx;
        List<TerminalNode> strings = c.STRING();
        Optional<Name> typeWord = Optional.ofNullable(c.ident()).map(this::name);
        Optional<Str> typeString = typeWord.isPresent() ? Optional.empty() : Optional.of(str(strings.get(2).getSymbol()));
        int optionsIndex = typeWord.isPresent() ? 2 : 3;
        Optional<Str> options = c.OPTIONS() != null ? Optional.of(str(strings.get(optionsIndex).getSymbol())) : Optional.empty();
        return new Entry.FsMount(str(strings.get(0).getSymbol()), str(strings.get(1).getSymbol()), typeWord, typeString,
                options, span(c));
    }

    private Entry.ExpectCall expectCall(ExpectCallContext ctx) {
        return new Entry.ExpectCall(name(ctx.ident()), ctx.value().stream().map(this::value).toList(),
                ctx.LPAREN() != null, span(ctx));
    }

    private Literal literal(ParserRuleContext ctx) {
        Token t = ctx.getStart();
        Literal.Kind kind = switch (t.getType()) {
            case WardLexer.HEX -> Literal.Kind.HEX;
            case WardLexer.OCTAL -> Literal.Kind.OCTAL;
            case WardLexer.DECIMAL -> Literal.Kind.DECIMAL;
            case WardLexer.SIZED -> Literal.Kind.SIZED;
            case WardLexer.NUMBER -> Literal.Kind.NUMBER;
            default -> Literal.Kind.KEYWORD;
        };
        return new Literal(kind, t.getText(), span(t));
    }

    private Name name(ParserRuleContext ctx) {
        return new Name(ctx.getText(), span(ctx));
    }

    private Name name(TerminalNode node) {
        return name(node.getSymbol());
    }

    private Name name(Token t) {
        return new Name(t.getText(), span(t));
    }

    private Str str(Token t) {
        String raw = t.getText();
        String value = StringLiterals.decode(raw, file, t.getLine(), t.getCharPositionInLine() + 1, quiet).orElse("");
        return new Str(raw, value, span(t));
    }

    private Span span(Token t) {
        int col = t.getCharPositionInLine() + 1;
        return new Span(file, t.getLine(), col, t.getLine(), col + t.getText().codePointCount(0, t.getText().length()));
    }

    private Span span(ParserRuleContext ctx) {
        Span start = span(ctx.getStart());
        Token stopToken = ctx.getStop() == null || ctx.getStop().getTokenIndex() < ctx.getStart().getTokenIndex()
                ? ctx.getStart() : ctx.getStop();
        Span stop = span(stopToken);
        return new Span(file, start.line(), start.column(), stop.endLine(), stop.endColumn());
    }
}
