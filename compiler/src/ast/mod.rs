//! The syntax tree of one Prism file, as built by [`crate::parser`].
//!
//! Every node carries the byte [`Span`] of the source it came from. Every expression also has a
//! [`NodeId`], unique within its file, so that later stages (name resolution, type checking,
//! code generation) can keep their facts in side tables instead of mutating the tree.
//! Identifiers are [`Ident`]s at binding sites and use sites alike.
//!
//! The tree is faithful to the source: parentheses leave no node, `undefined` is the null
//! literal (LANGUAGE.md D3), and a pipeline keeps its left side while its right side already
//! has every `_` replaced (B §2.2).

mod expr;
mod pattern;
mod stmt;
pub mod visit;

pub use expr::*;
pub use pattern::*;
pub use stmt::*;

use crate::span::Span;
use serde::Serialize;

/// Identity of an expression within one file, handed out in parse order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NodeId(pub u32);

impl std::fmt::Debug for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A name, where it is bound or where it is used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal in a position that is not an expression (module paths, context names,
/// quoted object keys). `value` has its escapes processed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// One parsed file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Program {
    /// The `/** … */` comment before the first statement: the pattern header (D12).
    pub header: Option<DocComment>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// A `/** … */` comment, kept verbatim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocComment {
    /// The full comment source, including `/**` and `*/`.
    pub text: String,
    pub span: Span,
}
