//! Conditions: the narrowings a test proves on each branch, and the D10 warning.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn condition_warning(&mut self, cond: &Expr) {
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

    pub(super) fn narrowed(&self, ident: &Ident, f: impl Fn(&Ty) -> Ty) -> Option<(BindingId, Ty)> {
        match self.res.resolve(ident.span) {
            Resolved::Binding(b) => Some((b, f(&self.read_binding(b)))),
            Resolved::Unresolved => None,
        }
    }

    /// Narrowings that hold when `cond` is truthy and when it is falsy.
    pub(super) fn narrowings(&self, cond: &Expr) -> (Narrowings, Narrowings) {
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

    pub(super) fn apply(&mut self, narrowings: &[(BindingId, Ty)]) {
        for (b, t) in narrowings {
            self.set(*b, t.clone());
        }
    }

    /// Walks `f` as code that may not run: its assignments are joined with the current types.
    pub(super) fn maybe<R>(
        &mut self,
        narrowings: &[(BindingId, Ty)],
        f: impl FnOnce(&mut Self) -> R,
    ) -> R {
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
}
