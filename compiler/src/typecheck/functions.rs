//! Function and lambda values: parameters, bodies checked in their own frame.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn fn_type(
        &self,
        params: &[Param],
        kind: FnKind,
        ret: Ty,
        span: Span,
        decl: Span,
    ) -> Ty {
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

    pub(super) fn params(&mut self, params: &[Param]) {
        for p in params {
            if let Some(d) = &p.default {
                self.expr(d);
            }
            self.bind_pattern(&p.pattern, Ty::Dynamic, p.span);
        }
    }

    pub(super) fn enter(&mut self, span: Span) -> usize {
        let id = self.res.function_at.get(&span).copied().unwrap_or(FunctionId::TOP);
        self.fns.push(FnCtx { id, ret: None });
        self.trail.len()
    }

    pub(super) fn leave(&mut self, mark: usize) -> Option<Ty> {
        self.undo_to(mark);
        self.fns.pop().and_then(|f| f.ret)
    }

    pub(super) fn function(&mut self, f: &Function) -> Ty {
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

    pub(super) fn lambda(&mut self, l: &Lambda) -> Ty {
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
}
