//! Name resolution: which binding every identifier of a file refers to (LANGUAGE.md D2, D12,
//! D13, D19; B §3.11).
//!
//! * `let`/`const` are block-scoped with a temporal dead zone; a read of one before its
//!   declaration in the same block is the run-time error `Undefined variable: x`.
//! * Assigning to a name that is not in scope declares it implicitly (D2), hoisted to the top of
//!   the nearest enclosing function body or the pattern's top level, like `var`. An assignment
//!   inside a nested function to a name an enclosing scope declares anywhere assigns that outer
//!   binding (D19).
//! * Top-level function declarations are hoisted; nested ones bind where they stand.
//! * The pattern globals (D12) and the built-ins are bindings of an outermost scope that a
//!   pattern may shadow or reassign.
//! * Imports bind the exports of other modules, checked against their interfaces (D13).
//!
//! The result is a side table keyed by the span of each identifier occurrence, plus per-binding
//! facts the code generator needs (which bindings are captured by closures, which are
//! reassigned, and which functions declare which implicit variables) and the type checker needs
//! (which bindings may be aliased or mutated, and where each is assigned).

mod scan;
pub use scan::pattern_names;
mod span_table;
pub use span_table::SpanTable;
mod symbols;
mod walk;

use crate::ast::{Name, Program};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Pattern globals (D12, PLATFORM.md §2.5).
pub const PATTERN_GLOBALS: &[&str] = &[
    "input",
    "agentResults",
    "successfulResults",
    "agentList",
    "agentCount",
    "pattern",
    "parallax",
    "workspace",
    "agents",
];

/// Built-in globals (B §4.13 and D7), as `prism_runtime::Prelude` defines them.
pub const BUILTIN_GLOBALS: &[&str] = &[
    "print",
    "console",
    "map",
    "filter",
    "reduce",
    "max",
    "min",
    "confidence",
    "threshold",
    "consensus",
    "aggregate",
    "sortBy",
    "groupBy",
    "debounce",
    "delay",
    "sleep",
    "Promise",
    "llm",
    "stream_llm",
    "Math",
    "JSON",
    "Object",
    "Array",
    "Number",
    "String",
    "Boolean",
    "parseInt",
    "parseFloat",
    "isNaN",
    "Date",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BindingId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionId(pub u32);

impl FunctionId {
    /// The pattern's (or module's) top level.
    pub const TOP: FunctionId = FunctionId(0);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingKind {
    Let,
    Const,
    Param,
    /// A named function declaration.
    Function,
    /// Declared by assignment (D2).
    Implicit,
    Import,
    Catch,
    /// The variable(s) of a reference-style `for x, i in xs`.
    ForIn,
    /// A name bound by a `match` arm pattern.
    MatchBinding,
    /// A pattern global (`input`, `agentResults`, …).
    PatternGlobal,
    /// A built-in (`print`, `Math`, …).
    Builtin,
}

impl BindingKind {
    /// Declared with a temporal dead zone (reading before the declaration runs fails).
    pub fn has_tdz(self) -> bool {
        matches!(self, BindingKind::Let | BindingKind::Const)
    }
}

/// One variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: Name,
    pub kind: BindingKind,
    /// Where it is declared (for implicit ones: the first assignment; for globals: empty).
    pub span: Span,
    /// The function whose frame holds it.
    pub function: FunctionId,
    /// Read or written from a function other than its own: it must live in a shared cell.
    pub captured: bool,
    /// Written after its declaration (assignments, `++`, compound assignments).
    pub reassigned: bool,
    /// Read anywhere.
    pub read: bool,
}

/// What an identifier occurrence refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Binding(BindingId),
    /// Not declared anywhere visible: reading it fails at run time with
    /// `Undefined variable: x` (and is a compile error when the name is never assigned).
    Unresolved,
}

/// A function or lambda, by the span of its node.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionInfo {
    pub span: Span,
    pub parent: Option<FunctionId>,
    /// Implicit declarations hoisted to the top of this function (D2), in first-assignment
    /// order.
    pub implicit: Vec<BindingId>,
    /// Bindings of enclosing functions this function (or a function nested in it) uses.
    pub captures: Vec<BindingId>,
}

/// The interface of an imported module, as far as resolution needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModuleInterface {
    /// The path shown in messages (`Module P has no export named 'a'`).
    pub display_path: String,
    pub exports: Vec<String>,
    pub has_default: bool,
}

/// Imported modules by the specifier written in the import; `Err` holds why the module could
/// not be loaded (reported at the import).
pub type ModuleMap = HashMap<String, Result<ModuleInterface, String>>;

/// Everything resolution found out about one file.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub bindings: Vec<Binding>,
    pub functions: Vec<FunctionInfo>,
    /// Every identifier occurrence (uses, assignment targets, declarations) by its span.
    pub refs: SpanTable<Resolved>,
    /// Functions and lambdas by the span of their node.
    pub function_at: FxHashMap<Span, FunctionId>,
    /// By binding: whether its value may be aliased or mutated — it is read somewhere other
    /// than as the object of `.k`, `[i]` or a non-mutating method call, it is the object of a
    /// member or index assignment or of a mutating method call, or it is compound-assigned.
    /// (Expressions inside `match` patterns do not count.) The type checker keeps the exact
    /// shape of an array or object literal only in a variable that does not escape.
    pub escapes: Vec<bool>,
    /// (position, binding) of every assignment and every declaration from a value (`let`,
    /// parameters, loop variables), sorted by position: the variables a loop may change.
    pub assign_sites: Vec<(u32, BindingId)>,
    /// The names this module exports, and whether it has a default export.
    pub exports: Vec<String>,
    pub has_default_export: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Resolution {
    pub fn binding(&self, id: BindingId) -> &Binding {
        &self.bindings[id.0 as usize]
    }

    pub fn function(&self, id: FunctionId) -> &FunctionInfo {
        &self.functions[id.0 as usize]
    }

    /// What the identifier at `span` refers to.
    pub fn resolve(&self, span: Span) -> Resolved {
        self.refs.get(&span).copied().unwrap_or(Resolved::Unresolved)
    }

    /// The binding the identifier at `span` refers to, if any.
    pub fn binding_at(&self, span: Span) -> Option<&Binding> {
        match self.resolve(span) {
            Resolved::Binding(id) => Some(self.binding(id)),
            Resolved::Unresolved => None,
        }
    }

    /// Whether the program reads the global `name` without shadowing it (e.g. whether a
    /// pattern uses `agentResults`, which decides whether agents are called up front).
    pub fn reads_global(&self, name: &str) -> bool {
        self.bindings.iter().any(|b| {
            b.name == name
                && b.read
                && matches!(b.kind, BindingKind::PatternGlobal | BindingKind::Builtin)
        })
    }
}

/// Resolves the names of one file. `modules` holds the interfaces of the modules it imports.
pub fn resolve(file: FileId, program: &Program, modules: &ModuleMap) -> Resolution {
    walk::Resolver::new(file, modules).run(program)
}

/// [`resolve`] without the parser's lists of assigned names: it scans every body instead.
#[cfg(test)]
fn resolve_by_scanning(file: FileId, program: &Program, modules: &ModuleMap) -> Resolution {
    walk::Resolver::new(file, modules).scanning_bodies().run(program)
}

#[cfg(test)]
mod tests;
