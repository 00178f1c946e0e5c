//! Warnings decided after the walk: unused names, a result without confidence.

use super::*;

impl<'a> Checker<'a> {
    /// Whether `span` lies inside one of the (disjoint) `not_unused` spans, sorted by then.
    pub(super) fn is_exempt(&self, span: Span) -> bool {
        let i = self.not_unused.partition_point(|s| s.start <= span.start);
        i > 0 && self.not_unused[i - 1].end >= span.end
    }

    pub(super) fn unused_warnings(&mut self) {
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
            if b.function == FunctionId::TOP && self.res.exports.iter().any(|e| *e == *b.name) {
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

    pub(super) fn result_confidence_warning(&mut self, _program: &Program) {
        if !self.header.dispatches_agents() {
            return;
        }
        let Some((t, span)) = self.last_top.clone() else { return };
        let plain = match &t {
            Ty::Object(shape) => {
                shape.closed
                    && !shape
                        .fields
                        .iter()
                        .any(|(k, _)| matches!(&**k, "confidence" | "_confidence"))
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
