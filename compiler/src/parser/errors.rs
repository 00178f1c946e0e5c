//! Syntax errors from the generated parser, told in human words: what was found, and what
//! would have been accepted ("expected `)` or `,`, found `}`").

use super::Abort;
use super::context::ParseCtx;
use super::layout::TooDeep;
use super::tokens::Tok;
use crate::diagnostics::{Diagnostic, codes};
use crate::span::Span;
use lalrpop_util::ParseError;

pub fn report(ctx: &ParseCtx<'_>, error: &ParseError<usize, Tok<'_>, Abort>) {
    ctx.note_grammar_error();
    match error {
        ParseError::UnrecognizedToken { token: (l, tok, r), expected } => {
            let found = describe(ctx, *tok, *l, *r);
            let wanted = summarize(expected);
            let message = match &wanted {
                Some(wanted) => format!("expected {wanted}, found {found}"),
                None => format!("unexpected {found}"),
            };
            let span = Span::from_range(*l..(*r).max(*l));
            let mut diagnostic = Diagnostic::error(codes::UNEXPECTED_TOKEN, message).with_primary(
                ctx.file,
                span,
                format!("unexpected {found}"),
            );
            if let Some(help) = help_for(*tok, expected) {
                diagnostic = diagnostic.with_help(help);
            }
            ctx.report_syntax(*l, diagnostic);
        }
        ParseError::UnrecognizedEof { location, expected } => {
            let label = match summarize(expected) {
                Some(wanted) => format!("expected {wanted}"),
                None => "the file ends here".to_string(),
            };
            let at = Span::from_range(*location..*location);
            ctx.report_syntax(
                *location,
                Diagnostic::error(codes::UNEXPECTED_EOF, "unexpected end of file")
                    .with_primary(ctx.file, at, label)
                    .with_help("an operator, bracket or block is left open"),
            );
        }
        ParseError::ExtraToken { token: (l, tok, r) } => {
            let found = describe(ctx, *tok, *l, *r);
            ctx.report_syntax(
                *l,
                Diagnostic::error(codes::UNEXPECTED_TOKEN, format!("unexpected {found}"))
                    .with_primary(ctx.file, Span::from_range(*l..*r), "not expected here"),
            );
        }
        ParseError::InvalidToken { location } => {
            ctx.report_syntax(
                *location,
                Diagnostic::error(codes::UNEXPECTED_TOKEN, "invalid token").with_primary(
                    ctx.file,
                    Span::from_range(*location..*location),
                    "here",
                ),
            );
        }
        // Raised only after the error budget ran out; already reported.
        ParseError::User { error: Abort::TooManyErrors } => {}
        ParseError::User { error: Abort::TooDeep(TooDeep { at }) } => ctx.report(
            Diagnostic::error(codes::NESTING_TOO_DEEP, "program nested too deeply")
                .with_primary(
                    ctx.file,
                    Span::from_range(*at..*at + 1),
                    "nesting exceeds 500 levels here",
                )
                .with_help("split the expression into named steps"),
        ),
    }
}

/// How a found token is named in a message.
fn describe(ctx: &ParseCtx<'_>, tok: Tok<'_>, l: usize, r: usize) -> String {
    match tok {
        Tok::Str(_) | Tok::Template(_) => "a string".to_string(),
        Tok::Number(_) => format!("number `{}`", ctx.text(Span::from_range(l..r))),
        Tok::Ident(name) => format!("`{name}`"),
        Tok::LambdaAssign => "an assignment".to_string(),
        Tok::HoleStart => "an interpolation".to_string(),
        _ => {
            let text = ctx.text(Span::from_range(l..r));
            if text.is_empty() { "this".to_string() } else { format!("`{text}`") }
        }
    }
}

/// Tokens that can begin an expression.
const EXPRESSION_START: &[&str] = &[
    "identifier",
    "number",
    "string",
    "template",
    "true",
    "false",
    "null",
    "undefined",
    "_",
    "(",
    "[",
    "object {",
    "function",
    "async",
    "match",
    "lambda (",
    "!",
    "unary -",
    "~",
    "<~",
    "typeof",
    "await",
    "prefix ++",
    "prefix --",
];

/// Tokens that can begin a statement but not an expression.
const STATEMENT_START: &[&str] = &[
    "let",
    "const",
    "if",
    "for",
    "while",
    "do",
    "return",
    "bare return",
    "break",
    "continue",
    "throw",
    "try",
    "import",
    "export",
    "agents",
    "in",
    "uncertain",
    "function declaration",
    "{",
];

/// Tokens that continue an expression: operators and postfix forms.
const CONTINUATION: &[&str] = &[
    ".",
    "?.",
    "~.",
    "call (",
    "index [",
    "postfix ++",
    "postfix --",
    "?",
    "~?",
    "~>",
    "|>",
    "~|>",
    "~?>",
    "~~",
    "~??",
    "??",
    "||",
    "~||",
    "~||>",
    "~@>",
    "&&",
    "~&&",
    "==",
    "!=",
    "===",
    "!==",
    "~==",
    "~!=",
    "<",
    "<=",
    ">",
    ">=",
    "~<",
    "~<=",
    "~>=",
    "instanceof",
    "+",
    "-",
    "~+",
    "~-",
    "*",
    "/",
    "%",
    "~*",
    "~/",
    "**",
    "=",
    "+=",
    "-=",
    "*=",
    "/=",
    "%=",
    "~+=",
    "~-=",
    "~*=",
    "~/=",
    "lambda assignment",
];

/// The display form of a grammar terminal.
fn display(name: &str) -> String {
    let shown = match name {
        "call (" | "lambda (" => "(",
        "index [" => "[",
        "object {" => "{",
        "arm =>" => "=>",
        "unary -" => "-",
        "prefix ++" | "postfix ++" => "++",
        "prefix --" | "postfix --" => "--",
        "function declaration" => "function",
        "bare return" => "return",
        "identifier" => return "a name".to_string(),
        "string" | "template" => return "a string".to_string(),
        "number" => return "a number".to_string(),
        "hole" | "lambda assignment" => return "an expression".to_string(),
        other => other,
    };
    format!("`{shown}`")
}

/// Summarises an expected-token set: "a statement or `}`", "`)` or `,`", "an expression".
fn summarize(expected: &[String]) -> Option<String> {
    let names: Vec<&str> = expected.iter().map(|e| e.trim_matches('"')).collect();
    let has = |n: &str| names.contains(&n);
    let statement = has("let") && has("identifier");
    let expression = has("identifier") && has("number");
    let mut words: Vec<String> = Vec::new();
    if statement {
        words.push("a statement".to_string());
    } else if expression {
        words.push("an expression".to_string());
    }
    let mut specific: Vec<String> = Vec::new();
    for name in &names {
        let general = (expression && EXPRESSION_START.contains(name))
            || (statement && STATEMENT_START.contains(name))
            || CONTINUATION.contains(name);
        if !general {
            let shown = display(name);
            if !specific.contains(&shown) && !words.contains(&shown) {
                specific.push(shown);
            }
        }
    }
    if words.is_empty() && specific.is_empty() && names.iter().any(|n| CONTINUATION.contains(n)) {
        words.push("an operator".to_string());
    }
    const MAX_LISTED: usize = 6;
    let overflow = specific.len() > MAX_LISTED;
    specific.truncate(MAX_LISTED);
    words.extend(specific);
    if overflow {
        words.push("…".to_string());
    }
    match words.len() {
        0 => None,
        1 => words.pop(),
        n => {
            let last = words.pop().unwrap_or_default();
            let _ = n;
            Some(format!("{} or {last}", words.join(", ")))
        }
    }
}

/// Advice for common mistakes.
fn help_for(tok: Tok<'_>, expected: &[String]) -> Option<&'static str> {
    let expects = |n: &str| expected.iter().any(|e| e.trim_matches('"') == n);
    match tok {
        Tok::Assign if expects(":") => Some(
            "object properties are written `key: value`; `key = value` only works when destructuring",
        ),
        Tok::Assign | Tok::PlusAssign | Tok::MinusAssign
            if expects(")") || expects("]") || expects(",") =>
        {
            Some(
                "an assignment cannot appear inside an expression; assign in a statement of its own",
            )
        }
        Tok::Semi if expects("identifier") => Some("an expression is missing before `;`"),
        Tok::RBrace | Tok::RParen | Tok::RBracket => Some("check that brackets are balanced"),
        _ if expected.len() == 1 && expects("(") => Some(
            "an `if` condition (like a function's parameter list) is written in parentheses: `if (x > 2) { … }`",
        ),
        _ => None,
    }
}
