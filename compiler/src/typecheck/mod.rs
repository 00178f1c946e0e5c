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

/// The reference for the escape facts the resolver now collects (`Resolution::escapes`).
#[cfg(test)]
mod escape;
mod exprs;
mod functions;
mod narrowing;
mod patterns;
pub mod signatures;
mod stmts;
pub mod types;
mod warnings;

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
    header: &'a PatternHeader,
    env: Vec<Option<Ty>>,
    trail: Vec<(usize, Option<Ty>)>,
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
        let mut checker = Checker {
            file,
            res,
            header,
            env: vec![None; n],
            // Top-level assignments stay on the trail: about one entry per binding.
            trail: Vec::with_capacity(n),
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
        if let Resolved::Binding(b) = self.res.resolve(ident.span) {
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
        let sites = &self.res.assign_sites;
        let from = sites.partition_point(|(p, _)| *p < span.start);
        let to = sites.partition_point(|(p, _)| *p < span.end);
        for &(_, b) in &sites[from..to] {
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
        if self.res.escapes.get(b.0 as usize).copied().unwrap_or(true) { t.opened() } else { t }
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
            Ty::object(fields.into_iter().map(|(k, t)| (Rc::from(k), t)).collect(), false, None)
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
                fields.push((Rc::from(key.as_str()), t));
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
