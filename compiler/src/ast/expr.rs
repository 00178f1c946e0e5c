//! Expressions.

use super::{AssignedNames, Block, Ident, MatchPattern, NodeId, Pattern, StringLit};
use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub id: NodeId,
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExprKind {
    /// A number literal, as JavaScript's `parseFloat` reads it.
    Number(f64),
    /// A string literal without interpolation, escapes processed.
    String(String),
    /// A string with `${…}` holes: quoted, template or triple-backtick.
    Template(Vec<TemplatePart>),
    Bool(bool),
    /// `null`, and `undefined` (D3).
    Null,
    Ident(Ident),
    /// `_` outside a pipeline (inside one it has been replaced).
    Placeholder,
    Array(Vec<ArrayElement>),
    Object(Vec<ObjectProp>),
    /// `function [name](…) {…}` in expression position.
    Function(Box<Function>),
    /// `(a, b) => …`, `x => …`, `async (x) => …`.
    Lambda(Box<Lambda>),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `++x`, `x++`, `--x`, `x--`.
    Update {
        op: UpdateOp,
        prefix: bool,
        target: Box<AssignTarget>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `value ~> confidence`.
    Confidence {
        value: Box<Expr>,
        confidence: Box<Expr>,
    },
    /// `cond ? then_branch : else_branch`.
    Conditional {
        cond: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Box<Expr>,
    },
    /// `cond ~? then_branch : else_branch`.
    ConfidentConditional {
        cond: Box<Expr>,
        then_branch: Box<Expr>,
        else_branch: Box<Expr>,
    },
    /// `o.k`, `o?.k`, `o ~. k`.
    Member {
        object: Box<Expr>,
        property: Ident,
        access: MemberAccess,
    },
    /// `a[i]`, or `a?.[i]` when `optional`.
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
        optional: bool,
    },
    /// `f(x, ...xs)`, or `f?.(x)` when `optional`.
    Call {
        callee: Box<Expr>,
        args: Vec<Argument>,
        optional: bool,
    },
    /// `lhs |> rhs` or `lhs ~|> rhs`. `rhs` already holds a fresh copy of `lhs` in place of each
    /// of its `placeholders` `_` (B §2.2); with `|>` only `rhs` is evaluated, so `lhs` runs once
    /// per placeholder and not at all without one. With `~|>` both sides are evaluated.
    Pipe {
        op: PipeOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        placeholders: u32,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<MatchArm>,
    },
    /// `target = value`, `target += value`, …; also destructuring `[a, b] ~> t = value`.
    Assign {
        target: Box<AssignTarget>,
        op: AssignOp,
        value: Box<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TemplatePart {
    /// Literal text, escapes processed.
    Text {
        value: String,
        span: Span,
    },
    Hole(Expr),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ArrayElement {
    Expr(Expr),
    Spread {
        argument: Expr,
        span: Span,
    },
    /// An empty slot, `[1, , 2]`; evaluates to null.
    Hole(Span),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ObjectProp {
    /// `key: value`, or the shorthand `key` (then `value` is the identifier `key`).
    Property {
        key: PropKey,
        value: Expr,
        shorthand: bool,
        span: Span,
    },
    Spread {
        argument: Expr,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PropKey {
    /// `name: …` (keywords are allowed, D4).
    Ident(Ident),
    /// `"quoted name": …`.
    String(StringLit),
    /// `[expr]: …`.
    Computed(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Argument {
    Expr(Expr),
    Spread { argument: Expr, span: Span },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MemberAccess {
    /// `o.k`
    Dot,
    /// `o?.k`
    Optional,
    /// `o ~. k`
    Confident,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PipeOp {
    /// `|>`
    Pipe,
    /// `~|>`
    ConfidencePipe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UnaryOp {
    /// `!x`
    Not,
    /// `-x`
    Neg,
    /// `~x`, which returns `x` unchanged.
    Tilde,
    /// `<~ x`: the confidence of `x`.
    ConfidenceOf,
    /// `typeof x`
    Typeof,
    /// `await x`
    Await,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UpdateOp {
    Increment,
    Decrement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNotEq,
    Lt,
    Le,
    Gt,
    Ge,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `??`
    Nullish,
    Instanceof,
    /// `~~`
    ConfidenceChain,
    /// `~??`
    ConfidenceCoalesce,
    /// `~&&`
    ConfidenceAnd,
    /// `~||`
    ConfidenceOr,
    /// `~+`
    ConfidenceAdd,
    /// `~-`
    ConfidenceSub,
    /// `~*`
    ConfidenceMul,
    /// `~/`
    ConfidenceDiv,
    /// `~==`
    ConfidenceEq,
    /// `~!=`
    ConfidenceNotEq,
    /// `~<`
    ConfidenceLt,
    /// `~<=`
    ConfidenceLe,
    /// `~>=`
    ConfidenceGe,
    /// `~||>`: the operand with the higher confidence.
    ParallelConfidence,
    /// `~@>`: `b` if `a` is confident enough.
    ThresholdGate,
    /// `~?>`: the pipeline gate `x ~?> t` / `x ~?> [t, default]`.
    ConfidenceThresholdGate,
}

impl BinaryOp {
    /// The operator as written in Prism source.
    pub fn symbol(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
            Pow => "**",
            Eq => "==",
            NotEq => "!=",
            StrictEq => "===",
            StrictNotEq => "!==",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            And => "&&",
            Or => "||",
            Nullish => "??",
            Instanceof => "instanceof",
            ConfidenceChain => "~~",
            ConfidenceCoalesce => "~??",
            ConfidenceAnd => "~&&",
            ConfidenceOr => "~||",
            ConfidenceAdd => "~+",
            ConfidenceSub => "~-",
            ConfidenceMul => "~*",
            ConfidenceDiv => "~/",
            ConfidenceEq => "~==",
            ConfidenceNotEq => "~!=",
            ConfidenceLt => "~<",
            ConfidenceLe => "~<=",
            ConfidenceGe => "~>=",
            ParallelConfidence => "~||>",
            ThresholdGate => "~@>",
            ConfidenceThresholdGate => "~?>",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    Div,
    /// `%=`
    Rem,
    /// `~+=`
    ConfidenceAdd,
    /// `~-=`
    ConfidenceSub,
    /// `~*=`
    ConfidenceMul,
    /// `~/=`
    ConfidenceDiv,
}

impl AssignOp {
    /// The binary operator a compound assignment applies (`x op= e` is `x = x op (e)`);
    /// `None` for plain `=`.
    pub fn binary(self) -> Option<BinaryOp> {
        match self {
            AssignOp::Assign => None,
            AssignOp::Add => Some(BinaryOp::Add),
            AssignOp::Sub => Some(BinaryOp::Sub),
            AssignOp::Mul => Some(BinaryOp::Mul),
            AssignOp::Div => Some(BinaryOp::Div),
            AssignOp::Rem => Some(BinaryOp::Rem),
            AssignOp::ConfidenceAdd => Some(BinaryOp::ConfidenceAdd),
            AssignOp::ConfidenceSub => Some(BinaryOp::ConfidenceSub),
            AssignOp::ConfidenceMul => Some(BinaryOp::ConfidenceMul),
            AssignOp::ConfidenceDiv => Some(BinaryOp::ConfidenceDiv),
        }
    }
}

/// What an assignment or `++`/`--` writes to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum AssignTarget {
    /// `x = …` (declares `x` implicitly when it is not in scope, D2).
    Name(Ident),
    /// `o.k = …`
    Member { object: Box<Expr>, property: Ident },
    /// `a[i] = …`
    Index { object: Box<Expr>, index: Box<Expr> },
    /// `[a, b] = …`, `{a, b} ~> 0.8 = …`: destructuring with an optional global threshold.
    Pattern { pattern: Box<Pattern>, threshold: Option<Box<Expr>> },
}

/// A named function, declared or in expression position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Function {
    pub name: Option<Ident>,
    pub params: Vec<Param>,
    pub body: Block,
    pub is_async: bool,
    /// `function f(x) ~> 0.8 { … }`.
    pub confidence: Option<Expr>,
    pub span: Span,
    /// The names the body assigns.
    #[serde(skip)]
    pub assigned: AssignedNames,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lambda {
    pub params: Vec<Param>,
    pub body: LambdaBody,
    pub is_async: bool,
    pub span: Span,
    /// The names the body assigns.
    #[serde(skip)]
    pub assigned: AssignedNames,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum LambdaBody {
    Expr(Box<Expr>),
    Block(Block),
}

/// One parameter: a name or destructuring pattern, with an optional default (used when the
/// argument is missing or null, D19), or a final `...rest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    pub pattern: Pattern,
    pub default: Option<Expr>,
    pub rest: bool,
    pub span: Span,
}

/// `pattern [~> threshold] [if guard] => body`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchArm {
    pub pattern: MatchPattern,
    pub threshold: Option<Expr>,
    pub guard: Option<Expr>,
    pub body: ArmBody,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ArmBody {
    Expr(Expr),
    Block(Block),
}
