//! Reads and writes of names, and the diagnostics about them.

use super::{Resolver, closest};
use crate::ast::*;
use crate::diagnostics::codes;
use crate::resolve::*;

/// What kind of write an assignment to a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::resolve) enum Write {
    /// `x = v`, destructuring, `for (x of …)`, `export x = v`.
    Assign,
    /// `x += v` and the other compound assignments: the old value is read, and escapes.
    Compound,
    /// `x++`, `x--`: the old value is read, but only as a number.
    Update,
    /// An `agents {}` entry: not an assignment site for the type checker.
    Agent,
}

impl<'p> Resolver<'_, 'p> {
    // ----- names -----

    /// A read of `ident` whose value may escape (see `Resolution::escapes`).
    pub(super) fn read_name(&mut self, ident: &'p Ident) {
        let entry = self.resolve_read(ident);
        self.record_escape(entry);
    }

    /// A read of `ident` that only inspects its value (`x.k`, `x[i]`, `x.map(f)`).
    pub(super) fn inspect_name(&mut self, ident: &'p Ident) {
        self.resolve_read(ident);
    }

    /// Resolves a read of `ident`; returns its `refs` entry.
    fn resolve_read(&mut self, ident: &'p Ident) -> usize {
        let sym = self.symbols.intern(&ident.name);
        let Some(id) = self.lookup(sym) else {
            let entry = self.out.refs.insert(ident.span, Resolved::Unresolved);
            self.report_undefined(ident);
            return entry;
        };
        let entry = self.out.refs.insert(ident.span, Resolved::Binding(id));
        self.out.bindings[id.0 as usize].read = true;
        let handled = self.handled();
        if self.out.binding(id).kind == BindingKind::Implicit {
            self.implicit_reads.push((id, ident.span, handled));
        }
        if !self.initialized[id.0 as usize] && self.in_own_function(id) {
            let binding = self.out.binding(id);
            let diag = Diagnostic::new(
                codes::READ_BEFORE_DECLARATION,
                if handled {
                    crate::diagnostics::Severity::Warning
                } else {
                    crate::diagnostics::Severity::Error
                },
                format!("Undefined variable: {}", ident.name),
            )
            .with_primary(self.file, ident.span, "read before its declaration has run")
            .with_secondary(self.file, binding.span, "declared here")
            .with_help(format!("move the declaration of `{}` above this use", ident.name));
            self.out.diagnostics.push(diag);
        }
        self.note_use(id);
        entry
    }

    /// An assignment to `ident`.
    pub(super) fn write_name(&mut self, ident: &'p Ident, write: Write) {
        match write {
            Write::Compound => self.read_name(ident),
            Write::Update => self.inspect_name(ident),
            Write::Assign | Write::Agent => {}
        }
        let sym = self.symbols.intern(&ident.name);
        let Some(id) = self.lookup(sym) else {
            // Only reachable for names `declare_implicits` could not see (none today); keep
            // the reference's run-time behaviour rather than inventing a binding here.
            let entry = self.out.refs.insert(ident.span, Resolved::Unresolved);
            if write != Write::Agent {
                self.record_site(entry);
            }
            return;
        };
        let entry = self.out.refs.insert(ident.span, Resolved::Binding(id));
        if write != Write::Agent {
            self.record_site(entry);
        }
        let binding = self.out.binding(id);
        let (kind, declared_at) = (binding.kind, binding.span);
        if kind == BindingKind::Const && self.initialized[id.0 as usize] {
            self.out.diagnostics.push(
                Diagnostic::error(
                    codes::ASSIGN_TO_CONST,
                    format!("Cannot assign to const variable '{}'", ident.name),
                )
                .with_primary(self.file, ident.span, "assigned here")
                .with_secondary(self.file, declared_at, "declared `const` here")
                .with_help(format!("declare `{}` with `let` if it has to change", ident.name)),
            );
        } else if kind.has_tdz() && !self.initialized[id.0 as usize] && self.in_own_function(id) {
            self.out.diagnostics.push(
                Diagnostic::error(
                    codes::ASSIGN_BEFORE_DECLARATION,
                    format!("Cannot assign to '{}' before initialization", ident.name),
                )
                .with_primary(self.file, ident.span, "assigned before its declaration has run")
                .with_secondary(self.file, declared_at, "declared here")
                .with_help(format!(
                    "move the declaration of `{}` above this assignment",
                    ident.name
                )),
            );
        }
        self.written[id.0 as usize] = true;
        self.out.bindings[id.0 as usize].reassigned = true;
        self.note_use(id);
    }

    pub(super) fn report_undefined(&mut self, ident: &'p Ident) {
        let severity = if self.handled() {
            crate::diagnostics::Severity::Warning
        } else {
            crate::diagnostics::Severity::Error
        };
        let sym = self.symbols.intern(&ident.name);
        let symbols = &self.symbols;
        let candidates = self
            .declarations
            .iter()
            .map(|d| symbols.name(d.sym))
            .chain(PATTERN_GLOBALS.iter().copied())
            .chain(BUILTIN_GLOBALS.iter().copied());
        let mut diag = Diagnostic::new(
            codes::UNDEFINED_VARIABLE,
            severity,
            format!("Undefined variable: {}", ident.name),
        )
        .with_primary(
            self.file,
            ident.span,
            "not declared or assigned in any enclosing scope",
        );
        if let Some(similar) = closest(&ident.name, candidates) {
            diag = diag.with_help(format!("a variable with a similar name exists: `{similar}`"));
        } else if symbols.info(sym).known {
            diag = diag.with_note(format!(
                "`{}` is declared elsewhere in this file, but not in a scope visible from here",
                ident.name
            ));
        } else {
            diag = diag.with_help(format!(
                "assign `{}` before reading it, or check the spelling",
                ident.name
            ));
        }
        self.out.diagnostics.push(diag);
    }

    /// Reads of implicit variables that no assignment in their scope ever writes can only fail.
    pub(super) fn report_unwritten_implicit_reads(&mut self) {
        let written = &self.written;
        let mut reads = std::mem::take(&mut self.implicit_reads);
        reads.retain(|(id, _, _)| !written[id.0 as usize]);
        // By binding, each binding's reads in the order they were met.
        reads.sort_by_key(|(id, _, _)| *id);
        for (id, span, handled) in reads {
            let name = &self.out.binding(id).name;
            let diag = Diagnostic::new(
                codes::UNDEFINED_VARIABLE,
                if handled {
                    crate::diagnostics::Severity::Warning
                } else {
                    crate::diagnostics::Severity::Error
                },
                format!("Undefined variable: {name}"),
            )
            .with_primary(self.file, span, "never assigned in a scope visible from here")
            .with_note(format!(
                "the only assignments to `{name}` write a `let`/`const` of an inner block"
            ));
            self.out.diagnostics.push(diag);
        }
    }
}
