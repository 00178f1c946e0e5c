//! Expressions: every Prism expression becomes a Rust expression of type `Value`.

use super::Gen;
use crate::ast::{
    Argument, ArrayElement, AssignOp, AssignTarget, BinaryOp, Expr, ExprKind, Ident, MemberAccess,
    ObjectProp, PipeOp, PropKey, StringLit, TemplatePart, UnaryOp, UpdateOp,
};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn number(n: f64) -> TokenStream {
    if n.is_nan() {
        quote!(Value::from(f64::NAN))
    } else if n.is_infinite() {
        if n > 0.0 {
            quote!(Value::from(f64::INFINITY))
        } else {
            quote!(Value::from(f64::NEG_INFINITY))
        }
    } else {
        let lit = proc_macro2::Literal::f64_suffixed(n);
        quote!(Value::from(#lit))
    }
}

impl Gen<'_> {
    pub(crate) fn expr(&mut self, e: &Expr) -> TokenStream {
        let span = e.span;
        match &e.kind {
            ExprKind::Number(n) => number(*n),
            ExprKind::String(s) => quote!(Value::from(#s)),
            ExprKind::Template(parts) => {
                let mut pushes = TokenStream::new();
                for p in parts {
                    match p {
                        TemplatePart::Text { value, .. } => {
                            pushes.extend(quote!(s.push_str(#value);))
                        }
                        TemplatePart::Hole(h) => {
                            let h = self.expr(h);
                            pushes.extend(quote!(s.push_str(&to_display_string(&#h));));
                        }
                    }
                }
                quote!({ let mut s = String::new(); #pushes Value::from(s) })
            }
            ExprKind::Bool(b) => quote!(Value::from(#b)),
            ExprKind::Null => quote!(Value::Null),
            ExprKind::Ident(id) => self.read_var(id),
            ExprKind::Placeholder => {
                let r = self.raise(quote!(Exception::error(
                    "Placeholder (_) can only be used within pipeline expressions"
                )));
                quote!({ #r })
            }
            ExprKind::Array(elements) => {
                let simple = elements.iter().all(|el| matches!(el, ArrayElement::Expr(_)));
                if simple {
                    let items: Vec<TokenStream> = elements
                        .iter()
                        .filter_map(|el| match el {
                            ArrayElement::Expr(x) => Some(x),
                            _ => None,
                        })
                        .map(|x| self.expr(x))
                        .collect();
                    return quote!(Value::array(Vec::<Value>::from([#(#items),*])));
                }
                let mut body = TokenStream::new();
                for el in elements {
                    match el {
                        ArrayElement::Expr(x) => {
                            let x = self.expr(x);
                            body.extend(quote!(items.push(#x);));
                        }
                        ArrayElement::Hole(_) => body.extend(quote!(items.push(Value::Null);)),
                        ArrayElement::Spread { argument, span } => {
                            let x = self.expr(argument);
                            let c = self.q(quote!(spread_array_literal(&mut items, &#x)), *span);
                            body.extend(quote!(#c;));
                        }
                    }
                }
                quote!({ let mut items: Vec<Value> = Vec::new(); #body Value::array(items) })
            }
            ExprKind::Object(props) => {
                if let Some(object) = self.literal_object(props) {
                    return object;
                }
                let mut body = TokenStream::new();
                for p in props {
                    match p {
                        ObjectProp::Property { key, value, .. } => {
                            let insert = match key {
                                PropKey::Computed(e) => {
                                    let x = self.expr(e);
                                    let v = self.expr(value);
                                    quote!({
                                        let k = Str::from(to_display_string(&#x));
                                        let v = #v;
                                        m.insert(k, v);
                                    })
                                }
                                // Literal keys are made once per process and shared by every
                                // object built here, without reference counting.
                                PropKey::Ident(_) | PropKey::String(_) => {
                                    let name = literal_key(key).unwrap_or_default();
                                    let v = self.expr(value);
                                    quote!({ let v = #v; m.insert_literal(static_key!(#name), v); })
                                }
                            };
                            body.extend(insert);
                        }
                        ObjectProp::Spread { argument, span } => {
                            let x = self.expr(argument);
                            let c = self.q(quote!(spread_object_literal(&mut m, &#x)), *span);
                            body.extend(quote!(#c;));
                        }
                    }
                }
                let spreads = props.iter().any(|p| matches!(p, ObjectProp::Spread { .. }));
                // Room for exactly the literal's properties: objects made by `map` stay small.
                let map = if spreads || props.is_empty() {
                    quote!(ObjectMap::new())
                } else {
                    let n = props.len();
                    quote!(ObjectMap::with_capacity(#n))
                };
                quote!({ let mut m = #map; #body Value::object_from_map(m) })
            }
            ExprKind::Function(f) => self.function_value(f),
            ExprKind::Lambda(l) => self.lambda_value(l),
            ExprKind::Unary { op, operand } => {
                let x = self.expr(operand);
                match op {
                    UnaryOp::Not => quote!(ops::not(&#x)),
                    UnaryOp::Neg => self.q(quote!(ops::neg(&#x)), span),
                    UnaryOp::Tilde => x,
                    UnaryOp::ConfidenceOf => quote!(ops::confidence::extract(&#x)),
                    UnaryOp::Typeof => quote!(ops::type_of(&#x)),
                    UnaryOp::Await => {
                        if self.frame.is_async {
                            self.q(quote!(await_value(#x).await), span)
                        } else {
                            // Effect inference makes every function containing `await` async.
                            x
                        }
                    }
                }
            }
            ExprKind::Update { op, prefix, target } => self.update(*op, *prefix, target, span),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, span),
            ExprKind::Confidence { value, confidence } => {
                let v = self.expr(value);
                let c = self.expr(confidence);
                self.q(quote!(ops::confidence::attach(&#v, &#c)), span)
            }
            ExprKind::Conditional { cond, then_branch, else_branch } => {
                let c = self.expr(cond);
                let a = self.expr(then_branch);
                let b = self.expr(else_branch);
                quote!(if ops::truthy(&#c) { #a } else { #b })
            }
            ExprKind::ConfidentConditional { cond, then_branch, else_branch } => {
                let c = self.expr(cond);
                let a = self.expr(then_branch);
                let b = self.expr(else_branch);
                quote!({
                    let (t, cc) = ops::confidence::ternary_condition(&#c);
                    let r = if t { #a } else { #b };
                    ops::confidence::ternary_result(&r, cc)
                })
            }
            ExprKind::Member { object, property, access } => {
                let name = property.name.as_str();
                if let Some((v, names)) = self.borrowed_member_path(e) {
                    return match names.as_slice() {
                        [name] => self.q(quote!(get_member(#v, #name)), span),
                        _ => self.q(quote!(get_member_path(#v, &[#(#names),*])), span),
                    };
                }
                let o = self.expr(object);
                match access {
                    MemberAccess::Dot => self.q(quote!(get_member(&#o, #name)), span),
                    MemberAccess::Optional => quote!(get_optional(&#o, #name)),
                    MemberAccess::Confident => {
                        self.q(quote!(get_confident_member(&#o, #name)), span)
                    }
                }
            }
            ExprKind::Index { object, index, optional } => {
                let o = self.expr(object);
                let i = self.expr(index);
                let get = self.q(quote!(get_index(&o, &#i)), span);
                if *optional {
                    quote!({ let o = #o; if o.is_null() { Value::Null } else { #get } })
                } else {
                    quote!({ let o = #o; #get })
                }
            }
            ExprKind::Call { callee, args, optional } => self.call(callee, args, *optional, span),
            ExprKind::Pipe { op, lhs, rhs, .. } => match op {
                PipeOp::Pipe => self.expr(rhs),
                PipeOp::ConfidencePipe => {
                    let l = self.expr(lhs);
                    let r = self.expr(rhs);
                    self.q(quote!({ let l = #l; let r = #r; ops::confidence::pipe(&l, &r) }), span)
                }
            },
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, span),
            ExprKind::Assign { target, op, value } => self.assign(target, *op, value, span),
        }
    }

    /// An object literal of literal keys only (`{answer: a, weight: w}`, the objects `map`
    /// makes by the thousand): its values in order, then the object made in one step.
    fn literal_object(&mut self, props: &[ObjectProp]) -> Option<TokenStream> {
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for p in props {
            let ObjectProp::Property { key, value, .. } = p else { return None };
            keys.push(literal_key(key)?);
            values.push(value);
        }
        if keys.is_empty() {
            return None;
        }
        let names: Vec<_> = (0..values.len()).map(|i| quote::format_ident!("v{}_", i)).collect();
        let mut body = TokenStream::new();
        for (name, value) in names.iter().zip(values) {
            let v = self.expr(value);
            body.extend(quote!(let #name = #v;));
        }
        Some(quote!({
            #body
            Value::object_from_map(ObjectMap::from_literal([#((static_key!(#keys), #names)),*]))
        }))
    }

    /// The `&Value` of a borrowed parameter, if `expr` is one.
    fn borrowed_param(&self, expr: &crate::ast::Expr) -> Option<proc_macro2::Ident> {
        match &expr.kind {
            ExprKind::Ident(id) => {
                self.binding_of(id.span).filter(|b| self.ref_params.contains(b)).map(Self::cell)
            }
            _ => None,
        }
    }

    /// `p.a.b…` for a borrowed parameter `p`, as the parameter and the names `[a, b, …]`, when
    /// every read in the chain starts where the chain does (one location serves them all).
    fn borrowed_member_path<'e>(&self, e: &'e Expr) -> Option<(proc_macro2::Ident, Vec<&'e str>)> {
        let mut names = Vec::new();
        let mut current = e;
        while let ExprKind::Member { object, property, access: MemberAccess::Dot } = &current.kind {
            if current.span.start != e.span.start {
                return None;
            }
            names.push(property.name.as_str());
            current = object;
        }
        if names.is_empty() || current.span.start != e.span.start {
            return None;
        }
        let v = self.borrowed_param(current)?;
        names.reverse();
        Some((v, names))
    }

    /// An operand the operator only reads (`&a` gives the `&Value`): a borrowed parameter, or
    /// a chain of property reads from one, is read in place instead of cloned.
    fn operand(&mut self, e: &Expr) -> TokenStream {
        if let Some((v, names)) = self.borrowed_member_path(e) {
            return self.q(quote!(get_member_path_ref(#v, &[#(#names),*])), e.span);
        }
        match self.borrowed_param(e) {
            Some(v) => quote!(#v),
            None => self.expr(e),
        }
    }

    /// Reads a variable.
    pub(crate) fn read_var(&mut self, id: &crate::ast::Ident) -> TokenStream {
        let name = id.name.as_str();
        match self.binding_of(id.span) {
            Some(b) if self.ref_params.contains(&b) => {
                let v = Self::cell(b);
                quote!(#v.clone())
            }
            Some(b) => {
                let v = Self::cell(b);
                self.q(quote!(#v.get_checked(#name)), id.span)
            }
            None => {
                let msg = format!("Undefined variable: {name}");
                let loc = self.loc(id.span);
                let r = self.raise(quote!(Exception::error(#msg).at(#loc)));
                quote!({ #r })
            }
        }
    }

    /// Writes a variable (declaring an unresolved name is a run-time error).
    pub(crate) fn write_var(&mut self, id: &crate::ast::Ident, value: TokenStream) -> TokenStream {
        match self.binding_of(id.span) {
            Some(b) => {
                #[cfg(test)]
                {
                    *self.writes.entry(b).or_default() += 1;
                }
                let v = Self::cell(b);
                quote!(#v.set(#value);)
            }
            None => {
                let msg = format!("Undefined variable: {}", id.name);
                let r = self.raise(quote!(Exception::error(#msg)));
                quote!({ let _ = #value; #r; })
            }
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
        span: crate::span::Span,
    ) -> TokenStream {
        use BinaryOp::*;
        if let And | Or | Nullish = op {
            // The result is one of the operands: they are evaluated as values.
            let a = self.expr(lhs);
            let b = self.expr(rhs);
            return match op {
                And => quote!({ let a = #a; if ops::truthy(&a) { #b } else { a } }),
                Or => quote!({ let a = #a; if ops::truthy(&a) { a } else { #b } }),
                _ => {
                    let n = self.q(quote!(ops::nullish(&a, &b)), span);
                    quote!({
                        let a = #a;
                        if ops::nullish_short_circuits(&a) { a } else { let b = #b; #n }
                    })
                }
            };
        }
        let a = self.operand(lhs);
        let b = self.operand(rhs);
        let f = match op {
            Add => quote!(ops::add),
            Sub => quote!(ops::sub),
            Mul => quote!(ops::mul),
            Div => quote!(ops::div),
            Rem => quote!(ops::rem),
            Pow => quote!(ops::pow),
            Eq => quote!(ops::loose_eq),
            NotEq => quote!(ops::loose_ne),
            StrictEq => quote!(ops::strict_eq),
            StrictNotEq => quote!(ops::strict_ne),
            Lt => quote!(ops::lt),
            Le => quote!(ops::le),
            Gt => quote!(ops::gt),
            Ge => quote!(ops::ge),
            Instanceof => quote!(ops::instance_of),
            ConfidenceChain => quote!(ops::confidence::chain),
            ConfidenceCoalesce => quote!(ops::confidence::coalesce),
            ConfidenceAnd => quote!(ops::confidence::and),
            ConfidenceOr => quote!(ops::confidence::or),
            ConfidenceAdd => quote!(ops::confidence::add),
            ConfidenceSub => quote!(ops::confidence::sub),
            ConfidenceMul => quote!(ops::confidence::mul),
            ConfidenceDiv => quote!(ops::confidence::div),
            ConfidenceEq => quote!(ops::confidence::equal),
            ConfidenceNotEq => quote!(ops::confidence::not_equal),
            ConfidenceLt => quote!(ops::confidence::less),
            ConfidenceLe => quote!(ops::confidence::less_equal),
            ConfidenceGe => quote!(ops::confidence::greater_equal),
            ParallelConfidence => quote!(ops::confidence::parallel),
            ThresholdGate => quote!(ops::confidence::gate),
            ConfidenceThresholdGate => quote!(ops::confidence::threshold_gate),
            And | Or | Nullish => quote!(ops::add),
        };
        let call = self.q(quote!(#f(&a, &b)), span);
        quote!({ let a = #a; let b = #b; #call })
    }

    /// The argument vector of a call.
    fn args(&mut self, args: &[Argument]) -> TokenStream {
        if args.iter().all(|a| matches!(a, Argument::Expr(_))) {
            let items: Vec<TokenStream> = args
                .iter()
                .filter_map(|a| match a {
                    Argument::Expr(x) => Some(x),
                    _ => None,
                })
                .map(|x| self.expr(x))
                .collect();
            return quote!(Vec::<Value>::from([#(#items),*]));
        }
        let mut body = TokenStream::new();
        for a in args {
            match a {
                Argument::Expr(x) => {
                    let x = self.expr(x);
                    body.extend(quote!(args.push(#x);));
                }
                Argument::Spread { argument, span } => {
                    let x = self.expr(argument);
                    let c = self.q(quote!(spread_call_arg(&mut args, &#x)), *span);
                    body.extend(quote!(#c;));
                }
            }
        }
        quote!({ let mut args: Vec<Value> = Vec::new(); #body args })
    }

    fn call(
        &mut self,
        callee: &Expr,
        args: &[Argument],
        optional: bool,
        span: crate::span::Span,
    ) -> TokenStream {
        let is_async = self.frame.is_async;
        if let ExprKind::Member { object, property, access: MemberAccess::Dot } = &callee.kind {
            let o = self.expr(object);
            let a = self.args(args);
            let name = property.name.as_str();
            let call = if is_async {
                self.q(quote!(call_method(&o, #name, args).await), span)
            } else {
                self.q(quote!(call_method_sync(&o, #name, &args)), span)
            };
            return quote!({ let o = #o; let args = #a; #call });
        }
        let f = self.expr(callee);
        let a = self.args(args);
        let call = if is_async {
            self.q(quote!(call_value(&f, args).await), span)
        } else {
            self.q(
                quote!(call_value_sync(&f, &args).unwrap_or_else(|| Err(Exception::error(
                    "internal error: a synchronous function called an asynchronous one"
                )))),
                span,
            )
        };
        if optional {
            quote!({ let f = #f; if f.is_null() { Value::Null } else { let args = #a; #call } })
        } else {
            quote!({ let f = #f; let args = #a; #call })
        }
    }

    fn update(
        &mut self,
        op: UpdateOp,
        prefix: bool,
        target: &AssignTarget,
        span: crate::span::Span,
    ) -> TokenStream {
        let f = match op {
            UpdateOp::Increment => quote!(ops::increment),
            UpdateOp::Decrement => quote!(ops::decrement),
        };
        let result = if prefix { quote!(new) } else { quote!(old) };
        let step = self.q(quote!(#f(&old)), span);
        match target {
            AssignTarget::Name(id) => {
                let read = self.read_var(id);
                let write = self.write_var(id, quote!(new.clone()));
                quote!({ let old = #read; let new = #step; #write #result })
            }
            AssignTarget::Member { object, property } => {
                let o = self.expr(object);
                let name = property.name.as_str();
                let get = self.q(quote!(get_member(&o, #name)), span);
                let set = self.q(quote!(set_member(&o, #name, new.clone())), span);
                quote!({ let o = #o; let old = #get; let new = #step; #set; #result })
            }
            AssignTarget::Index { object, index } => {
                let o = self.expr(object);
                let i = self.expr(index);
                let get = self.q(quote!(get_index(&o, &i)), span);
                let set = self.q(quote!(set_index(&o, &i, new.clone())), span);
                quote!({ let o = #o; let i = #i; let old = #get; let new = #step; #set; #result })
            }
            AssignTarget::Pattern { .. } => {
                let r = self.raise(quote!(Exception::error("Invalid update target")));
                quote!({ #r })
            }
        }
    }

    fn assign(
        &mut self,
        target: &AssignTarget,
        op: AssignOp,
        value: &Expr,
        span: crate::span::Span,
    ) -> TokenStream {
        let v = self.expr(value);
        let compute = op.binary().map(|b| self.binary_fn(b));
        match target {
            AssignTarget::Name(id) => {
                let new = match &compute {
                    None => v,
                    Some(f) => {
                        let old = self.read_var(id);
                        let c = self.q(quote!(#f(&old, &rhs)), span);
                        quote!({ let old = #old; let rhs = #v; #c })
                    }
                };
                let write = self.write_var(id, quote!(new.clone()));
                quote!({ let new = #new; #write new })
            }
            AssignTarget::Member { object, property } => {
                let o = self.expr(object);
                let name = property.name.as_str();
                let new = match &compute {
                    None => v,
                    Some(f) => {
                        let get = self.q(quote!(get_member(&o, #name)), span);
                        let c = self.q(quote!(#f(&old, &rhs)), span);
                        quote!({ let old = #get; let rhs = #v; #c })
                    }
                };
                let set = self.q(quote!(set_member(&o, #name, new.clone())), span);
                quote!({ let o = #o; let new = #new; #set; new })
            }
            AssignTarget::Index { object, index } => {
                let o = self.expr(object);
                let i = self.expr(index);
                let new = match &compute {
                    None => v,
                    Some(f) => {
                        let get = self.q(quote!(get_index(&o, &i)), span);
                        let c = self.q(quote!(#f(&old, &rhs)), span);
                        quote!({ let old = #get; let rhs = #v; #c })
                    }
                };
                let set = self.q(quote!(set_index(&o, &i, new.clone())), span);
                quote!({ let o = #o; let i = #i; let new = #new; #set; new })
            }
            AssignTarget::Pattern { pattern, threshold } => {
                let bind = self.destructure(pattern, threshold.as_deref(), quote!(rhs), span);
                quote!({ let rhs = #v; #bind rhs })
            }
        }
    }

    fn binary_fn(&self, op: BinaryOp) -> TokenStream {
        use BinaryOp::*;
        match op {
            Sub => quote!(ops::sub),
            Mul => quote!(ops::mul),
            Div => quote!(ops::div),
            Rem => quote!(ops::rem),
            ConfidenceAdd => quote!(ops::confidence::add),
            ConfidenceSub => quote!(ops::confidence::sub),
            ConfidenceMul => quote!(ops::confidence::mul),
            ConfidenceDiv => quote!(ops::confidence::div),
            _ => quote!(ops::add),
        }
    }
}

/// The text of an object literal's key written as a name or a string.
fn literal_key(key: &PropKey) -> Option<&str> {
    match key {
        PropKey::Ident(Ident { name, .. }) => Some(name.as_str()),
        PropKey::String(StringLit { value, .. }) => Some(value.as_str()),
        PropKey::Computed(_) => None,
    }
}
