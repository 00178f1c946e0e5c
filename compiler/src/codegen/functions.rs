//! Functions and lambdas: sync closures (`Function::new_sync`) or async ones
//! (`Function::new_async`) as effect inference decides; captured cells are cloned in.

use super::{Frame, Gen};
use crate::ast::{
    BinaryOp, Block, Expr, ExprKind, Function, Lambda, LambdaBody, MemberAccess, Param, PatternKind,
};
use crate::resolve::BindingId;
use crate::span::Span;
use proc_macro2::TokenStream;
use quote::quote;

impl Gen<'_> {
    pub(crate) fn function_value(&mut self, f: &Function) -> TokenStream {
        let name = f.name.as_ref().map_or("lambda".to_string(), |n| n.name.to_string());
        let kind = if f.name.is_some() { quote!(FnKind::Named) } else { quote!(FnKind::Lambda) };
        let value = self.closure(&name, kind, &f.params, Body::Block(&f.body), f.span, None);
        match &f.confidence {
            Some(c) => {
                let c = self.expr(c);
                quote!(ops::confidence::annotate_function(#value, &#c))
            }
            None => value,
        }
    }

    pub(crate) fn lambda_value(&mut self, l: &Lambda) -> TokenStream {
        let body = match &l.body {
            LambdaBody::Expr(e) => Body::Expr(e),
            LambdaBody::Block(b) => Body::Block(b),
        };
        let shape = match (self.key_comparator(l), self.key_sum(l)) {
            (Some(k), _) => Some(quote!(with_key_comparator(#k))),
            (None, Some(path)) => Some(quote!(with_key_sum(#path))),
            (None, None) => None,
        };
        self.closure("lambda", quote!(FnKind::Lambda), &l.params, body, l.span, shape)
    }

    /// `&[..]` for a reducer `(acc, x) => acc + K(x)`, where `K(x)` is `x` followed by at least
    /// one `.name` read: `reduce` may then add the keys without calling the lambda (see the
    /// runtime's `Function::with_key_sum`).
    fn key_sum(&self, l: &Lambda) -> Option<TokenStream> {
        let KeyLambda {
            first: acc,
            second: x,
            lhs: (left_root, left_path),
            rhs: (right_root, right_path),
        } = self.key_lambda(l, BinaryOp::Add)?;
        if acc == x || (left_root, right_root) != (acc, x) || !left_path.is_empty() {
            return None;
        }
        if right_path.is_empty() {
            return None;
        }
        Some(quote!(&[#(#right_path),*]))
    }

    /// `KeyComparator::descending(&[..])` for a lambda `(a, b) => K(b) - K(a)` and
    /// `KeyComparator::ascending(&[..])` for `(a, b) => K(a) - K(b)`, where `K(x)` is `x`
    /// followed by `.name` reads: `sort` may then read each element's key once instead of
    /// calling the lambda (see the runtime's `KeyComparator`).
    fn key_comparator(&self, l: &Lambda) -> Option<TokenStream> {
        let KeyLambda {
            first: a,
            second: b,
            lhs: (left_root, left_path),
            rhs: (right_root, right_path),
        } = self.key_lambda(l, BinaryOp::Sub)?;
        if a == b || left_path != right_path {
            return None;
        }
        let path = &left_path;
        if (left_root, right_root) == (b, a) {
            Some(quote!(KeyComparator::descending(&[#(#path),*])))
        } else if (left_root, right_root) == (a, b) {
            Some(quote!(KeyComparator::ascending(&[#(#path),*])))
        } else {
            None
        }
    }

    /// A lambda of two plain parameters whose body is `L op R`, with `L` and `R` each a
    /// variable followed by `.name` reads.
    fn key_lambda<'e>(&self, l: &'e Lambda, op: BinaryOp) -> Option<KeyLambda<'e>> {
        let [first, second] = l.params.as_slice() else { return None };
        let LambdaBody::Expr(body) = &l.body else { return None };
        let ExprKind::Binary { op: body_op, lhs, rhs } = &body.kind else { return None };
        if *body_op != op {
            return None;
        }
        let param = |p: &Param| match &p.pattern.kind {
            PatternKind::Ident(id) if p.default.is_none() && !p.rest => self.binding_of(id.span),
            _ => None,
        };
        let (first, second) = (param(first)?, param(second)?);
        Some(KeyLambda { first, second, lhs: self.member_path(lhs)?, rhs: self.member_path(rhs)? })
    }

    /// `x.p.q` as the binding of `x` and the names `[p, q]` (`x` alone has no names).
    fn member_path<'e>(&self, e: &'e Expr) -> Option<(BindingId, Vec<&'e str>)> {
        match &e.kind {
            ExprKind::Ident(id) => Some((self.binding_of(id.span)?, Vec::new())),
            ExprKind::Member { object, property, access: MemberAccess::Dot } => {
                let (root, mut path) = self.member_path(object)?;
                path.push(property.name.as_str());
                Some((root, path))
            }
            _ => None,
        }
    }

    fn closure(
        &mut self,
        name: &str,
        kind: TokenStream,
        params: &[Param],
        body: Body<'_>,
        span: Span,
        shape: Option<TokenStream>,
    ) -> TokenStream {
        let is_async = self.async_fns.contains(&span);
        let captures = self.captures_of(span);
        let caps: Vec<_> = captures.iter().map(|id| Self::cell(*id)).collect();
        // A settled variable (or one an enclosing closure already holds as a value) is captured
        // as its value and read in place, borrowed like a parameter.
        let mut take = Vec::new();
        let mut snapshots = Vec::new();
        for &b in &captures {
            let v = Self::cell(b);
            if self.ref_params.contains(&b) {
                take.push(quote!(let #v = #v.clone();));
                snapshots.push(b);
            } else if self.settled.contains(&b) {
                take.push(quote!(let #v = #v.get();));
                snapshots.push(b);
            } else {
                take.push(quote!(let #v = #v.clone();));
            }
        }
        let mut prologue = TokenStream::new();
        let mut added = Vec::new();
        for &b in &snapshots {
            let v = Self::cell(b);
            prologue.extend(quote!(let #v: &Value = &#v;));
            if self.ref_params.insert(b) {
                added.push(b);
            }
        }
        let outer_settled = std::mem::take(&mut self.settled);
        let required = params.iter().filter(|p| !p.rest && p.default.is_none()).count();
        let count = params.iter().filter(|p| !p.rest).count();
        let rest = params.iter().any(|p| p.rest);
        let saved = std::mem::replace(
            &mut self.frame,
            Frame { is_async, try_label: None, loops: Vec::new(), top_level: false, finally: None },
        );
        for (i, p) in params.iter().enumerate() {
            let fetch = if p.rest { quote!(rest_args(args, #i)) } else { quote!(arg(args, #i)) };
            let fetch = match &p.default {
                Some(d) => {
                    let d = self.expr(d);
                    quote!({ let a = #fetch; if a.is_null() { #d } else { a } })
                }
                None => fetch,
            };
            match &p.pattern.kind {
                PatternKind::Ident(id) => {
                    if let Some(b) = self.binding_of(id.span) {
                        let v = Self::cell(b);
                        // Only a parameter a nested function uses needs a shared cell.
                        let binding = self.res.binding(b);
                        let plain = p.default.is_none() && !p.rest;
                        if binding.captured {
                            prologue.extend(quote!(let #v = SharedCell::new(#fetch);));
                        } else if plain && !binding.reassigned {
                            // Borrowed: a callback run 10,000 times by `sort` touches no
                            // reference count to read its parameters.
                            self.ref_params.insert(b);
                            prologue.extend(quote!(let #v: &Value = arg_ref(args, #i);));
                        } else {
                            prologue.extend(quote!(let #v = LocalCell::new(#fetch);));
                        }
                    }
                }
                _ => {
                    let mut decls = TokenStream::new();
                    super::pattern::pattern_idents(&p.pattern, &mut |id| {
                        if let Some(b) = self.binding_of(id.span) {
                            let v = Self::cell(b);
                            decls.extend(quote!(let #v = SharedCell::uninit();));
                        }
                    });
                    let bind = self.destructure(&p.pattern, None, quote!(a), p.span);
                    prologue.extend(quote!(#decls let a = #fetch; #bind));
                }
            }
        }
        if let Some(&fid) = self.res.function_at.get(&span) {
            for id in &self.res.function(fid).implicit {
                let v = Self::cell(*id);
                prologue.extend(quote!(let #v = SharedCell::uninit();));
            }
        }
        let inner = match body {
            Body::Expr(e) => {
                let x = self.expr(e);
                quote!(Ok(#x))
            }
            Body::Block(b) => {
                self.body_fn = self.res.function_at.get(&span).copied();
                let stmts = self.block_stmts(&b.stmts);
                quote!(let mut __c = Value::from(0.0); #stmts Ok(__c))
            }
        };
        self.frame = saved;
        self.settled = outer_settled;
        for b in added {
            self.ref_params.remove(&b);
        }
        let arity = quote!(Arity { required: #required, params: #count, rest: #rest });
        if is_async {
            quote!({
                #(#take)*
                Value::from(Function::new_async(#name, #kind, #arity, move |args: Vec<Value>| -> BoxFut {
                    #(let #caps = #caps.clone();)*
                    Box::pin(async move {
                        let args: &[Value] = &args;
                        #prologue
                        #inner
                    })
                }))
            })
        } else {
            let function = quote!(Function::new_sync(#name, #kind, #arity, move |args: &[Value]| -> PResult {
                #prologue
                #inner
            }));
            // What the lambda computes, for the built-ins that can do it without calling it.
            let function = match shape {
                Some(shape) => quote!(#function.#shape),
                None => function,
            };
            quote!({
                #(#take)*
                Value::from(#function)
            })
        }
    }
}

enum Body<'a> {
    Expr(&'a crate::ast::Expr),
    Block(&'a Block),
}

/// What [`Gen::key_lambda`] finds: the parameters' bindings and the [`Gen::member_path`] of
/// each side of the body.
struct KeyLambda<'e> {
    first: BindingId,
    second: BindingId,
    lhs: (BindingId, Vec<&'e str>),
    rhs: (BindingId, Vec<&'e str>),
}
