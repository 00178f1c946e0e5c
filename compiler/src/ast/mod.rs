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
use std::rc::Rc;

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
    pub name: Name,
    pub span: Span,
}

/// The text of an identifier, interned per file by the parser: equal names share one string,
/// and each carries its index in the file's [`Program::names`], so that later stages can keep
/// per-name facts in arrays instead of hashing the text again. The count is not atomic: a tree
/// stays on the thread that parsed it, and atomic counts would cost about 5% of parse time.
#[derive(Clone)]
pub struct Name {
    text: Rc<str>,
    symbol: u32,
}

impl Name {
    /// Only the parser's interner makes names, which keeps every symbol of a program an index
    /// into its [`Program::names`].
    pub(crate) fn new(text: Rc<str>, symbol: u32) -> Self {
        Name { text, symbol }
    }

    /// Index of this name in [`Program::names`] of the program it belongs to.
    pub fn symbol(&self) -> usize {
        self.symbol as usize
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, shared with every other occurrence of the name.
    pub fn shared_text(&self) -> Rc<str> {
        Rc::clone(&self.text)
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

// Names compare by text: two programs may intern the same text under different symbols.
impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.text == other.text
    }
}

impl Eq for Name {}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.text == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.text == *other
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.text, f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// The names a function body (or the top level) assigns, as the parser saw them: the candidates
/// for its implicit declarations (LANGUAGE.md D2), in source order, possibly repeated, without
/// nested functions. `None` when the parser cannot tell exactly (a syntax error, an assignment
/// inside a pipeline's left side or a destructuring default, …): the resolver then scans the
/// body itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssignedNames(pub Option<Box<[Ident]>>);

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
    /// Every distinct identifier of the file, indexed by [`Name::symbol`].
    #[serde(skip)]
    pub names: Vec<Name>,
    /// The names the top level assigns.
    #[serde(skip)]
    pub assigned: AssignedNames,
}

/// A `/** … */` comment, kept verbatim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocComment {
    /// The full comment source, including `/**` and `*/`.
    pub text: String,
    pub span: Span,
}
