//! Lexer unit tests: maximal munch of the confidence operators, numbers, strings and escapes.
//! Contextual keywords are decided by the layout pass and tested there.

use super::strings::{Piece, Quote, StringProblem, cook, scan};
use super::*;

fn tokens(source: &str) -> Vec<Token<'_>> {
    let (tokens, diagnostics) = lex(FileId(0), source);
    assert!(diagnostics.is_empty(), "{source:?}: {diagnostics:?}");
    tokens.into_iter().map(|(t, _)| t).collect()
}

fn codes_of(source: &str) -> Vec<&'static str> {
    lex(FileId(0), source).1.iter().map(|d| d.code).collect()
}

#[test]
fn every_tilde_operator_is_one_token_by_longest_match() {
    use Token::*;
    let cases: &[(&str, Token<'_>)] = &[
        ("~>=", ConfidenceGe),
        ("~>", ConfidenceArrow),
        ("~??", ConfidenceCoalesce),
        ("~?>", ConfidenceThresholdGate),
        ("~?", ConfidenceQuestion),
        ("~&&", ConfidenceAnd),
        ("~@>", ThresholdGate),
        ("~|>", ConfidencePipe),
        ("~||>", ParallelConfidence),
        ("~||", ConfidenceOr),
        ("~+=", ConfidencePlusAssign),
        ("~+", ConfidencePlus),
        ("~-=", ConfidenceMinusAssign),
        ("~-", ConfidenceMinus),
        ("~*=", ConfidenceStarAssign),
        ("~*", ConfidenceStar),
        ("~/=", ConfidenceSlashAssign),
        ("~/", ConfidenceSlash),
        ("~==", ConfidenceEq),
        ("~!=", ConfidenceNotEq),
        ("~<=", ConfidenceLe),
        ("~<", ConfidenceLt),
        ("~.", ConfidenceDot),
        ("~~", ConfidenceChain),
        ("~", Tilde),
    ];
    for (text, token) in cases {
        assert_eq!(tokens(text), vec![*token], "{text}");
    }
    // Maximal munch, not a split into shorter operators.
    assert_eq!(tokens("a~>=b"), vec![Ident("a"), ConfidenceGe, Ident("b")]);
    assert_eq!(tokens("x ~?>0.7"), vec![Ident("x"), ConfidenceThresholdGate, Number(0.7)]);
    assert_eq!(tokens("~||>~||"), vec![ParallelConfidence, ConfidenceOr]);
    assert_eq!(tokens("~ >"), vec![Tilde, Gt]);
}

#[test]
fn confidence_extract_wins_over_less_than() {
    use Token::*;
    assert_eq!(tokens("a<~b"), vec![Ident("a"), ConfidenceExtract, Ident("b")]);
    assert_eq!(tokens("a < ~b"), vec![Ident("a"), Lt, Tilde, Ident("b")]);
    assert_eq!(tokens("a<=b"), vec![Ident("a"), Le, Ident("b")]);
    assert_eq!(tokens("a->b"), vec![Ident("a"), ContextArrow, Ident("b")]);
}

#[test]
fn question_dot_before_a_digit_is_a_conditional() {
    use Token::*;
    assert_eq!(tokens("c ?.5 : 1"), vec![Ident("c"), Question, Number(0.5), Colon, Number(1.0)]);
    assert_eq!(tokens("a?.b"), vec![Ident("a"), OptionalDot, Ident("b")]);
    assert_eq!(tokens("a?.[0]"), vec![Ident("a"), OptionalDot, LBracket, Number(0.0), RBracket]);
    assert_eq!(tokens("a ?? b"), vec![Ident("a"), QuestionQuestion, Ident("b")]);
    assert_eq!(tokens("a?"), vec![Ident("a"), Question]);
}

#[test]
fn increment_and_decrement_are_tokens() {
    use Token::*;
    assert_eq!(tokens("a--b"), vec![Ident("a"), MinusMinus, Ident("b")]);
    assert_eq!(tokens("i++"), vec![Ident("i"), PlusPlus]);
    assert_eq!(tokens("a - -b"), vec![Ident("a"), Minus, Minus, Ident("b")]);
    assert_eq!(tokens("a**=b"), vec![Ident("a"), StarStar, Assign, Ident("b")]);
    assert_eq!(tokens("===!=="), vec![EqEqEq, NotEqEq]);
    assert_eq!(tokens("x=>...y"), vec![Ident("x"), Arrow, Ellipsis, Ident("y")]);
}

#[test]
fn numbers_follow_javascript_parse_float() {
    use Token::*;
    assert_eq!(tokens("1e3"), vec![Number(1000.0)]);
    assert_eq!(tokens(".5"), vec![Number(0.5)]);
    assert_eq!(tokens("1e+21"), vec![Number(1e21)]);
    assert_eq!(tokens("2.5e-3"), vec![Number(0.0025)]);
    assert_eq!(tokens("1024.5"), vec![Number(1024.5)]);
    // A trailing dot is a member access, as in the reference (B §1.4).
    assert_eq!(tokens("5."), vec![Number(5.0), Dot]);
    assert_eq!(tokens("5.x"), vec![Number(5.0), Dot, Ident("x")]);
    assert_eq!(tokens("-3"), vec![Minus, Number(3.0)]);
}

#[test]
fn malformed_numbers_are_reported_once_and_still_lex_as_numbers() {
    for text in ["1_000", "3px", "1e", "0x1F", "2fast"] {
        let (tokens, diagnostics) = lex(FileId(0), text);
        assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:?}");
        assert_eq!(diagnostics[0].code, codes::INVALID_NUMBER, "{text}");
        assert_eq!(tokens.len(), 1, "{text}: {tokens:?}");
        assert!(matches!(tokens[0].0, Token::Number(_)), "{text}");
    }
    let (_, diagnostics) = lex(FileId(0), "1_000");
    assert!(diagnostics[0].help.as_deref().is_some_and(|h| h.contains('_')));
}

#[test]
fn identifiers_keywords_and_the_placeholder() {
    use Token::*;
    assert_eq!(tokens("_ _x __ x_1"), vec![Placeholder, Ident("_x"), Ident("__"), Ident("x_1")]);
    assert_eq!(tokens("if iff throw var"), vec![If, Ident("iff"), Throw, Ident("var")]);
    assert_eq!(tokens("undefined null"), vec![Undefined, Null]);
    // Contextual words are names for the lexer.
    assert_eq!(
        tokens("agents context low medium high default from as match of Agent"),
        vec![
            Ident("agents"),
            Ident("context"),
            Ident("low"),
            Ident("medium"),
            Ident("high"),
            Ident("default"),
            Ident("from"),
            Ident("as"),
            Ident("match"),
            Ident("of"),
            Ident("Agent"),
        ]
    );
}

fn string_token(source: &str) -> StringToken {
    match tokens(source).as_slice() {
        [Token::String(s)] => *s,
        other => panic!("{source:?} lexed as {other:?}"),
    }
}

#[test]
fn string_forms() {
    let double = string_token(r#""a \"b\" c""#);
    assert_eq!((double.quote, double.has_holes, double.terminated), (Quote::Double, false, true));
    assert_eq!(string_token("'it'").quote, Quote::Single);
    assert!(string_token("`multi\nline`").terminated);
    let raw = string_token("```a\\nb ` `` c```");
    assert_eq!((raw.quote, raw.terminated), (Quote::Triple, true));
    assert!(string_token(r#""total: ${n}""#).has_holes);
    assert!(string_token("'total: ${n}'").has_holes);
    assert!(!string_token(r#""cost: \${n}""#).has_holes);
}

#[test]
fn holes_may_hold_strings_and_braces() {
    let source = r#""a ${f("x}", {k: `${"}"}`})} b" + 1"#;
    let toks = tokens(source);
    assert_eq!(toks.len(), 3, "{toks:?}");
    assert!(matches!(toks[0], Token::String(StringToken { has_holes: true, .. })));
    let mut pieces = Vec::new();
    let body = &source.as_bytes()[1..];
    let result = scan(body, Quote::Double, Some(&mut pieces));
    assert_eq!(result.problem, None);
    let hole = match &pieces[1] {
        Piece::Hole(range) => &source[1 + range.start..1 + range.end],
        other => panic!("{other:?}"),
    };
    assert_eq!(hole, r#"f("x}", {k: `${"}"}`})"#);
    assert_eq!(pieces.len(), 3);
}

#[test]
fn string_problems() {
    assert_eq!(codes_of("\"abc\nx"), vec![codes::UNTERMINATED_STRING]);
    assert_eq!(codes_of("`never closed"), vec![codes::UNTERMINATED_STRING]);
    assert_eq!(codes_of("\"a ${b"), vec![codes::INVALID_ESCAPE]);
    assert_eq!(
        scan(b"${x\n}\"", Quote::Double, None).problem.map(|p| p.0),
        Some(StringProblem::Newline)
    );
    assert_eq!(scan(b"${x\n}`", Quote::Backtick, None).problem, None);
}

#[test]
fn quoted_escapes_are_the_reference_ones() {
    let cooked = |raw| cook(raw, Quote::Double).unwrap().into_owned();
    assert_eq!(cooked(r"a\nb\tc\rd"), "a\nb\tc\rd");
    assert_eq!(cooked(r#"\\ \" \'"#), "\\ \" '");
    // Any other escaped character stands for itself (B §1.5).
    assert_eq!(cooked(r"\u0041 \$ \0 \q"), "u0041 $ 0 q");
    assert_eq!(cook(r"\u0041", Quote::Single).unwrap(), "u0041");
}

#[test]
fn template_escapes_are_javascript_ones() {
    let cooked = |raw| cook(raw, Quote::Backtick).unwrap().into_owned();
    assert_eq!(cooked(r"\u0041\u{1F600}\x41"), "A\u{1F600}A");
    assert_eq!(cooked("a\\\nb"), "ab");
    assert_eq!(cooked("a\r\nb"), "a\nb");
    assert_eq!(cooked(r"\` \$ \{ \b\f\v\0"), "` $ { \u{8}\u{c}\u{b}\0");
    assert!(cook(r"\u00G1", Quote::Backtick).is_err());
    assert!(cook(r"\u{110000}", Quote::Backtick).is_err());
    assert!(cook(r"\x4", Quote::Backtick).is_err());
    // Triple backticks are raw.
    assert_eq!(cook(r"a\nb", Quote::Triple).unwrap(), r"a\nb");
}

#[test]
fn comments() {
    use Token::*;
    assert_eq!(tokens("a // b\nc /* d\n e */ f"), vec![Ident("a"), Ident("c"), Ident("f")]);
    assert_eq!(tokens("/** doc */ x /**/ y"), vec![DocComment, Ident("x"), Ident("y")]);
    assert_eq!(codes_of("x /* open"), vec![codes::UNTERMINATED_COMMENT]);
}

#[test]
fn unexpected_characters_are_grouped_and_explained() {
    let (tokens, diagnostics) = lex(FileId(0), "a # b @@ c & d");
    assert_eq!(tokens.len(), 4);
    assert_eq!(diagnostics.len(), 3);
    assert!(diagnostics.iter().all(|d| d.code == codes::UNEXPECTED_CHARACTER));
    assert_eq!(diagnostics[1].message, "unexpected characters `@@`");
    assert!(diagnostics[2].help.as_deref().is_some_and(|h| h.contains("&&")));
    let (_, diagnostics) = lex(FileId(0), "é");
    assert_eq!(diagnostics[0].labels[0].span, Span::new(0, 2));
}

#[test]
fn spans_are_byte_offsets() {
    let (tokens, _) = lex(FileId(0), "  ab ~>= \"x\"");
    let spans: Vec<_> = tokens.iter().map(|(_, s)| (s.start, s.end)).collect();
    assert_eq!(spans, vec![(2, 4), (5, 8), (9, 12)]);
}

#[test]
fn lexing_a_range_offsets_spans() {
    let source = "xx ${a + b}";
    let (tokens, _) = lex_range(FileId(0), source, 5..10);
    let spans: Vec<_> = tokens.iter().map(|(_, s)| s.start).collect();
    assert_eq!(spans, vec![5, 7, 9]);
    assert!(lex_range(FileId(0), "é", 1..2).0.is_empty());
}
