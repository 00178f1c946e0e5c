//! Code generation: checked Prism → Rust that links against `prism-runtime`.
//!
//! # Calling convention: effect inference, not "async everywhere"
//!
//! Agent calls are I/O and must not block a thread, and a pattern writes
//! `agents.map(a => a.analyze(input.task))` expecting the calls to run concurrently. Making every
//! Prism function an `async` Rust function would give that, but every call of every callback
//! would then allocate a boxed future: `reduce` over 10,000 agent results would spend most of its
//! time in the allocator. So the compiler infers effects instead ([`effects`]):
//!
//! * A function or lambda is **async** when its body may suspend: it contains `await`, calls an
//!   agent handle or an async built-in (`delay`, `sleep`, the execution primitives), or calls a
//!   value the compiler cannot prove synchronous (a parameter, a value read from data). User
//!   functions are classified to a fixpoint over the call graph.
//! * Everything else is **sync**: `r => r.confidence`, `(a, b) => b.confidence - a.confidence`
//!   and every other pure callback compile to plain Rust closures (`Function::new_sync`), and the
//!   runtime's higher-order built-ins run them in a tight loop with no allocation per element.
//! * The pattern body itself is always an `async fn`, so agent calls at the top level simply
//!   `.await`.
//! * A function value carries its kind at run time (`prism_runtime` functions are either sync or
//!   async), so a dynamic call in async code works with both; `map`/`filter`/`flatMap` given an
//!   async callback start all calls at once and await them together, which is what makes
//!   `agents.map(a => a.analyze(x))` a concurrent fan-out.
//!
//! # Shape of the generated code
//!
//! * Each Prism statement is preceded by a `// line N: <source text>` comment. The generator
//!   emits a marker statement `__prism_line!(N);` (a macro call, which `syn` and `prettyplease`
//!   keep in place as a statement of its own); after formatting, [`finish`] replaces every line
//!   that consists of exactly such a marker with the comment. No generated name starts with
//!   `__prism_line`, so the rewrite cannot touch anything else.
//! * Every fallible runtime call is followed by `.at(LOCATION)` so the error carries the Prism
//!   file, line and column, then `?` — or, inside a `try` block, a `break` out of the labelled
//!   block that implements the `try`, so `return`, `break` and `continue` inside `try` keep their
//!   meaning (D9) without any control-flow encoding. Every Prism loop is a labelled Rust loop,
//!   and `continue` in a C-style `for` leaves a labelled block around the body so the update
//!   still runs.
//! * Every Prism variable is a `SharedCell` named `v<binding id>`: a closure clones the cells it
//!   captures, so Prism closures see later assignments; an unassigned cell is what makes a read
//!   before assignment the error `Undefined variable: x` (D2, TDZ). `let`/`const` in loop
//!   headers and bodies get a fresh cell per iteration (D19).
//! * Statement values (B §4.8) go through one completion variable `__c` per function body:
//!   every statement stores its value there, the program result and the value of a function
//!   without `return` is what it holds at the end.

pub mod effects;
mod expr;
mod functions;
mod pattern;
pub mod program;
mod stmt;

use crate::ast::{AssignOp, AssignTarget, ExprKind, PatternKind, Program, Stmt, StmtKind};
use crate::resolve::{BindingId, BindingKind, FunctionId, Resolution, Resolved};
use crate::source::SourceFile;
use crate::span::Span;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{HashMap, HashSet};

pub use program::{
    CaseModule, PatternTarget, emit_case_graph, emit_case_module, emit_pattern, emit_pattern_for,
    emit_pattern_graph, emit_pattern_graph_for,
};

/// What a function being generated looks like to its body.
#[derive(Clone)]
struct Frame {
    /// The body may `.await`.
    is_async: bool,
    /// The label of the innermost enclosing `try` block in this function, if any.
    try_label: Option<syn::Lifetime>,
    /// Innermost loop: (label to break, label/form to continue).
    loops: Vec<LoopLabels>,
    /// True at the pattern's top level (a bare `return` gives null, D11).
    top_level: bool,
    /// The innermost `try … finally` of this function: `break`/`continue` of loops outside it
    /// and `return` leave its labelled block with a code (1 break, 2 continue, 3 return), so
    /// the `finally` block runs before they take effect.
    finally: Option<FinallyCtx>,
}

#[derive(Clone)]
struct FinallyCtx {
    label: syn::Lifetime,
    depth: usize,
    ret: Ident,
}

#[derive(Clone)]
struct LoopLabels {
    brk: syn::Lifetime,
    /// `continue` is `continue 'l` (false) or `break 'b` (true) for loops with an update step.
    cont: syn::Lifetime,
    cont_is_break: bool,
}

/// The generator for one file.
pub(crate) struct Gen<'a> {
    res: &'a Resolution,
    src: &'a SourceFile,
    async_fns: HashSet<Span>,
    frame: Frame,
    counter: u32,
    /// Import specifiers → index of the module in the graph (`super::m<index>`).
    pub(crate) imports: std::collections::HashMap<String, usize>,
    /// Parameters held as `&Value` borrowed from the arguments: never assigned, without default,
    /// and used by no nested function (see `functions.rs`); inside a closure, also the captured
    /// variables it holds as a value (see `settled`).
    ref_params: HashSet<BindingId>,
    /// How many times the generated code writes each variable: the test that
    /// `written_once` agrees with the code generated reads it.
    #[cfg(test)]
    writes: HashMap<BindingId, u32>,
    /// The variables written exactly once in the whole file: those with one assignment or
    /// declaration-from-a-value site ([`Resolution::assign_sites`]).
    written_once: HashSet<BindingId>,
    /// Variables of the current function whose only write has run at this point: a closure
    /// created here sees the value they will always have, so it captures the value instead of
    /// the cell (no lock and no reference count per read, `ys.filter(y => y == leader)`).
    settled: Vec<BindingId>,
    /// The function whose body the next `block_stmts` generates (none for an inner block).
    body_fn: Option<FunctionId>,
}

impl<'a> Gen<'a> {
    pub(crate) fn new(program: &'a Program, res: &'a Resolution, src: &'a SourceFile) -> Self {
        let async_fns = effects::async_functions(program, res);
        Gen {
            res,
            src,
            async_fns,
            frame: Frame {
                is_async: true,
                try_label: None,
                loops: Vec::new(),
                top_level: true,
                finally: None,
            },
            counter: 0,
            imports: std::collections::HashMap::new(),
            ref_params: HashSet::new(),
            #[cfg(test)]
            writes: HashMap::new(),
            written_once: written_once(res),
            settled: Vec::new(),
            body_fn: None,
        }
    }

    /// Generates the statements of a file's top level next (see `body_fn`).
    pub(crate) fn at_top_level(&mut self) {
        self.body_fn = Some(FunctionId::TOP);
    }

    /// The variable whose only write is statement `s` (`x = e` for an implicit variable of the
    /// function whose body is being generated, `let x = e`): once `s` has run, it keeps its
    /// value for as long as its cell lives.
    fn settles(&self, s: &Stmt, body_fn: Option<FunctionId>) -> Option<BindingId> {
        let (id, assignment) = match &s.kind {
            StmtKind::Expr(e) => match &e.kind {
                ExprKind::Assign { target, op: AssignOp::Assign, .. } => match &**target {
                    AssignTarget::Name(id) => (id, true),
                    _ => return None,
                },
                _ => return None,
            },
            StmtKind::Let(d) if d.init.is_some() => match &d.pattern.kind {
                PatternKind::Ident(id) => (id, false),
                _ => return None,
            },
            _ => return None,
        };
        let b = self.binding_of(id.span)?;
        let binding = self.res.binding(b);
        // An implicit variable lives as long as its function's invocation, so its write must be
        // a statement of that function's body (not of a loop, run again); a `let` cell is made
        // afresh each time its block runs.
        let once_per_cell = match binding.kind {
            BindingKind::Implicit => assignment && body_fn == Some(binding.function),
            BindingKind::Let | BindingKind::Const => !assignment,
            _ => false,
        };
        (once_per_cell && self.written_once.contains(&b)).then_some(b)
    }

    fn fresh(&mut self, prefix: &str) -> u32 {
        self.counter += 1;
        let _ = prefix;
        self.counter
    }

    fn label(&mut self, prefix: &str) -> syn::Lifetime {
        let n = self.fresh(prefix);
        syn::Lifetime::new(&format!("'{prefix}{n}"), proc_macro2::Span::call_site())
    }

    /// 1-based line and column of a byte offset.
    fn line_col(&self, offset: u32) -> (u32, u32) {
        let (l, c) = self.src.line_column(offset as usize);
        (u32::try_from(l).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX))
    }

    fn loc(&self, span: Span) -> TokenStream {
        let (l, c) = self.line_col(span.start);
        quote!(&Location::new(FILE, #l, #c))
    }

    /// `e` is a `PResult<T>`: attach the location and propagate the error (`?`, or a break out of
    /// the enclosing `try` block).
    fn q(&self, e: TokenStream, span: Span) -> TokenStream {
        let loc = self.loc(span);
        self.propagate(quote!((#e).at(#loc)))
    }

    /// Propagates the error of a `PResult` expression without adding a location.
    fn propagate(&self, e: TokenStream) -> TokenStream {
        match &self.frame.try_label {
            Some(label) => quote!(match #e { Ok(v) => v, Err(e) => break #label Err(e) }),
            None => quote!(#e?),
        }
    }

    /// An error exit with the exception expression `e`.
    fn raise(&self, e: TokenStream) -> TokenStream {
        match &self.frame.try_label {
            Some(label) => quote!(break #label Err(#e)),
            None => quote!(return Err(#e)),
        }
    }

    fn line_marker(&self, span: Span) -> TokenStream {
        let (l, _) = self.line_col(span.start);
        let l = proc_macro2::Literal::u32_unsuffixed(l);
        quote!(__prism_line!(#l);)
    }

    fn binding_of(&self, span: Span) -> Option<BindingId> {
        match self.res.resolve(span) {
            Resolved::Binding(id) => Some(id),
            Resolved::Unresolved => None,
        }
    }

    fn cell(id: BindingId) -> Ident {
        format_ident!("v{}", id.0)
    }

    /// Bindings a closure at `span` uses from outside itself, sorted.
    fn captures_of(&self, span: Span) -> Vec<BindingId> {
        let Some(&fid) = self.res.function_at.get(&span) else { return Vec::new() };
        let inside = self.functions_within(fid);
        let mut out: Vec<BindingId> = self
            .res
            .refs
            .iter()
            .filter(|(s, _)| s.start >= span.start && s.end <= span.end)
            .filter_map(|(_, r)| match r {
                Resolved::Binding(id) => Some(*id),
                Resolved::Unresolved => None,
            })
            .filter(|id| {
                !inside.contains(&self.res.binding(*id).function) || is_global(self.res, *id)
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn functions_within(&self, fid: FunctionId) -> HashSet<FunctionId> {
        let mut set = HashSet::new();
        set.insert(fid);
        let mut changed = true;
        while changed {
            changed = false;
            for (i, f) in self.res.functions.iter().enumerate() {
                let id = FunctionId(u32::try_from(i).unwrap_or(u32::MAX));
                if let Some(p) = f.parent
                    && set.contains(&p)
                    && set.insert(id)
                {
                    changed = true;
                }
            }
        }
        set
    }

    /// Cells for the let/const/function declarations directly in `stmts` (declared uninitialised
    /// at the start of the block: reading one before its declaration runs is an error).
    fn block_decls(&self, stmts: &[Stmt]) -> TokenStream {
        let mut ids = Vec::new();
        for s in stmts {
            match &s.kind {
                StmtKind::Let(d) => pattern::pattern_idents(&d.pattern, &mut |i| ids.push(i.span)),
                StmtKind::Function(f) => {
                    if let Some(n) = &f.name {
                        ids.push(n.span);
                    }
                }
                StmtKind::Import(imp) => {
                    ids.extend(imp.default.iter().map(|i| i.span));
                    ids.extend(imp.namespace.iter().map(|i| i.span));
                    ids.extend(imp.named.iter().map(|s| s.local.span));
                }
                StmtKind::Export(crate::ast::Export::Let(d)) => {
                    pattern::pattern_idents(&d.pattern, &mut |i| ids.push(i.span))
                }
                StmtKind::Export(crate::ast::Export::Function(f)) => {
                    if let Some(n) = &f.name {
                        ids.push(n.span);
                    }
                }
                _ => {}
            }
        }
        let mut out = TokenStream::new();
        let mut seen = HashSet::new();
        for span in ids {
            if let Some(id) = self.binding_of(span)
                && seen.insert(id)
            {
                let v = Self::cell(id);
                out.extend(quote!(let #v = SharedCell::uninit();));
            }
        }
        out
    }
}

fn is_global(res: &Resolution, id: BindingId) -> bool {
    matches!(res.binding(id).kind, BindingKind::PatternGlobal | BindingKind::Builtin)
}

/// Formats generated tokens as Rust source and turns line markers into comments.
pub fn finish(tokens: TokenStream, src: &SourceFile) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated tokens: {e}"))?;
    let text = prettyplease::unparse(&file);
    let mut out = String::with_capacity(text.len() + 1024);
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("__prism_line!(")
            && let Some(num) = rest.strip_suffix(");")
            && let Ok(n) = num.trim().parse::<usize>()
        {
            let indent = &line[..line.len() - trimmed.len()];
            let source_line = src.line_text(n).trim();
            let shown: String = source_line.chars().take(100).collect();
            out.push_str(indent);
            out.push_str(&format!("// line {n}: {shown}\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// The variables with exactly one assignment or declaration-from-a-value site.
fn written_once(res: &Resolution) -> HashSet<BindingId> {
    let mut sites: HashMap<BindingId, u32> = HashMap::new();
    for (_, b) in &res.assign_sites {
        *sites.entry(*b).or_default() += 1;
    }
    sites.into_iter().filter(|&(_, n)| n == 1).map(|(b, _)| b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variables the resolver finds written once (by their sites) are exactly those the
    /// generated code writes once, on every conformance and test program: a closure may then
    /// capture a settled variable's value without missing a write.
    #[test]
    fn written_once_by_sites_matches_the_generated_writes() {
        let mut programs = 0;
        for source in crate::test_corpus::programs() {
            let file = crate::span::FileId(0);
            let parsed = crate::parser::parse(file, &source);
            let modules = crate::resolve::ModuleMap::new();
            let res = crate::resolve::resolve(file, &parsed.program, &modules);
            if parsed.diagnostics.iter().chain(&res.diagnostics).any(|d| d.is_error()) {
                continue;
            }
            programs += 1;
            let src = SourceFile::new("main.prism", source.clone());
            let mut g = Gen::new(&parsed.program, &res, &src);
            g.at_top_level();
            let _ = g.block_stmts(&parsed.program.body);
            let generated: HashSet<BindingId> =
                g.writes.iter().filter(|&(_, &n)| n == 1).map(|(&b, _)| b).collect();
            for (i, b) in res.bindings.iter().enumerate() {
                if matches!(b.kind, BindingKind::Implicit | BindingKind::Let | BindingKind::Const) {
                    let id = BindingId(i as u32);
                    assert_eq!(
                        g.written_once.contains(&id),
                        generated.contains(&id),
                        "`{}` in\n{source}",
                        b.name
                    );
                }
            }
        }
        assert!(programs > 500, "only {programs} programs checked");
    }
}
