//! Expression nodes.

use super::pattern::expr_to_target;
use super::{Signature, Slot, check_params};
use crate::ast::*;
use crate::diagnostics::{Diagnostic, codes};
use crate::parser::context::{CoverEntry, ParseCtx};
use crate::parser::implicits::FunctionParts;
use crate::span::Span;

pub use super::pipeline::pipe;

/// An operator found right after a `~>` confidence.
#[derive(Debug, Clone, Copy)]
pub enum Infix {
    Binary(BinaryOp),
    /// A second `~>`.
    Confidence,
}

/// An object-literal property as written, before it is known whether the literal is an
/// expression or a destructuring pattern.
pub enum PropSyntax {
    KeyValue { key: PropKey, value: Expr, default: Option<Expr>, span: Span },
    Shorthand { name: Ident, threshold: Option<Expr>, default: Option<Expr>, span: Span },
    Spread { argument: Expr, span: Span },
}

fn boxed(expr: Expr) -> Box<Expr> {
    Box::new(expr)
}

pub fn binary(ctx: &ParseCtx<'_>, op: BinaryOp, lhs: Expr, rhs: Expr, l: usize, r: usize) -> Expr {
    ctx.expr(ExprKind::Binary { op, lhs: boxed(lhs), rhs: boxed(rhs) }, l, r)
}

pub fn unary(ctx: &ParseCtx<'_>, op: UnaryOp, operand: Expr, l: usize, r: usize) -> Expr {
    ctx.expr(ExprKind::Unary { op, operand: boxed(operand) }, l, r)
}

pub fn confidence(ctx: &ParseCtx<'_>, value: Expr, confidence: Expr, l: usize, r: usize) -> Expr {
    ctx.expr(ExprKind::Confidence { value: boxed(value), confidence: boxed(confidence) }, l, r)
}

/// `y = x ~> 0.5 - 0.1`: the confidence is one unary expression (D14); report P0012 and read
/// the rest as if it had been parenthesised.
pub fn operator_after_confidence(
    ctx: &ParseCtx<'_>,
    value: Expr,
    conf: Expr,
    op: (Infix, usize, usize),
    rest: Expr,
    l: usize,
    r: usize,
) -> Expr {
    let (infix, op_l, op_r) = op;
    let op_span = ctx.span(op_l, op_r);
    let written = ctx.text(conf.span.to(rest.span));
    ctx.report_semantic(
        Diagnostic::error(
            codes::CONFIDENCE_OPERAND,
            format!("binary operator `{}` after a `~>` confidence", ctx.text(op_span)),
        )
        .with_primary(ctx.file, op_span, "this operator")
        .with_secondary(ctx.file, conf.span, "the confidence after `~>` ends here")
        .with_help(format!("put the whole confidence in parentheses: `~> ({written})`")),
    );
    let (cl, rr) = (conf.span.start as usize, rest.span.end as usize);
    let combined = match infix {
        Infix::Binary(op) => binary(ctx, op, conf, rest, cl, rr),
        Infix::Confidence => confidence(ctx, conf, rest, cl, rr),
    };
    confidence(ctx, value, combined, l, r)
}

pub fn conditional(
    ctx: &ParseCtx<'_>,
    confident: bool,
    cond: Expr,
    then_branch: Expr,
    else_branch: Expr,
    l: usize,
    r: usize,
) -> Expr {
    let (cond, then_branch, else_branch) = (boxed(cond), boxed(then_branch), boxed(else_branch));
    let kind = if confident {
        ExprKind::ConfidentConditional { cond, then_branch, else_branch }
    } else {
        ExprKind::Conditional { cond, then_branch, else_branch }
    };
    ctx.expr(kind, l, r)
}

pub fn member(
    ctx: &ParseCtx<'_>,
    object: Expr,
    property: Ident,
    access: MemberAccess,
    l: usize,
    r: usize,
) -> Expr {
    ctx.expr(ExprKind::Member { object: boxed(object), property, access }, l, r)
}

pub fn index(
    ctx: &ParseCtx<'_>,
    object: Expr,
    index: Expr,
    optional: bool,
    l: usize,
    r: usize,
) -> Expr {
    ctx.expr(ExprKind::Index { object: boxed(object), index: boxed(index), optional }, l, r)
}

pub fn call(
    ctx: &ParseCtx<'_>,
    callee: Expr,
    args: Vec<Argument>,
    optional: bool,
    l: usize,
    r: usize,
) -> Expr {
    let mut args = args;
    // Stored as is and walked by every later stage: no spare room to spread the tree.
    args.shrink_to_fit();
    ctx.expr(ExprKind::Call { callee: boxed(callee), args, optional }, l, r)
}

/// `++x`, `x--`: the operand must be a name, member or index.
pub fn update(
    ctx: &ParseCtx<'_>,
    op: UpdateOp,
    prefix: bool,
    operand: Expr,
    l: usize,
    r: usize,
) -> Expr {
    let symbol = if op == UpdateOp::Increment { "++" } else { "--" };
    match expr_to_target(ctx, operand, false, symbol) {
        Ok(target) => {
            if let AssignTarget::Name(ident) = &target {
                ctx.implicits().assigned(ident);
            }
            ctx.expr(ExprKind::Update { op, prefix, target: Box::new(target) }, l, r)
        }
        Err(operand) => operand,
    }
}

/// `target op= value`, converting the target expression into what it denotes.
pub fn assign(
    ctx: &ParseCtx<'_>,
    target: Expr,
    op: (AssignOp, usize, usize),
    value: Expr,
    l: usize,
    r: usize,
) -> Expr {
    let (op, op_l, op_r) = op;
    let symbol = ctx.text(ctx.span(op_l, op_r));
    match expr_to_target(ctx, target, op == AssignOp::Assign, symbol) {
        Ok(target) => {
            match &target {
                AssignTarget::Name(ident) => ctx.implicits().assigned(ident),
                AssignTarget::Pattern { pattern, .. } => ctx.implicits().assigned_pattern(pattern),
                AssignTarget::Member { .. } | AssignTarget::Index { .. } => {}
            }
            ctx.expr(ExprKind::Assign { target: Box::new(target), op, value: boxed(value) }, l, r)
        }
        Err(_) => value,
    }
}

pub fn array(ctx: &ParseCtx<'_>, slots: Vec<Slot<ArrayElement>>, l: usize, r: usize) -> Expr {
    let elements = slots_to_elements(slots, |at| ArrayElement::Hole(Span::from_range(at..at)));
    ctx.expr(ExprKind::Array(elements), l, r)
}

/// Turns comma-separated slots into elements: empty slots are holes, except a final empty
/// slot after a comma, which is a trailing comma (D4).
fn slots_to_elements<T>(mut slots: Vec<Slot<T>>, hole: impl Fn(usize) -> T) -> Vec<T> {
    if matches!(slots.last(), Some(Slot::Empty(_))) {
        slots.pop();
    }
    let mut elements: Vec<T> = slots
        .into_iter()
        .map(|slot| match slot {
            Slot::Empty(at) => hole(at),
            Slot::Filled(element) => element,
        })
        .collect();
    // The collection may reuse the slots' vector, with its spare room.
    elements.shrink_to_fit();
    elements
}

/// An object literal. Pattern-only parts (`{a = 1}`, `{a ~> 0.5}`) are kept aside; they become
/// P0017 errors unless the literal is destructured.
pub fn object(ctx: &ParseCtx<'_>, props: Vec<Box<PropSyntax>>, l: usize, r: usize) -> Expr {
    let mut cover = Vec::new();
    let mut out = Vec::with_capacity(props.len());
    for (i, prop) in props.into_iter().enumerate() {
        match *prop {
            PropSyntax::KeyValue { key, value, default, span } => {
                if let Some(default) = default {
                    let at = Span::new(value.span.end, default.span.end);
                    cover.push(CoverEntry { prop: i, default: Some(default), span: at });
                }
                out.push(ObjectProp::Property { key, value, shorthand: false, span });
            }
            PropSyntax::Shorthand { name, threshold, default, span } => {
                let name_span = name.span;
                let mut value = ctx.expr(
                    ExprKind::Ident(name.clone()),
                    name_span.start as usize,
                    name_span.end as usize,
                );
                let mut odd = None;
                if let Some(threshold) = threshold {
                    odd = Some(Span::new(name_span.end, threshold.span.end));
                    value = confidence(
                        ctx,
                        value,
                        threshold,
                        name_span.start as usize,
                        span.end as usize,
                    );
                }
                if let Some(default) = &default {
                    odd = Some(odd.map_or(Span::new(name_span.end, default.span.end), |s| {
                        s.to(default.span)
                    }));
                }
                if let Some(at) = odd {
                    cover.push(CoverEntry { prop: i, default, span: at });
                }
                out.push(ObjectProp::Property {
                    key: PropKey::Ident(name),
                    value,
                    shorthand: true,
                    span,
                });
            }
            PropSyntax::Spread { argument, span } => {
                out.push(ObjectProp::Spread { argument, span })
            }
        }
    }
    let object = ctx.expr(ExprKind::Object(out), l, r);
    if !cover.is_empty() {
        ctx.add_cover(object.id, cover);
    }
    object
}

pub fn function_expr(
    ctx: &ParseCtx<'_>,
    is_async: bool,
    name: Option<Ident>,
    signature: Box<Signature>,
    body: Block,
    l: usize,
    r: usize,
) -> Expr {
    let function = super::function_node(ctx, is_async, name, signature, body, l, r, false);
    ctx.expr(ExprKind::Function(function), l, r)
}

pub fn lambda(
    ctx: &ParseCtx<'_>,
    is_async: bool,
    params: Vec<Box<Param>>,
    body: LambdaBody,
    l: usize,
    r: usize,
) -> Expr {
    let params = super::unbox_vec(params);
    check_params(ctx, &params);
    let span = ctx.span(l, r);
    let body_span = match &body {
        LambdaBody::Block(block) => block.span,
        LambdaBody::Expr(e) => e.span,
    };
    let assigned = ctx.claim_assigned(&FunctionParts { whole: span, body: body_span, outer: None });
    ctx.expr(ExprKind::Lambda(Box::new(Lambda { params, body, is_async, span, assigned })), l, r)
}

/// `x => body`.
pub fn lambda_ident(
    ctx: &ParseCtx<'_>,
    is_async: bool,
    name: Ident,
    body: LambdaBody,
    l: usize,
    r: usize,
) -> Expr {
    let span = name.span;
    let param = Param { pattern: super::ident_pattern(name), default: None, rest: false, span };
    lambda(ctx, is_async, vec![Box::new(param)], body, l, r)
}

pub fn match_expr(
    ctx: &ParseCtx<'_>,
    scrutinee: Expr,
    arms: Vec<MatchArm>,
    l: usize,
    r: usize,
) -> Expr {
    ctx.expr(ExprKind::Match { scrutinee: boxed(scrutinee), arms }, l, r)
}
