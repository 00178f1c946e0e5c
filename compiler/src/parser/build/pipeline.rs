//! Pipelines: `lhs |> rhs` replaces every `_` of `rhs` by a copy of `lhs` at parse time
//! (B §2.2). The walk follows the reference: it enters operators, calls, plain conditionals,
//! array and object literals, member and index accesses and `~>`, but not lambda or function
//! bodies, `~?` conditionals, `await`, strings, `?.` accesses or `match`. Copies get fresh
//! node ids. The walk uses an explicit stack, so it is safe at any depth.

use crate::ast::visit::{NodeMut, for_each_expr_mut};
use crate::ast::*;
use crate::diagnostics::{Diagnostic, codes};
use crate::parser::context::{MAX_PIPELINE_COPIES, ParseCtx, PipelineBudget};

pub fn pipe(ctx: &ParseCtx<'_>, op: PipeOp, lhs: Expr, mut rhs: Expr, l: usize, r: usize) -> Expr {
    // The resolver's scan sees the left side of `|>` only where `_` copies it: not source order.
    if op == PipeOp::Pipe && ctx.implicits().logged_within(lhs.span) {
        ctx.implicits().inexact(lhs.span.start);
    }
    let mut count = 0usize;
    walk_substitution_sites(&mut rhs, &mut |_| count += 1);
    let mut lhs = lhs;
    let mut size = 0usize;
    for_each_expr_mut(NodeMut::Expr(&mut lhs), |_| size += 1);
    let budget = if count == 0 {
        PipelineBudget::Granted
    } else {
        ctx.reserve_pipeline_copies(count.saturating_mul(size))
    };
    let placeholders = if count == 0 || budget == PipelineBudget::AlreadyExhausted {
        0
    } else if budget == PipelineBudget::Granted {
        walk_substitution_sites(&mut rhs, &mut |site| {
            let mut copy = lhs.clone();
            for_each_expr_mut(NodeMut::Expr(&mut copy), |e| e.id = ctx.fresh_id());
            *site = copy;
        });
        count
    } else {
        ctx.report_semantic(
            Diagnostic::error(codes::PIPELINE_TOO_LARGE, "pipeline expands to too much code")
                .with_primary(ctx.file, ctx.span(l, r), "this pipeline")
                .with_note(format!(
                    "each `_` is replaced by a copy of the left side; this file would need more than {MAX_PIPELINE_COPIES} copied nodes"
                ))
                .with_help("store the left side in a variable and use the variable instead of `_`"),
        );
        0
    };
    let placeholders = u32::try_from(placeholders).unwrap_or(u32::MAX);
    ctx.expr(ExprKind::Pipe { op, lhs: Box::new(lhs), rhs: Box::new(rhs), placeholders }, l, r)
}

/// Calls `at_site` on every `_` the substitution reaches.
fn walk_substitution_sites(root: &mut Expr, at_site: &mut dyn FnMut(&mut Expr)) {
    let mut stack = vec![root];
    while let Some(expr) = stack.pop() {
        if matches!(expr.kind, ExprKind::Placeholder) {
            at_site(expr);
            continue;
        }
        match &mut expr.kind {
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Pipe { lhs, rhs, .. } => {
                stack.push(lhs);
                stack.push(rhs);
            }
            ExprKind::Unary { op, operand } if *op != UnaryOp::Await => stack.push(operand),
            ExprKind::Call { callee, args, optional: false } => {
                stack.push(callee);
                for arg in args {
                    match arg {
                        Argument::Expr(e) | Argument::Spread { argument: e, .. } => stack.push(e),
                    }
                }
            }
            ExprKind::Conditional { cond, then_branch, else_branch } => {
                stack.push(cond);
                stack.push(then_branch);
                stack.push(else_branch);
            }
            ExprKind::Array(elements) => {
                for element in elements {
                    match element {
                        ArrayElement::Expr(e) | ArrayElement::Spread { argument: e, .. } => {
                            stack.push(e)
                        }
                        ArrayElement::Hole(_) => {}
                    }
                }
            }
            ExprKind::Object(props) => {
                for prop in props {
                    match prop {
                        ObjectProp::Property { value, .. } => stack.push(value),
                        ObjectProp::Spread { argument, .. } => stack.push(argument),
                    }
                }
            }
            ExprKind::Member { object, access, .. } if *access != MemberAccess::Optional => {
                stack.push(object)
            }
            ExprKind::Index { object, index, optional: false } => {
                stack.push(object);
                stack.push(index);
            }
            ExprKind::Confidence { value, confidence } => {
                stack.push(value);
                stack.push(confidence);
            }
            _ => {}
        }
    }
}
