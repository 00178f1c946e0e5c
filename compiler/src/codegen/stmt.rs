//! Statements. Every statement stores its value in the completion variable `__c` (B §4.8).

use super::{FinallyCtx, Gen, LoopLabels};
use crate::ast::{
    Block, DeclKind, Export, ForInit, Stmt, StmtKind, Uncertain, UncertainHead, UncertainLevel,
};
use proc_macro2::TokenStream;
use quote::quote;

impl Gen<'_> {
    /// The statements of a block: cells for its declarations, hoisted function declarations,
    /// then each statement after its line marker.
    pub(crate) fn block_stmts(&mut self, stmts: &[Stmt]) -> TokenStream {
        let body_fn = self.body_fn.take();
        let mut out = self.block_decls(stmts);
        for s in stmts {
            let f = match &s.kind {
                StmtKind::Function(f) | StmtKind::Export(Export::Function(f)) => f,
                _ => continue,
            };
            if let Some(n) = &f.name {
                let value = self.function_value(f);
                let w = self.write_var(n, value);
                out.extend(w);
            }
        }
        if stmts.is_empty() {
            out.extend(quote!(__c = Value::from(0.0);));
        }
        let settled = self.settled.len();
        for s in stmts {
            out.extend(self.line_marker(s.span));
            out.extend(self.stmt(s));
            if let Some(b) = self.settles(s, body_fn) {
                self.settled.push(b);
            }
        }
        self.settled.truncate(settled);
        out
    }

    fn block(&mut self, b: &Block) -> TokenStream {
        let s = self.block_stmts(&b.stmts);
        quote!({ #s })
    }

    /// A statement used as a loop or `if` body (a block or a single statement).
    fn body(&mut self, s: &Stmt) -> TokenStream {
        match &s.kind {
            StmtKind::Block(b) => self.block(b),
            _ => {
                let marker = self.line_marker(s.span);
                let x = self.stmt(s);
                quote!({ #marker #x })
            }
        }
    }

    fn let_decl(&mut self, d: &crate::ast::LetDecl) -> TokenStream {
        let value = match &d.init {
            Some(e) => self.expr(e),
            None => quote!(Value::Null),
        };
        let bind = self.destructure(&d.pattern, None, quote!(init), d.span);
        quote!({ let init = #value; #bind } __c = Value::from(0.0);)
    }

    pub(crate) fn stmt(&mut self, s: &Stmt) -> TokenStream {
        match &s.kind {
            StmtKind::Expr(e) => {
                let x = self.expr(e);
                quote!(__c = #x;)
            }
            StmtKind::Let(d) => self.let_decl(d),
            StmtKind::Function(f) => match &f.name {
                Some(n) => {
                    let r = self.read_var(n);
                    quote!(__c = #r;)
                }
                None => {
                    let v = self.function_value(f);
                    quote!(__c = #v;)
                }
            },
            StmtKind::Return(e) => {
                let v = match e {
                    Some(e) => self.expr(e),
                    None if self.frame.top_level => quote!(Value::Null),
                    None => quote!(Value::from(0.0)),
                };
                self.return_value(v)
            }
            StmtKind::If { cond, then_branch, else_branch } => {
                let c = self.expr(cond);
                let t = self.body(then_branch);
                let e = match else_branch {
                    Some(e) => self.body(e),
                    None => quote!({
                        __c = Value::from(0.0);
                    }),
                };
                quote!(if ops::truthy(&#c) #t else #e)
            }
            StmtKind::While { cond, body } => {
                let l = self.label("l");
                self.frame.loops.push(LoopLabels {
                    brk: l.clone(),
                    cont: l.clone(),
                    cont_is_break: false,
                });
                let c = self.expr(cond);
                let b = self.body(body);
                self.frame.loops.pop();
                quote!(__c = Value::Null; #l: loop { if !ops::truthy(&#c) { break #l; } #b })
            }
            StmtKind::DoWhile { body, cond } => {
                let l = self.label("l");
                let k = self.label("k");
                self.frame.loops.push(LoopLabels {
                    brk: l.clone(),
                    cont: k.clone(),
                    cont_is_break: true,
                });
                let b = self.body(body);
                self.frame.loops.pop();
                let c = self.expr(cond);
                quote!(__c = Value::Null; #l: loop { #k: { #b } if !ops::truthy(&#c) { break #l; } })
            }
            StmtKind::For { init, cond, update, body } => {
                self.for_loop(init.as_deref(), cond.as_deref(), update.as_deref(), |g| g.body(body))
            }
            StmtKind::ForIn { item, index, iterable, body } => {
                let l = self.label("l");
                self.frame.loops.push(LoopLabels {
                    brk: l.clone(),
                    cont: l.clone(),
                    cont_is_break: false,
                });
                let src = self.expr(iterable);
                let src = self.q(quote!(destructure::for_in_source(&#src)), iterable.span);
                let mut decls = TokenStream::new();
                for id in std::iter::once(item).chain(index.iter()) {
                    if let Some(b) = self.binding_of(id.span) {
                        let v = Self::cell(b);
                        decls.extend(quote!(let #v = SharedCell::uninit();));
                    }
                }
                let set_item = self.write_var(item, quote!(x));
                let set_index = match index {
                    Some(i) => self.write_var(i, quote!(Value::from(i as f64))),
                    None => TokenStream::new(),
                };
                let b = self.body(body);
                self.frame.loops.pop();
                quote!(__c = Value::Null; #decls {
                    let arr = #src;
                    let mut i = 0usize;
                    #l: loop {
                        let Some(x) = arr.get(i) else { break #l; };
                        #set_item
                        #set_index
                        i += 1;
                        #b
                    }
                })
            }
            StmtKind::ForOf { decl, pattern, iterable, body } => {
                let l = self.label("l");
                self.frame.loops.push(LoopLabels {
                    brk: l.clone(),
                    cont: l.clone(),
                    cont_is_break: false,
                });
                let src = self.expr(iterable);
                let src = self.q(quote!(destructure::for_of_source(&#src)), iterable.span);
                let mut decls = TokenStream::new();
                if decl.is_some() {
                    super::pattern::pattern_idents(pattern, &mut |id| {
                        if let Some(b) = self.binding_of(id.span) {
                            let v = Self::cell(b);
                            decls.extend(quote!(let #v = SharedCell::uninit();));
                        }
                    });
                }
                let bind = self.destructure(pattern, None, quote!(x), iterable.span);
                let b = self.body(body);
                self.frame.loops.pop();
                quote!(__c = Value::Null; {
                    let arr = #src;
                    let mut i = 0usize;
                    #l: loop {
                        let Some(x) = arr.get(i) else { break #l; };
                        i += 1;
                        #decls
                        #bind
                        #b
                    }
                })
            }
            StmtKind::Uncertain(u) => self.uncertain(u),
            StmtKind::Break if self.leaves_finally() => self.flow(1),
            StmtKind::Continue if self.leaves_finally() => self.flow(2),
            StmtKind::Break => match self.frame.loops.last() {
                Some(l) => {
                    let b = &l.brk;
                    quote!(break #b;)
                }
                None => quote!(),
            },
            StmtKind::Continue => match self.frame.loops.last() {
                Some(l) => {
                    let c = &l.cont;
                    if l.cont_is_break { quote!(break #c;) } else { quote!(continue #c;) }
                }
                None => quote!(),
            },
            StmtKind::Throw(e) => {
                let x = self.expr(e);
                let loc = self.loc(s.span);
                let r = self.raise(quote!(Exception::thrown(#x).at(#loc)));
                quote!(#r;)
            }
            StmtKind::Try { body, catch, finally } => {
                self.try_stmt(body, catch.as_deref(), finally.as_ref())
            }
            StmtKind::Block(b) => self.block(b),
            StmtKind::Import(imp) => self.import(imp),
            StmtKind::Export(x) => match x {
                Export::Default(e) => {
                    let v = self.expr(e);
                    quote!(__default.set(#v); __c = Value::from(0.0);)
                }
                Export::Let(d) => self.let_decl(d),
                Export::Function(_) => quote!(__c = Value::from(0.0);),
                Export::Assign { name, value } => {
                    let v = self.expr(value);
                    let w = self.write_var(name, v);
                    quote!(#w __c = Value::from(0.0);)
                }
                Export::Named { .. } | Export::All { .. } => quote!(__c = Value::from(0.0);),
            },
            StmtKind::Context { body, .. } => {
                // `in context` bodies do not create a scope (B §3.11): run the statements inline.
                let s = self.block_stmts(&body.stmts);
                quote!(#s)
            }
            StmtKind::Agents(_) => {
                let r = self.raise(quote!(Exception::error(
                    "prismc: agents and context blocks are not supported"
                )));
                quote!(#r;)
            }
        }
    }

    /// The local name of the module value of an import specifier.
    pub(crate) fn module_local(&self, specifier: &str) -> Option<proc_macro2::Ident> {
        self.imports.get(specifier).map(|i| quote::format_ident!("__mod{}", i))
    }

    fn import(&mut self, imp: &crate::ast::Import) -> TokenStream {
        // The primitive library is not a module of the graph: its exports object comes from
        // prism-std, built for this pattern's environment.
        let mut out = TokenStream::new();
        let m = match self.module_local(&imp.source.value) {
            Some(m) => m,
            None => match crate::primitives::category_of(&imp.source.value) {
                Some(category) => {
                    let m = quote::format_ident!("__primitives");
                    out.extend(quote!(let #m = ::prism_std::module(#category, &env);));
                    m
                }
                None => {
                    let msg = format!("Cannot resolve module '{}'", imp.source.value);
                    let r = self.raise(quote!(Exception::error(#msg)));
                    return quote!(#r;);
                }
            },
        };
        if let Some(d) = &imp.default {
            let get = self.q(quote!(get_member(&#m, "default")), d.span);
            out.extend(self.write_var(d, get));
        }
        if let Some(ns) = &imp.namespace {
            out.extend(self.write_var(ns, quote!(#m.clone())));
        }
        for spec in &imp.named {
            let name = spec.imported.name.as_str();
            let get = self.q(quote!(get_member(&#m, #name)), spec.span);
            out.extend(self.write_var(&spec.local, get));
        }
        quote!({ #out } __c = Value::from(0.0);)
    }

    fn for_init(&mut self, init: Option<&ForInit>) -> (TokenStream, Vec<proc_macro2::Ident>) {
        match init {
            None => (TokenStream::new(), Vec::new()),
            Some(ForInit::Expr(e)) => {
                let x = self.expr(e);
                (quote!(let _ = #x;), Vec::new())
            }
            Some(ForInit::Let(d)) => {
                let mut decls = TokenStream::new();
                let mut cells = Vec::new();
                super::pattern::pattern_idents(&d.pattern, &mut |id| {
                    if let Some(b) = self.binding_of(id.span) {
                        let v = Self::cell(b);
                        decls.extend(quote!(let mut #v = SharedCell::uninit();));
                        cells.push(v);
                    }
                });
                let _ = DeclKind::Let;
                let x = self.let_decl(d);
                (quote!(#decls #x), cells)
            }
        }
    }

    /// A C-style loop: `init; loop { fresh per-iteration cells; cond; 'k: { body } update }`.
    fn for_loop(
        &mut self,
        init: Option<&ForInit>,
        cond: Option<&crate::ast::Expr>,
        update: Option<&crate::ast::Expr>,
        body: impl FnOnce(&mut Self) -> TokenStream,
    ) -> TokenStream {
        let l = self.label("l");
        let k = self.label("k");
        let (init, cells) = self.for_init(init);
        let c = match cond {
            Some(c) => {
                let x = self.expr(c);
                quote!(if !ops::truthy(&#x) { break #l; })
            }
            None => TokenStream::new(),
        };
        let u = match update {
            Some(u) => {
                let x = self.expr(u);
                quote!(let _ = #x;)
            }
            None => TokenStream::new(),
        };
        self.frame.loops.push(LoopLabels { brk: l.clone(), cont: k.clone(), cont_is_break: true });
        let b = body(self);
        self.frame.loops.pop();
        quote!({
            #init
            __c = Value::Null;
            #l: loop {
                #c
                #k: { #b }
                // A fresh binding per iteration (D19), copied before the update runs.
                #(#cells = SharedCell::new(#cells.get());)*
                #u
            }
        })
    }

    /// Whether a `break`/`continue` here targets a loop outside the innermost `try … finally`.
    fn leaves_finally(&self) -> bool {
        self.frame.finally.as_ref().is_some_and(|f| self.frame.loops.len() <= f.depth)
    }

    fn flow(&self, code: u8) -> TokenStream {
        match &self.frame.finally {
            Some(f) => {
                let label = &f.label;
                quote!(break #label Ok(#code);)
            }
            None => TokenStream::new(),
        }
    }

    fn return_value(&self, v: TokenStream) -> TokenStream {
        match &self.frame.finally {
            Some(f) => {
                let label = &f.label;
                let ret = &f.ret;
                quote!({ #ret = #v; break #label Ok(3u8); })
            }
            None => quote!(return Ok(#v);),
        }
    }

    fn try_stmt(
        &mut self,
        body: &Block,
        catch: Option<&crate::ast::CatchClause>,
        finally: Option<&Block>,
    ) -> TokenStream {
        let t = self.label("t");
        let n = self.fresh("ret");
        let ret = quote::format_ident!("__ret{}", n);
        let depth = self.frame.loops.len();
        let ctx =
            |label: &syn::Lifetime| FinallyCtx { label: label.clone(), depth, ret: ret.clone() };
        let outer_finally = self.frame.finally.clone();
        if finally.is_some() {
            self.frame.finally = Some(ctx(&t));
        }
        let outer = self.frame.try_label.replace(t.clone());
        let b = self.block(body);
        self.frame.try_label = outer.clone();
        let after_catch = match catch {
            Some(c) => {
                let ct = self.label("t");
                let bind = match &c.param {
                    Some(p) => match self.binding_of(p.span) {
                        Some(id) => {
                            let v = Self::cell(id);
                            quote!(let #v = SharedCell::new(e.catch_value());)
                        }
                        None => TokenStream::new(),
                    },
                    None => TokenStream::new(),
                };
                let result = if finally.is_some() {
                    self.frame.finally = Some(ctx(&ct));
                    let saved = self.frame.try_label.replace(ct.clone());
                    let cb = self.block(&c.body);
                    self.frame.try_label = saved;
                    quote!(match r { Ok(code) => Ok(code), Err(e) => #ct: { #bind #cb Ok(0u8) } })
                } else {
                    let cb = self.block(&c.body);
                    quote!(match r { Ok(code) => Ok(code), Err(e) => { #bind #cb Ok(0u8) } })
                };
                quote!(let r: PResult<u8> = #result;)
            }
            None => TokenStream::new(),
        };
        self.frame.finally = outer_finally;
        let fin = match finally {
            Some(f) => {
                let saved_c = quote!(let saved_c = __c.clone(););
                let fb = self.block(f);
                quote!(#saved_c #fb __c = saved_c;)
            }
            None => TokenStream::new(),
        };
        let prop = self.propagate(quote!(r));
        let flows = if finally.is_some() {
            let span = body.span;
            let brk = self.stmt(&Stmt { kind: StmtKind::Break, span });
            let cont = self.stmt(&Stmt { kind: StmtKind::Continue, span });
            let retv = self.return_value(quote!(#ret));
            quote!(match code { 1u8 => { #brk } 2u8 => { #cont } 3u8 => { #retv } _ => {} })
        } else {
            TokenStream::new()
        };
        quote!({
            let mut #ret = Value::Null;
            let r: PResult<u8> = #t: { #b Ok(0u8) };
            #after_catch
            #fin
            let code: u8 = #prop;
            #flows
        })
    }

    fn uncertain(&mut self, u: &Uncertain) -> TokenStream {
        let mut arms = TokenStream::new();
        let mut flags = [false; 4];
        // The last branch of a level wins (duplicates are allowed in `uncertain if`).
        let mut chosen: [Option<&Block>; 4] = [None; 4];
        for br in &u.branches {
            let i = match br.level {
                UncertainLevel::High => 0,
                UncertainLevel::Medium => 1,
                UncertainLevel::Low => 2,
                UncertainLevel::Default => 3,
            };
            flags[i] = true;
            chosen[i] = Some(&br.body);
        }
        let is_loop = !matches!(u.head, UncertainHead::If { .. });
        let l = self.label("l");
        let k = self.label("k");
        if is_loop {
            let cont_is_break = matches!(u.head, UncertainHead::For { .. });
            let cont = if cont_is_break { k.clone() } else { l.clone() };
            self.frame.loops.push(LoopLabels { brk: l.clone(), cont, cont_is_break });
        }
        for (i, b) in chosen.iter().enumerate() {
            if let Some(b) = b {
                let body = self.block(b);
                let pat = match i {
                    0 => quote!(Some(uncertain::Branch::High)),
                    1 => quote!(Some(uncertain::Branch::Medium)),
                    2 => quote!(Some(uncertain::Branch::Low)),
                    _ => quote!(Some(uncertain::Branch::Default)),
                };
                arms.extend(quote!(#pat => #body,));
            }
        }
        if is_loop {
            self.frame.loops.pop();
        }
        let [h, m, lo, d] = flags;
        let branches = quote!(uncertain::Branches { high: #h, medium: #m, low: #lo, default: #d });
        match &u.head {
            UncertainHead::If { cond } => {
                let c = self.expr(cond);
                let level = self.q(quote!(uncertain::if_level(&#c)), cond.span);
                quote!({
                    let branches = #branches;
                    let level = #level;
                    match branches.select(level) {
                        #arms
                        _ => { __c = Value::from(0.0); }
                    }
                })
            }
            UncertainHead::While { cond } => {
                let c = self.expr(cond);
                quote!({
                    let branches = #branches;
                    __c = Value::Null;
                    #l: loop {
                        let step = uncertain::while_step(&#c);
                        if !step.proceed { break #l; }
                        match branches.select(step.level) {
                            #arms
                            _ => break #l,
                        }
                    }
                })
            }
            UncertainHead::For { init, cond, update } => {
                let (init, cells) = self.for_init(init.as_ref());
                let c = match cond {
                    Some(c) => self.expr(c),
                    None => quote!(Value::from(true)),
                };
                let u = match update {
                    Some(u) => {
                        let x = self.expr(u);
                        quote!(let _ = #x;)
                    }
                    None => TokenStream::new(),
                };
                quote!({
                    #init
                    __c = Value::Null;
                    let branches = #branches;
                    let mut state = uncertain::ForLoop::new();
                    #l: loop {
                        let step = state.step(&#c);
                        if !step.proceed { break #l; }
                        #k: {
                            match branches.select(step.level) {
                                #arms
                                _ => break #l,
                            }
                        }
                        #(#cells = SharedCell::new(#cells.get());)*
                        #u
                    }
                })
            }
        }
    }
}
