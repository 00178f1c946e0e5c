//! The resolving walk: one pass over the tree with a stack of scopes. A scope is a run of
//! `declarations`; each name's current binding lives with the name in [`Symbols`], so a look-up
//! is one array access however deep the scopes are, and closing a scope restores what its
//! declarations hid.

mod exprs;
mod facts;
mod names;
mod stmts;

pub(super) use names::Write;

use super::scan::{self, DeclaredKind};
use super::span_table::SpanTable;
use super::symbols::{Sym, Symbols, Visible};
use super::*;
use crate::ast::*;
use crate::diagnostics::codes;
use rustc_hash::FxHashMap;

pub(super) struct FnCtx {
    id: FunctionId,
    loop_depth: u32,
    /// Nesting of `try` blocks that have a `catch`: failures there are handled.
    handled_depth: u32,
}

/// A declaration in an open scope, with what it hides, to restore when the scope closes.
struct Shadowing {
    sym: Sym,
    hidden: Option<Visible>,
}

pub(super) struct Resolver<'m, 'p> {
    file: FileId,
    modules: &'m ModuleMap,
    out: Resolution,
    /// The names of the file, with the binding each one currently refers to.
    symbols: Symbols<'p>,
    /// Every declaration of the open scopes, outermost first.
    declarations: Vec<Shadowing>,
    /// Per open scope: where its declarations start in `declarations`.
    scope_starts: Vec<usize>,
    fns: Vec<FnCtx>,
    /// Per binding: whether its declaration has run (TDZ tracking during the walk).
    initialized: Vec<bool>,
    /// Per binding: whether any assignment writes it.
    written: Vec<bool>,
    /// The reads of implicit variables, for reporting reads of never-assigned ones.
    implicit_reads: Vec<(BindingId, Span, bool)>,
    /// The `refs` entries of the uses that let a value escape (`Resolution::escapes`).
    escaping_refs: Vec<usize>,
    /// The `refs` entries of the assignment and declaration sites (`Resolution::assign_sites`).
    site_refs: Vec<usize>,
    /// > 0 while in a `match` pattern, whose expressions the escape facts leave out.
    in_match_pattern: u32,
    /// The parser's lists of assigned names are complete (it saw no syntax error) and used.
    trust_parser_assigned: bool,
}

impl<'m, 'p> Resolver<'m, 'p> {
    pub(super) fn new(file: FileId, modules: &'m ModuleMap) -> Self {
        Resolver {
            file,
            modules,
            out: Resolution::default(),
            symbols: Symbols::default(),
            declarations: Vec::new(),
            scope_starts: Vec::new(),
            fns: Vec::new(),
            initialized: Vec::new(),
            written: Vec::new(),
            implicit_reads: Vec::new(),
            escaping_refs: Vec::new(),
            site_refs: Vec::new(),
            in_match_pattern: 0,
            trust_parser_assigned: true,
        }
    }

    #[cfg(test)]
    pub(super) fn scanning_bodies(mut self) -> Self {
        self.trust_parser_assigned = false;
        self
    }

    pub(super) fn run(mut self, program: &'p Program) -> Resolution {
        // Typical source has about one identifier per 7 bytes, one binding per 40 and one
        // function per 256: sized so the tables rarely grow (growing a large table copies it
        // into fresh memory).
        let size = program.span.len() as usize;
        self.out.refs = SpanTable::with_capacity(program.span.end, size / 7);
        self.symbols = Symbols::new(&program.names);
        self.out.function_at = FxHashMap::with_capacity_and_hasher(size / 256, Default::default());
        self.out.functions.reserve(size / 256);
        self.out.bindings.reserve(size / 40);
        self.initialized.reserve(size / 40);
        self.written.reserve(size / 40);
        self.escaping_refs.reserve(size / 16);
        self.site_refs.reserve(size / 32);
        let top = self.new_function(program.span, None);
        self.push_function_scope(top);
        self.declare_imports(&program.body);
        self.trust_parser_assigned &= program.assigned.0.is_some();
        self.declare_implicits(&program.body, &program.assigned);
        self.predeclare_block(&program.body, true);
        for stmt in &program.body {
            self.stmt(stmt);
        }
        self.finish_function();
        self.report_unwritten_implicit_reads();
        self.finish_facts();
        self.out
    }

    // ----- bindings and scopes -----

    pub(super) fn new_binding(
        &mut self,
        sym: Sym,
        kind: BindingKind,
        span: Span,
        function: FunctionId,
    ) -> BindingId {
        let id = BindingId(u32::try_from(self.out.bindings.len()).unwrap_or(u32::MAX));
        let info = self.symbols.info_mut(sym);
        info.known = true;
        self.out.bindings.push(Binding {
            name: info.shared.clone(),
            kind,
            span,
            function,
            captured: false,
            reassigned: false,
            read: false,
        });
        self.initialized.push(false);
        self.written.push(false);
        id
    }

    pub(super) fn new_function(&mut self, span: Span, parent: Option<FunctionId>) -> FunctionId {
        let id = FunctionId(u32::try_from(self.out.functions.len()).unwrap_or(u32::MAX));
        self.out.functions.push(FunctionInfo {
            span,
            parent,
            implicit: Vec::new(),
            captures: Vec::new(),
        });
        self.out.function_at.insert(span, id);
        id
    }

    pub(super) fn current_fn(&self) -> FunctionId {
        self.fns.last().map_or(FunctionId::TOP, |f| f.id)
    }

    pub(super) fn push_function_scope(&mut self, id: FunctionId) {
        self.push_scope();
        self.fns.push(FnCtx { id, loop_depth: 0, handled_depth: 0 });
    }

    pub(super) fn finish_function(&mut self) {
        self.pop_scope();
        self.fns.pop();
    }

    pub(super) fn push_scope(&mut self) {
        self.scope_starts.push(self.declarations.len());
    }

    pub(super) fn pop_scope(&mut self) {
        let start = self.scope_starts.pop().unwrap_or(0);
        while self.declarations.len() > start {
            if let Some(Shadowing { sym, hidden }) = self.declarations.pop() {
                self.symbols.info_mut(sym).visible = hidden;
            }
        }
    }

    fn scope_depth(&self) -> u32 {
        u32::try_from(self.scope_starts.len()).unwrap_or(u32::MAX)
    }

    /// The binding `sym` has in the innermost scope, if that scope declares it.
    pub(super) fn in_innermost_scope(&self, sym: Sym) -> Option<BindingId> {
        let visible = self.symbols.info(sym).visible?;
        (visible.depth == self.scope_depth() && !self.scope_starts.is_empty())
            .then_some(visible.binding)
    }

    /// Makes `sym` refer to `binding` in the innermost scope.
    fn bind_in_innermost_scope(&mut self, sym: Sym, binding: BindingId) {
        if self.scope_starts.is_empty() {
            return;
        }
        let depth = self.scope_depth();
        let info = self.symbols.info_mut(sym);
        let hidden = info.visible.replace(Visible { binding, depth });
        self.declarations.push(Shadowing { sym, hidden });
    }

    /// Declares `ident` in the innermost scope; a second declaration of the same name in one
    /// scope is an error (B §3.3).
    pub(super) fn declare(
        &mut self,
        ident: &'p Ident,
        kind: BindingKind,
        initialized: bool,
    ) -> BindingId {
        let function = self.current_fn();
        let sym = self.symbols.intern(&ident.name);
        let existing = self.in_innermost_scope(sym);
        // A `let`/`const` in a function body may shadow a parameter (the reference accepts
        // `x => { const x = 1; … }`; conformance block-statement-lambdas/const-shadows-param).
        let shadows_param = existing.is_some_and(|e| {
            self.out.binding(e).kind == BindingKind::Param
                && self.out.binding(e).span != ident.span
                && matches!(kind, BindingKind::Let | BindingKind::Const)
        });
        if let Some(existing) = existing.filter(|_| !shadows_param) {
            let previous_span = self.out.binding(existing).span;
            // The same declaration seen twice (pre-declaration, then the statement) is fine, and
            // a duplicate is reported once although both passes meet it.
            let reported = previous_span == ident.span
                || self.out.diagnostics.iter().any(|d| {
                    d.code == codes::DUPLICATE_DECLARATION
                        && d.labels.iter().any(|l| l.span == ident.span)
                });
            if !reported {
                self.out.diagnostics.push(
                    Diagnostic::error(
                        codes::DUPLICATE_DECLARATION,
                        format!("Variable '{}' already declared in this scope", ident.name),
                    )
                    .with_primary(self.file, ident.span, "declared again here")
                    .with_secondary(self.file, previous_span, "first declared here")
                    .with_help("rename one of them, or assign to the existing variable without `let`/`const`"),
                );
            }
            self.out.refs.insert(ident.span, Resolved::Binding(existing));
            return existing;
        }
        let id = self.new_binding(sym, kind, ident.span, function);
        self.initialized[id.0 as usize] = initialized;
        self.bind_in_innermost_scope(sym, id);
        self.out.refs.insert(ident.span, Resolved::Binding(id));
        id
    }

    /// The binding `sym` refers to here: the innermost declaration, else a pattern global or
    /// built-in (bound on first use).
    pub(super) fn lookup(&mut self, sym: Sym) -> Option<BindingId> {
        let info = self.symbols.info(sym);
        if let Some(visible) = info.visible {
            return Some(visible.binding);
        }
        let (kind, bound) = info.global?;
        if let Some(id) = bound {
            return Some(id);
        }
        let id = self.new_binding(sym, kind, Span::default(), FunctionId::TOP);
        self.initialized[id.0 as usize] = true;
        self.written[id.0 as usize] = true;
        self.symbols.info_mut(sym).global = Some((kind, Some(id)));
        Some(id)
    }

    /// Records that the current function uses `id`, marking captures along the way.
    pub(super) fn note_use(&mut self, id: BindingId) {
        let owner = self.out.binding(id).function;
        let mut f = self.current_fn();
        if f == owner {
            return;
        }
        self.out.bindings[id.0 as usize].captured = true;
        while f != owner {
            let info = &mut self.out.functions[f.0 as usize];
            if !info.captures.contains(&id) {
                info.captures.push(id);
            }
            match info.parent {
                Some(parent) => f = parent,
                None => break,
            }
        }
    }

    pub(super) fn in_own_function(&self, id: BindingId) -> bool {
        self.out.binding(id).function == self.current_fn()
    }

    pub(super) fn handled(&self) -> bool {
        self.fns.iter().any(|f| f.handled_depth > 0)
    }

    // ----- pre-declarations -----

    pub(super) fn declare_imports(&mut self, stmts: &'p [Stmt]) {
        for stmt in stmts {
            let StmtKind::Import(import) = &stmt.kind else { continue };
            let interface = self.module(&import.source);
            if let Some(default) = &import.default {
                if let Some(m) = interface.as_ref().filter(|m| !m.has_default) {
                    self.module_error(
                        codes::NO_DEFAULT_EXPORT,
                        format!("Module {} has no default export", m.display_path),
                        default.span,
                        "imported as the default here",
                    );
                }
                self.declare(default, BindingKind::Import, true);
            }
            if let Some(ns) = &import.namespace {
                self.declare(ns, BindingKind::Import, true);
            }
            for spec in &import.named {
                if let Some(m) = interface
                    .as_ref()
                    .filter(|m| !m.exports.iter().any(|e| *e == *spec.imported.name))
                {
                    let mut help = String::new();
                    if let Some(similar) =
                        closest(&spec.imported.name, m.exports.iter().map(String::as_str))
                    {
                        help = format!("the module exports `{similar}`");
                    } else if !m.exports.is_empty() {
                        help = format!("the module exports: {}", m.exports.join(", "));
                    }
                    let mut diag = Diagnostic::error(
                        codes::MISSING_EXPORT,
                        format!(
                            "Module {} has no export named '{}'",
                            m.display_path, spec.imported.name
                        ),
                    )
                    .with_primary(
                        self.file,
                        spec.imported.span,
                        "not exported by the module",
                    );
                    if !help.is_empty() {
                        diag = diag.with_help(help);
                    }
                    self.out.diagnostics.push(diag);
                }
                self.declare(&spec.local, BindingKind::Import, true);
            }
        }
    }

    /// The interface of an imported module, reporting a module that could not be loaded.
    pub(super) fn module(&mut self, source: &StringLit) -> Option<ModuleInterface> {
        match self.modules.get(&source.value) {
            Some(Ok(m)) => Some(m.clone()),
            Some(Err(message)) => {
                self.module_error(
                    codes::MISSING_MODULE,
                    message.clone(),
                    source.span,
                    "imported here",
                );
                None
            }
            None => {
                self.module_error(
                    codes::MISSING_MODULE,
                    format!("Cannot resolve module '{}'", source.value),
                    source.span,
                    "imported here",
                );
                None
            }
        }
    }

    pub(super) fn module_error(
        &mut self,
        code: &'static str,
        message: String,
        span: Span,
        label: &str,
    ) {
        self.out
            .diagnostics
            .push(Diagnostic::error(code, message).with_primary(self.file, span, label));
    }

    /// Implicit declarations of the current function (D2): names it assigns that nothing
    /// visible from its top declares.
    pub(super) fn declare_implicits(&mut self, body: &'p [Stmt], assigned: &'p AssignedNames) {
        let assigned = match self.parser_assigned(assigned) {
            Some(names) => names,
            None => scan::assigned_names(&mut self.symbols, body),
        };
        let stamp = self.symbols.next_stamp();
        let symbols = &mut self.symbols;
        scan::each_declaration(body, &mut |ident, _| {
            let sym = symbols.intern(&ident.name);
            symbols.info_mut(sym).declared_by_body = stamp;
        });
        self.declare_implicit_names(assigned, Some(stamp));
    }

    /// The names a body assigns, first assignment first, from what the parser collected
    /// (the same as [`scan::assigned_names`] would find), if it collected them.
    pub(super) fn parser_assigned(
        &mut self,
        assigned: &'p AssignedNames,
    ) -> Option<Vec<(Sym, Span)>> {
        if !self.trust_parser_assigned {
            return None;
        }
        let names = assigned.0.as_deref()?;
        let stamp = self.symbols.next_stamp();
        let mut out = Vec::with_capacity(names.len());
        for ident in names {
            let sym = self.symbols.intern(&ident.name);
            let info = self.symbols.info_mut(sym);
            if info.collected_by_scan != stamp {
                info.collected_by_scan = stamp;
                out.push((sym, ident.span));
            }
        }
        Some(out)
    }

    /// Declares the `assigned` names as implicit variables of the current function, except
    /// those marked with `declared_by_body` (the body declares them with `let`, `const` or
    /// `function`) and those already visible.
    pub(super) fn declare_implicit_names(
        &mut self,
        assigned: Vec<(Sym, Span)>,
        declared_by_body: Option<u32>,
    ) {
        let function = self.current_fn();
        for (sym, span) in assigned {
            let declared_here = declared_by_body
                .is_some_and(|stamp| self.symbols.info(sym).declared_by_body == stamp);
            if declared_here || self.lookup(sym).is_some() {
                continue;
            }
            let id = self.new_binding(sym, BindingKind::Implicit, span, function);
            // Hoisted like `var`: the binding exists from the start, unassigned.
            self.initialized[id.0 as usize] = true;
            self.bind_in_innermost_scope(sym, id);
            self.out.functions[function.0 as usize].implicit.push(id);
        }
    }

    /// Pre-declares the `let`/`const` and function names of a statement list (B §3.11).
    pub(super) fn predeclare_block(&mut self, stmts: &'p [Stmt], hoist_functions: bool) {
        scan::each_declaration(stmts, &mut |ident, declared| {
            let kind = match declared {
                DeclaredKind::Let => BindingKind::Let,
                DeclaredKind::Const => BindingKind::Const,
                DeclaredKind::Function => BindingKind::Function,
            };
            let initialized = hoist_functions && kind == BindingKind::Function;
            self.declare(ident, kind, initialized);
        });
    }
}

pub(super) enum FunctionBody<'a> {
    Block(&'a Block),
    Expr(&'a Expr),
}

/// The candidate closest to `name` by edit distance, when it is close enough to be a likely
/// typo (at most a third of the name's length, and at least one edit).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
