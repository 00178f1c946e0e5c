//! Destructuring (B §3.4) and `match` arms (B §3.10): the pattern is built as a runtime
//! `destructure::Pattern` whose bindings are numbered slots, then each slot is stored into the
//! cell of its Prism binding.

use super::Gen;
use crate::ast::{
    ArmBody, ArrayPatternElement, Expr, Ident, Literal, MatchArm, MatchArrayElement, MatchPattern,
    MatchPatternKind, Pattern, PatternKind, PropKey,
};
use crate::span::Span;
use proc_macro2::TokenStream;
use quote::quote;

/// Calls `f` on every identifier a pattern binds, in slot order.
pub(crate) fn pattern_idents<'p>(p: &'p Pattern, f: &mut dyn FnMut(&'p Ident)) {
    match &p.kind {
        PatternKind::Ident(i) => f(i),
        PatternKind::Array { elements, rest } => {
            for el in elements {
                if let ArrayPatternElement::Element { pattern, .. } = el {
                    pattern_idents(pattern, f);
                }
            }
            if let Some(r) = rest {
                pattern_idents(r, f);
            }
        }
        PatternKind::Object { props, rest } => {
            for p in props {
                pattern_idents(&p.value, f);
            }
            if let Some(r) = rest {
                f(r);
            }
        }
    }
}

fn match_idents<'p>(p: &'p MatchPattern, f: &mut dyn FnMut(&'p Ident)) {
    match &p.kind {
        MatchPatternKind::Binding(i) => f(i),
        MatchPatternKind::Array { elements, rest } => {
            for el in elements {
                if let MatchArrayElement::Element { pattern, .. } = el {
                    match_idents(pattern, f);
                }
            }
            if let Some(r) = rest {
                f(r);
            }
        }
        MatchPatternKind::Object { props, rest } => {
            for p in props {
                match_idents(&p.pattern, f);
            }
            if let Some(r) = rest {
                f(r);
            }
        }
        _ => {}
    }
}

impl Gen<'_> {
    fn threshold_value(&mut self, t: Option<&Expr>, kind: TokenStream) -> TokenStream {
        match t {
            None => quote!(None),
            Some(t) => {
                let x = self.expr(t);
                let c = self.q(
                    quote!(destructure::threshold(&#x, destructure::ThresholdKind::#kind)),
                    t.span,
                );
                quote!(Some(#c))
            }
        }
    }

    fn runtime_pattern(&mut self, p: &Pattern, next: &mut usize) -> TokenStream {
        match &p.kind {
            PatternKind::Ident(_) => {
                let n = *next;
                *next += 1;
                quote!(destructure::Pattern::Bind(#n))
            }
            PatternKind::Array { elements, rest } => {
                let mut els = Vec::new();
                for el in elements {
                    match el {
                        ArrayPatternElement::Hole(_) => els.push(quote!(None)),
                        ArrayPatternElement::Element { pattern, threshold } => {
                            let pat = self.runtime_pattern(pattern, next);
                            let t = self.threshold_value(threshold.as_ref(), quote!(Element));
                            els.push(quote!(Some(destructure::ArrayElement { pattern: #pat, threshold: #t })));
                        }
                    }
                }
                let rest = match rest {
                    Some(r) => {
                        let n = *next;
                        // A rest pattern binds its identifiers; only `...name` is supported.
                        let mut count = 0;
                        pattern_idents(r, &mut |_| count += 1);
                        *next += count;
                        quote!(Some(#n))
                    }
                    None => quote!(None),
                };
                quote!(destructure::Pattern::Array { elements: Vec::from([#(#els),*]), rest: #rest })
            }
            PatternKind::Object { props, rest } => {
                let mut ps = Vec::new();
                for p in props {
                    let key = match &p.key {
                        PropKey::Ident(i) => {
                            let n = i.name.as_str();
                            quote!(Str::from(#n))
                        }
                        PropKey::String(s) => {
                            let n = s.value.as_str();
                            quote!(Str::from(#n))
                        }
                        PropKey::Computed(e) => {
                            let x = self.expr(e);
                            quote!(Str::from(to_display_string(&#x)))
                        }
                    };
                    let pat = self.runtime_pattern(&p.value, next);
                    let t = self.threshold_value(p.threshold.as_ref(), quote!(Property));
                    let d = match &p.default {
                        Some(d) => {
                            let x = self.expr(d);
                            quote!(Some(#x))
                        }
                        None => quote!(None),
                    };
                    ps.push(quote!(destructure::PropPattern { key: #key, pattern: #pat, threshold: #t, default: #d }));
                }
                let rest = match rest {
                    Some(_) => {
                        let n = *next;
                        *next += 1;
                        quote!(Some(#n))
                    }
                    None => quote!(None),
                };
                quote!(destructure::Pattern::Object { props: Vec::from([#(#ps),*]), rest: #rest })
            }
        }
    }

    /// Statements that destructure the value `value` (an expression that may be evaluated more
    /// than once, e.g. a local) by `pattern` into its bindings' cells.
    pub(crate) fn destructure(
        &mut self,
        pattern: &Pattern,
        threshold: Option<&Expr>,
        value: TokenStream,
        span: Span,
    ) -> TokenStream {
        if let PatternKind::Ident(id) = &pattern.kind
            && threshold.is_none()
        {
            return self.write_var(id, quote!(#value.clone()));
        }
        let mut next = 0;
        let pat = self.runtime_pattern(pattern, &mut next);
        let global = self.threshold_value(threshold, quote!(Global));
        let mut idents = Vec::new();
        pattern_idents(pattern, &mut |i| idents.push(i.clone()));
        let mut writes = TokenStream::new();
        for (n, id) in idents.iter().enumerate() {
            let w = self.write_var(id, quote!(slots[#n].clone()));
            writes.extend(w);
        }
        let run = self.q(quote!(destructure::destructure(&pat, &#value, global, &mut slots)), span);
        quote!({
            let pat = #pat;
            let global: Option<f64> = #global;
            let mut slots: Vec<Value> = vec![Value::Null; #next];
            #run;
            #writes
        })
    }

    fn runtime_match_pattern(&mut self, p: &MatchPattern, next: &mut usize) -> TokenStream {
        match &p.kind {
            MatchPatternKind::Wildcard => quote!(destructure::MatchPattern::Wildcard),
            MatchPatternKind::Literal(l) => {
                let v = match l {
                    Literal::Number(n) => super::expr::number(*n),
                    Literal::String(s) => quote!(Value::from(#s)),
                    Literal::Bool(b) => quote!(Value::from(#b)),
                    Literal::Null => quote!(Value::Null),
                };
                quote!(destructure::MatchPattern::Literal(#v))
            }
            MatchPatternKind::Binding(_) => {
                let n = *next;
                *next += 1;
                quote!(destructure::MatchPattern::Bind(#n))
            }
            MatchPatternKind::Array { elements, rest } => {
                let mut els = Vec::new();
                for el in elements {
                    match el {
                        MatchArrayElement::Hole(_) => els.push(quote!(None)),
                        MatchArrayElement::Element { pattern, threshold } => {
                            let pat = self.runtime_match_pattern(pattern, next);
                            let t = self.threshold_value(threshold.as_ref(), quote!(Element));
                            els.push(quote!(Some((#pat, #t))));
                        }
                    }
                }
                let rest = match rest {
                    Some(_) => {
                        let n = *next;
                        *next += 1;
                        quote!(Some(Some(#n)))
                    }
                    None => quote!(None),
                };
                quote!(destructure::MatchPattern::Array { elements: Vec::from([#(#els),*]), rest: #rest })
            }
            MatchPatternKind::Object { props, rest } => {
                let mut ps = Vec::new();
                for p in props {
                    let key = match &p.key {
                        PropKey::Ident(i) => i.name.to_string(),
                        PropKey::String(s) => s.value.clone(),
                        PropKey::Computed(_) => String::new(),
                    };
                    let pat = self.runtime_match_pattern(&p.pattern, next);
                    let t = self.threshold_value(p.threshold.as_ref(), quote!(Property));
                    ps.push(quote!((Str::from(#key), #pat, #t)));
                }
                let rest = match rest {
                    Some(_) => {
                        let n = *next;
                        *next += 1;
                        quote!(Some(Some(#n)))
                    }
                    None => quote!(None),
                };
                quote!(destructure::MatchPattern::Object { props: Vec::from([#(#ps),*]), rest: #rest })
            }
        }
    }

    pub(crate) fn match_expr(
        &mut self,
        scrutinee: &Expr,
        arms: &[MatchArm],
        _span: Span,
    ) -> TokenStream {
        let s = self.expr(scrutinee);
        let label = self.label("m");
        let mut body = TokenStream::new();
        for arm in arms {
            let mut next = 0;
            let pat = self.runtime_match_pattern(&arm.pattern, &mut next);
            let thr = match &arm.threshold {
                Some(t) => {
                    let x = self.expr(t);
                    let c = self.q(quote!(ops::confidence::confidence_number(&#x)), t.span);
                    quote!(Some(#c))
                }
                None => quote!(None),
            };
            let mut idents = Vec::new();
            match_idents(&arm.pattern, &mut |i| idents.push(i.clone()));
            let mut binds = TokenStream::new();
            for (n, id) in idents.iter().enumerate() {
                if let Some(b) = self.binding_of(id.span) {
                    let v = Self::cell(b);
                    binds.extend(quote!(let #v = SharedCell::new(slots[#n].clone());));
                }
            }
            let value = match &arm.body {
                ArmBody::Expr(e) => self.expr(e),
                ArmBody::Block(b) => {
                    let stmts = self.block_stmts(&b.stmts);
                    quote!({ let mut __c = Value::from(0.0); #stmts __c })
                }
            };
            let guarded = match &arm.guard {
                Some(g) => {
                    let g = self.expr(g);
                    quote!(if ops::truthy(&#g) { break #label #value; })
                }
                None => quote!(break #label #value;),
            };
            body.extend(quote!({
                let pat = #pat;
                let thr: Option<f64> = #thr;
                let mut slots: Vec<Value> = vec![Value::Null; #next];
                if destructure::match_pattern(&pat, &s, thr, &mut slots) {
                    #binds
                    #guarded
                }
            }));
        }
        quote!({ let s = #s; #label: { #body Value::Null } })
    }
}
