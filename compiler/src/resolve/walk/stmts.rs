//! Statements: blocks, loops, declarations, exports and functions.

use super::{FunctionBody, Resolver, Write};
use crate::ast::*;
use crate::diagnostics::codes;
use crate::resolve::scan;
use crate::resolve::*;

impl<'p> Resolver<'_, 'p> {
    // ----- statements -----

    pub(super) fn block(&mut self, block: &'p Block) {
        self.push_scope();
        self.predeclare_block(&block.stmts, false);
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
        self.pop_scope();
    }

    pub(super) fn body_stmt(&mut self, stmt: &'p Stmt) {
        // A loop or branch body that is not a block still runs in a scope of its own.
        if let StmtKind::Block(b) = &stmt.kind {
            self.block(b);
        } else {
            self.push_scope();
            self.predeclare_block(std::slice::from_ref(stmt), false);
            self.stmt(stmt);
            self.pop_scope();
        }
    }

    pub(super) fn loop_body(&mut self, stmt: &'p Stmt) {
        self.enter_loop();
        self.body_stmt(stmt);
        self.exit_loop();
    }

    pub(super) fn enter_loop(&mut self) {
        if let Some(f) = self.fns.last_mut() {
            f.loop_depth += 1;
        }
    }

    pub(super) fn exit_loop(&mut self) {
        if let Some(f) = self.fns.last_mut() {
            f.loop_depth = f.loop_depth.saturating_sub(1);
        }
    }

    pub(super) fn stmt(&mut self, stmt: &'p Stmt) {
        match &stmt.kind {
            StmtKind::Expr(e) | StmtKind::Throw(e) => self.expr(e),
            StmtKind::Let(decl) => self.let_decl(decl),
            StmtKind::Function(f) => self.function_decl(f),
            StmtKind::Return(e) => {
                if let Some(e) = e {
                    self.expr(e);
                }
            }
            StmtKind::If { cond, then_branch, else_branch } => {
                self.expr(cond);
                self.body_stmt(then_branch);
                if let Some(e) = else_branch {
                    self.body_stmt(e);
                }
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.loop_body(body);
            }
            StmtKind::DoWhile { body, cond } => {
                self.loop_body(body);
                self.expr(cond);
            }
            StmtKind::For { init, cond, update, body } => {
                self.push_scope();
                self.for_header(init.as_deref(), cond.as_deref());
                self.enter_loop();
                self.body_stmt(body);
                if let Some(u) = update {
                    self.expr(u);
                }
                self.exit_loop();
                self.pop_scope();
            }
            StmtKind::ForIn { item, index, iterable, body } => {
                self.expr(iterable);
                self.push_scope();
                self.declare(item, BindingKind::ForIn, true);
                self.record_declaration_site(item.span);
                if let Some(i) = index {
                    self.declare(i, BindingKind::ForIn, true);
                    self.record_declaration_site(i.span);
                }
                self.loop_body(body);
                self.pop_scope();
            }
            StmtKind::ForOf { decl, pattern, iterable, body } => {
                self.expr(iterable);
                self.push_scope();
                match decl {
                    Some(kind) => {
                        let kind = match kind {
                            DeclKind::Let => BindingKind::Let,
                            DeclKind::Const => BindingKind::Const,
                        };
                        self.bind_pattern(pattern, kind);
                    }
                    None => self.assign_pattern(pattern),
                }
                self.loop_body(body);
                self.pop_scope();
            }
            StmtKind::Uncertain(u) => self.uncertain(u),
            StmtKind::Break | StmtKind::Continue => {
                if self.fns.last().is_none_or(|f| f.loop_depth == 0) {
                    let word =
                        if matches!(stmt.kind, StmtKind::Break) { "break" } else { "continue" };
                    self.out.diagnostics.push(
                        Diagnostic::error(codes::BREAK_OUTSIDE_LOOP, format!("`{word}` outside of a loop"))
                            .with_primary(self.file, stmt.span, format!("`{word}` here is not inside any loop"))
                            .with_note("a loop in an enclosing function does not count: a function body starts fresh")
                            .with_help(if word == "break" {
                                "use `return` to leave a function early"
                            } else {
                                "use `return` to skip the rest of a callback"
                            }),
                    );
                }
            }
            StmtKind::Try { body, catch, finally } => {
                if catch.is_some() {
                    self.adjust_handled(1);
                }
                self.block(body);
                if catch.is_some() {
                    self.adjust_handled(-1);
                }
                if let Some(c) = catch {
                    self.push_scope();
                    if let Some(param) = &c.param {
                        self.declare(param, BindingKind::Catch, true);
                    }
                    self.block(&c.body);
                    self.pop_scope();
                }
                if let Some(f) = finally {
                    self.block(f);
                }
            }
            StmtKind::Block(b) => self.block(b),
            StmtKind::Import(_) => {}
            StmtKind::Export(export) => self.export(export, stmt.span),
            StmtKind::Agents(decls) => {
                for decl in decls {
                    for entry in &decl.config {
                        self.expr(&entry.value);
                    }
                    self.write_name(&decl.name, Write::Agent);
                }
            }
            StmtKind::Context { body, .. } => {
                // `in context` runs its block in the current scope (B §3.13).
                self.predeclare_block(&body.stmts, false);
                for stmt in &body.stmts {
                    self.stmt(stmt);
                }
            }
        }
    }

    pub(super) fn adjust_handled(&mut self, delta: i32) {
        if let Some(f) = self.fns.last_mut() {
            f.handled_depth = f.handled_depth.saturating_add_signed(delta);
        }
    }

    pub(super) fn for_header(&mut self, init: Option<&'p ForInit>, cond: Option<&'p Expr>) {
        match init {
            Some(ForInit::Let(decl)) => {
                self.predeclare_let(decl);
                self.let_decl(decl);
            }
            Some(ForInit::Expr(e)) => self.expr(e),
            None => {}
        }
        if let Some(c) = cond {
            self.expr(c);
        }
    }

    pub(super) fn predeclare_let(&mut self, decl: &'p LetDecl) {
        let kind = match decl.kind {
            DeclKind::Let => BindingKind::Let,
            DeclKind::Const => BindingKind::Const,
        };
        scan::pattern_names(&decl.pattern, &mut |ident| {
            self.declare(ident, kind, false);
        });
    }

    pub(super) fn uncertain(&mut self, u: &'p Uncertain) {
        match &u.head {
            UncertainHead::If { cond } => {
                self.expr(cond);
                for branch in &u.branches {
                    self.block(&branch.body);
                }
            }
            UncertainHead::While { cond } => {
                self.expr(cond);
                self.enter_loop();
                for branch in &u.branches {
                    self.block(&branch.body);
                }
                self.exit_loop();
            }
            UncertainHead::For { init, cond, update } => {
                self.push_scope();
                self.for_header(init.as_ref(), cond.as_ref());
                self.enter_loop();
                for branch in &u.branches {
                    self.block(&branch.body);
                }
                if let Some(update) = update {
                    self.expr(update);
                }
                self.exit_loop();
                self.pop_scope();
            }
        }
    }

    pub(super) fn let_decl(&mut self, decl: &'p LetDecl) {
        if let Some(init) = &decl.init {
            self.expr(init);
        }
        self.pattern_exprs(&decl.pattern);
        let kind = match decl.kind {
            DeclKind::Let => BindingKind::Let,
            DeclKind::Const => BindingKind::Const,
        };
        self.bind_pattern(&decl.pattern, kind);
    }

    /// Declares (or completes the pre-declaration of) every name of a binding pattern.
    pub(super) fn bind_pattern(&mut self, pattern: &'p Pattern, kind: BindingKind) {
        scan::pattern_names(pattern, &mut |ident| {
            let id = self.declare(ident, kind, true);
            self.initialized[id.0 as usize] = true;
            self.record_declaration_site(ident.span);
        });
    }

    pub(super) fn pattern_exprs(&mut self, pattern: &'p Pattern) {
        scan::pattern_exprs(pattern, &mut |e| self.expr(e));
    }

    pub(super) fn assign_pattern(&mut self, pattern: &'p Pattern) {
        self.pattern_exprs(pattern);
        scan::pattern_names(pattern, &mut |ident| self.write_name(ident, Write::Assign));
    }

    pub(super) fn function_decl(&mut self, f: &'p Function) {
        if let Some(c) = &f.confidence {
            self.expr(c);
        }
        if let Some(name) = &f.name {
            let sym = self.symbols.intern(&name.name);
            let id = match self.in_innermost_scope(sym) {
                Some(id) => id,
                None => self.declare(name, BindingKind::Function, true),
            };
            self.initialized[id.0 as usize] = true;
            self.written[id.0 as usize] = true;
            self.out.refs.insert(name.span, Resolved::Binding(id));
        }
        self.function_body(f.span, &f.params, FunctionBody::Block(&f.body), &f.assigned, None);
    }

    pub(super) fn export(&mut self, export: &'p Export, span: Span) {
        match export {
            Export::Default(e) => {
                self.expr(e);
                self.out.has_default_export = true;
            }
            Export::Let(decl) => {
                self.let_decl(decl);
                scan::pattern_names(&decl.pattern, &mut |ident| {
                    self.out.exports.push(ident.name.to_string());
                });
            }
            Export::Function(f) => {
                self.function_decl(f);
                if let Some(name) = &f.name {
                    self.out.exports.push(name.name.to_string());
                }
            }
            Export::Assign { name, value } => {
                self.expr(value);
                self.write_name(name, Write::Assign);
                self.out.exports.push(name.name.to_string());
            }
            Export::Named { specifiers, source } => match source {
                Some(source) => {
                    if let Some(m) = self.module(source) {
                        for spec in specifiers {
                            if !m.exports.iter().any(|e| *e == *spec.local.name) {
                                self.module_error(
                                    codes::MISSING_EXPORT,
                                    format!(
                                        "Module {} has no export named '{}'",
                                        m.display_path, spec.local.name
                                    ),
                                    spec.local.span,
                                    "not exported by the module",
                                );
                            }
                        }
                    }
                    for spec in specifiers {
                        self.out.exports.push(spec.exported.name.to_string());
                    }
                }
                None => {
                    for spec in specifiers {
                        self.read_name(&spec.local);
                        self.out.exports.push(spec.exported.name.to_string());
                    }
                }
            },
            Export::All { source } => {
                if let Some(m) = self.module(source) {
                    self.out.exports.extend(m.exports);
                }
                let _ = span;
            }
        }
    }

    // ----- functions -----

    pub(super) fn function_body(
        &mut self,
        span: Span,
        params: &'p [Param],
        body: FunctionBody<'p>,
        assigned: &'p AssignedNames,
        self_name: Option<&'p Ident>,
    ) {
        let parent = self.current_fn();
        let id = self.new_function(span, Some(parent));
        self.push_function_scope(id);
        if let Some(name) = self_name {
            // A named function expression sees its own name.
            let binding = self.declare(name, BindingKind::Function, true);
            self.written[binding.0 as usize] = true;
        }
        for param in params {
            if let Some(d) = &param.default {
                self.expr(d);
            }
            self.pattern_exprs(&param.pattern);
            scan::pattern_names(&param.pattern, &mut |ident| {
                let binding = self.declare(ident, BindingKind::Param, true);
                self.written[binding.0 as usize] = true;
                self.record_declaration_site(ident.span);
            });
        }
        match body {
            FunctionBody::Block(block) => {
                self.declare_implicits(&block.stmts, assigned);
                // Parameters and body share one scope (B §3.11).
                self.predeclare_block(&block.stmts, false);
                for stmt in &block.stmts {
                    self.stmt(stmt);
                }
            }
            FunctionBody::Expr(e) => {
                let assigned = match self.parser_assigned(assigned) {
                    Some(names) => names,
                    None => scan::assigned_names_in_expr(&mut self.symbols, e),
                };
                self.declare_implicit_names(assigned, None);
                self.expr(e);
            }
        }
        self.finish_function();
    }
}
