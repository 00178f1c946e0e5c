//! Pre-scans that resolution needs before it walks a scope: the names a block declares (for the
//! temporal dead zone and hoisting) and the names a function body assigns (its implicit
//! declarations, D2).

use super::symbols::{Sym, Symbols};
use crate::ast::visit::for_each_operand;
pub use crate::ast::visit::{DeclaredKind, each_declaration, pattern_names};
use crate::ast::*;
use crate::span::Span;

/// Calls `f` on the expressions inside a binding pattern, in evaluation order: computed keys,
/// thresholds and defaults (they run in the scope around the pattern).
pub fn pattern_exprs<'a>(pattern: &'a Pattern, f: &mut dyn FnMut(&'a Expr)) {
    match &pattern.kind {
        PatternKind::Ident(_) => {}
        PatternKind::Array { elements, rest } => {
            for element in elements {
                if let ArrayPatternElement::Element { pattern, threshold } = element {
                    pattern_exprs(pattern, f);
                    if let Some(t) = threshold {
                        f(t);
                    }
                }
            }
            if let Some(rest) = rest {
                pattern_exprs(rest, f);
            }
        }
        PatternKind::Object { props, .. } => {
            for prop in props {
                if let PropKey::Computed(k) = &prop.key {
                    f(k);
                }
                pattern_exprs(&prop.value, f);
                if let Some(t) = &prop.threshold {
                    f(t);
                }
                if let Some(d) = &prop.default {
                    f(d);
                }
            }
        }
    }
}

/// The names a function body assigns by plain, compound, update or destructuring assignment,
/// `for (x of …)` without a declaration, `export x = e` or an `agents {}` block — without
/// entering nested functions — in first-assignment order.
///
/// An assignment to a name that an inner block, a loop header, a `catch` or a `match` arm
/// declares writes that declaration, not an implicit variable, so it is not collected.
pub(super) fn assigned_names<'a>(symbols: &mut Symbols<'a>, stmts: &'a [Stmt]) -> Vec<(Sym, Span)> {
    let mut scan = AssignScan::new(symbols);
    for stmt in stmts {
        scan.stmt(stmt);
    }
    scan.out
}

/// [`assigned_names`] for a lambda's expression body.
pub(super) fn assigned_names_in_expr<'a>(
    symbols: &mut Symbols<'a>,
    expr: &'a Expr,
) -> Vec<(Sym, Span)> {
    let mut scan = AssignScan::new(symbols);
    scan.expr(expr);
    scan.out
}

struct AssignScan<'s, 'a> {
    symbols: &'s mut Symbols<'a>,
    /// Marks the names this scan has collected (`SymInfo::collected_by_scan`).
    stamp: u32,
    out: Vec<(Sym, Span)>,
    /// The names declared by the inner scopes the scan is in (blocks, loop headers, catch
    /// clauses), innermost last; each counted in `SymInfo::shadowed_in_scan` while its scope is
    /// open.
    shadowed: Vec<Sym>,
}

impl<'s, 'a> AssignScan<'s, 'a> {
    fn new(symbols: &'s mut Symbols<'a>) -> Self {
        let stamp = symbols.next_stamp();
        AssignScan { symbols, stamp, out: Vec::new(), shadowed: Vec::new() }
    }

    fn add(&mut self, ident: &'a Ident) {
        let sym = self.symbols.intern(&ident.name);
        let info = self.symbols.info_mut(sym);
        if info.shadowed_in_scan > 0 || info.collected_by_scan == self.stamp {
            return;
        }
        info.collected_by_scan = self.stamp;
        self.out.push((sym, ident.span));
    }

    /// Declares `ident` in the innermost scope opened by [`AssignScan::scoped`].
    fn shadow(&mut self, ident: &'a Ident) {
        let sym = self.symbols.intern(&ident.name);
        self.symbols.info_mut(sym).shadowed_in_scan += 1;
        self.shadowed.push(sym);
    }

    /// Runs `f` inside a scope whose names `declare` declares (through [`AssignScan::shadow`]).
    fn scoped(&mut self, declare: impl FnOnce(&mut Self), f: impl FnOnce(&mut Self)) {
        let start = self.shadowed.len();
        declare(self);
        f(self);
        for sym in self.shadowed.drain(start..) {
            let info = self.symbols.info_mut(sym);
            info.shadowed_in_scan = info.shadowed_in_scan.saturating_sub(1);
        }
    }

    fn declare_block(&mut self, stmts: &'a [Stmt]) {
        each_declaration(stmts, &mut |ident, _| self.shadow(ident));
    }

    fn block(&mut self, block: &'a Block) {
        self.scoped(
            |scan| scan.declare_block(&block.stmts),
            |scan| {
                for stmt in &block.stmts {
                    scan.stmt(stmt);
                }
            },
        );
    }

    /// A loop or branch body: a scope of its own even when it is not a block.
    fn body(&mut self, stmt: &'a Stmt) {
        self.scoped(|scan| scan.declare_block(std::slice::from_ref(stmt)), |scan| scan.stmt(stmt));
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        match &stmt.kind {
            StmtKind::Expr(e) | StmtKind::Throw(e) => self.expr(e),
            StmtKind::Let(decl) => self.let_decl(decl),
            StmtKind::Function(f) => self.function_header(f),
            StmtKind::Return(e) => {
                if let Some(e) = e {
                    self.expr(e);
                }
            }
            StmtKind::If { cond, then_branch, else_branch } => {
                self.expr(cond);
                self.body(then_branch);
                if let Some(e) = else_branch {
                    self.body(e);
                }
            }
            StmtKind::While { cond, body } | StmtKind::DoWhile { body, cond } => {
                self.expr(cond);
                self.body(body);
            }
            StmtKind::For { init, cond, update, body } => {
                self.scoped(
                    |scan| scan.declare_for_init(init.as_deref()),
                    |scan| {
                        scan.for_header(init.as_deref(), cond.as_deref(), update.as_deref());
                        scan.body(body);
                    },
                );
            }
            StmtKind::ForIn { item, index, iterable, body } => {
                self.expr(iterable);
                self.scoped(
                    |scan| {
                        scan.shadow(item);
                        if let Some(index) = index {
                            scan.shadow(index);
                        }
                    },
                    |scan| scan.body(body),
                );
            }
            StmtKind::ForOf { decl, pattern, iterable, body } => {
                self.expr(iterable);
                self.pattern_exprs(pattern);
                if decl.is_none() {
                    pattern_names(pattern, &mut |ident| self.add(ident));
                    self.body(body);
                } else {
                    self.scoped(
                        |scan| pattern_names(pattern, &mut |ident| scan.shadow(ident)),
                        |scan| scan.body(body),
                    );
                }
            }
            StmtKind::Uncertain(u) => {
                match &u.head {
                    UncertainHead::If { cond } | UncertainHead::While { cond } => self.expr(cond),
                    UncertainHead::For { init, cond, update } => {
                        self.scoped(
                            |scan| scan.declare_for_init(init.as_ref()),
                            |scan| {
                                scan.for_header(init.as_ref(), cond.as_ref(), update.as_ref());
                                for branch in &u.branches {
                                    scan.block(&branch.body);
                                }
                            },
                        );
                        return;
                    }
                }
                for branch in &u.branches {
                    self.block(&branch.body);
                }
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Import(_) => {}
            StmtKind::Try { body, catch, finally } => {
                self.block(body);
                if let Some(c) = catch {
                    self.scoped(
                        |scan| {
                            if let Some(param) = &c.param {
                                scan.shadow(param);
                            }
                        },
                        |scan| scan.block(&c.body),
                    );
                }
                if let Some(f) = finally {
                    self.block(f);
                }
            }
            StmtKind::Block(b) => self.block(b),
            StmtKind::Export(export) => match export {
                Export::Default(e) => self.expr(e),
                Export::Let(decl) => self.let_decl(decl),
                Export::Function(f) => self.function_header(f),
                Export::Assign { name, value } => {
                    self.add(name);
                    self.expr(value);
                }
                Export::Named { .. } | Export::All { .. } => {}
            },
            StmtKind::Agents(decls) => {
                for decl in decls {
                    self.add(&decl.name);
                    for entry in &decl.config {
                        self.expr(&entry.value);
                    }
                }
            }
            StmtKind::Context { body, .. } => self.block(body),
        }
    }

    /// The names a `for` header's `let`/`const` declares.
    fn declare_for_init(&mut self, init: Option<&'a ForInit>) {
        if let Some(ForInit::Let(decl)) = init {
            pattern_names(&decl.pattern, &mut |ident| self.shadow(ident));
        }
    }

    fn for_header(
        &mut self,
        init: Option<&'a ForInit>,
        cond: Option<&'a Expr>,
        update: Option<&'a Expr>,
    ) {
        match init {
            Some(ForInit::Let(decl)) => self.let_decl(decl),
            Some(ForInit::Expr(e)) => self.expr(e),
            None => {}
        }
        if let Some(c) = cond {
            self.expr(c);
        }
        if let Some(u) = update {
            self.expr(u);
        }
    }

    fn let_decl(&mut self, decl: &'a LetDecl) {
        self.pattern_exprs(&decl.pattern);
        if let Some(init) = &decl.init {
            self.expr(init);
        }
    }

    /// A function's `~>` annotation runs in the enclosing scope; its body does not.
    fn function_header(&mut self, f: &'a Function) {
        if let Some(c) = &f.confidence {
            self.expr(c);
        }
    }

    /// Thresholds and defaults inside a pattern are expressions of the enclosing scope.
    fn pattern_exprs(&mut self, pattern: &'a Pattern) {
        pattern_exprs(pattern, &mut |e| self.expr(e));
    }

    fn target(&mut self, target: &'a AssignTarget) {
        match target {
            AssignTarget::Name(ident) => self.add(ident),
            AssignTarget::Member { object, .. } => self.expr(object),
            AssignTarget::Index { object, index } => {
                self.expr(object);
                self.expr(index);
            }
            AssignTarget::Pattern { pattern, threshold } => {
                pattern_names(pattern, &mut |ident| self.add(ident));
                self.pattern_exprs(pattern);
                if let Some(t) = threshold {
                    self.expr(t);
                }
            }
        }
    }

    fn expr(&mut self, expr: &'a Expr) {
        match &expr.kind {
            ExprKind::Update { target, .. } => self.target(target),
            ExprKind::Pipe { op, lhs, rhs, .. } => {
                if *op == PipeOp::ConfidencePipe {
                    self.expr(lhs);
                }
                self.expr(rhs);
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for arm in arms {
                    if let Some(t) = &arm.threshold {
                        self.expr(t);
                    }
                    if let Some(g) = &arm.guard {
                        self.expr(g);
                    }
                    match &arm.body {
                        ArmBody::Expr(e) => self.expr(e),
                        ArmBody::Block(b) => self.block(b),
                    }
                }
            }
            ExprKind::Assign { target, value, .. } => {
                self.target(target);
                self.expr(value);
            }
            // Functions and lambdas are scanned on their own; names and literals assign nothing.
            _ => for_each_operand(expr, |e| self.expr(e)),
        }
    }
}
