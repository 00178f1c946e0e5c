//! Statements and blocks: flow through branches, loops, `try` and `uncertain`.

use super::*;

impl<'a> Checker<'a> {
    /// Walks a block; returns whether it never completes normally.
    pub(super) fn block(&mut self, stmts: &[Stmt], top: bool) -> bool {
        for stmt in stmts {
            let f = match &stmt.kind {
                StmtKind::Function(f) | StmtKind::Export(Export::Function(f)) => f,
                _ => continue,
            };
            if let Some(name) = &f.name {
                let t = self.fn_type(&f.params, FnKind::Function, Ty::Dynamic, f.span, name.span);
                self.set_ident(name, t);
            }
        }
        let mut terminated = false;
        for stmt in stmts {
            let t = self.stmt(stmt);
            if top && self.fns.len() == 1 {
                self.last_top = match (&stmt.kind, t) {
                    (StmtKind::Expr(e), Some(t)) => Some((t, e.span)),
                    _ => None,
                };
            }
            if !terminated && self.terminates(stmt) {
                terminated = true;
                self.suppress += 1;
            }
        }
        if terminated {
            self.suppress -= 1;
        }
        terminated
    }

    pub(super) fn terminates(&self, stmt: &Stmt) -> bool {
        match &stmt.kind {
            StmtKind::Return(_) | StmtKind::Throw(_) | StmtKind::Break | StmtKind::Continue => true,
            StmtKind::Block(b) => b.stmts.iter().any(|s| self.terminates(s)),
            StmtKind::If { then_branch, else_branch: Some(e), .. } => {
                self.terminates(then_branch) && self.terminates(e)
            }
            _ => false,
        }
    }

    pub(super) fn stmt_branch(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Block(b) => {
                self.block(&b.stmts, false);
            }
            _ => {
                self.block(std::slice::from_ref(stmt), false);
            }
        }
    }

    /// Walks a statement; returns the type of an expression statement.
    pub(super) fn stmt(&mut self, stmt: &Stmt) -> Option<Ty> {
        match &stmt.kind {
            StmtKind::Expr(e) => return Some(self.expr(e)),
            StmtKind::Let(decl) => self.let_decl(decl),
            StmtKind::Function(f) => self.function_decl(f),
            StmtKind::Return(e) => {
                let t = e.as_ref().map_or(Ty::Null, |e| self.expr(e));
                if let Some(ctx) = self.fns.last_mut() {
                    ctx.ret = Some(match &ctx.ret {
                        None => t,
                        Some(r) => join(r, &t),
                    });
                }
            }
            StmtKind::If { cond, then_branch, else_branch } => {
                self.condition_warning(cond);
                self.expr(cond);
                let (then_n, else_n) = self.narrowings(cond);
                let constant = const_truthiness(cond);
                let mark = self.trail.len();
                self.apply(&then_n);
                self.dead_if(constant == Some(false), |c| c.stmt_branch(then_branch));
                let then_term = self.terminates(then_branch);
                let then_c = self.take_changes(mark);
                self.apply(&else_n);
                if let Some(e) = else_branch {
                    self.dead_if(constant == Some(true), |c| c.stmt_branch(e));
                }
                let else_term = else_branch.as_ref().is_some_and(|e| self.terminates(e));
                let else_c = self.take_changes(mark);
                match (then_term, else_term) {
                    (true, false) => self.merge(&[else_c], false),
                    (false, true) => self.merge(&[then_c], false),
                    _ => self.merge(&[then_c, else_c], false),
                }
            }
            StmtKind::While { cond, body } => {
                self.widen(stmt.span);
                self.condition_warning(cond);
                self.expr(cond);
                let (then_n, _) = self.narrowings(cond);
                let mark = self.trail.len();
                self.apply(&then_n);
                self.dead_if(const_truthiness(cond) == Some(false), |c| c.stmt_branch(body));
                self.undo_to(mark);
            }
            StmtKind::DoWhile { body, cond } => {
                self.widen(stmt.span);
                let mark = self.trail.len();
                self.stmt_branch(body);
                self.condition_warning(cond);
                self.expr(cond);
                self.undo_to(mark);
            }
            StmtKind::For { init, cond, update, body } => {
                // Resolver quirk: `i++` in the header also declares an unused implicit `i`.
                self.not_unused.extend(update.iter().map(|u| u.span));
                let mark = self.trail.len();
                self.for_init(init.as_deref());
                self.widen(stmt.span);
                if let Some(c) = cond {
                    self.condition_warning(c);
                    self.expr(c);
                }
                self.stmt_branch(body);
                if let Some(u) = update {
                    self.expr(u);
                }
                self.undo_to(mark);
                self.widen(stmt.span);
            }
            StmtKind::ForIn { item, index, iterable, body } => {
                let it = self.expr(iterable);
                self.widen(stmt.span);
                let mark = self.trail.len();
                self.set_ident(item, elem_type(&it));
                if let Some(i) = index {
                    self.set_ident(i, Ty::number());
                }
                self.stmt_branch(body);
                self.undo_to(mark);
            }
            StmtKind::ForOf { pattern, iterable, body, .. } => {
                let it = self.expr(iterable);
                self.widen(stmt.span);
                let mark = self.trail.len();
                self.bind_pattern(pattern, elem_type(&it), iterable.span);
                self.stmt_branch(body);
                self.undo_to(mark);
            }
            StmtKind::Uncertain(u) => self.uncertain(u, stmt.span),
            StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Throw(e) => {
                self.expr(e);
            }
            StmtKind::Try { body, catch, finally } => {
                let mark = self.trail.len();
                let handled = catch.is_some();
                if handled {
                    self.suppress += 1;
                }
                self.block(&body.stmts, false);
                if handled {
                    self.suppress -= 1;
                }
                let try_c = self.take_changes(mark);
                let mut branches = vec![try_c];
                if let Some(c) = catch {
                    self.block(&c.body.stmts, false);
                    branches.push(self.take_changes(mark));
                }
                self.merge(&branches, !handled);
                if let Some(f) = finally {
                    self.block(&f.stmts, false);
                }
            }
            StmtKind::Block(b) => {
                self.block(&b.stmts, false);
            }
            StmtKind::Import(_) => {}
            StmtKind::Export(export) => match export {
                Export::Default(e) => {
                    self.expr(e);
                }
                Export::Let(decl) => self.let_decl(decl),
                Export::Function(f) => self.function_decl(f),
                Export::Assign { name, value } => {
                    let t = self.expr(value);
                    self.set_ident(name, t);
                }
                Export::Named { .. } | Export::All { .. } => {}
            },
            StmtKind::Agents(decls) => {
                for d in decls {
                    self.not_unused.push(d.name.span);
                    for entry in &d.config {
                        self.expr(&entry.value);
                    }
                }
            }
            StmtKind::Context { body, .. } => {
                self.block(&body.stmts, false);
            }
        }
        None
    }

    pub(super) fn dead_if(&mut self, dead: bool, f: impl FnOnce(&mut Self)) {
        if dead {
            self.suppress += 1;
        }
        f(self);
        if dead {
            self.suppress -= 1;
        }
    }

    pub(super) fn for_init(&mut self, init: Option<&ForInit>) {
        match init {
            Some(ForInit::Let(decl)) => {
                self.not_unused.push(decl.pattern.span);
                self.let_decl(decl)
            }
            Some(ForInit::Expr(e)) => {
                self.expr(e);
            }
            None => {}
        }
    }

    pub(super) fn let_decl(&mut self, decl: &LetDecl) {
        let (t, span) = match &decl.init {
            Some(e) => (self.expr(e), e.span),
            None => (Ty::Null, decl.span),
        };
        self.bind_pattern(&decl.pattern, t, span);
    }

    pub(super) fn function_decl(&mut self, f: &Function) {
        let t = self.function(f);
        if let Some(name) = &f.name {
            self.set_ident(name, t);
        }
    }

    pub(super) fn uncertain(&mut self, u: &Uncertain, span: Span) {
        let mut is_if = false;
        let mut level = None;
        match &u.head {
            UncertainHead::If { cond } => {
                is_if = true;
                let t = self.expr(cond);
                if !t.may_be_confident() {
                    self.error(
                        Diagnostic::error(
                            codes::UNCERTAIN_IF_NOT_CONFIDENT,
                            "Uncertain if requires a confidence expression",
                        )
                        .with_primary(self.file, cond.span, format!("{} with no confidence", describe(&t)))
                        .with_note("`uncertain if` picks a branch by the confidence of its condition; a value without confidence fails at run time")
                        .with_help("attach a confidence (`cond ~> 0.8`), compare a confident value, or use a plain `if`"),
                    );
                }
                if let Ty::Confident(_, Some(c)) = t {
                    level = Some(level_of(c));
                }
            }
            UncertainHead::While { cond } => {
                self.widen(span);
                self.expr(cond);
            }
            UncertainHead::For { init, cond, update } => {
                self.not_unused.extend(update.iter().map(|u| u.span));
                self.for_init(init.as_ref());
                self.widen(span);
                if let Some(c) = cond {
                    self.expr(c);
                }
                if let Some(up) = update {
                    self.expr(up);
                }
            }
        }
        if let Some(level) = level {
            let has_level = u.branches.iter().any(|b| b.level == level);
            for b in &u.branches {
                let runs = b.level == level || (b.level == UncertainLevel::Default && !has_level);
                if !runs {
                    self.warn(
                        Diagnostic::warning(
                            codes::UNREACHABLE_UNCERTAIN_BRANCH,
                            format!("this `{}` branch can never run", level_name(b.level)),
                        )
                        .with_primary(self.file, b.span, "never runs")
                        .with_help(format!(
                            "the condition's confidence is always {}; remove the branch or compute the confidence at run time",
                            level_name(level)
                        )),
                    );
                }
            }
        }
        let mark = self.trail.len();
        let mut branches = Vec::new();
        for b in &u.branches {
            self.block(&b.body.stmts, false);
            branches.push(self.take_changes(mark));
        }
        if is_if {
            let covers = |l| u.branches.iter().any(|b| b.level == l);
            let exhaustive = covers(UncertainLevel::Default)
                || (covers(UncertainLevel::High)
                    && covers(UncertainLevel::Medium)
                    && covers(UncertainLevel::Low));
            self.merge(&branches, !exhaustive);
        } else {
            self.undo_to(mark);
        }
    }
}
