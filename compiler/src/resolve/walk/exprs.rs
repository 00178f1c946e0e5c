//! Expressions and `match` patterns.

use super::{FunctionBody, Resolver};
use crate::ast::visit::for_each_operand;
use crate::ast::*;
use crate::resolve::*;

impl<'p> Resolver<'_, 'p> {
    // ----- expressions -----

    pub(super) fn target(&mut self, target: &'p AssignTarget, compound: bool) {
        match target {
            AssignTarget::Name(ident) => self.write_name(ident, compound),
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
                    f.name.as_ref(),
                );
            }
            ExprKind::Lambda(lambda) => {
                let body = match &lambda.body {
                    LambdaBody::Expr(e) => FunctionBody::Expr(e),
                    LambdaBody::Block(b) => FunctionBody::Block(b),
                };
                self.function_body(lambda.span, &lambda.params, body, None);
            }
            ExprKind::Update { target, .. } => self.target(target, true),
            ExprKind::Pipe { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for arm in arms {
                    self.push_scope();
                    self.bind_match_pattern(&arm.pattern);
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
                self.target(target, *op != AssignOp::Assign);
            }
            _ => for_each_operand(expr, |e| self.expr(e)),
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
