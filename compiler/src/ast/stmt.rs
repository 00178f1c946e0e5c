//! Statements, blocks and module-level declarations.

use super::{Expr, Function, Ident, Pattern, StringLit};
use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// Rare or large parts are boxed so that a statement stays small (88 bytes): blocks hold their
/// statements inline, and every walk of the tree streams through them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum StmtKind {
    /// An expression statement; assignments are expressions of kind `Assign`.
    Expr(Expr),
    Let(Box<LetDecl>),
    Function(Box<Function>),
    Return(Option<Expr>),
    If {
        cond: Expr,
        then_branch: Box<Stmt>,
        else_branch: Option<Box<Stmt>>,
    },
    /// `while cond body`; the reference takes no parentheses, `while (c)` is a grouped condition.
    While {
        cond: Expr,
        body: Box<Stmt>,
    },
    DoWhile {
        body: Box<Stmt>,
        cond: Expr,
    },
    /// C-style `for`, with or without parentheses around the header.
    For {
        init: Option<Box<ForInit>>,
        cond: Option<Box<Expr>>,
        update: Option<Box<Expr>>,
        body: Box<Stmt>,
    },
    /// `for item in iterable` / `for item, index in iterable`.
    ForIn {
        item: Ident,
        index: Option<Ident>,
        iterable: Box<Expr>,
        body: Box<Stmt>,
    },
    /// `for ([let|const] pattern of iterable)`.
    ForOf {
        decl: Option<DeclKind>,
        pattern: Box<Pattern>,
        iterable: Box<Expr>,
        body: Box<Stmt>,
    },
    /// `uncertain if/while/for` with its confidence-level branches.
    Uncertain(Box<Uncertain>),
    Break,
    Continue,
    Throw(Expr),
    Try {
        body: Block,
        catch: Option<Box<CatchClause>>,
        finally: Option<Block>,
    },
    Block(Block),
    Import(Box<Import>),
    Export(Export),
    /// `agents { name: Agent { key: value, … }, … }`.
    Agents(Vec<AgentDecl>),
    /// `in context Name { … } [-> Target]`.
    Context {
        name: ContextName,
        body: Block,
        shift_to: Option<Box<ContextName>>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DeclKind {
    Let,
    Const,
}

/// `let pattern [= init]` / `const pattern = init`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetDecl {
    pub kind: DeclKind,
    pub pattern: Pattern,
    pub init: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ForInit {
    Let(LetDecl),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertain {
    pub head: UncertainHead,
    pub branches: Vec<UncertainBranch>,
}

// `For` is the large variant; the whole head already lives behind `StmtKind::Uncertain`'s box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum UncertainHead {
    If { cond: Expr },
    While { cond: Expr },
    For { init: Option<ForInit>, cond: Option<Expr>, update: Option<Expr> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncertainBranch {
    pub level: UncertainLevel,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UncertainLevel {
    High,
    Medium,
    Low,
    Default,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatchClause {
    pub param: Option<Ident>,
    pub body: Block,
    pub span: Span,
}

/// `import d, { a, b as c } from "m"`, `import * as ns from "m"`, `import "m"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Import {
    pub default: Option<Ident>,
    pub namespace: Option<Ident>,
    pub named: Vec<ImportSpecifier>,
    pub source: StringLit,
}

/// `imported [as local]`; without `as`, `local` equals `imported`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSpecifier {
    pub imported: Ident,
    pub local: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Export {
    /// `export default expr`
    Default(Expr),
    /// `export let/const …`
    Let(Box<LetDecl>),
    /// `export [async] function f …`
    Function(Box<Function>),
    /// `export x = e`
    Assign { name: Ident, value: Box<Expr> },
    /// `export { a, b as c } [from "m"]`
    Named { specifiers: Vec<ExportSpecifier>, source: Option<StringLit> },
    /// `export * from "m"`
    All { source: StringLit },
}

/// `local [as exported]`; without `as`, `exported` equals `local`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportSpecifier {
    pub local: Ident,
    pub exported: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentDecl {
    pub name: Ident,
    pub config: Vec<AgentConfigEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentConfigEntry {
    pub key: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ContextName {
    Ident(Ident),
    String(StringLit),
}
