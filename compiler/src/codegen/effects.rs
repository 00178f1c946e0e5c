//! Effect inference: which functions and lambdas may suspend and so compile to async Rust.
//!
//! A function is *directly* async when its own body (not counting nested functions) contains
//! `await`, a call whose callee the compiler cannot prove synchronous (a parameter, a property
//! of data, an agent handle, an unknown method name, an async built-in such as `delay`), or a
//! call that passes a parameter as an argument (it may be an async callback). A call of a user
//! function, or passing one as a callback, makes the caller async when the callee is; this is
//! solved to a fixpoint. Everything else is sync.

use crate::ast::visit::{NodeMut, for_each_expr_mut};
use crate::ast::{
    Argument, Block, Expr, ExprKind, LambdaBody, MemberAccess, Program, Stmt, StmtKind, UnaryOp,
};
use crate::resolve::{BindingId, BindingKind, Resolution};
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// Built-ins that complete without suspending when the functions they receive do.
const SYNC_BUILTINS: &[&str] = &[
    "print",
    "map",
    "filter",
    "reduce",
    "max",
    "min",
    "confidence",
    "threshold",
    "consensus",
    "aggregate",
    "sortBy",
    "groupBy",
    "Number",
    "String",
    "Boolean",
    "parseInt",
    "parseFloat",
    "isNaN",
];

/// Method names of built-in values that complete without suspending when the functions they
/// receive do (arrays, strings, numbers, `Math`, `JSON`, `Object`, `Array`, `Date`,
/// `console`).
const SYNC_METHODS: &[&str] = &[
    "map",
    "filter",
    "reduce",
    "forEach",
    "find",
    "findIndex",
    "some",
    "every",
    "includes",
    "indexOf",
    "lastIndexOf",
    "slice",
    "concat",
    "join",
    "sort",
    "reverse",
    "flat",
    "flatMap",
    "pop",
    "shift",
    "unshift",
    "push",
    "length",
    "toFixed",
    "toString",
    "startsWith",
    "endsWith",
    "substring",
    "split",
    "trim",
    "toUpperCase",
    "toLowerCase",
    "replace",
    "replaceAll",
    "repeat",
    "padStart",
    "padEnd",
    "charAt",
    "trimStart",
    "trimEnd",
    "abs",
    "floor",
    "ceil",
    "round",
    "sqrt",
    "pow",
    "log",
    "exp",
    "random",
    "max",
    "min",
    "stringify",
    "parse",
    "keys",
    "values",
    "entries",
    "assign",
    "isArray",
    "now",
    "debug",
    "error",
    "warn",
    "info",
    "trunc",
    "sign",
    "isInteger",
    "fromEntries",
    "sum",
    "filterByConfidence",
];

/// The spans (as keys of `Resolution::function_at`) of the functions that must be async.
pub fn async_functions(program: &Program, res: &Resolution) -> HashSet<Span> {
    let mut spans: Vec<Span> = res.function_at.keys().copied().collect();
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let fn_of_binding = user_functions(program, res);
    let primitives = crate::primitives::imported(program, res);
    let innermost = |at: Span| -> Option<Span> {
        spans
            .iter()
            .filter(|f| f.start <= at.start && at.end <= f.end && **f != at)
            .min_by_key(|f| f.end - f.start)
            .copied()
    };
    let mut direct: HashSet<Span> = HashSet::new();
    let mut edges: Vec<(Span, Span)> = Vec::new();
    let mut copy = program.clone();
    let mut visit = |e: &mut Expr| {
        let mut evidence = false;
        let mut callees: Vec<Span> = Vec::new();
        match &e.kind {
            ExprKind::Unary { op: UnaryOp::Await, .. } => evidence = true,
            ExprKind::Call { callee, args, .. } => {
                match &callee.kind {
                    ExprKind::Member { property, access, .. } => {
                        if *access == MemberAccess::Confident
                            || !SYNC_METHODS.contains(&property.name.as_str())
                        {
                            evidence = true;
                        }
                    }
                    ExprKind::Ident(id) => match res.binding_at(id.span) {
                        Some(b) if b.kind == BindingKind::Builtin => {
                            if !SYNC_BUILTINS.contains(&b.name.as_str()) {
                                evidence = true;
                            }
                        }
                        _ => match res.resolve(id.span) {
                            crate::resolve::Resolved::Binding(bid) => {
                                match fn_of_binding.get(&bid) {
                                    Some(f) => callees.push(*f),
                                    // A sync primitive suspends only through the functions
                                    // it receives, which the argument rule below covers.
                                    None => match primitives.get(&bid).map(|p| p.effect) {
                                        Some(
                                            crate::primitives::Effect::Pure
                                            | crate::primitives::Effect::Sync,
                                        ) => {}
                                        _ => evidence = true,
                                    },
                                }
                            }
                            crate::resolve::Resolved::Unresolved => {}
                        },
                    },
                    _ => evidence = true,
                }
                // A pure primitive never calls what it is given: its arguments cannot suspend.
                let pure_callee = is_pure_primitive(callee, res, &primitives);
                for a in args.iter().filter(|_| !pure_callee) {
                    let (Argument::Expr(x) | Argument::Spread { argument: x, .. }) = a;
                    if let ExprKind::Ident(id) = &x.kind
                        && let crate::resolve::Resolved::Binding(bid) = res.resolve(id.span)
                    {
                        match fn_of_binding.get(&bid) {
                            Some(f) => callees.push(*f),
                            None => {
                                let b = res.binding(bid);
                                if !matches!(
                                    b.kind,
                                    BindingKind::Let | BindingKind::Const | BindingKind::Implicit
                                ) || b.reassigned
                                {
                                    evidence = true;
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some(f) = innermost(e.span) {
            if evidence {
                direct.insert(f);
            }
            for c in callees {
                edges.push((f, c));
            }
        }
    };
    for s in copy.body.iter_mut() {
        for_each_expr_mut(NodeMut::Stmt(s), &mut visit);
    }
    let mut set = direct;
    loop {
        let before = set.len();
        for (from, to) in &edges {
            if set.contains(to) {
                set.insert(*from);
            }
        }
        if set.len() == before {
            break;
        }
    }
    set
}

/// Whether `callee` names an imported primitive that never calls the functions it receives.
fn is_pure_primitive(
    callee: &Expr,
    res: &Resolution,
    primitives: &HashMap<BindingId, &'static crate::primitives::Primitive>,
) -> bool {
    let ExprKind::Ident(id) = &callee.kind else { return false };
    match res.resolve(id.span) {
        crate::resolve::Resolved::Binding(bid) => {
            primitives.get(&bid).is_some_and(|p| p.effect == crate::primitives::Effect::Pure)
        }
        crate::resolve::Resolved::Unresolved => false,
    }
}

/// User functions by the binding that names them (declarations, and `let`/`const`/implicit
/// bindings initialised with a function and never reassigned).
fn user_functions(program: &Program, res: &Resolution) -> HashMap<BindingId, Span> {
    let mut out = HashMap::new();
    collect_stmts(&program.body, res, &mut out);
    out
}

fn collect_stmts(stmts: &[Stmt], res: &Resolution, out: &mut HashMap<BindingId, Span>) {
    for s in stmts {
        collect_stmt(s, res, out);
    }
}

fn fn_span(e: &Expr) -> Option<(Span, Option<&Block>)> {
    match &e.kind {
        ExprKind::Function(f) => Some((f.span, Some(&f.body))),
        ExprKind::Lambda(l) => Some((
            l.span,
            match &l.body {
                LambdaBody::Block(b) => Some(b),
                LambdaBody::Expr(_) => None,
            },
        )),
        _ => None,
    }
}

fn collect_stmt(s: &Stmt, res: &Resolution, out: &mut HashMap<BindingId, Span>) {
    let bind = |name_span: Span, f: Span, out: &mut HashMap<BindingId, Span>| {
        if let crate::resolve::Resolved::Binding(id) = res.resolve(name_span)
            && !res.binding(id).reassigned
            && res.function_at.contains_key(&f)
        {
            out.insert(id, f);
        }
    };
    match &s.kind {
        StmtKind::Function(f) | StmtKind::Export(crate::ast::Export::Function(f)) => {
            if let Some(n) = &f.name {
                bind(n.span, f.span, out);
            }
            collect_stmts(&f.body.stmts, res, out);
        }
        StmtKind::Let(d) | StmtKind::Export(crate::ast::Export::Let(d)) => {
            if let crate::ast::PatternKind::Ident(id) = &d.pattern.kind
                && let Some(init) = &d.init
                && let Some((span, body)) = fn_span(init)
            {
                bind(id.span, span, out);
                if let Some(b) = body {
                    collect_stmts(&b.stmts, res, out);
                }
            }
        }
        StmtKind::Block(b) => collect_stmts(&b.stmts, res, out),
        StmtKind::If { then_branch, else_branch, .. } => {
            collect_stmt(then_branch, res, out);
            if let Some(e) = else_branch {
                collect_stmt(e, res, out);
            }
        }
        StmtKind::While { body, .. }
        | StmtKind::DoWhile { body, .. }
        | StmtKind::ForIn { body, .. }
        | StmtKind::ForOf { body, .. }
        | StmtKind::For { body, .. } => collect_stmt(body, res, out),
        StmtKind::Try { body, catch, finally } => {
            collect_stmts(&body.stmts, res, out);
            if let Some(c) = catch {
                collect_stmts(&c.body.stmts, res, out);
            }
            if let Some(f) = finally {
                collect_stmts(&f.stmts, res, out);
            }
        }
        _ => {}
    }
}
