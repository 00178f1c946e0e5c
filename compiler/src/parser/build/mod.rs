//! Node construction for the grammar's actions, with the checks a context-free grammar cannot
//! make (rest parameters last, duplicate parameters, `const` initialisers, uncertain branches).

// The grammar hands large values over boxed: the generated parser moves its symbol on every
// reduction, and the symbol is as large as the largest nonterminal type.
#![allow(clippy::vec_box, clippy::boxed_local)]

mod chain;
mod expr;
mod pattern;
mod pipeline;
mod template;

pub use chain::{OperatorChain, resolve_chain};
pub use expr::*;
pub use pattern::*;
pub use template::{string_expr, string_lit, template_expr};

use super::Abort;
use super::context::ParseCtx;
use super::implicits::FunctionParts;
use super::tokens::Tok;
use crate::ast::*;
use crate::diagnostics::{Diagnostic, codes};
use lalrpop_util::{ErrorRecovery, ParseError};

/// What one run of the generated parser produced.
pub enum Entry {
    Program(Vec<Stmt>),
    /// The expression of an interpolation hole.
    Hole(Expr),
}

/// `init; cond; update` of a C-style `for`.
pub struct ForHeader {
    pub init: Option<ForInit>,
    pub cond: Option<Expr>,
    pub update: Option<Expr>,
}

pub fn for_header(
    init: Option<Box<ForInit>>,
    cond: Option<Expr>,
    update: Option<Expr>,
) -> Box<ForHeader> {
    Box::new(ForHeader { init: init.map(|i| *i), cond, update })
}

/// The items of a statement list or arm list, without the separators' `None`s.
pub fn unbox_all<T>(items: Vec<Option<Box<T>>>) -> Vec<T> {
    items.into_iter().flatten().map(|item| *item).collect()
}

/// A comma-separated list. The common one-element list gets a vector of exactly one instead
/// of the four a first push reserves (such lists are stored in the tree as they are).
pub fn comma_list<T>(mut items: Vec<T>, last: Option<T>) -> Vec<T> {
    if items.is_empty() {
        let mut only = Vec::with_capacity(usize::from(last.is_some()));
        only.extend(last);
        return only;
    }
    items.extend(last);
    items
}

pub fn unbox_vec<T>(items: Vec<Box<T>>) -> Vec<T> {
    items.into_iter().map(|item| *item).collect()
}

impl ForHeader {
    pub fn into_uncertain(self) -> UncertainHead {
        UncertainHead::For { init: self.init, cond: self.cond, update: self.update }
    }
}

/// Parameters and `~> confidence` of a function.
pub struct Signature {
    pub params: Vec<Param>,
    pub confidence: Option<Expr>,
}

/// One comma-separated slot of an array literal or pattern.
pub enum Slot<T> {
    /// Nothing between two commas: a hole, at this offset.
    Empty(usize),
    Filled(T),
}

/// An element of an array pattern as written.
pub enum ElemSyntax<P> {
    Element(P, Option<Expr>),
    Rest(P, crate::span::Span),
}

/// The parser's error-recovery action: reports the error and resumes at the next statement,
/// unless too many errors were reported already.
pub fn recover<'s>(
    ctx: &ParseCtx<'s>,
    recovery: ErrorRecovery<usize, Tok<'s>, Abort>,
) -> Result<Option<Stmt>, ParseError<usize, Tok<'s>, Abort>> {
    super::errors::report(ctx, &recovery.error);
    if ctx.gave_up() { Err(ParseError::User { error: Abort::TooManyErrors }) } else { Ok(None) }
}

/// `do body while (cond)`.
pub fn do_while(ctx: &ParseCtx<'_>, body: Stmt, cond: Expr, l: usize, r: usize) -> Stmt {
    ctx.implicits().body_scope(&body);
    // The resolver's scan takes the condition before the body: not source order.
    if ctx.implicits().logged_within(cond.span) {
        ctx.implicits().inexact(body.span.start);
    }
    stmt(ctx, StmtKind::DoWhile { body: Box::new(body), cond }, l, r)
}

pub fn catch_clause(
    ctx: &ParseCtx<'_>,
    param: Option<Ident>,
    body: Block,
    l: usize,
    r: usize,
) -> Box<CatchClause> {
    if let Some(param) = &param {
        ctx.implicits().scope(body.span, |declare| declare(param));
    }
    Box::new(CatchClause { param, body, span: ctx.span(l, r) })
}

/// `export name = value`.
pub fn export_assign(ctx: &ParseCtx<'_>, name: Ident, value: Expr) -> Box<Export> {
    ctx.implicits().assigned(&name);
    Box::new(Export::Assign { name, value: Box::new(value) })
}

pub fn agent_decl(
    ctx: &ParseCtx<'_>,
    name: Ident,
    config: Vec<Box<AgentConfigEntry>>,
    l: usize,
    r: usize,
) -> Option<AgentDecl> {
    ctx.implicits().assigned(&name);
    Some(AgentDecl { name, config: unbox_vec(config), span: ctx.span(l, r) })
}

/// `{ … }`: a scope of its own.
pub fn block(ctx: &ParseCtx<'_>, items: Vec<Option<Stmt>>, l: usize, r: usize) -> Block {
    let block = Block { stmts: statements(items), span: ctx.span(l, r) };
    ctx.implicits().block_scope(block.span, &block.stmts);
    block
}

/// The statements of a statement list without its empty ones (`;` and recovered errors), in a
/// vector of exactly their number: blocks are built once and only read afterwards, and the
/// checker and code generator walk them, so spare room would only spread the tree.
pub fn statements(items: Vec<Option<Stmt>>) -> Vec<Stmt> {
    let mut stmts = Vec::with_capacity(items.iter().filter(|item| item.is_some()).count());
    stmts.extend(items.into_iter().flatten());
    stmts
}

/// `while cond body`.
pub fn while_stmt(ctx: &ParseCtx<'_>, cond: Expr, body: Stmt, l: usize, r: usize) -> Stmt {
    ctx.implicits().body_scope(&body);
    stmt(ctx, StmtKind::While { cond, body: Box::new(body) }, l, r)
}

pub fn stmt(ctx: &ParseCtx<'_>, kind: StmtKind, l: usize, r: usize) -> Stmt {
    Stmt { kind, span: ctx.span(l, r) }
}

pub fn if_stmt(
    ctx: &ParseCtx<'_>,
    cond: Expr,
    then_branch: Stmt,
    else_branch: Option<Stmt>,
    l: usize,
    r: usize,
) -> Stmt {
    let mut implicits = ctx.implicits();
    implicits.body_scope(&then_branch);
    if let Some(e) = &else_branch {
        implicits.body_scope(e);
    }
    drop(implicits);
    let (then_branch, else_branch) = (Box::new(then_branch), else_branch.map(Box::new));
    stmt(ctx, StmtKind::If { cond, then_branch, else_branch }, l, r)
}

pub fn for_stmt(
    ctx: &ParseCtx<'_>,
    header: Box<ForHeader>,
    body: Stmt,
    l: usize,
    r: usize,
) -> Stmt {
    let ForHeader { init, cond, update } = *header;
    let mut implicits = ctx.implicits();
    implicits.body_scope(&body);
    if let Some(ForInit::Let(decl)) = &init {
        implicits.pattern_scope(ctx.span(l, r), &decl.pattern);
    }
    drop(implicits);
    let (init, cond, update) = (init.map(Box::new), cond.map(Box::new), update.map(Box::new));
    stmt(ctx, StmtKind::For { init, cond, update, body: Box::new(body) }, l, r)
}

pub fn for_in(
    ctx: &ParseCtx<'_>,
    item: Ident,
    index: Option<Ident>,
    iterable: Expr,
    body: Stmt,
    l: usize,
    r: usize,
) -> Stmt {
    let mut implicits = ctx.implicits();
    implicits.body_scope(&body);
    implicits.scope(body.span, |declare| {
        declare(&item);
        if let Some(index) = &index {
            declare(index);
        }
    });
    drop(implicits);
    let (iterable, body) = (Box::new(iterable), Box::new(body));
    stmt(ctx, StmtKind::ForIn { item, index, iterable, body }, l, r)
}

pub fn for_of(
    ctx: &ParseCtx<'_>,
    decl: Option<DeclKind>,
    pattern: Pattern,
    iterable: Expr,
    body: Stmt,
    l: usize,
    r: usize,
) -> Stmt {
    let mut implicits = ctx.implicits();
    // Scopes first: they look at the end of the log, where this statement's entries are.
    implicits.body_scope(&body);
    // The resolver's scan takes the iterable before the pattern: not source order.
    let iterable_assigns = implicits.logged_within(iterable.span);
    if iterable_assigns && (decl.is_none() || implicits.logged_within(pattern.span)) {
        implicits.inexact(pattern.span.start);
    } else if decl.is_some() {
        implicits.pattern_scope(body.span, &pattern);
    } else {
        implicits.assigned_pattern(&pattern);
    }
    drop(implicits);
    stmt(
        ctx,
        StmtKind::ForOf {
            decl,
            pattern: Box::new(pattern),
            iterable: Box::new(iterable),
            body: Box::new(body),
        },
        l,
        r,
    )
}

pub fn let_decl(
    ctx: &ParseCtx<'_>,
    kind: DeclKind,
    pattern: Pattern,
    init: Option<Expr>,
    l: usize,
    r: usize,
) -> Box<LetDecl> {
    let span = ctx.span(l, r);
    if kind == DeclKind::Const && init.is_none() {
        let name = match &pattern.kind {
            PatternKind::Ident(ident) => format!("`{}`", ident.name),
            _ => "this pattern".to_string(),
        };
        ctx.report_semantic(
            Diagnostic::error(
                codes::CONST_WITHOUT_INITIALIZER,
                "`const` declaration without initializer",
            )
            .with_primary(ctx.file, span, format!("{name} is never given a value"))
            .with_help("give it a value (`const x = …`) or declare it with `let`"),
        );
    }
    Box::new(LetDecl { kind, pattern, init, span })
}

/// A function declaration.
pub fn function(
    ctx: &ParseCtx<'_>,
    is_async: bool,
    name: Option<Ident>,
    signature: Box<Signature>,
    body: Block,
    l: usize,
    r: usize,
) -> Box<Function> {
    function_node(ctx, is_async, name, signature, body, l, r, true)
}

/// A function declaration or expression. A declaration's `~>` annotation runs in the
/// enclosing scope; an expression's is nobody's for implicit declarations (as in the resolver).
#[allow(clippy::too_many_arguments)]
pub fn function_node(
    ctx: &ParseCtx<'_>,
    is_async: bool,
    name: Option<Ident>,
    signature: Box<Signature>,
    body: Block,
    l: usize,
    r: usize,
    declaration: bool,
) -> Box<Function> {
    let Signature { params, confidence } = *signature;
    check_params(ctx, &params);
    let span = ctx.span(l, r);
    let outer = if declaration { confidence.as_ref().map(|c| c.span) } else { None };
    let assigned = ctx.claim_assigned(&FunctionParts { whole: span, body: body.span, outer });
    Box::new(Function { name, params, body, is_async, confidence, span, assigned })
}

pub fn param(
    ctx: &ParseCtx<'_>,
    pattern: Pattern,
    default: Option<Expr>,
    rest: bool,
    l: usize,
    r: usize,
) -> Box<Param> {
    Box::new(Param { pattern, default, rest, span: ctx.span(l, r) })
}

/// A rest parameter must come last (P0016) and no name may be bound twice (P0020).
pub fn check_params(ctx: &ParseCtx<'_>, params: &[Param]) {
    let mut rest_seen = false;
    for (i, param) in params.iter().enumerate() {
        if param.rest && i + 1 != params.len() && !rest_seen {
            rest_seen = true;
            ctx.report_semantic(
                Diagnostic::error(codes::INVALID_REST, "rest parameter is not the last parameter")
                    .with_primary(ctx.file, param.span, "this rest parameter")
                    .with_help(
                        "move `...` to the last parameter; it collects all remaining arguments",
                    ),
            );
        }
    }
    let mut seen: Vec<&Ident> = Vec::new();
    for param in params {
        let mut names = Vec::new();
        pattern_names(&param.pattern, &mut names);
        for name in names {
            if let Some(first) = seen.iter().find(|s| s.name == name.name) {
                ctx.report_semantic(
                    Diagnostic::error(
                        codes::DUPLICATE_PARAMETER,
                        format!("duplicate parameter name `{}`", name.name),
                    )
                    .with_primary(ctx.file, name.span, "bound again here")
                    .with_secondary(ctx.file, first.span, "first bound here"),
                );
            } else {
                seen.push(name);
            }
        }
    }
}

/// The names a pattern binds, in order. Patterns are as deep as the source nests them, which
/// the layout pass bounds.
fn pattern_names<'p>(pattern: &'p Pattern, out: &mut Vec<&'p Ident>) {
    match &pattern.kind {
        PatternKind::Ident(ident) => out.push(ident),
        PatternKind::Array { elements, rest } => {
            for element in elements {
                if let ArrayPatternElement::Element { pattern, .. } = element {
                    pattern_names(pattern, out);
                }
            }
            if let Some(rest) = rest {
                pattern_names(rest, out);
            }
        }
        PatternKind::Object { props, rest } => {
            for prop in props {
                pattern_names(&prop.value, out);
            }
            out.extend(rest);
        }
    }
}

pub fn import(
    default: Option<Ident>,
    namespace: Option<Ident>,
    named: Vec<ImportSpecifier>,
    source: StringLit,
) -> Box<Import> {
    Box::new(Import { default, namespace, named, source })
}

pub fn uncertain(
    ctx: &ParseCtx<'_>,
    head: UncertainHead,
    branches: Vec<UncertainBranch>,
    l: usize,
    r: usize,
) -> Stmt {
    // `uncertain if` lets a later branch replace an earlier one, as the reference does;
    // the loops reject duplicates (B §3.8).
    if !matches!(head, UncertainHead::If { .. }) {
        for (i, branch) in branches.iter().enumerate() {
            if let Some(first) = branches[..i].iter().find(|b| b.level == branch.level) {
                ctx.report_semantic(
                    Diagnostic::error(
                        codes::INVALID_UNCERTAIN_BRANCH,
                        format!("duplicate `{}` branch", level_name(branch.level)),
                    )
                    .with_primary(ctx.file, branch.span, "second branch for this level")
                    .with_secondary(ctx.file, first.span, "first one here")
                    .with_help("`uncertain while` and `uncertain for` allow each branch once"),
                );
            }
        }
    }
    if let UncertainHead::For { init: Some(ForInit::Let(decl)), .. } = &head {
        ctx.implicits().pattern_scope(ctx.span(l, r), &decl.pattern);
    }
    stmt(ctx, StmtKind::Uncertain(Box::new(Uncertain { head, branches })), l, r)
}

fn level_name(level: UncertainLevel) -> &'static str {
    match level {
        UncertainLevel::High => "high",
        UncertainLevel::Medium => "medium",
        UncertainLevel::Low => "low",
        UncertainLevel::Default => "default",
    }
}

/// `maybe { … }` inside an uncertain statement (P0014).
pub fn unknown_branch(
    ctx: &ParseCtx<'_>,
    word: &str,
    l: usize,
    r: usize,
) -> Option<UncertainBranch> {
    ctx.report_semantic(
        Diagnostic::error(
            codes::INVALID_UNCERTAIN_BRANCH,
            format!("`{word}` is not a branch of an uncertain statement"),
        )
        .with_primary(ctx.file, ctx.span(l, r), "unknown branch")
        .with_help("the branches are `high`, `medium`, `low` and `default`"),
    );
    None
}

#[cfg(test)]
mod tests {
    use crate::ast::{ExprKind, StmtKind};
    use crate::parser::parse;
    use crate::span::FileId;

    /// Statement lists, arguments and array elements are stored with no spare room: every
    /// later stage walks them, and spare room spreads the tree over more memory.
    #[test]
    fn lists_in_the_tree_have_no_spare_room() {
        let src =
            "function f(a) {\n  x = 1;\n  y = [1, 2, , 3]\n  return g(a, x, y)\n}\nf(1)\nh(1, 2)\n";
        let parsed = parse(FileId(0), src);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let body = &parsed.program.body;
        assert_eq!((body.len(), body.capacity()), (3, 3));
        let Some(StmtKind::Function(f)) = body.first().map(|s| &s.kind) else {
            panic!("not a function: {:?}", body.first());
        };
        assert_eq!((f.body.stmts.len(), f.body.stmts.capacity()), (3, 3));
        let mut lists = Vec::new();
        for stmt in &f.body.stmts[1..] {
            let expr = match &stmt.kind {
                StmtKind::Expr(e) => e,
                StmtKind::Return(Some(e)) => e,
                other => panic!("unexpected {other:?}"),
            };
            match &expr.kind {
                ExprKind::Assign { value, .. } => match &value.kind {
                    ExprKind::Array(elements) => lists.push((elements.len(), elements.capacity())),
                    other => panic!("unexpected {other:?}"),
                },
                ExprKind::Call { args, .. } => lists.push((args.len(), args.capacity())),
                other => panic!("unexpected {other:?}"),
            }
        }
        for stmt in &body[1..] {
            if let StmtKind::Expr(e) = &stmt.kind
                && let ExprKind::Call { args, .. } = &e.kind
            {
                lists.push((args.len(), args.capacity()));
            }
        }
        assert_eq!(lists, vec![(4, 4), (3, 3), (1, 1), (2, 2)]);
    }
}
