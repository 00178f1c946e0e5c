//! The parser: Prism source to an [`ast::Program`] plus diagnostics.
//!
//! Three steps: the [`lexer`](crate::lexer) produces tokens; the [`layout`] pass decides what
//! each ambiguous token means in its place (statement boundaries without separators, D15;
//! contextual keywords, D4; blocks versus object literals); the LALR grammar in
//! `grammar.lalrpop` builds the tree. Syntax errors are recovered from at statement
//! boundaries, so one run reports many; string interpolation holes are parsed by the same
//! grammar, entered through a virtual token.
//!
//! [`parse`] never panics. Nesting is bounded by the layout pass before the grammar runs, so
//! the tree it returns is shallow enough for the recursive walks of later stages.

mod build;
mod context;
mod errors;
mod implicits;
pub mod layout;
#[cfg(test)]
mod layout_tests;
pub mod tokens;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        clippy::unwrap_used,
        clippy::expect_used,
        unused_qualifications,
        unreachable_pub,
        dead_code
    )]
    grammar,
    "/parser/grammar.rs"
);

use crate::ast::{self, DocComment, Expr, Program};
use crate::diagnostics::{Diagnostic, codes};
use crate::lexer::{self, Token};
use crate::span::{FileId, Span};
use context::ParseCtx;
use implicits::FunctionParts;
use tokens::Triple;

/// The result of parsing one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub program: ast::Program,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why the generated parser stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abort {
    /// Too many syntax errors were reported.
    TooManyErrors,
    /// The layout pass found input nested beyond its bound.
    TooDeep(layout::TooDeep),
}

/// Parses one file. Never panics; every problem is a diagnostic, sorted by position.
pub fn parse(file: FileId, source: &str) -> Parsed {
    let ctx = ParseCtx::new(file, source);
    let (raw, lex_diagnostics) = lexer::lex(file, source);
    for diagnostic in lex_diagnostics {
        ctx.report(diagnostic);
    }
    let header = match raw.first() {
        Some((Token::DocComment, span)) => {
            Some(DocComment { text: ctx.text(*span).to_string(), span: *span })
        }
        _ => None,
    };
    let raw = layout::without_doc_comments(&raw);
    let tokens = layout::Layout::new(&ctx, &raw, 0).map(|t| t.map_err(Abort::TooDeep));
    let body = match grammar::TopParser::new().parse(&ctx, tokens) {
        Ok(build::Entry::Program(body)) => body,
        Ok(build::Entry::Hole(_)) => Vec::new(),
        Err(error) => {
            errors::report(&ctx, &error);
            Vec::new()
        }
    };
    for cover in ctx.leftover_covers() {
        ctx.report(
            Diagnostic::error(codes::INVALID_OBJECT_LITERAL, "invalid object literal property")
                .with_primary(file, cover.span, "only valid when destructuring")
                .with_help("write `key: value` in an object literal; `key = default` and `key ~> threshold` belong in a destructuring pattern such as `{a = 1} = obj`"),
        );
    }
    let span = Span::from_range(0..source.len());
    let mut diagnostics = ctx.take_diagnostics();
    diagnostics.sort_by_key(|d| d.primary_label().map_or(0, |l| l.span.start));
    // An erroneous program may miss parts whose assignments were logged (the defaults of an
    // invalid object literal, say): its lists are not trusted, and the resolver scans instead.
    if diagnostics.iter().any(Diagnostic::is_error) {
        ctx.note_grammar_error();
    }
    let assigned = ctx.claim_assigned(&FunctionParts { whole: span, body: span, outer: None });
    let names = ctx.take_names();
    Parsed { program: Program { header, body, span, names, assigned }, diagnostics }
}

/// Parses the tokens of an interpolation hole (they start with the virtual `HoleStart`).
fn parse_hole<'s>(ctx: &ParseCtx<'s>, tokens: Vec<Triple<'s>>) -> Option<Expr> {
    match grammar::TopParser::new().parse(ctx, tokens.into_iter().map(Ok::<_, Abort>)) {
        Ok(build::Entry::Hole(expr)) => Some(expr),
        Ok(build::Entry::Program(_)) => None,
        Err(error) => {
            errors::report(ctx, &error);
            None
        }
    }
}

/// Number of grammar tokens the layout pass makes of `source` (for benchmarks of the pass).
#[doc(hidden)]
pub fn layout_token_count(file: FileId, source: &str) -> usize {
    let ctx = ParseCtx::new(file, source);
    let (raw, _) = lexer::lex(file, source);
    let raw = layout::without_doc_comments(&raw);
    layout::Layout::new(&ctx, &raw, 0).count()
}

/// Time the grammar alone takes over `source`, its tokens laid out beforehand (for benchmarks
/// that split a parse into its stages). The tree is dropped outside the measured time.
#[doc(hidden)]
pub fn grammar_only_time(file: FileId, source: &str) -> std::time::Duration {
    let ctx = ParseCtx::new(file, source);
    let (raw, _) = lexer::lex(file, source);
    let raw = layout::without_doc_comments(&raw);
    let tokens: Vec<_> = layout::Layout::new(&ctx, &raw, 0).collect();
    let start = std::time::Instant::now();
    let parsed = grammar::TopParser::new()
        .parse(&ctx, tokens.into_iter().map(|t| t.map_err(Abort::TooDeep)));
    let elapsed = start.elapsed();
    drop(std::hint::black_box(parsed));
    elapsed
}
