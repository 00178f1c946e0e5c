//! String literals and interpolated strings: escapes, and the parse of each hole.

use crate::ast::*;
use crate::diagnostics::{Diagnostic, codes};
use crate::lexer::Quote;
use crate::lexer::strings::cook;
use crate::parser::context::{ParseCtx, TemplatePiece};
use crate::parser::tokens::StrTok;
use crate::span::Span;

/// Processes a text piece whose source starts at `start`, reporting a malformed escape.
fn cooked(ctx: &ParseCtx<'_>, raw: &str, quote: Quote, start: usize) -> String {
    match cook(raw, quote) {
        Ok(text) => text.into_owned(),
        Err(error) => {
            let span = Span::from_range(start + error.range.start..start + error.range.end);
            ctx.report_semantic(
                Diagnostic::error(codes::INVALID_ESCAPE, "invalid escape sequence").with_primary(
                    ctx.file,
                    span,
                    error.message,
                ),
            );
            raw.to_string()
        }
    }
}

fn body_start(s: StrTok<'_>, l: usize) -> usize {
    l + s.quote.delimiter_len()
}

pub fn string_expr(ctx: &ParseCtx<'_>, s: StrTok<'_>, l: usize, r: usize) -> Expr {
    let value = cooked(ctx, s.body, s.quote, body_start(s, l));
    ctx.expr(ExprKind::String(value), l, r)
}

pub fn string_lit(ctx: &ParseCtx<'_>, s: StrTok<'_>, l: usize, r: usize) -> StringLit {
    StringLit { value: cooked(ctx, s.body, s.quote, body_start(s, l)), span: ctx.span(l, r) }
}

/// A string with `${…}` holes; each hole is parsed as one expression.
pub fn template_expr(ctx: &ParseCtx<'_>, index: u32, l: usize, r: usize) -> Expr {
    let Some(template) = ctx.take_template(index) else {
        return ctx.expr(ExprKind::Null, l, r);
    };
    let mut parts = Vec::with_capacity(template.pieces.len());
    for piece in template.pieces {
        match piece {
            TemplatePiece::Text(range) => {
                if range.is_empty() {
                    continue;
                }
                let raw = ctx.src.get(range.clone()).unwrap_or("");
                let value = cooked(ctx, raw, template.quote, range.start);
                parts.push(TemplatePart::Text { value, span: Span::from_range(range) });
            }
            TemplatePiece::Hole { tokens, range } => {
                if tokens.len() <= 1 {
                    let span = Span::from_range(range.start.saturating_sub(2)..range.end + 1);
                    ctx.report_semantic(
                        Diagnostic::error(codes::INVALID_ESCAPE, "empty interpolation `${}`")
                            .with_primary(ctx.file, span, "nothing to interpolate")
                            .with_help("put an expression between the braces, or write `\\${` for a literal `${`"),
                    );
                    continue;
                }
                if let Some(expr) = crate::parser::parse_hole(ctx, tokens) {
                    parts.push(TemplatePart::Hole(expr));
                }
            }
        }
    }
    ctx.expr(ExprKind::Template(parts), l, r)
}
