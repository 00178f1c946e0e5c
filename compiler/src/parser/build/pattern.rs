//! Patterns: built directly where the grammar knows one is coming (`let`, parameters,
//! `for … of`, match arms), or converted from an expression when an assignment reveals that an
//! array or object literal was a destructuring target.
//!
//! The conversions recurse as deep as the literal nests, which the layout pass bounds.

use super::{ElemSyntax, Slot};
use crate::ast::*;
use crate::diagnostics::{Diagnostic, codes};
use crate::parser::context::ParseCtx;
use crate::span::Span;

pub enum PatternPropSyntax {
    Shorthand {
        name: Ident,
        threshold: Option<Expr>,
        default: Option<Expr>,
        span: Span,
    },
    KeyValue {
        key: PropKey,
        value: Pattern,
        threshold: Option<Expr>,
        default: Option<Expr>,
        span: Span,
    },
    Rest(Ident, Span),
}

pub enum MatchPropSyntax {
    Shorthand { name: Ident, threshold: Option<Expr>, span: Span },
    KeyValue { key: PropKey, pattern: MatchPattern, threshold: Option<Expr>, span: Span },
    Rest(Ident, Span),
}

pub fn ident_pattern(ident: Ident) -> Pattern {
    let span = ident.span;
    Pattern { kind: PatternKind::Ident(ident), span }
}

fn rest_not_last(ctx: &ParseCtx<'_>, span: Span) {
    ctx.report_semantic(
        Diagnostic::error(codes::INVALID_REST, "rest element is not the last element")
            .with_primary(ctx.file, span, "this rest element")
            .with_help("a `...rest` element collects everything left, so it must come last"),
    );
}

fn invalid_pattern(ctx: &ParseCtx<'_>, span: Span, what: &str) {
    ctx.report_semantic(
        Diagnostic::error(codes::INVALID_PATTERN, format!("invalid destructuring pattern: {what}"))
            .with_primary(ctx.file, span, "not allowed in a pattern")
            .with_help("a pattern holds names, nested `[…]`/`{…}` patterns, `~> threshold`s, defaults in objects, holes and a final `...rest`"),
    );
}

/// Turns the slots of an array pattern into elements and a final rest; empty slots are holes
/// except a trailing comma's, and a rest that is not last is reported.
fn collect_elements<P, E>(
    ctx: &ParseCtx<'_>,
    mut slots: Vec<Slot<Box<ElemSyntax<P>>>>,
    hole: impl Fn(Span) -> E,
    element: impl Fn(P, Option<Expr>) -> E,
) -> (Vec<E>, Option<P>) {
    if matches!(slots.last(), Some(Slot::Empty(_))) {
        slots.pop();
    }
    let count = slots.len();
    let mut elements = Vec::with_capacity(count);
    let mut rest = None;
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Slot::Empty(at) => elements.push(hole(Span::from_range(at..at))),
            Slot::Filled(syntax) => match *syntax {
                ElemSyntax::Element(p, threshold) => elements.push(element(p, threshold)),
                ElemSyntax::Rest(p, span) => {
                    if i + 1 == count {
                        rest = Some(p);
                    } else {
                        rest_not_last(ctx, span);
                    }
                }
            },
        }
    }
    (elements, rest)
}

pub fn array_pattern(
    ctx: &ParseCtx<'_>,
    slots: Vec<Slot<Box<ElemSyntax<Pattern>>>>,
    l: usize,
    r: usize,
) -> Pattern {
    let (elements, rest) =
        collect_elements(ctx, slots, ArrayPatternElement::Hole, |pattern, threshold| {
            ArrayPatternElement::Element { pattern, threshold }
        });
    Pattern {
        kind: PatternKind::Array { elements, rest: rest.map(Box::new) },
        span: ctx.span(l, r),
    }
}

pub fn object_pattern(
    ctx: &ParseCtx<'_>,
    props: Vec<Box<PatternPropSyntax>>,
    l: usize,
    r: usize,
) -> Pattern {
    let count = props.len();
    let mut out = Vec::with_capacity(count);
    let mut rest = None;
    for (i, prop) in props.into_iter().enumerate() {
        match *prop {
            PatternPropSyntax::Shorthand { name, threshold, default, span } => {
                out.push(ObjectPatternProp {
                    key: PropKey::Ident(name.clone()),
                    value: ident_pattern(name),
                    shorthand: true,
                    threshold,
                    default,
                    span,
                });
            }
            PatternPropSyntax::KeyValue { key, value, threshold, default, span } => {
                check_key(ctx, &key);
                out.push(ObjectPatternProp {
                    key,
                    value,
                    shorthand: false,
                    threshold,
                    default,
                    span,
                });
            }
            PatternPropSyntax::Rest(name, span) => {
                if i + 1 == count {
                    rest = Some(name);
                } else {
                    rest_not_last(ctx, span);
                }
            }
        }
    }
    Pattern { kind: PatternKind::Object { props: out, rest }, span: ctx.span(l, r) }
}

fn check_key(ctx: &ParseCtx<'_>, key: &PropKey) {
    if let PropKey::Computed(expr) = key {
        invalid_pattern(ctx, expr.span, "computed keys cannot be destructured");
    }
}

pub fn match_pattern(
    ctx: &ParseCtx<'_>,
    kind: MatchPatternKind,
    l: usize,
    r: usize,
) -> MatchPattern {
    MatchPattern { kind, span: ctx.span(l, r) }
}

pub fn match_array(
    ctx: &ParseCtx<'_>,
    slots: Vec<Slot<Box<ElemSyntax<MatchPattern>>>>,
    l: usize,
    r: usize,
) -> MatchPattern {
    let (elements, rest) =
        collect_elements(ctx, slots, MatchArrayElement::Hole, |pattern, threshold| {
            MatchArrayElement::Element { pattern, threshold }
        });
    let rest = rest.and_then(|p| match p.kind {
        MatchPatternKind::Binding(name) => Some(name),
        _ => {
            invalid_pattern(ctx, p.span, "a match rest element needs a name (`...rest`)");
            None
        }
    });
    match_pattern(ctx, MatchPatternKind::Array { elements, rest }, l, r)
}

pub fn match_object(
    ctx: &ParseCtx<'_>,
    props: Vec<Box<MatchPropSyntax>>,
    l: usize,
    r: usize,
) -> MatchPattern {
    let count = props.len();
    let mut out = Vec::with_capacity(count);
    let mut rest = None;
    for (i, prop) in props.into_iter().enumerate() {
        match *prop {
            MatchPropSyntax::Shorthand { name, threshold, span } => {
                let binding =
                    MatchPattern { span: name.span, kind: MatchPatternKind::Binding(name.clone()) };
                out.push(MatchObjectProp {
                    key: PropKey::Ident(name),
                    pattern: binding,
                    shorthand: true,
                    threshold,
                    span,
                });
            }
            MatchPropSyntax::KeyValue { key, pattern, threshold, span } => {
                check_key(ctx, &key);
                out.push(MatchObjectProp { key, pattern, shorthand: false, threshold, span });
            }
            MatchPropSyntax::Rest(name, span) => {
                if i + 1 == count {
                    rest = Some(name);
                } else {
                    rest_not_last(ctx, span);
                }
            }
        }
    }
    match_pattern(ctx, MatchPatternKind::Object { props: out, rest }, l, r)
}

/// What an assignment (`allow_pattern`) or `++`/`--` writes to. On error the expression is
/// handed back so the caller can keep a node in the tree.
pub fn expr_to_target(
    ctx: &ParseCtx<'_>,
    expr: Expr,
    allow_pattern: bool,
    operator: &str,
) -> Result<AssignTarget, Expr> {
    let span = expr.span;
    let id = expr.id;
    match expr.kind {
        ExprKind::Ident(name) => Ok(AssignTarget::Name(name)),
        ExprKind::Member { object, property, access: MemberAccess::Dot } => {
            Ok(AssignTarget::Member { object, property })
        }
        ExprKind::Index { object, index, optional: false } => {
            Ok(AssignTarget::Index { object, index })
        }
        kind @ (ExprKind::Array(_) | ExprKind::Object(_)) if allow_pattern => {
            let literal = Expr { id, kind, span };
            pattern_or_null(ctx, literal).map(|pattern| AssignTarget::Pattern {
                pattern: Box::new(pattern),
                threshold: None,
            })
        }
        ExprKind::Confidence { value, confidence }
            if allow_pattern && matches!(value.kind, ExprKind::Array(_) | ExprKind::Object(_)) =>
        {
            pattern_or_null(ctx, *value).map(|pattern| AssignTarget::Pattern {
                pattern: Box::new(pattern),
                threshold: Some(confidence),
            })
        }
        kind => {
            let why = match &kind {
                ExprKind::Member { access: MemberAccess::Optional, .. }
                | ExprKind::Index { optional: true, .. } => "cannot assign through `?.`",
                ExprKind::Member { access: MemberAccess::Confident, .. } => {
                    "cannot assign through `~.`"
                }
                ExprKind::Array(_) | ExprKind::Object(_) | ExprKind::Confidence { .. } => {
                    "destructuring needs a plain `=`"
                }
                _ => "not a name, member access or index",
            };
            let message = if allow_pattern || operator.ends_with('=') {
                format!("invalid assignment target for `{operator}`")
            } else {
                format!("invalid operand for `{operator}`")
            };
            let mut diagnostic = Diagnostic::error(codes::INVALID_ASSIGNMENT_TARGET, message)
                .with_primary(ctx.file, span, why)
                .with_help("only names (`x`), member accesses (`o.k`), index accesses (`a[i]`) and, with `=`, destructuring patterns can be assigned to");
            if ctx.text(span).contains('\n') {
                diagnostic = diagnostic.with_note(
                    "this target spans lines: a line that ends with an operator continues on the next line",
                );
            }
            ctx.report_semantic(diagnostic);
            Err(Expr { id, kind, span })
        }
    }
}

fn pattern_or_null(ctx: &ParseCtx<'_>, literal: Expr) -> Result<Pattern, Expr> {
    let (id, span) = (literal.id, literal.span);
    expr_to_pattern(ctx, literal).ok_or(Expr { id, kind: ExprKind::Null, span })
}

/// Reads an expression as a destructuring pattern (B §3.4), reporting what cannot be one.
pub fn expr_to_pattern(ctx: &ParseCtx<'_>, expr: Expr) -> Option<Pattern> {
    let span = expr.span;
    match expr.kind {
        ExprKind::Ident(name) => Some(ident_pattern(name)),
        ExprKind::Array(elements) => {
            let count = elements.len();
            let mut out = Vec::with_capacity(count);
            let mut rest = None;
            let mut ok = true;
            for (i, element) in elements.into_iter().enumerate() {
                match element {
                    ArrayElement::Hole(at) => out.push(ArrayPatternElement::Hole(at)),
                    ArrayElement::Expr(e) => {
                        let (target, threshold) = split_threshold(e);
                        match expr_to_pattern(ctx, target) {
                            Some(pattern) => {
                                out.push(ArrayPatternElement::Element { pattern, threshold })
                            }
                            None => ok = false,
                        }
                    }
                    ArrayElement::Spread { argument, span } => {
                        if i + 1 != count {
                            rest_not_last(ctx, span);
                            ok = false;
                        } else {
                            match expr_to_pattern(ctx, argument) {
                                Some(pattern) => rest = Some(Box::new(pattern)),
                                None => ok = false,
                            }
                        }
                    }
                }
            }
            ok.then_some(Pattern { kind: PatternKind::Array { elements: out, rest }, span })
        }
        ExprKind::Object(props) => {
            let mut defaults: Vec<Option<Expr>> = (0..props.len()).map(|_| None).collect();
            for entry in ctx.take_cover(expr.id) {
                if let Some(slot) = defaults.get_mut(entry.prop) {
                    *slot = entry.default;
                }
            }
            let count = props.len();
            let mut out = Vec::with_capacity(count);
            let mut rest = None;
            let mut ok = true;
            for (i, (prop, default)) in props.into_iter().zip(defaults).enumerate() {
                match prop {
                    ObjectProp::Property { key, value, shorthand, span } => {
                        check_key(ctx, &key);
                        let (target, threshold) = split_threshold(value);
                        match expr_to_pattern(ctx, target) {
                            Some(value) => out.push(ObjectPatternProp {
                                key,
                                value,
                                shorthand,
                                threshold,
                                default,
                                span,
                            }),
                            None => ok = false,
                        }
                    }
                    ObjectProp::Spread { argument, span } => {
                        if i + 1 != count {
                            rest_not_last(ctx, span);
                            ok = false;
                        } else if let ExprKind::Ident(name) = argument.kind {
                            rest = Some(name);
                        } else {
                            invalid_pattern(
                                ctx,
                                argument.span,
                                "an object rest element needs a name",
                            );
                            ok = false;
                        }
                    }
                }
            }
            ok.then_some(Pattern { kind: PatternKind::Object { props: out, rest }, span })
        }
        _ => {
            invalid_pattern(ctx, span, "this expression cannot be assigned to");
            None
        }
    }
}

/// `a ~> 0.8` inside a pattern is the target `a` with a threshold.
fn split_threshold(expr: Expr) -> (Expr, Option<Expr>) {
    match expr.kind {
        ExprKind::Confidence { value, confidence } => (*value, Some(*confidence)),
        kind => (Expr { kind, ..expr }, None),
    }
}
