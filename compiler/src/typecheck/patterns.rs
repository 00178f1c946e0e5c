//! Destructuring patterns: the types their names receive.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn bind_pattern(&mut self, pattern: &Pattern, t: Ty, value_span: Span) {
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
                    let key = match &prop.key {
                        PropKey::Ident(Ident { name, .. }) => Some(name.as_str()),
                        PropKey::String(StringLit { value, .. }) => Some(value.as_str()),
                        PropKey::Computed(_) => None,
                    };
                    let mut pt = match (&t, key) {
                        (Ty::Object(shape), Some(name)) => {
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
}
