//! A pass before typing: which variables may be aliased or mutated (so their arrays and objects
//! cannot keep a literal's exact shape), and where every variable is assigned (so loops can
//! widen exactly the variables they change).

use super::signatures::MUTATING_METHODS;
use crate::ast::visit::for_each_operand;
use crate::ast::*;
use crate::resolve::{BindingId, Resolution, Resolved};

pub struct Facts {
    /// By binding: read somewhere other than as the object of `.k`, `[i]` or a non-mutating
    /// method call, or the object of a member/index assignment.
    pub escapes: Vec<bool>,
    /// (position, binding) of every assignment and declaration, sorted by position.
    pub assign_sites: Vec<(u32, BindingId)>,
}

pub fn analyse(program: &Program, res: &Resolution) -> Facts {
    let mut w = Walk {
        res,
        facts: Facts { escapes: vec![false; res.bindings.len()], assign_sites: Vec::new() },
    };
    w.stmts(&program.body);
    w.facts.assign_sites.sort_unstable_by_key(|(p, b)| (*p, b.0));
    w.facts
}

struct Walk<'a> {
    res: &'a Resolution,
    facts: Facts,
}

impl Walk<'_> {
    fn binding(&self, ident: &Ident) -> Option<BindingId> {
        match self.res.resolve(ident.span) {
            Resolved::Binding(b) => Some(b),
            Resolved::Unresolved => None,
        }
    }

    fn escape(&mut self, ident: &Ident) {
        if let Some(b) = self.binding(ident)
            && let Some(slot) = self.facts.escapes.get_mut(b.0 as usize)
        {
            *slot = true;
        }
    }

    fn site(&mut self, ident: &Ident) {
        if let Some(b) = self.binding(ident) {
            self.facts.assign_sites.push((ident.span.start, b));
        }
    }

    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(e) | StmtKind::Throw(e) => self.expr(e),
            StmtKind::Let(d) => self.let_decl(d),
            StmtKind::Function(f) => self.function(f),
            StmtKind::Return(e) => {
                if let Some(e) = e {
                    self.expr(e);
                }
            }
            StmtKind::If { cond, then_branch, else_branch } => {
                self.expr(cond);
                self.stmt(then_branch);
                if let Some(e) = else_branch {
                    self.stmt(e);
                }
            }
            StmtKind::While { cond, body } | StmtKind::DoWhile { body, cond } => {
                self.expr(cond);
                self.stmt(body);
            }
            StmtKind::For { init, cond, update, body } => {
                self.for_init(init.as_deref());
                for e in [cond, update].into_iter().flatten() {
                    self.expr(e);
                }
                self.stmt(body);
            }
            StmtKind::ForIn { item, index, iterable, body } => {
                self.site(item);
                if let Some(i) = index {
                    self.site(i);
                }
                self.expr(iterable);
                self.stmt(body);
            }
            StmtKind::ForOf { pattern, iterable, body, .. } => {
                self.pattern(pattern);
                self.expr(iterable);
                self.stmt(body);
            }
            StmtKind::Uncertain(u) => {
                match &u.head {
                    UncertainHead::If { cond } | UncertainHead::While { cond } => self.expr(cond),
                    UncertainHead::For { init, cond, update } => {
                        self.for_init(init.as_ref());
                        for e in [cond, update].into_iter().flatten() {
                            self.expr(e);
                        }
                    }
                }
                for b in &u.branches {
                    self.stmts(&b.body.stmts);
                }
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Import(_) => {}
            StmtKind::Try { body, catch, finally } => {
                self.stmts(&body.stmts);
                if let Some(c) = catch {
                    self.stmts(&c.body.stmts);
                }
                if let Some(f) = finally {
                    self.stmts(&f.stmts);
                }
            }
            StmtKind::Block(b) => self.stmts(&b.stmts),
            StmtKind::Export(export) => match export {
                Export::Default(e) => self.expr(e),
                Export::Let(d) => self.let_decl(d),
                Export::Function(f) => self.function(f),
                Export::Assign { name, value } => {
                    self.site(name);
                    self.expr(value);
                }
                Export::Named { specifiers, .. } => {
                    for s in specifiers {
                        self.escape(&s.local);
                    }
                }
                Export::All { .. } => {}
            },
            StmtKind::Agents(decls) => {
                for d in decls {
                    for entry in &d.config {
                        self.expr(&entry.value);
                    }
                }
            }
            StmtKind::Context { body, .. } => self.stmts(&body.stmts),
        }
    }

    fn for_init(&mut self, init: Option<&ForInit>) {
        match init {
            Some(ForInit::Let(d)) => self.let_decl(d),
            Some(ForInit::Expr(e)) => self.expr(e),
            None => {}
        }
    }

    fn let_decl(&mut self, d: &LetDecl) {
        self.pattern(&d.pattern);
        if let Some(e) = &d.init {
            self.expr(e);
        }
    }

    fn function(&mut self, f: &Function) {
        self.params(&f.params);
        self.stmts(&f.body.stmts);
        if let Some(c) = &f.confidence {
            self.expr(c);
        }
    }

    fn params(&mut self, params: &[Param]) {
        for p in params {
            self.pattern(&p.pattern);
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
    }

    fn pattern(&mut self, p: &Pattern) {
        match &p.kind {
            PatternKind::Ident(i) => self.site(i),
            PatternKind::Array { elements, rest } => {
                for e in elements {
                    if let ArrayPatternElement::Element { pattern, threshold } = e {
                        self.pattern(pattern);
                        if let Some(t) = threshold {
                            self.expr(t);
                        }
                    }
                }
                if let Some(r) = rest {
                    self.pattern(r);
                }
            }
            PatternKind::Object { props, rest } => {
                for prop in props {
                    if let PropKey::Computed(k) = &prop.key {
                        self.expr(k);
                    }
                    self.pattern(&prop.value);
                    for e in [&prop.threshold, &prop.default].into_iter().flatten() {
                        self.expr(e);
                    }
                }
                if let Some(r) = rest {
                    self.site(r);
                }
            }
        }
    }

    fn target(&mut self, t: &AssignTarget) {
        match t {
            AssignTarget::Name(i) => self.site(i),
            AssignTarget::Member { object, .. } => self.mutated(object),
            AssignTarget::Index { object, index } => {
                self.mutated(object);
                self.expr(index);
            }
            AssignTarget::Pattern { pattern, threshold } => {
                self.pattern(pattern);
                if let Some(e) = threshold {
                    self.expr(e);
                }
            }
        }
    }

    /// The object of a member or index assignment: it changes.
    fn mutated(&mut self, object: &Expr) {
        match &object.kind {
            ExprKind::Ident(i) => self.escape(i),
            _ => self.expr(object),
        }
    }

    /// The object of a read `.k` / `[i]`: a variable there is only inspected.
    fn inspected(&mut self, object: &Expr) {
        if !matches!(object.kind, ExprKind::Ident(_)) {
            self.expr(object);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ident(i) => self.escape(i),
            ExprKind::Function(f) => self.function(f),
            ExprKind::Lambda(l) => {
                self.params(&l.params);
                match &l.body {
                    LambdaBody::Expr(x) => self.expr(x),
                    LambdaBody::Block(b) => self.stmts(&b.stmts),
                }
            }
            ExprKind::Update { target, .. } => self.target(target),
            ExprKind::Pipe { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Member { object, .. } => self.inspected(object),
            ExprKind::Index { object, index, .. } => {
                self.inspected(object);
                self.expr(index);
            }
            ExprKind::Call { callee, args, .. } => {
                match &callee.kind {
                    ExprKind::Member { object, property, .. } => {
                        if MUTATING_METHODS.contains(&property.name.as_str()) {
                            self.mutated(object);
                        } else {
                            self.inspected(object);
                        }
                    }
                    _ => self.expr(callee),
                }
                for a in args {
                    match a {
                        Argument::Expr(x) | Argument::Spread { argument: x, .. } => self.expr(x),
                    }
                }
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for arm in arms {
                    for x in [&arm.threshold, &arm.guard].into_iter().flatten() {
                        self.expr(x);
                    }
                    match &arm.body {
                        ArmBody::Expr(x) => self.expr(x),
                        ArmBody::Block(b) => self.stmts(&b.stmts),
                    }
                }
            }
            ExprKind::Assign { target, value, op } => {
                if op.binary().is_some()
                    && let AssignTarget::Name(i) = &**target
                {
                    self.escape(i);
                }
                self.target(target);
                self.expr(value);
            }
            _ => for_each_operand(e, |x| self.expr(x)),
        }
    }
}
