//! The lexer: Prism source text to [`Token`]s (B §1 with D4 and D19), built with logos.
//!
//! Tokens here are purely lexical. Whether `(` opens a call or a group, whether `{` opens a
//! block or an object, and whether a contextual word such as `match` or `default` is a keyword
//! is decided afterwards by the parser's layout pass, which sees the surrounding tokens.
//! Contextual words (`agents context low medium high default from as match of Agent`) are
//! therefore plain [`Token::Ident`]s here.
//!
//! Lexing never stops at an error: each problem becomes a [`Diagnostic`] and lexing goes on,
//! producing a stand-in token where that keeps the parser on track (an unterminated string is
//! still a string token, a malformed number still a number).

pub mod strings;
#[cfg(test)]
mod tests;

use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};
use logos::{Lexer, Logos};
use std::ops::Range;
pub use strings::Quote;

/// A string literal token: its delimiter and what the scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringToken {
    pub quote: Quote,
    /// Whether the body holds `${…}` interpolation holes.
    pub has_holes: bool,
    /// Whether the closing delimiter was found.
    pub terminated: bool,
}

/// Problems noticed by token callbacks, reported after lexing.
#[derive(Debug, Default)]
pub struct LexExtras {
    problems: Vec<(Problem, Range<usize>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    String(strings::StringProblem),
    UnterminatedComment,
    InvalidNumber,
}

#[derive(Logos, Debug, Clone, Copy, PartialEq)]
#[logos(extras = LexExtras)]
#[logos(skip r"[ \t\r\n\f\u{FEFF}]+")]
#[logos(skip(r"//[^\n]*", allow_greedy = true))]
pub enum Token<'s> {
    /// A `/** … */` comment; other block comments are skipped.
    #[token("/*", block_comment)]
    DocComment,

    #[regex("[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice())]
    Ident(&'s str),
    #[regex(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?", number)]
    #[regex(r"\.[0-9]+([eE][+-]?[0-9]+)?", number)]
    Number(f64),
    #[token("\"", |lex| string(lex, Quote::Double))]
    #[token("'", |lex| string(lex, Quote::Single))]
    #[token("`", |lex| string(lex, Quote::Backtick))]
    #[token("```", |lex| string(lex, Quote::Triple))]
    String(StringToken),
    /// `_` alone: the pipeline placeholder and match wildcard.
    #[token("_", priority = 5)]
    Placeholder,

    // Keywords (B §1.3 less the contextual words, plus `throw`, D19).
    #[token("if")]
    If,
    #[token("else")]
    Else,
    #[token("uncertain")]
    Uncertain,
    #[token("function")]
    Function,
    #[token("return")]
    Return,
    #[token("let")]
    Let,
    #[token("const")]
    Const,
    #[token("true")]
    True,
    #[token("false")]
    False,
    #[token("null")]
    Null,
    #[token("undefined")]
    Undefined,
    #[token("for")]
    For,
    #[token("while")]
    While,
    #[token("do")]
    Do,
    #[token("break")]
    Break,
    #[token("continue")]
    Continue,
    #[token("typeof")]
    Typeof,
    #[token("instanceof")]
    Instanceof,
    #[token("import")]
    Import,
    #[token("export")]
    Export,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("try")]
    Try,
    #[token("catch")]
    Catch,
    #[token("finally")]
    Finally,
    #[token("throw")]
    Throw,
    #[token("in")]
    In,

    // Punctuation.
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token(":")]
    Colon,
    #[token(";")]
    Semi,
    /// `?`; `?.` is produced by the same rule unless a digit follows the dot (D19).
    #[token("?", question)]
    Question,
    /// `?.`
    OptionalDot,
    #[token("??")]
    QuestionQuestion,
    #[token("=>")]
    Arrow,
    #[token("->")]
    ContextArrow,
    #[token("|>")]
    Pipe,

    // Arithmetic, comparison, logic, assignment.
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("**")]
    StarStar,
    #[token("++")]
    PlusPlus,
    #[token("--")]
    MinusMinus,
    #[token("=")]
    Assign,
    #[token("+=")]
    PlusAssign,
    #[token("-=")]
    MinusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("%=")]
    PercentAssign,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("===")]
    EqEqEq,
    #[token("!==")]
    NotEqEq,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("&&")]
    AndAnd,
    #[token("||")]
    OrOr,
    #[token("!")]
    Not,

    // Confidence operators (B §1.6). Longest match reproduces the reference's order.
    #[token("~>")]
    ConfidenceArrow,
    #[token("<~")]
    ConfidenceExtract,
    #[token("~~")]
    ConfidenceChain,
    #[token("~??")]
    ConfidenceCoalesce,
    #[token("~&&")]
    ConfidenceAnd,
    #[token("~||")]
    ConfidenceOr,
    #[token("~+")]
    ConfidencePlus,
    #[token("~-")]
    ConfidenceMinus,
    #[token("~*")]
    ConfidenceStar,
    #[token("~/")]
    ConfidenceSlash,
    #[token("~+=")]
    ConfidencePlusAssign,
    #[token("~-=")]
    ConfidenceMinusAssign,
    #[token("~*=")]
    ConfidenceStarAssign,
    #[token("~/=")]
    ConfidenceSlashAssign,
    #[token("~==")]
    ConfidenceEq,
    #[token("~!=")]
    ConfidenceNotEq,
    #[token("~<")]
    ConfidenceLt,
    #[token("~<=")]
    ConfidenceLe,
    #[token("~>=")]
    ConfidenceGe,
    #[token("~.")]
    ConfidenceDot,
    #[token("~?")]
    ConfidenceQuestion,
    #[token("~?>")]
    ConfidenceThresholdGate,
    #[token("~|>")]
    ConfidencePipe,
    #[token("~||>")]
    ParallelConfidence,
    #[token("~@>")]
    ThresholdGate,
    #[token("~")]
    Tilde,
}

fn block_comment<'s>(lex: &mut Lexer<'s, Token<'s>>) -> logos::Filter<Token<'s>> {
    let rest = lex.remainder();
    match strings::find(rest.as_bytes(), b"*/") {
        Some(at) => {
            lex.bump(at + 2);
            // `/**/` is an empty ordinary comment, not a doc comment.
            if rest.starts_with('*') && at > 0 {
                logos::Filter::Emit(Token::DocComment)
            } else {
                logos::Filter::Skip
            }
        }
        None => {
            lex.bump(rest.len());
            let span = lex.span();
            lex.extras.problems.push((Problem::UnterminatedComment, span));
            logos::Filter::Skip
        }
    }
}

fn number<'s>(lex: &mut Lexer<'s, Token<'s>>) -> f64 {
    let value = lex.slice().parse::<f64>().unwrap_or(f64::NAN);
    // A number glued to letters, digits after `_` or a second exponent is malformed (`3px`,
    // `1_000`, `1e`, `0x1F`): swallow the tail so the error is reported once.
    let tail = lex
        .remainder()
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$')
        .count();
    if tail > 0 {
        lex.bump(tail);
        let span = lex.span();
        lex.extras.problems.push((Problem::InvalidNumber, span));
    }
    value
}

fn string<'s>(lex: &mut Lexer<'s, Token<'s>>, quote: Quote) -> StringToken {
    let scan = strings::scan(lex.remainder().as_bytes(), quote, None);
    lex.bump(scan.len);
    if let Some((problem, _)) = scan.problem {
        let span = lex.span();
        lex.extras.problems.push((Problem::String(problem), span));
    }
    StringToken { quote, has_holes: scan.has_holes, terminated: scan.problem.is_none() }
}

fn question<'s>(lex: &mut Lexer<'s, Token<'s>>) -> Token<'s> {
    let rest = lex.remainder().as_bytes();
    // `c ?.5 : 1` is a conditional, as in JavaScript (D19).
    if rest.first() == Some(&b'.') && !rest.get(1).is_some_and(u8::is_ascii_digit) {
        lex.bump(1);
        Token::OptionalDot
    } else {
        Token::Question
    }
}

/// Lexes a whole file.
pub fn lex(file: FileId, source: &str) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    lex_range(file, source, 0..source.len())
}

/// Lexes `source[range]`, with spans relative to the whole of `source` (used for the text of
/// interpolation holes). An out-of-range or non-boundary `range` lexes nothing.
pub fn lex_range(
    file: FileId,
    source: &str,
    range: Range<usize>,
) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    let base = range.start;
    let Some(text) = source.get(range) else {
        return (Vec::new(), Vec::new());
    };
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut diagnostics = Vec::new();
    let mut bad_chars: Option<Range<usize>> = None;
    let mut lexer = Token::lexer(text);
    while let Some(result) = lexer.next() {
        let span = lexer.span();
        let absolute = span.start + base..span.end + base;
        match result {
            Ok(token) => {
                if let Some(bad) = bad_chars.take() {
                    diagnostics.push(unexpected_characters(file, source, bad));
                }
                let token = match token {
                    // A malformed number still stands for a number so parsing can go on.
                    Token::Number(v) if v.is_nan() => Token::Number(0.0),
                    other => other,
                };
                tokens.push((token, Span::from_range(absolute)));
            }
            // Adjacent unexpected characters make one diagnostic.
            Err(()) => match &mut bad_chars {
                Some(bad) if bad.end == absolute.start => bad.end = absolute.end,
                _ => {
                    if let Some(bad) = bad_chars.replace(absolute) {
                        diagnostics.push(unexpected_characters(file, source, bad));
                    }
                }
            },
        }
    }
    if let Some(bad) = bad_chars {
        diagnostics.push(unexpected_characters(file, source, bad));
    }
    for (problem, span) in std::mem::take(&mut lexer.extras.problems) {
        let absolute = span.start + base..span.end + base;
        diagnostics.push(problem_diagnostic(file, source, problem, absolute));
    }
    (tokens, diagnostics)
}

fn unexpected_characters(file: FileId, source: &str, range: Range<usize>) -> Diagnostic {
    let text = source.get(range.clone()).unwrap_or("?");
    let plural = if text.chars().count() > 1 { "characters" } else { "character" };
    let mut diag =
        Diagnostic::error(codes::UNEXPECTED_CHARACTER, format!("unexpected {plural} `{text}`"))
            .with_primary(file, Span::from_range(range), "not part of any Prism token");
    let help = match text {
        "&" => Some("logical and is `&&`; Prism has no bitwise operators"),
        "|" => Some("logical or is `||` and the pipeline is `|>`; Prism has no bitwise operators"),
        "^" => Some("Prism has no bitwise operators; use `**` for powers"),
        "#" => Some("comments start with `//` or `/*`"),
        _ if text.starts_with('$') => {
            Some("identifiers are letters, digits and `_`; `$` is not allowed")
        }
        _ if !text.is_ascii() => Some("outside strings and comments Prism source is ASCII"),
        _ => None,
    };
    if let Some(help) = help {
        diag = diag.with_help(help);
    }
    diag
}

fn problem_diagnostic(
    file: FileId,
    source: &str,
    problem: Problem,
    range: Range<usize>,
) -> Diagnostic {
    use strings::StringProblem as S;
    let span = Span::from_range(range.clone());
    let opening = Span::new(span.start, span.start.saturating_add(1).min(span.end.max(span.start)));
    match problem {
        Problem::UnterminatedComment => {
            Diagnostic::error(codes::UNTERMINATED_COMMENT, "unterminated block comment")
                .with_primary(file, Span::new(span.start, span.start + 2), "this comment is never closed")
                .with_help("close it with `*/`; everything after it would otherwise be ignored")
        }
        Problem::InvalidNumber => {
            let text = source.get(range).unwrap_or("");
            let help = if text.contains('_') {
                "Prism numbers have no `_` separators: write the digits together"
            } else if text.starts_with("0x") || text.starts_with("0X") {
                "Prism has no hexadecimal literals; write the number in decimal"
            } else {
                "a number cannot be directly followed by letters; an exponent needs digits (`1e3`)"
            };
            Diagnostic::error(codes::INVALID_NUMBER, format!("invalid number literal `{text}`"))
                .with_primary(file, span, "not a number")
                .with_help(help)
        }
        Problem::String(S::Newline) => {
            Diagnostic::error(codes::UNTERMINATED_STRING, "unterminated string literal")
                .with_primary(file, opening, "this string is not closed before the end of the line")
                .with_help("quoted strings cannot span lines: close the string, write `\\n`, or use a template literal (`` `…` ``)")
        }
        Problem::String(S::Unterminated) => {
            Diagnostic::error(codes::UNTERMINATED_STRING, "unterminated string literal")
                .with_primary(file, opening, "this string is never closed")
        }
        Problem::String(S::UnclosedHole) => {
            Diagnostic::error(codes::INVALID_ESCAPE, "unclosed interpolation in string")
                .with_primary(file, opening, "this string has a `${` that is never closed by `}`")
        }
        Problem::String(S::UnterminatedComment) => {
            Diagnostic::error(codes::UNTERMINATED_COMMENT, "unterminated block comment in interpolation")
                .with_primary(file, opening, "a `/*` inside this string's interpolation is never closed")
        }
        Problem::String(S::TooDeep) => {
            Diagnostic::error(codes::INVALID_ESCAPE, "strings nested too deeply in interpolations")
                .with_primary(file, opening, "this string nests more than 32 levels of `${…}`")
        }
    }
}
