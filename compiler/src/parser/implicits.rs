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
//! The list is exact only in the plain case. Whenever the resolver's own scan could see
//! something else (a name also declared in an inner block, loop header or `catch`; an
//! assignment whose scan order differs from source order; any syntax error), the function's
//! list is `None` and the resolver scans the body as before.

use crate::ast::visit::{each_declaration, pattern_names};
use crate::ast::{AssignedNames, Ident, Pattern, Stmt};
use crate::span::Span;
use rustc_hash::FxHashSet;

#[derive(Debug, Default)]
pub struct ImplicitLog {
    /// Assigned names not yet claimed, in the order their nodes were built; `None`: a place
    /// the parser cannot follow (it makes the enclosing function inexact).
    assigns: Vec<(Option<Ident>, u32)>,
    /// Declarations (`let`/`const` names, function declarations, loop variables, `catch`
    /// parameters) not yet claimed: symbol and start.
    decls: Vec<(u32, u32)>,
    /// Per symbol: the claim that last marked it as declared in an inner scope.
    marks: Vec<u32>,
    claims: u32,
}

/// Where the parts of a function are, for [`ImplicitLog::claim`].
pub struct FunctionParts<'a> {
    /// The whole function, parameters included.
    pub whole: Span,
    /// The body: a block or a lambda's expression.
    pub body: Span,
    /// The statements of a block body, whose declarations are the function's own.
    pub direct: &'a [Stmt],
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

    pub fn declared(&mut self, ident: &Ident) {
        self.decls.push((ident.name.symbol() as u32, ident.span.start));
    }

    pub fn declared_pattern(&mut self, pattern: &Pattern) {
        pattern_names(pattern, &mut |ident| self.declared(ident));
    }

    /// Takes the entries of a function that has just been built and says which names its body
    /// assigns; `exact` false (a syntax error happened) gives `None`.
    pub fn claim(&mut self, parts: &FunctionParts<'_>, exact: bool) -> AssignedNames {
        let from = parts.whole.start;
        let assigns = split_off_from(&mut self.assigns, from, |(_, at)| *at);
        let decls = split_off_from(&mut self.decls, from, |(_, at)| *at);
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
        let mut inner = Vec::new();
        for (symbol, at) in decls {
            if inside(at, parts.body) {
                inner.push((symbol, at));
            } else if enclosing(at) {
                self.decls.push((symbol, at));
            }
        }
        if !known {
            return AssignedNames(None);
        }
        if !names.is_empty() && !inner.is_empty() && self.declared_inside(&names, &inner, parts) {
            return AssignedNames(None);
        }
        names.sort_by_key(|ident| ident.span.start);
        AssignedNames(Some(names.into_boxed_slice()))
    }

    /// Whether one of `names` is declared by a scope inside the body (not by the body's own
    /// statements), where an assignment to it may write that declaration instead.
    fn declared_inside(
        &mut self,
        names: &[Ident],
        decls: &[(u32, u32)],
        parts: &FunctionParts<'_>,
    ) -> bool {
        let mut direct = FxHashSet::default();
        each_declaration(parts.direct, &mut |ident, _| {
            direct.insert(ident.span.start);
        });
        self.claims = self.claims.wrapping_add(1).max(1);
        let claim = self.claims;
        for &(symbol, at) in decls {
            if direct.contains(&at) {
                continue;
            }
            let symbol = symbol as usize;
            if symbol >= self.marks.len() {
                self.marks.resize(symbol + 1, 0);
            }
            self.marks[symbol] = claim;
        }
        names.iter().any(|ident| self.marks.get(ident.name.symbol()) == Some(&claim))
    }
}

/// Removes and returns the entries at the end of `log` from `start` on. Entries are logged
/// when their nodes are built, so those of a function just built are the last ones.
fn split_off_from<T>(log: &mut Vec<T>, start: u32, at: impl Fn(&T) -> u32) -> Vec<T> {
    let keep = log.iter().rposition(|entry| at(entry) < start).map_or(0, |i| i + 1);
    log.split_off(keep)
}
