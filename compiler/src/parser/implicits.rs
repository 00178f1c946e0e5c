//! What the parser records for implicit declarations (LANGUAGE.md D2): the names each function
//! body assigns. Every function needs them before name resolution walks it, and collecting
//! them here, while the nodes are built, spares the resolver a second walk over every body.
//!
//! The parser builds bottom-up, so when it finishes a function, every assignment and
//! declaration inside it has already been logged, after everything that ended before the
//! function started: the entries from the function's start on are exactly the function's.
//! A function claims them, and nested functions have claimed theirs before.
//!
//! Assignments are statements, `for` header parts, lambda bodies and template holes; only
//! holes put one inside a larger expression (a pipeline's left side, a `do … while` condition,
//! a `for … of` iterable, a destructuring default), which is where the scan's order differs
//! from source order.
//!
//! An assignment to a name that an inner scope declares (a block, a loop header or body, a
//! `catch`) writes that declaration, not an implicit variable. Each such scope, once built,
//! drops from the log the assignments inside it to the names it declares ([`ImplicitLog::scope`]),
//! so that what a function claims is exactly what the resolver's scan would collect. Where the
//! scan could see something else (an assignment whose scan order differs from source order,
//! any syntax error), the function's list is `None` and the resolver scans the body as before;
//! a program with any error has no top-level list, which makes the resolver scan every body.

use crate::ast::visit::{each_declaration, pattern_names};
use crate::ast::{AssignedNames, Ident, Pattern, Stmt};
use crate::span::Span;

#[derive(Debug, Default)]
pub struct ImplicitLog {
    /// Assigned names not yet claimed, in the order their nodes were built; `None`: a place
    /// the parser cannot follow (it makes the enclosing function inexact).
    assigns: Vec<(Option<Ident>, u32)>,
    /// Scratch for [`ImplicitLog::scope`]: the symbols a scope declares.
    declared: Vec<usize>,
}

/// Where the parts of a function are, for [`ImplicitLog::claim`].
pub struct FunctionParts {
    /// The whole function, parameters included.
    pub whole: Span,
    /// The body: a block or a lambda's expression.
    pub body: Span,
    /// A part that belongs to the enclosing function (a declaration's `~>` annotation).
    pub outer: Option<Span>,
}

impl ImplicitLog {
    pub fn assigned(&mut self, ident: &Ident) {
        self.assigns.push((Some(ident.clone()), ident.span.start));
    }

    /// A destructuring assignment. The resolver's scan takes the bound names before the
    /// defaults inside the pattern, so a pattern whose defaults assign is not followed.
    pub fn assigned_pattern(&mut self, pattern: &Pattern) {
        if self.logged_within(pattern.span) {
            self.inexact(pattern.span.start);
            return;
        }
        pattern_names(pattern, &mut |ident| self.assigned(ident));
    }

    /// Makes the function around `at` inexact.
    pub fn inexact(&mut self, at: u32) {
        self.assigns.push((None, at));
    }

    /// Whether an assignment inside `span` has been logged (and not yet claimed).
    pub fn logged_within(&self, span: Span) -> bool {
        self.assigns
            .iter()
            .rev()
            .take_while(|(_, at)| *at >= span.start)
            .any(|(_, at)| *at < span.end)
    }

    /// A scope has been built: the assignments inside `span` to a name it declares (the names
    /// `declare` gives) write that declaration, so they are not the function's. Call it before
    /// logging anything for the node that closes the scope: it looks at the end of the log.
    pub fn scope<'a>(&mut self, span: Span, declare: impl FnOnce(&mut dyn FnMut(&'a Ident))) {
        let mut declared = std::mem::take(&mut self.declared);
        declared.clear();
        declare(&mut |ident| declared.push(ident.name.symbol()));
        if !declared.is_empty() {
            let from =
                self.assigns.iter().rposition(|(_, at)| *at < span.start).map_or(0, |i| i + 1);
            let mut kept = from;
            for i in from..self.assigns.len() {
                let shadowed = matches!(&self.assigns[i], (Some(ident), at)
                    if *at < span.end && declared.contains(&ident.name.symbol()));
                if !shadowed {
                    self.assigns.swap(kept, i);
                    kept += 1;
                }
            }
            self.assigns.truncate(kept);
        }
        self.declared = declared;
    }

    /// A block has been built: its `let`, `const` and function declarations are its own.
    pub fn block_scope(&mut self, span: Span, stmts: &[Stmt]) {
        self.scope(span, |declare| each_declaration(stmts, &mut |ident, _| declare(ident)));
    }

    /// A loop or branch body that is a single statement is a scope of its own too.
    pub fn body_scope(&mut self, body: &Stmt) {
        self.block_scope(body.span, std::slice::from_ref(body));
    }

    /// A scope whose names a pattern binds (a loop header's `let`).
    pub fn pattern_scope(&mut self, span: Span, pattern: &Pattern) {
        self.scope(span, |declare| pattern_names(pattern, &mut |ident| declare(ident)));
    }

    /// Takes the entries of a function that has just been built and says which names its body
    /// assigns; `exact` false (a syntax error happened) gives `None`.
    pub fn claim(&mut self, parts: &FunctionParts, exact: bool) -> AssignedNames {
        let from = parts.whole.start;
        let assigns = split_off_from(&mut self.assigns, from, |(_, at)| *at);
        // Entries of the parameters are nobody's: the resolver's scan does not look there.
        let inside = |at: u32, span: Span| at >= span.start && at < span.end.max(span.start + 1);
        let enclosing =
            |at: u32| at >= parts.whole.end || parts.outer.is_some_and(|outer| inside(at, outer));
        let mut names = Vec::with_capacity(assigns.len());
        let mut known = exact;
        for (ident, at) in assigns {
            if inside(at, parts.body) {
                match ident {
                    Some(ident) => names.push(ident),
                    None => known = false,
                }
            } else if enclosing(at) {
                self.assigns.push((ident, at));
            }
        }
        if !known {
            return AssignedNames(None);
        }
        names.sort_by_key(|ident| ident.span.start);
        AssignedNames(Some(names.into_boxed_slice()))
    }
}

/// Removes and returns the entries at the end of `log` from `start` on. Entries are logged
/// when their nodes are built, so those of a function just built are the last ones.
fn split_off_from<T>(log: &mut Vec<T>, start: u32, at: impl Fn(&T) -> u32) -> Vec<T> {
    let keep = log.iter().rposition(|entry| at(entry) < start).map_or(0, |i| i + 1);
    log.split_off(keep)
}
