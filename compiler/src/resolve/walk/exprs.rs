//! Expressions and `match` patterns.

use super::{FunctionBody, Resolver};
use crate::ast::*;
use crate::resolve::*;

impl Resolver<'_> {
    // ----- expressions -----

    pub(super) fn target(&mut self, target: &AssignTarget, compound: bool) {
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

    pub(super) fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Bool(_)
            | ExprKind::Null
            | ExprKind::Placeholder => {}
            ExprKind::Ident(ident) => self.read_name(ident),
            ExprKind::Template(parts) => {
                for part in parts {
                    if let TemplatePart::Hole(e) = part {
                        self.expr(e);
                    }
                }
            }
            ExprKind::Array(elements) => {
                for element in elements {
                    match element {
                        ArrayElement::Expr(e) | ArrayElement::Spread { argument: e, .. } => {
                            self.expr(e)
                        }
                        ArrayElement::Hole(_) => {}
                    }
                }
            }
            ExprKind::Object(props) => {
                for prop in props {
                    match prop {
                        ObjectProp::Property { key, value, .. } => {
                            if let PropKey::Computed(k) = key {
                                self.expr(k);
                            }
                            self.expr(value);
                        }
                        ObjectProp::Spread { argument, .. } => self.expr(argument),
                    }
                }
            }
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
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Update { target, .. } => self.target(target, true),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Confidence { value, confidence } => {
                self.expr(value);
                self.expr(confidence);
            }
            ExprKind::Conditional { cond, then_branch, else_branch }
            | ExprKind::ConfidentConditional { cond, then_branch, else_branch } => {
                self.expr(cond);
                self.expr(then_branch);
                self.expr(else_branch);
            }
            ExprKind::Member { object, .. } => self.expr(object),
            ExprKind::Index { object, index, .. } => {
                self.expr(object);
                self.expr(index);
            }
            ExprKind::Call { callee, args, .. } => {
                self.expr(callee);
                for arg in args {
                    match arg {
                        Argument::Expr(e) | Argument::Spread { argument: e, .. } => self.expr(e),
                    }
                }
            }
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
        }
    }

    pub(super) fn bind_match_pattern(&mut self, pattern: &MatchPattern) {
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
