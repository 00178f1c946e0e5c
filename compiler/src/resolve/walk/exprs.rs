//! Expressions and `match` patterns.

use super::{FunctionBody, Resolver, Write};
use crate::ast::visit::for_each_operand;
use crate::ast::*;
use crate::resolve::*;
use crate::typecheck::signatures::MUTATING_METHODS;

impl<'p> Resolver<'_, 'p> {
    // ----- expressions -----

    pub(super) fn target(&mut self, target: &'p AssignTarget, write: Write) {
        match target {
            AssignTarget::Name(ident) => self.write_name(ident, write),
            AssignTarget::Member { object, .. } => self.expr(object),
            AssignTarget::Index { object, index } => {
                self.expr(object);
                self.expr(index);
            }
            AssignTarget::Pattern { pattern, threshold } => {
                if let Some(t) = threshold {
                    self.expr(t);
                }
                self.assign_pattern(pattern);
            }
        }
    }

    pub(super) fn expr(&mut self, expr: &'p Expr) {
        match &expr.kind {
            ExprKind::Ident(ident) => self.read_name(ident),
            ExprKind::Function(f) => {
                if let Some(c) = &f.confidence {
                    self.expr(c);
                }
                self.function_body(
                    f.span,
                    &f.params,
                    FunctionBody::Block(&f.body),
                    &f.assigned,
                    f.name.as_ref(),
                );
            }
            ExprKind::Lambda(lambda) => {
                let body = match &lambda.body {
                    LambdaBody::Expr(e) => FunctionBody::Expr(e),
                    LambdaBody::Block(b) => FunctionBody::Block(b),
                };
                self.function_body(lambda.span, &lambda.params, body, &lambda.assigned, None);
            }
            ExprKind::Update { target, .. } => self.target(target, Write::Update),
            ExprKind::Pipe { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for arm in arms {
                    self.push_scope();
                    self.in_match_pattern += 1;
                    self.bind_match_pattern(&arm.pattern);
                    self.in_match_pattern -= 1;
                    if let Some(t) = &arm.threshold {
                        self.expr(t);
                    }
                    if let Some(g) = &arm.guard {
                        self.expr(g);
                    }
                    match &arm.body {
                        ArmBody::Expr(e) => self.expr(e),
                        ArmBody::Block(b) => self.block(b),
                    }
                    self.pop_scope();
                }
            }
            ExprKind::Assign { target, op, value } => {
                self.expr(value);
                let write = if *op == AssignOp::Assign { Write::Assign } else { Write::Compound };
                self.target(target, write);
            }
            // The object of a read `.k` or `[i]`, or of a method call that does not mutate it,
            // is only inspected (see `Resolution::escapes`).
            ExprKind::Member { object, .. } => self.inspect(object),
            ExprKind::Index { object, index, .. } => {
                self.inspect(object);
                self.expr(index);
            }
            ExprKind::Call { callee, args, .. } => {
                match &callee.kind {
                    ExprKind::Member { object, property, .. }
                        if !MUTATING_METHODS.contains(&property.name.as_str()) =>
                    {
                        self.inspect(object)
                    }
                    ExprKind::Member { object, .. } => self.expr(object),
                    _ => self.expr(callee),
                }
                for arg in args {
                    let (Argument::Expr(e) | Argument::Spread { argument: e, .. }) = arg;
                    self.expr(e);
                }
            }
            _ => for_each_operand(expr, |e| self.expr(e)),
        }
    }

    /// An operand whose value is only inspected when it is a variable.
    fn inspect(&mut self, object: &'p Expr) {
        match &object.kind {
            ExprKind::Ident(ident) => self.inspect_name(ident),
            _ => self.expr(object),
        }
    }

    pub(super) fn bind_match_pattern(&mut self, pattern: &'p MatchPattern) {
        match &pattern.kind {
            MatchPatternKind::Wildcard | MatchPatternKind::Literal(_) => {}
            MatchPatternKind::Binding(ident) => {
                self.declare(ident, BindingKind::MatchBinding, true);
            }
            MatchPatternKind::Array { elements, rest } => {
                for element in elements {
                    if let MatchArrayElement::Element { pattern, threshold } = element {
                        self.bind_match_pattern(pattern);
                        if let Some(t) = threshold {
                            self.expr(t);
                        }
                    }
                }
                if let Some(rest) = rest {
                    self.declare(rest, BindingKind::MatchBinding, true);
                }
            }
            MatchPatternKind::Object { props, rest } => {
                for prop in props {
                    if let PropKey::Computed(k) = &prop.key {
                        self.expr(k);
                    }
                    self.bind_match_pattern(&prop.pattern);
                    if let Some(t) = &prop.threshold {
                        self.expr(t);
                    }
                }
                if let Some(rest) = rest {
                    self.declare(rest, BindingKind::MatchBinding, true);
                }
            }
        }
    }
}
