//! The type checker (LANGUAGE.md D16): types every expression over the lattice of [`types`],
//! flow-sensitively, and reports as errors only operations that certainly fail whenever they
//! run, in code that can run and is not inside a `try` whose `catch` would handle the failure,
//! plus confidence literals outside [0, 1]. Less certain problems are warnings or nothing.
//!
//! * Variables are typed per program point: an assignment sets a variable's type, a branch
//!   joins the types of its arms, a loop widens the variables it assigns to `dynamic`. A
//!   variable written from a closure is `dynamic`; a variable of an enclosing function read in
//!   a nested one is `dynamic` unless it is a never-reassigned function, built-in or global.
//! * Narrowing: `if (x)`, `x != null`, `typeof x == "…"`, `&&`/`||`, `x ?? d`, `x?.k`.
//! * An array or object keeps its literal shape only in a variable that is never aliased or
//!   mutated (it is only read with `.k`, `[i]` and non-mutating methods); elsewhere it is open.
//! * Errors in a function body are reported only when the function is called directly from code
//!   that runs (the top level, outside `try`/`catch`, or a function that is itself so called).

mod escape;
mod refs;
pub mod signatures;
pub mod types;

use crate::ast::*;
use crate::diagnostics::{Diagnostic, codes};
use crate::header::PatternHeader;
use crate::resolve::{BindingId, BindingKind, FunctionId, Resolution, Resolved};
use crate::span::{FileId, Span};
use std::collections::HashMap;
use std::rc::Rc;
use types::{FnKind, FnTy, Shape, Ty, join, shape_field};

/// Checks one file after name resolution.
pub fn check(
    file: FileId,
    program: &Program,
    header: &PatternHeader,
    resolution: &Resolution,
) -> Vec<Diagnostic> {
    let mut checker = Checker::new(file, program, header, resolution);
    checker.run(program);
    checker.finish(program)
}

/// Types that hold in one arm of a condition.
type Narrowings = Vec<(BindingId, Ty)>;

/// The bindings changed in a branch and their values at its end.
type Changes = Vec<(usize, Option<Ty>)>;

struct FnCtx {
    id: FunctionId,
    ret: Option<Ty>,
}

struct Checker<'a> {
    file: FileId,
    res: &'a Resolution,
    refs: refs::Refs,
    header: &'a PatternHeader,
    env: Vec<Option<Ty>>,
    trail: Vec<(usize, Option<Ty>)>,
    escapes: Vec<bool>,
    /// (position, binding) of every assignment, sorted by position.
    assign_sites: Vec<(u32, BindingId)>,
    fns: Vec<FnCtx>,
    /// > 0 inside `try` with `catch` or after a statement that never completes.
    suppress: u32,
    deferred: HashMap<FunctionId, Vec<Diagnostic>>,
    calls: HashMap<FunctionId, Vec<FunctionId>>,
    out: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    last_top: Option<(Ty, Span)>,
    warned_unassigned: std::collections::HashSet<BindingId>,
    /// Declarations never reported as unused: `for` header variables (the resolver reports
    /// their reads on a per-iteration copy) and `agents {}` entries (used by the engine).
    not_unused: Vec<Span>,
    /// Imported primitives of the primitive library, by binding (their signatures are known).
    primitives: HashMap<BindingId, &'static crate::primitives::Primitive>,
}

impl<'a> Checker<'a> {
    fn new(
        file: FileId,
        program: &Program,
        header: &'a PatternHeader,
        res: &'a Resolution,
    ) -> Self {
        let n = res.bindings.len();
        let refs = refs::Refs::new(res);
        let facts = escape::analyse(program, res, &refs);
        let mut checker = Checker {
            file,
            res,
            refs,
            header,
            env: vec![None; n],
            trail: Vec::new(),
            escapes: facts.escapes,
            assign_sites: facts.assign_sites,
            fns: vec![FnCtx { id: FunctionId::TOP, ret: None }],
            suppress: 0,
            deferred: HashMap::new(),
            calls: HashMap::new(),
            out: Vec::new(),
            warnings: Vec::new(),
            last_top: None,
            warned_unassigned: std::collections::HashSet::new(),
            not_unused: Vec::new(),
            primitives: crate::primitives::imported(program, res),
        };
        for (id, primitive) in &checker.primitives {
            checker.env[id.0 as usize] = Some(primitive.fn_ty());
        }
        for (i, b) in res.bindings.iter().enumerate() {
            let t = match b.kind {
                BindingKind::Builtin => builtin_type(&b.name),
                BindingKind::PatternGlobal => checker.global_type(&b.name),
                _ => continue,
            };
            checker.env[i] = Some(t);
        }
        checker
    }

    fn run(&mut self, program: &Program) {
        self.block(&program.body, true);
    }

    fn finish(mut self, program: &Program) -> Vec<Diagnostic> {
        // Liveness of function bodies: reachable by direct calls from the top level.
        let mut live = vec![FunctionId::TOP];
        let mut seen = std::collections::HashSet::from([FunctionId::TOP]);
        while let Some(f) = live.pop() {
            if let Some(diags) = self.deferred.remove(&f) {
                self.out.extend(diags);
            }
            for callee in self.calls.get(&f).cloned().unwrap_or_default() {
                if seen.insert(callee) {
                    live.push(callee);
                }
            }
        }
        self.unused_warnings();
        self.result_confidence_warning(program);
        let mut out = self.out;
        out.extend(self.warnings);
        out
    }

    // ----- reporting -----

    fn current(&self) -> FunctionId {
        self.fns.last().map_or(FunctionId::TOP, |f| f.id)
    }

    fn error(&mut self, diag: Diagnostic) {
        if self.suppress > 0 {
            return;
        }
        let f = self.current();
        if f == FunctionId::TOP {
            self.out.push(diag);
        } else {
            self.deferred.entry(f).or_default().push(diag);
        }
    }

    fn warn(&mut self, diag: Diagnostic) {
        self.warnings.push(diag);
    }

    // ----- environment -----

    fn set(&mut self, b: BindingId, t: Ty) {
        let i = b.0 as usize;
        if let Some(slot) = self.env.get_mut(i) {
            let old = slot.replace(t);
            self.trail.push((i, old));
        }
    }

    fn set_ident(&mut self, ident: &Ident, t: Ty) {
        if let Resolved::Binding(b) = self.refs.resolve(ident.span) {
            self.set(b, t);
        }
    }

    fn undo_to(&mut self, mark: usize) {
        while self.trail.len() > mark {
            if let Some((i, old)) = self.trail.pop()
                && let Some(slot) = self.env.get_mut(i)
            {
                *slot = old;
            }
        }
    }

    /// The bindings changed since `mark`, with their current values; then restores them.
    fn take_changes(&mut self, mark: usize) -> Changes {
        let mut ids: Vec<usize> = self.trail[mark..].iter().map(|(i, _)| *i).collect();
        ids.sort_unstable();
        ids.dedup();
        let changes = ids.into_iter().map(|i| (i, self.env[i].clone())).collect();
        self.undo_to(mark);
        changes
    }

    /// Sets each binding changed in any of `branches` to the join of its values in them (and
    /// its current value when `with_current`: control may skip every branch).
    fn merge(&mut self, branches: &[Changes], with_current: bool) {
        let mut ids: Vec<usize> = branches.iter().flatten().map(|(i, _)| *i).collect();
        ids.sort_unstable();
        ids.dedup();
        for i in ids {
            let current = self.env[i].clone();
            let mut acc: Option<Option<Ty>> = with_current.then(|| current.clone());
            for branch in branches {
                let v = branch
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map_or(current.clone(), |(_, v)| v.clone());
                acc = Some(match acc {
                    None => v,
                    Some(a) => join_opt(&a, &v),
                });
            }
            if let Some(v) = acc
                && v != current
            {
                let old = std::mem::replace(&mut self.env[i], v);
                self.trail.push((i, old));
            }
        }
    }

    /// Widens every variable assigned inside `span` (a loop) to `dynamic`.
    fn widen(&mut self, span: Span) {
        let from = self.assign_sites.partition_point(|(p, _)| *p < span.start);
        let to = self.assign_sites.partition_point(|(p, _)| *p < span.end);
        for k in from..to {
            let b = self.assign_sites[k].1;
            self.set(b, Ty::Dynamic);
        }
    }

    fn read_binding(&self, b: BindingId) -> Ty {
        let binding = self.res.binding(b);
        if binding.captured && binding.reassigned {
            return Ty::Dynamic;
        }
        let global = matches!(binding.kind, BindingKind::Builtin | BindingKind::PatternGlobal)
            && !binding.reassigned;
        let fixed_function = (binding.kind == BindingKind::Function
            || self.primitives.contains_key(&b))
            && !binding.reassigned;
        if binding.function != self.current() && !global && !fixed_function {
            return Ty::Dynamic;
        }
        let t = self.env.get(b.0 as usize).cloned().flatten().unwrap_or(Ty::Dynamic);
        if self.escapes.get(b.0 as usize).copied().unwrap_or(true) { t.opened() } else { t }
    }

    /// Warns once per variable when an implicitly declared one (D2) is read where it may not
    /// have been assigned yet on some path.
    fn check_assigned(&mut self, b: BindingId, ident: &Ident) {
        let binding = self.res.binding(b);
        let unassigned = self.env.get(b.0 as usize).is_some_and(Option::is_none);
        if binding.kind != BindingKind::Implicit
            || binding.function != self.current()
            || binding.captured
            || !unassigned
            || self.suppress > 0
            || !self.warned_unassigned.insert(b)
        {
            return;
        }
        self.warn(
            Diagnostic::warning(
                codes::POSSIBLY_UNASSIGNED,
                format!("`{}` may be read before it is assigned", ident.name),
            )
            .with_primary(self.file, ident.span, "read here")
            .with_secondary(self.file, binding.span, "first assigned here, on some paths only")
            .with_note(format!(
                "reading it before any assignment has run fails with `Undefined variable: {}`",
                ident.name
            ))
            .with_help("assign it on every path before this read, e.g. give it an initial value"),
        );
    }

    fn global_type(&self, name: &str) -> Ty {
        let open = |fields: Vec<(&str, Ty)>| {
            Ty::object(fields.into_iter().map(|(k, t)| (k.to_string(), t)).collect(), false, None)
        };
        match name {
            "agentCount" => Ty::number(),
            "agentResults" | "successfulResults" => {
                let result = open(vec![
                    ("agentId", Ty::String),
                    ("agentName", Ty::String),
                    ("capabilities", Ty::array(Ty::String, None)),
                    ("expertise", Ty::number()),
                    ("result", Ty::Dynamic),
                    ("confidence", Ty::number()),
                    ("timestamp", Ty::number()),
                ]);
                Ty::array(result, None)
            }
            "agentList" => Ty::array(
                open(vec![
                    ("id", Ty::String),
                    ("name", Ty::String),
                    ("capabilities", Ty::array(Ty::String, None)),
                    ("expertise", Ty::number()),
                    ("historicalConfidence", Ty::number()),
                ]),
                None,
            ),
            "pattern" => open(vec![("name", Ty::String), ("version", Ty::String)]),
            "input" => self.input_type(),
            _ => Ty::Dynamic,
        }
    }

    /// `input` from the `@input` schema: declared required properties with their JSON types,
    /// closed only with `additionalProperties: false`.
    fn input_type(&self) -> Ty {
        let Some(schema) = self.header.input.as_ref() else { return Ty::Dynamic };
        let json = &schema.value;
        let closed = json.get("additionalProperties") == Some(&serde_json::Value::Bool(false));
        let required: Vec<&str> = json
            .get("required")
            .and_then(|r| r.as_array())
            .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(props) = json.get("properties").and_then(|p| p.as_object()) {
            for (key, prop) in props {
                let t = if required.contains(&key.as_str()) {
                    match prop.get("type").and_then(|t| t.as_str()) {
                        Some("string") => Ty::String,
                        Some("number" | "integer") => Ty::number(),
                        Some("boolean") => Ty::Bool,
                        _ => Ty::Dynamic,
                    }
                } else {
                    Ty::Dynamic
                };
                fields.push((key.clone(), t));
            }
        }
        if !closed && fields.is_empty() {
            return Ty::object(Vec::new(), false, None);
        }
        Ty::Object(Rc::new(Shape {
            fields,
            closed,
            origin: Some(schema.tag.span()),
            what: "input",
        }))
    }

    // ----- statements -----

    /// Walks a block; returns whether it never completes normally.
    fn block(&mut self, stmts: &[Stmt], top: bool) -> bool {
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

    fn terminates(&self, stmt: &Stmt) -> bool {
        match &stmt.kind {
            StmtKind::Return(_) | StmtKind::Throw(_) | StmtKind::Break | StmtKind::Continue => true,
            StmtKind::Block(b) => b.stmts.iter().any(|s| self.terminates(s)),
            StmtKind::If { then_branch, else_branch: Some(e), .. } => {
                self.terminates(then_branch) && self.terminates(e)
            }
            _ => false,
        }
    }

    fn stmt_branch(&mut self, stmt: &Stmt) {
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
    fn stmt(&mut self, stmt: &Stmt) -> Option<Ty> {
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
                self.for_init(init.as_ref());
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

    fn dead_if(&mut self, dead: bool, f: impl FnOnce(&mut Self)) {
        if dead {
            self.suppress += 1;
        }
        f(self);
        if dead {
            self.suppress -= 1;
        }
    }

    fn for_init(&mut self, init: Option<&ForInit>) {
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

    fn let_decl(&mut self, decl: &LetDecl) {
        let (t, span) = match &decl.init {
            Some(e) => (self.expr(e), e.span),
            None => (Ty::Null, decl.span),
        };
        self.bind_pattern(&decl.pattern, t, span);
    }

    fn function_decl(&mut self, f: &Function) {
        let t = self.function(f);
        if let Some(name) = &f.name {
            self.set_ident(name, t);
        }
    }

    fn uncertain(&mut self, u: &Uncertain, span: Span) {
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

    // ----- patterns -----

    fn bind_pattern(&mut self, pattern: &Pattern, t: Ty, value_span: Span) {
        match &pattern.kind {
            PatternKind::Ident(ident) => self.set_ident(ident, t),
            PatternKind::Array { elements, rest } => {
                if let Some(kind) = t.kind_name()
                    && !matches!(t, Ty::Array(_) | Ty::Confident(..))
                {
                    self.error(
                        Diagnostic::error(
                            codes::CANNOT_DESTRUCTURE,
                            "Cannot destructure non-array value",
                        )
                        .with_primary(self.file, pattern.span, "an array pattern")
                        .with_secondary(self.file, value_span, format!("this is a {kind}"))
                        .with_help("destructure an array, or bind the value to a name"),
                    );
                }
                let elem = match &t {
                    Ty::Array(a) => a.elem.clone(),
                    _ => Ty::Dynamic,
                };
                for element in elements {
                    if let ArrayPatternElement::Element { pattern, threshold } = element {
                        let mut et = elem.clone();
                        if let Some(th) = threshold {
                            self.expr(th);
                            et = Ty::Dynamic;
                        }
                        if let Ty::Array(a) = &t
                            && a.len.is_some()
                        {
                            et = join(&et, &Ty::Null);
                        }
                        self.bind_pattern(pattern, et, value_span);
                    }
                }
                if let Some(r) = rest {
                    self.bind_pattern(r, Ty::array(elem, None), value_span);
                }
            }
            PatternKind::Object { props, rest } => {
                if let Some(kind) = t.kind_name()
                    && matches!(t, Ty::Number(_) | Ty::Bool | Ty::Null)
                {
                    self.error(
                        Diagnostic::error(
                            codes::CANNOT_DESTRUCTURE,
                            "Cannot destructure non-object value",
                        )
                        .with_primary(self.file, pattern.span, "an object pattern")
                        .with_secondary(self.file, value_span, format!("this is a {kind}"))
                        .with_help("destructure an object, or bind the value to a name"),
                    );
                }
                for prop in props {
                    if let PropKey::Computed(k) = &prop.key {
                        self.expr(k);
                    }
                    let mut pt = match (&t, &prop.key) {
                        (Ty::Object(shape), PropKey::Ident(Ident { name, .. }))
                        | (Ty::Object(shape), PropKey::String(StringLit { value: name, .. })) => {
                            shape_field(shape, name).unwrap_or(Ty::Null)
                        }
                        _ => Ty::Dynamic,
                    };
                    if let Some(th) = &prop.threshold {
                        self.expr(th);
                        pt = Ty::Dynamic;
                    }
                    if let Some(d) = &prop.default {
                        let dt = self.expr(d);
                        pt = join(&pt.non_null(), &dt);
                    }
                    self.bind_pattern(&prop.value, pt, value_span);
                }
                if let Some(r) = rest {
                    self.set_ident(r, Ty::object(Vec::new(), false, None));
                }
            }
        }
    }

    // ----- functions -----

    fn fn_type(&self, params: &[Param], kind: FnKind, ret: Ty, span: Span, decl: Span) -> Ty {
        let mut min = 0;
        let mut has_rest = false;
        for (i, p) in params.iter().enumerate() {
            if p.rest {
                has_rest = true;
            } else if p.default.is_none() {
                min = i + 1;
            }
        }
        let max = if has_rest { None } else { Some(params.len()) };
        if has_rest {
            min = min.min(params.len().saturating_sub(1));
        }
        let function = self.res.function_at.get(&span).copied();
        Ty::Function(Rc::new(FnTy { min, max, kind, ret, function, decl: Some(decl) }))
    }

    fn params(&mut self, params: &[Param]) {
        for p in params {
            if let Some(d) = &p.default {
                self.expr(d);
            }
            self.bind_pattern(&p.pattern, Ty::Dynamic, p.span);
        }
    }

    fn enter(&mut self, span: Span) -> usize {
        let id = self.res.function_at.get(&span).copied().unwrap_or(FunctionId::TOP);
        self.fns.push(FnCtx { id, ret: None });
        self.trail.len()
    }

    fn leave(&mut self, mark: usize) -> Option<Ty> {
        self.undo_to(mark);
        self.fns.pop().and_then(|f| f.ret)
    }

    fn function(&mut self, f: &Function) -> Ty {
        let mark = self.enter(f.span);
        self.params(&f.params);
        let terminated = self.block(&f.body.stmts, false);
        let ret = self.leave(mark);
        let mut ret = match ret {
            Some(r) if terminated => r,
            _ => Ty::Dynamic,
        };
        if let Some(c) = &f.confidence {
            self.expr(c);
            ret = Ty::Dynamic;
        }
        let decl = f.name.as_ref().map_or(f.span, |n| n.span);
        self.fn_type(&f.params, FnKind::Function, ret, f.span, decl)
    }

    fn lambda(&mut self, l: &Lambda) -> Ty {
        let mark = self.enter(l.span);
        self.params(&l.params);
        let ret = match &l.body {
            LambdaBody::Expr(e) => {
                let t = self.expr(e);
                self.leave(mark);
                t
            }
            LambdaBody::Block(b) => {
                let terminated = self.block(&b.stmts, false);
                match self.leave(mark) {
                    Some(r) if terminated => r,
                    _ => Ty::Dynamic,
                }
            }
        };
        self.fn_type(&l.params, FnKind::Lambda, ret, l.span, l.span)
    }

    // ----- conditions and narrowing -----

    fn condition_warning(&mut self, cond: &Expr) {
        if let ExprKind::Confidence { confidence, .. } = &cond.kind {
            self.warn(
                Diagnostic::warning(
                    codes::CONFIDENCE_IN_CONDITION,
                    "`~>` in a condition is always truthy",
                )
                .with_primary(
                    self.file,
                    cond.span,
                    "this attaches a confidence; it does not test one",
                )
                .with_secondary(self.file, confidence.span, "this confidence is never compared")
                .with_help("to test the confidence write `(<~ x) >= c` or `threshold(x, c)`"),
            );
        }
    }

    fn narrowed(&self, ident: &Ident, f: impl Fn(&Ty) -> Ty) -> Option<(BindingId, Ty)> {
        match self.refs.resolve(ident.span) {
            Resolved::Binding(b) => Some((b, f(&self.read_binding(b)))),
            Resolved::Unresolved => None,
        }
    }

    /// Narrowings that hold when `cond` is truthy and when it is falsy.
    fn narrowings(&self, cond: &Expr) -> (Narrowings, Narrowings) {
        let mut then_n = Vec::new();
        let mut else_n = Vec::new();
        match &cond.kind {
            ExprKind::Ident(ident) => then_n.extend(self.narrowed(ident, Ty::non_null)),
            ExprKind::Member { .. } | ExprKind::Index { .. } | ExprKind::Call { .. } => {
                // `x?.k` truthy: x is not null.
                if let Some(root) = optional_root(cond) {
                    then_n.extend(self.narrowed(root, Ty::non_null));
                }
            }
            ExprKind::Unary { op: UnaryOp::Not, operand } => {
                let (t, e) = self.narrowings(operand);
                return (e, t);
            }
            ExprKind::Binary { op, lhs, rhs } => match op {
                BinaryOp::And => {
                    let (a, _) = self.narrowings(lhs);
                    let (b, _) = self.narrowings(rhs);
                    then_n.extend(a);
                    then_n.extend(b);
                }
                BinaryOp::Or => {
                    let (_, a) = self.narrowings(lhs);
                    let (_, b) = self.narrowings(rhs);
                    else_n.extend(a);
                    else_n.extend(b);
                }
                BinaryOp::Eq | BinaryOp::StrictEq | BinaryOp::NotEq | BinaryOp::StrictNotEq => {
                    let negated = matches!(op, BinaryOp::NotEq | BinaryOp::StrictNotEq);
                    let (yes, no) = if negated {
                        (&mut else_n, &mut then_n)
                    } else {
                        (&mut then_n, &mut else_n)
                    };
                    match (&lhs.kind, &rhs.kind) {
                        (ExprKind::Ident(x), ExprKind::Null)
                        | (ExprKind::Null, ExprKind::Ident(x)) => {
                            no.extend(self.narrowed(x, Ty::non_null));
                        }
                        (_, ExprKind::Null) | (ExprKind::Null, _) => {
                            let chain = if matches!(rhs.kind, ExprKind::Null) { lhs } else { rhs };
                            if let Some(root) = optional_root(chain) {
                                no.extend(self.narrowed(root, Ty::non_null));
                            }
                        }
                        (
                            ExprKind::Unary { op: UnaryOp::Typeof, operand },
                            ExprKind::String(name),
                        )
                        | (
                            ExprKind::String(name),
                            ExprKind::Unary { op: UnaryOp::Typeof, operand },
                        ) => {
                            if let ExprKind::Ident(x) = &operand.kind {
                                yes.extend(self.narrowed(x, |t| t.narrow_typeof(name, true)));
                                no.extend(self.narrowed(x, |t| t.narrow_typeof(name, false)));
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            },
            _ => {}
        }
        (then_n, else_n)
    }

    fn apply(&mut self, narrowings: &[(BindingId, Ty)]) {
        for (b, t) in narrowings {
            self.set(*b, t.clone());
        }
    }

    /// Walks `f` as code that may not run: its assignments are joined with the current types.
    fn maybe<R>(&mut self, narrowings: &[(BindingId, Ty)], f: impl FnOnce(&mut Self) -> R) -> R {
        let mark = self.trail.len();
        self.apply(narrowings);
        let r = f(self);
        let changes = self.take_changes(mark);
        // Narrowings themselves must not survive: keep only real assignments.
        let changes: Changes = changes
            .into_iter()
            .filter(|(i, v)| {
                !narrowings.iter().any(|(b, t)| b.0 as usize == *i && v.as_ref() == Some(t))
            })
            .collect();
        self.merge(&[changes], true);
        r
    }

    // ----- expressions -----

    fn expr(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Number(n) => Ty::Number(Some(*n)),
            ExprKind::String(_) => Ty::String,
            ExprKind::Template(parts) => {
                for part in parts {
                    if let TemplatePart::Hole(h) = part {
                        self.expr(h);
                    }
                }
                Ty::String
            }
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Null => Ty::Null,
            ExprKind::Ident(ident) => match self.refs.resolve(ident.span) {
                Resolved::Binding(b) => {
                    self.check_assigned(b, ident);
                    self.read_binding(b)
                }
                Resolved::Unresolved => Ty::Dynamic,
            },
            ExprKind::Placeholder => Ty::Dynamic,
            ExprKind::Array(elements) => {
                let mut elem: Option<Ty> = None;
                let mut len = Some(0usize);
                for element in elements {
                    match element {
                        ArrayElement::Expr(x) => {
                            let t = self.expr(x).stored();
                            elem = Some(elem.map_or(t.clone(), |a| join(&a, &t)));
                            len = len.map(|n| n + 1);
                        }
                        ArrayElement::Spread { argument, .. } => {
                            self.expr(argument);
                            elem = Some(Ty::Dynamic);
                            len = None;
                        }
                        ArrayElement::Hole(_) => {
                            elem = Some(Ty::Dynamic);
                            len = None;
                        }
                    }
                }
                Ty::array(elem.unwrap_or(Ty::Dynamic), len)
            }
            ExprKind::Object(props) => {
                let mut fields: Vec<(String, Ty)> = Vec::new();
                let mut closed = true;
                for prop in props {
                    match prop {
                        ObjectProp::Property { key, value, .. } => {
                            let t = self.expr(value).stored();
                            let name = match key {
                                PropKey::Ident(i) => Some(i.name.clone()),
                                PropKey::String(s) => Some(s.value.clone()),
                                PropKey::Computed(k) => {
                                    self.expr(k);
                                    closed = false;
                                    None
                                }
                            };
                            if let Some(name) = name {
                                fields.retain(|(k, _)| *k != name);
                                fields.push((name, t));
                            }
                        }
                        ObjectProp::Spread { argument, .. } => {
                            self.expr(argument);
                            closed = false;
                        }
                    }
                }
                Ty::object(fields, closed, Some(e.span))
            }
            ExprKind::Function(f) => self.function(f),
            ExprKind::Lambda(l) => self.lambda(l),
            ExprKind::Unary { op, operand } => self.unary(*op, operand, e.span),
            ExprKind::Update { target, .. } => {
                let t = self.read_target(target);
                if let AssignTarget::Name(ident) = &**target {
                    let nt = if t.may_be_confident() { Ty::Dynamic } else { Ty::number() };
                    self.set_ident(ident, nt);
                }
                if t.may_be_confident() { Ty::Dynamic } else { Ty::number() }
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary_expr(*op, lhs, rhs, e.span),
            ExprKind::Confidence { value, confidence } => {
                let vt = self.expr(value);
                let ct = self.expr(confidence);
                let literal = literal_number(confidence);
                if let Some(c) = literal
                    && !(0.0..=1.0).contains(&c)
                {
                    self.error(
                        Diagnostic::error(
                            codes::CONFIDENCE_OUT_OF_RANGE,
                            format!("confidence {} is outside [0, 1]", number_text(c)),
                        )
                        .with_primary(self.file, confidence.span, "not between 0 and 1")
                        .with_note("a confidence is a number between 0 and 1; the reference interpreter silently clamped it")
                        .with_help(format!("write a confidence between 0 and 1, e.g. `~> {}`", number_text(c.clamp(0.0, 1.0)))),
                    );
                } else {
                    let inner = match &ct {
                        Ty::Confident(inner, _) => &**inner,
                        other => other,
                    };
                    if let Some(kind) = inner.kind_name()
                        && kind != "number"
                    {
                        self.error(
                            Diagnostic::error(
                                codes::CONFIDENCE_NOT_NUMBER,
                                "Confidence value must be a number",
                            )
                            .with_primary(
                                self.file,
                                confidence.span,
                                format!("this is {}", describe(&ct)),
                            )
                            .with_secondary(self.file, value.span, "this value gets the confidence")
                            .with_help("give a number between 0 and 1, e.g. `x ~> 0.8`"),
                        );
                    }
                }
                let c = literal.or(ct.const_number()).filter(|c| (0.0..=1.0).contains(c));
                Ty::Confident(Rc::new(vt), c)
            }
            ExprKind::Conditional { cond, then_branch, else_branch } => {
                self.condition_warning(cond);
                self.expr(cond);
                let (tn, en) = self.narrowings(cond);
                let mark = self.trail.len();
                self.apply(&tn);
                let a = self.expr(then_branch);
                let ca = self.take_changes(mark);
                self.apply(&en);
                let b = self.expr(else_branch);
                let cb = self.take_changes(mark);
                self.merge(&[ca, cb], false);
                join(&a, &b)
            }
            ExprKind::ConfidentConditional { cond, then_branch, else_branch } => {
                self.expr(cond);
                let mark = self.trail.len();
                let a = self.expr(then_branch);
                let ca = self.take_changes(mark);
                let b = self.expr(else_branch);
                let cb = self.take_changes(mark);
                self.merge(&[ca, cb], false);
                Ty::Confident(Rc::new(join(a.base(), b.base())), None)
            }
            ExprKind::Member { object, property, access } => {
                let ot = self.expr(object);
                self.member(&ot, object.span, property, *access)
            }
            ExprKind::Index { object, index, optional } => {
                let ot = self.expr(object);
                let it = self.expr(index);
                self.index(&ot, &it, index.span, object.span, *optional)
            }
            ExprKind::Call { callee, args, optional } => self.call(callee, args, *optional, e.span),
            ExprKind::Pipe { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
                Ty::Dynamic
            }
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                let mark = self.trail.len();
                let mut branches = Vec::new();
                for arm in arms {
                    if let Some(t) = &arm.threshold {
                        self.expr(t);
                    }
                    if let Some(g) = &arm.guard {
                        self.expr(g);
                    }
                    match &arm.body {
                        ArmBody::Expr(x) => {
                            self.expr(x);
                        }
                        ArmBody::Block(b) => {
                            self.block(&b.stmts, false);
                        }
                    }
                    branches.push(self.take_changes(mark));
                }
                self.merge(&branches, true);
                Ty::Dynamic
            }
            ExprKind::Assign { target, op, value } => {
                let t = match op.binary() {
                    None => self.expr(value),
                    Some(bop) => {
                        let lt = self.read_target(target);
                        let rt = self.expr(value);
                        self.binary(bop, &lt, &rt, e.span, e.span, value.span)
                    }
                };
                match &**target {
                    AssignTarget::Name(ident) => self.set_ident(ident, t.clone()),
                    AssignTarget::Member { object, .. } => {
                        self.expr(object);
                    }
                    AssignTarget::Index { object, index } => {
                        self.expr(object);
                        self.expr(index);
                    }
                    AssignTarget::Pattern { pattern, threshold } => {
                        if let Some(th) = threshold {
                            self.expr(th);
                        }
                        self.bind_pattern(pattern, t.clone(), value.span);
                    }
                }
                t
            }
        }
    }

    /// The current value of an assignment target (for compound assignment and `++`).
    fn read_target(&mut self, target: &AssignTarget) -> Ty {
        match target {
            AssignTarget::Name(ident) => match self.refs.resolve(ident.span) {
                Resolved::Binding(b) => self.read_binding(b),
                Resolved::Unresolved => Ty::Dynamic,
            },
            AssignTarget::Member { object, .. } => {
                self.expr(object);
                Ty::Dynamic
            }
            AssignTarget::Index { object, index } => {
                self.expr(object);
                self.expr(index);
                Ty::Dynamic
            }
            AssignTarget::Pattern { .. } => Ty::Dynamic,
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Ty {
        let t = self.expr(operand);
        match op {
            UnaryOp::Not => Ty::Bool,
            UnaryOp::Tilde => t,
            UnaryOp::ConfidenceOf => Ty::number(),
            UnaryOp::Typeof => Ty::String,
            UnaryOp::Await => Ty::Dynamic,
            UnaryOp::Neg => {
                if let Ty::Confident(..) = t {
                    self.error(
                        Diagnostic::error(codes::UNARY_MINUS_CONFIDENT, "Cannot apply unary - to confident")
                            .with_primary(self.file, span, "negating a confident value")
                            .with_secondary(self.file, operand.span, "this value carries a confidence")
                            .with_help("write `0 - x` instead: binary operators unwrap a confident operand and keep its confidence")
                    );
                    return Ty::Dynamic;
                }
                match t.kind_name() {
                    Some("number") => Ty::Number(t.const_number().map(|n| -n)),
                    Some(kind) => {
                        self.error(
                            Diagnostic::error(
                                codes::INVALID_OPERANDS,
                                format!("Cannot apply unary - to {kind}"),
                            )
                            .with_primary(self.file, span, "unary minus needs a number")
                            .with_secondary(self.file, operand.span, format!("this is a {kind}"))
                            .with_help("convert the value first, e.g. `-Number(x)`"),
                        );
                        Ty::Dynamic
                    }
                    None => Ty::Dynamic,
                }
            }
        }
    }

    fn binary_expr(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, span: Span) -> Ty {
        let lt = self.expr(lhs);
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let (tn, en) = self.narrowings(lhs);
                let n = if op == BinaryOp::And { tn } else { en };
                let rt = self.maybe(&n, |c| c.expr(rhs));
                join(&lt, &rt)
            }
            BinaryOp::Nullish => {
                let rt = self.maybe(&[], |c| c.expr(rhs));
                match lt {
                    Ty::Null => rt,
                    _ if !lt.may_be_null() => lt,
                    _ => join(&lt.non_null(), &rt),
                }
            }
            _ => {
                let rt = self.expr(rhs);
                self.binary(op, &lt, &rt, span, lhs.span, rhs.span)
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, lt: &Ty, rt: &Ty, span: Span, ls: Span, rs: Span) -> Ty {
        use BinaryOp::*;
        let wrap = |base: Ty| -> Ty {
            if matches!(lt, Ty::Dynamic | Ty::Union(_)) || matches!(rt, Ty::Dynamic | Ty::Union(_))
            {
                return if lt.may_be_confident() || rt.may_be_confident() {
                    Ty::Dynamic
                } else {
                    base
                };
            }
            match (lt, rt) {
                (Ty::Confident(_, a), Ty::Confident(_, b)) => {
                    let c = match (a, b) {
                        (Some(a), Some(b)) => Some(a.min(*b)),
                        _ => None,
                    };
                    Ty::Confident(Rc::new(base), c)
                }
                (Ty::Confident(_, c), _) | (_, Ty::Confident(_, c)) => {
                    Ty::Confident(Rc::new(base), *c)
                }
                _ => base,
            }
        };
        let (lb, rb) = (lt.base(), rt.base());
        let (lk, rk) = (lb.kind_name(), rb.kind_name());
        match op {
            Add => match (lk, rk) {
                (Some("string"), _) | (_, Some("string")) => wrap(Ty::String),
                (Some("number"), Some("number")) => wrap(Ty::number()),
                (Some(a), Some(b)) => {
                    self.operand_error(
                        format!("Cannot apply + to {a} and {b}"),
                        span,
                        (ls, a),
                        (rs, b),
                        "`+` adds two numbers or concatenates when one side is a string",
                    );
                    Ty::Dynamic
                }
                _ => wrap(Ty::Dynamic),
            },
            Sub | Mul | Div | Rem | Pow => match (lk, rk) {
                (Some("number"), Some("number")) => {
                    if matches!(op, Div | Rem) && rb.const_number() == Some(0.0) {
                        let msg = if op == Div { "Division by zero" } else { "Modulo by zero" };
                        self.error(
                                Diagnostic::error(codes::DIVISION_BY_ZERO, msg)
                                    .with_primary(self.file, rs, "this is always 0")
                                    .with_secondary(self.file, span, "so this always fails")
                                    .with_help("Prism does not return Infinity or NaN; guard the divisor, e.g. `d != 0 ? x / d : 0`"),
                            );
                        return Ty::Dynamic;
                    }
                    wrap(Ty::number())
                }
                (Some(a), Some(b)) => {
                    self.operand_error(
                        format!("Cannot apply {} to {a} and {b}", op.symbol()),
                        span,
                        (ls, a),
                        (rs, b),
                        "arithmetic needs numbers on both sides; convert with `Number(x)`",
                    );
                    Ty::Dynamic
                }
                _ => wrap(Ty::number()),
            },
            Lt | Le | Gt | Ge => match (lk, rk) {
                (Some("number"), Some("number")) => wrap(Ty::Bool),
                (Some(a), Some(b)) => {
                    self.operand_error(format!("Cannot compare {a} and {b}"), span, (ls, a), (rs, b),
                        "`<`, `<=`, `>` and `>=` compare numbers only; compare strings with `===` or convert them");
                    Ty::Dynamic
                }
                _ => wrap(Ty::Bool),
            },
            Eq | NotEq | StrictEq | StrictNotEq => wrap(Ty::Bool),
            Instanceof => Ty::Bool,
            And | Or => join(lt, rt),
            Nullish => join(&lt.non_null(), rt),
            ConfidenceThresholdGate => Ty::Dynamic,
            ConfidenceChain | ConfidenceCoalesce | ConfidenceAnd | ConfidenceOr | ConfidenceAdd
            | ConfidenceSub | ConfidenceMul | ConfidenceDiv | ConfidenceEq | ConfidenceNotEq
            | ConfidenceLt | ConfidenceLe | ConfidenceGe | ParallelConfidence | ThresholdGate => {
                if !lt.may_be_confident() && !rt.may_be_confident() {
                    let name = confidence_op_name(op);
                    self.error(
                        Diagnostic::error(codes::CONFIDENCE_OPERANDS_PLAIN, format!("{name} requires confident values"))
                            .with_primary(self.file, span, format!("neither operand of `{}` carries a confidence", op.symbol()))
                            .with_secondary(self.file, ls, format!("{} with no confidence", describe(lt)))
                            .with_secondary(self.file, rs, format!("{} with no confidence", describe(rt)))
                            .with_help("attach a confidence to an operand (`a ~> 0.8`), or use the ordinary operator"),
                    );
                    return Ty::Dynamic;
                }
                match op {
                    ParallelConfidence | ConfidenceCoalesce => join(lt, rt),
                    ThresholdGate => Ty::Dynamic,
                    _ => Ty::Confident(Rc::new(Ty::Dynamic), None),
                }
            }
        }
    }

    fn operand_error(
        &mut self,
        message: String,
        span: Span,
        l: (Span, &str),
        r: (Span, &str),
        help: &str,
    ) {
        self.error(
            Diagnostic::error(codes::INVALID_OPERANDS, message)
                .with_primary(self.file, span, "this always fails")
                .with_secondary(self.file, l.0, kind_label(l.1))
                .with_secondary(self.file, r.0, kind_label(r.1))
                .with_help(help),
        );
    }

    fn member(&mut self, ot: &Ty, object_span: Span, property: &Ident, access: MemberAccess) -> Ty {
        let name = property.name.as_str();
        match access {
            MemberAccess::Optional => {
                let found = self.lookup(&ot.non_null(), name).flatten().unwrap_or(Ty::Null);
                if ot.may_be_null() || matches!(ot, Ty::Object(_)) {
                    join(&found, &Ty::Null)
                } else {
                    found
                }
            }
            MemberAccess::Confident => Ty::Confident(Rc::new(Ty::Dynamic), None),
            MemberAccess::Dot => {
                let (target, conf) = match ot {
                    Ty::Confident(inner, c) => (&**inner, Some(*c)),
                    other => (other, None),
                };
                let found = match target {
                    Ty::Null | Ty::Bool => {
                        let kind = target.kind_name().unwrap_or("null");
                        self.error(
                            Diagnostic::error(
                                codes::MISSING_PROPERTY,
                                format!("Cannot access property '{name}' on {kind}"),
                            )
                            .with_primary(
                                self.file,
                                property.span,
                                format!("{kind} has no properties"),
                            )
                            .with_secondary(
                                self.file,
                                object_span,
                                format!("this is {}", describe(ot)),
                            )
                            .with_help(if kind == "null" {
                                "use `?.` to read a property of a value that may be null"
                            } else {
                                "only objects, arrays and strings have properties"
                            }),
                        );
                        return Ty::Dynamic;
                    }
                    _ => self.lookup(target, name),
                };
                let t = match found {
                    Some(Some(t)) => t,
                    Some(None) => {
                        let mut diag = Diagnostic::error(
                            codes::MISSING_PROPERTY,
                            format!("Property '{name}' does not exist"),
                        )
                        .with_primary(
                            self.file,
                            property.span,
                            format!("no property '{name}'"),
                        );
                        let mut help = format!(
                            "use `?.{name}` or `~.{name}` to read a property that may be missing"
                        );
                        if let Ty::Object(shape) = target {
                            if let Some(origin) = shape.origin {
                                let what = if shape.what == "input" {
                                    "the `@input` schema allows no other properties".to_string()
                                } else {
                                    format!("this object has {}", key_list(shape))
                                };
                                diag = diag.with_secondary(self.file, origin, what);
                            }
                            if let Some(close) =
                                closest(name, shape.fields.iter().map(|(k, _)| k.as_str()))
                            {
                                help = format!("did you mean `{close}`? ({help})");
                            }
                        }
                        self.error(diag.with_help(help));
                        return Ty::Dynamic;
                    }
                    None => Ty::Dynamic,
                };
                match conf {
                    Some(c) => Ty::Confident(Rc::new(t), c),
                    None => t,
                }
            }
        }
    }

    /// `Some(Some(t))`: the property's type; `Some(None)`: certainly missing; `None`: unknown.
    fn lookup(&self, target: &Ty, name: &str) -> Option<Option<Ty>> {
        match target {
            Ty::Object(shape) => match shape.what {
                "object" | "input" => Some(shape_field(shape, name)),
                ns => Some(Some(match signatures::member(ns, name) {
                    Some(sig) => sig.fn_ty(),
                    None if ns == "Math" && name == "PI" => Ty::number(),
                    None => Ty::Dynamic,
                })),
            },
            Ty::Array(a) => Some(Some(match name {
                "length" => Ty::Number(a.len.map(|n| n as f64)),
                _ => signatures::array_method(name).map_or(Ty::Dynamic, |s| s.fn_ty()),
            })),
            Ty::String => Some(Some(match name {
                "length" => Ty::number(),
                _ => signatures::string_method(name).map_or(Ty::Dynamic, |s| s.fn_ty()),
            })),
            _ => None,
        }
    }

    fn index(
        &mut self,
        ot: &Ty,
        it: &Ty,
        index_span: Span,
        object_span: Span,
        optional: bool,
    ) -> Ty {
        match ot {
            Ty::Array(a) => {
                if let (Some(len), Some(i)) = (a.len, it.const_number())
                    && !optional
                    && (i < 0.0 || i.floor() >= len as f64)
                {
                    self.error(
                        Diagnostic::error(
                            codes::INDEX_OUT_OF_BOUNDS,
                            format!("Array index {} out of bounds", number_text(i.floor())),
                        )
                        .with_primary(self.file, index_span, format!("index {}", number_text(i)))
                        .with_secondary(
                            self.file,
                            object_span,
                            format!(
                                "this array always has {len} element{}",
                                if len == 1 { "" } else { "s" }
                            ),
                        )
                        .with_help(format!(
                            "valid indexes are 0 to {}; use `?.[i]` or check `.length` first",
                            len.saturating_sub(1)
                        )),
                    );
                    return Ty::Dynamic;
                }
                if a.len.is_some() { join(&a.elem, &Ty::Null).non_null() } else { a.elem.clone() }
            }
            _ => Ty::Dynamic,
        }
    }

    fn call(&mut self, callee: &Expr, args: &[Argument], optional: bool, span: Span) -> Ty {
        let (ct, receiver_confident) = match &callee.kind {
            ExprKind::Member { object, property, access } => {
                let ot = self.expr(object);
                (self.member(&ot, object.span, property, *access), ot.may_be_confident())
            }
            _ => (self.expr(callee), false),
        };
        let mut count = Some(0usize);
        let mut any_confident = receiver_confident;
        let primitive = self.called_primitive(callee);
        for (index, arg) in args.iter().enumerate() {
            match arg {
                Argument::Expr(x) => {
                    let t = self.expr(x);
                    any_confident |= t.may_be_confident();
                    if let Some(primitive) = primitive
                        && count == Some(index)
                    {
                        self.check_primitive_argument(primitive, index, &t, x.span);
                    }
                    count = count.map(|n| n + 1);
                }
                Argument::Spread { argument, .. } => {
                    let t = self.expr(argument);
                    any_confident = true;
                    count = match (count, &t) {
                        (Some(n), Ty::Array(a)) => a.len.map(|k| n + k),
                        _ => None,
                    };
                }
            }
        }
        if optional {
            return Ty::Dynamic;
        }
        match &ct {
            Ty::Function(f) => {
                if let Some(n) = count {
                    self.check_arity(f, n, callee.span, span);
                }
                if let Some(id) = f.function
                    && self.suppress == 0
                {
                    let caller = self.current();
                    self.calls.entry(caller).or_default().push(id);
                }
                match f.kind {
                    FnKind::Builtin(_) if any_confident => Ty::Dynamic,
                    _ => f.ret.clone(),
                }
            }
            Ty::Dynamic | Ty::Union(_) | Ty::Confident(..) => Ty::Dynamic,
            other => {
                let kind = other.kind_name().unwrap_or("value");
                self.error(
                    Diagnostic::error(
                        codes::CALL_NON_FUNCTION,
                        format!("Cannot call non-function value: {kind}"),
                    )
                    .with_primary(
                        self.file,
                        callee.span,
                        format!("this is a {kind}, not a function"),
                    )
                    .with_help("only functions and lambdas can be called"),
                );
                Ty::Dynamic
            }
        }
    }

    /// The primitive a call's callee names, when it is an imported primitive.
    fn called_primitive(&self, callee: &Expr) -> Option<&'static crate::primitives::Primitive> {
        let ExprKind::Ident(id) = &callee.kind else { return None };
        match self.res.resolve(id.span) {
            crate::resolve::Resolved::Binding(b) => self.primitives.get(&b).copied(),
            crate::resolve::Resolved::Unresolved => None,
        }
    }

    /// P2008: an argument of a primitive that is certainly of the wrong kind.
    fn check_primitive_argument(
        &mut self,
        primitive: &'static crate::primitives::Primitive,
        index: usize,
        t: &Ty,
        span: Span,
    ) {
        let Some(param) = primitive.param_at(index) else { return };
        // null stands for "use the default" of an optional parameter.
        if crate::primitives::accepts(param.ty, t) || (param.optional && *t.base() == Ty::Null) {
            return;
        }
        let expected = crate::primitives::type_name(param.ty);
        let found = t.base().kind_name().unwrap_or("value");
        self.error(
            Diagnostic::error(
                codes::WRONG_ARGUMENT_TYPE,
                format!(
                    "Argument `{}` of {}() must be {} {expected}, got {found}",
                    param.name,
                    primitive.name,
                    if expected.starts_with(['a', 'o']) { "an" } else { "a" }
                ),
            )
            .with_primary(self.file, span, format!("this is a {found}"))
            .with_help(format!("signature: {}", primitive.signature_text())),
        );
    }

    fn check_arity(&mut self, f: &FnTy, n: usize, callee: Span, span: Span) {
        let too_few = n < f.min;
        let too_many = f.max.is_some_and(|m| n > m);
        if !too_few && !too_many {
            return;
        }
        let message = match f.kind {
            FnKind::Builtin(message) => message.to_string(),
            FnKind::Function | FnKind::Lambda => {
                let who = if f.kind == FnKind::Lambda { "Lambda" } else { "Function" };
                match f.max {
                    Some(m) if m == f.min => format!("{who} expects {m} arguments, got {n}"),
                    Some(m) if too_many => format!("{who} expects at most {m} arguments, got {n}"),
                    _ => format!("{who} expects at least {} arguments, got {n}", f.min),
                }
            }
        };
        let expected = match f.max {
            Some(m) if m == f.min => format!("{m}"),
            Some(m) => format!("{} to {m}", f.min),
            None => format!("at least {}", f.min),
        };
        let mut diag = Diagnostic::error(codes::WRONG_ARGUMENT_COUNT, message).with_primary(
            self.file,
            span,
            format!("called with {n} argument{}", if n == 1 { "" } else { "s" }),
        );
        if let Some(decl) = f.decl {
            diag = diag.with_secondary(
                self.file,
                decl,
                format!(
                    "declared with {expected} parameter{}",
                    if expected == "1" { "" } else { "s" }
                ),
            );
        } else {
            diag = diag.with_secondary(
                self.file,
                callee,
                format!("takes {expected} argument{}", if expected == "1" { "" } else { "s" }),
            );
        }
        self.error(diag.with_help(format!(
            "pass {expected} argument{}",
            if expected == "1" { "" } else { "s" }
        )));
    }

    // ----- warnings after the walk -----

    /// Whether `span` lies inside one of the (disjoint) `not_unused` spans, sorted by then.
    fn is_exempt(&self, span: Span) -> bool {
        let i = self.not_unused.partition_point(|s| s.start <= span.start);
        i > 0 && self.not_unused[i - 1].end >= span.end
    }

    fn unused_warnings(&mut self) {
        self.not_unused.sort_unstable_by_key(|s| s.start);
        for b in &self.res.bindings {
            let (code, what) = match b.kind {
                BindingKind::Let | BindingKind::Const | BindingKind::Implicit => {
                    (codes::UNUSED_VARIABLE, "variable")
                }
                BindingKind::Import => (codes::UNUSED_IMPORT, "import"),
                _ => continue,
            };
            if b.read || b.name.starts_with('_') || b.span.is_empty() || self.is_exempt(b.span) {
                continue;
            }
            if b.function == FunctionId::TOP && self.res.exports.contains(&b.name) {
                continue;
            }
            self.warnings.push(
                Diagnostic::warning(code, format!("unused {what} `{}`", b.name))
                    .with_primary(self.file, b.span, "never read")
                    .with_help(if code == codes::UNUSED_IMPORT {
                        format!("remove `{}` from the import", b.name)
                    } else {
                        format!(
                            "remove it, or rename it to `_{}` if it is intentionally unused",
                            b.name
                        )
                    }),
            );
        }
    }

    fn result_confidence_warning(&mut self, _program: &Program) {
        if !self.header.dispatches_agents() {
            return;
        }
        let Some((t, span)) = self.last_top.clone() else { return };
        let plain = match &t {
            Ty::Object(shape) => {
                shape.closed
                    && !shape.fields.iter().any(|(k, _)| k == "confidence" || k == "_confidence")
            }
            Ty::Number(_) | Ty::String | Ty::Bool | Ty::Null | Ty::Array(_) | Ty::Function(_) => {
                true
            }
            _ => false,
        };
        if plain {
            self.warn(
                Diagnostic::warning(
                    codes::RESULT_WITHOUT_CONFIDENCE,
                    "the pattern's result carries no confidence",
                )
                .with_primary(
                    self.file,
                    span,
                    format!("the result is {} without a confidence", describe(&t)),
                )
                .with_note("the engine reports a result without confidence as confidence 0.5")
                .with_help("attach a confidence to the result, e.g. `result ~> avgConfidence`"),
            );
        }
    }
}

/// Joins two slots; `None` (not assigned yet on that path) wins, so a later read can warn.
fn join_opt(a: &Option<Ty>, b: &Option<Ty>) -> Option<Ty> {
    match (a, b) {
        (Some(a), Some(b)) => Some(join(a, b)),
        _ => None,
    }
}

fn builtin_type(name: &str) -> Ty {
    match name {
        "console" | "Math" | "JSON" | "Object" | "Array" | "Promise" | "Date" => {
            let what: &'static str = match name {
                "console" => "console",
                "Math" => "Math",
                "JSON" => "JSON",
                "Object" => "Object",
                "Array" => "Array",
                "Promise" => "Promise",
                _ => "Date",
            };
            Ty::Object(Rc::new(Shape { fields: Vec::new(), closed: false, origin: None, what }))
        }
        _ => signatures::global(name).map_or(Ty::Dynamic, |s| s.fn_ty()),
    }
}

fn elem_type(t: &Ty) -> Ty {
    match t {
        Ty::Array(a) => a.elem.clone(),
        _ => Ty::Dynamic,
    }
}

/// The variable at the root of an optional chain `x?.a.b`, `x?.[i]`, `x?.f()`: when the chain
/// gives a non-null value, `x` is not null.
fn optional_root(e: &Expr) -> Option<&Ident> {
    let mut cur = e;
    let mut optional = false;
    loop {
        match &cur.kind {
            ExprKind::Member { object, access, .. } => {
                optional |= *access == MemberAccess::Optional;
                cur = object;
            }
            ExprKind::Index { object, optional: o, .. } => {
                optional |= *o;
                cur = object;
            }
            ExprKind::Call { callee, optional: o, .. } => {
                optional |= *o;
                cur = callee;
            }
            ExprKind::Ident(x) if optional => return Some(x),
            _ => return None,
        }
    }
}

/// A number literal, possibly negated (`0.5`, `-0.2`).
fn literal_number(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Unary { op: UnaryOp::Neg, operand } => match operand.kind {
            ExprKind::Number(n) => Some(-n),
            _ => None,
        },
        _ => None,
    }
}

fn const_truthiness(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Bool(b) => Some(*b),
        ExprKind::Null => Some(false),
        ExprKind::Number(n) => Some(*n != 0.0),
        _ => None,
    }
}

fn level_of(c: f64) -> UncertainLevel {
    if c >= 0.7 {
        UncertainLevel::High
    } else if c >= 0.5 {
        UncertainLevel::Medium
    } else {
        UncertainLevel::Low
    }
}

fn level_name(l: UncertainLevel) -> &'static str {
    match l {
        UncertainLevel::High => "high",
        UncertainLevel::Medium => "medium",
        UncertainLevel::Low => "low",
        UncertainLevel::Default => "default",
    }
}

fn confidence_op_name(op: BinaryOp) -> &'static str {
    use BinaryOp::*;
    match op {
        ConfidenceChain => "Confidence chaining",
        ConfidenceCoalesce => "Confidence coalesce",
        ConfidenceAnd => "Confidence AND",
        ConfidenceOr => "Confidence OR",
        ConfidenceAdd => "Confident addition",
        ConfidenceSub => "Confident subtraction",
        ConfidenceMul => "Confident multiplication",
        ConfidenceDiv => "Confident division",
        ConfidenceEq => "Confident equality",
        ConfidenceNotEq => "Confident not equal",
        ConfidenceLt => "Confident less than",
        ConfidenceLe => "Confident less equal",
        ConfidenceGe => "Confident greater equal",
        ParallelConfidence => "Parallel confidence",
        _ => "Threshold gate",
    }
}

/// "this is a string", "this is null".
fn kind_label(kind: &str) -> String {
    match kind {
        "null" => "this is null".to_string(),
        "array" | "object" => format!("this is an {kind}"),
        _ => format!("this is a {kind}"),
    }
}

/// "a number", "a confident number", "a value" — for labels.
fn describe(t: &Ty) -> String {
    match t {
        Ty::Confident(inner, _) => match inner.kind_name() {
            Some(k) => format!("a confident {k}"),
            None => "a confident value".to_string(),
        },
        Ty::Number(Some(n)) => format!("the number {}", number_text(*n)),
        Ty::Null => "null".to_string(),
        other => match other.kind_name() {
            Some(k @ ("array" | "object")) => format!("an {k}"),
            Some(k) => format!("a {k}"),
            None => "a value".to_string(),
        },
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

fn key_list(shape: &Shape) -> String {
    if shape.fields.is_empty() {
        return "no properties".to_string();
    }
    let keys: Vec<String> = shape.fields.iter().take(6).map(|(k, _)| format!("'{k}'")).collect();
    let more = if shape.fields.len() > 6 { ", …" } else { "" };
    format!("only {}{more}", keys.join(", "))
}

/// The closest name by edit distance, if close enough to be a likely typo.
fn closest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
