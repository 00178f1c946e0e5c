//! Destructuring patterns (declarations, assignments, parameters) and `match` patterns.

use super::{Expr, Ident, PropKey};
use crate::span::Span;
use serde::Serialize;

/// A binding pattern (B §3.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pattern {
    pub kind: PatternKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PatternKind {
    Ident(Ident),
    /// `[a ~> 0.8, , [b, c], ...rest]`
    Array {
        elements: Vec<ArrayPatternElement>,
        rest: Option<Box<Pattern>>,
    },
    /// `{a, b: c ~> 0.5 = 1, ...rest}`
    Object {
        props: Vec<ObjectPatternProp>,
        rest: Option<Ident>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ArrayPatternElement {
    /// An empty slot that skips one element.
    Hole(Span),
    /// A target with its own confidence threshold, `a ~> 0.8`.
    Element { pattern: Pattern, threshold: Option<Expr> },
}

/// `key [: pattern] [~> threshold] [= default]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectPatternProp {
    pub key: PropKey,
    /// The target; for the shorthand `{a}` it is the name `a` itself.
    pub value: Pattern,
    pub shorthand: bool,
    pub threshold: Option<Expr>,
    /// Used when the key is missing (B §3.4).
    pub default: Option<Expr>,
    pub span: Span,
}

/// A pattern of a `match` arm (B §3.10).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchPattern {
    pub kind: MatchPatternKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MatchPatternKind {
    /// `_`
    Wildcard,
    Literal(Literal),
    /// A name, which binds the matched value.
    Binding(Ident),
    /// `[p, q ~> 0.7, , ...rest]`
    Array {
        elements: Vec<MatchArrayElement>,
        rest: Option<Ident>,
    },
    /// `{k, k: p, k ~> 0.7, ...rest}`
    Object {
        props: Vec<MatchObjectProp>,
        rest: Option<Ident>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Literal {
    Number(f64),
    String(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MatchArrayElement {
    Hole(Span),
    Element { pattern: MatchPattern, threshold: Option<Expr> },
}

/// `key`, `key: pattern`, `key ~> threshold`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchObjectProp {
    pub key: PropKey,
    /// For the shorthand `{k}` a binding of `k`.
    pub pattern: MatchPattern,
    pub shorthand: bool,
    pub threshold: Option<Expr>,
    pub span: Span,
}
