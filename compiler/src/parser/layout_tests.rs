//! The layout pass: what each ambiguous token becomes in its place.

use super::context::ParseCtx;
use super::layout::{MAX_NESTING, TooDeep, run};
use super::tokens::Tok::{self, *};
use crate::lexer::lex;
use crate::span::FileId;

fn layout(source: &str) -> Result<Vec<Tok<'_>>, TooDeep> {
    let ctx = ParseCtx::new(FileId(0), source);
    let (raw, _) = lex(FileId(0), source);
    run(&ctx, &raw, 0).map(|tokens| tokens.into_iter().map(|(_, t, _)| t).collect())
}

fn toks(source: &str) -> Vec<Tok<'_>> {
    layout(source).unwrap_or_else(|e| panic!("{source:?}: {e:?}"))
}

#[test]
fn keywords_after_a_dot_and_as_object_keys_are_names() {
    assert_eq!(toks("obj.default"), vec![Ident("obj"), Dot, Ident("default")]);
    assert_eq!(
        toks("p.catch(f)"),
        vec![Ident("p"), Dot, Ident("catch"), CallParen, Ident("f"), RParen]
    );
    assert_eq!(toks("o ~. if"), vec![Ident("o"), ConfidenceDot, Ident("if")]);
    assert_eq!(
        toks("x = {context: 1, if: 2}"),
        vec![
            Ident("x"),
            Assign,
            ObjectBrace,
            Ident("context"),
            Colon,
            Number(1.0),
            Comma,
            Ident("if"),
            Colon,
            Number(2.0),
            RBrace
        ]
    );
    assert_eq!(toks("x = {a: c ? true : false}")[7], True);
}

#[test]
fn contextual_words_are_names_outside_their_place() {
    assert_eq!(toks("let from = 1"), vec![Let, Ident("from"), Assign, Number(1.0)]);
    assert_eq!(toks("agents.length"), vec![Ident("agents"), Dot, Ident("length")]);
    assert_eq!(toks("agents { a: Agent { k: 1 } }")[0..2], [Agents, BlockBrace]);
    assert_eq!(toks("agents { a: Agent { k: 1 } }")[4..6], [Agent, ObjectBrace]);
    assert_eq!(toks("match = 3"), vec![Ident("match"), Assign, Number(3.0)]);
    assert_eq!(toks("match(x)"), vec![Ident("match"), CallParen, Ident("x"), RParen]);
    assert_eq!(toks("match x { _ => 1 }")[0..3], [Match, Ident("x"), BlockBrace]);
    assert_eq!(toks("match (x) { _ => 1 }")[0..2], [Match, GroupParen]);
    assert_eq!(toks("y = 1\nmatch x { 1 => 2 }")[3], Match);
    assert_eq!(toks("default + 1"), vec![Ident("default"), Plus, Number(1.0)]);
    assert_eq!(toks("export default 1")[0..2], [Export, Default]);
    assert_eq!(
        toks("import x from \"m\""),
        vec![
            Import,
            Ident("x"),
            From,
            Str(crate::parser::tokens::StrTok { quote: crate::lexer::Quote::Double, body: "m" })
        ]
    );
    assert_eq!(toks("import * as ns from \"m\"")[1..4], [Star, As, Ident("ns")]);
    assert_eq!(toks("for (const x of xs) {}")[3..5], [Ident("x"), Of]);
    assert_eq!(toks("of = of + 1"), vec![Ident("of"), Assign, Ident("of"), Plus, Number(1.0)]);
    assert_eq!(toks("in context Review { }")[0..2], [In, Context]);
    assert_eq!(toks("for x in context { }")[3], Ident("context"));
    assert_eq!(toks("high = 1"), vec![Ident("high"), Assign, Number(1.0)]);
    let uncertain = toks("uncertain if (c) { high { 1 } default { 2 } }");
    assert_eq!(uncertain[5..8], [BlockBrace, High, BlockBrace]);
    assert!(uncertain.contains(&Default));
}

#[test]
fn ambiguous_tokens_continue_an_expression_only_after_an_operand() {
    assert_eq!(toks("f\n(x)")[1], CallParen);
    assert_eq!(toks("a\n[0]")[1], IndexBracket);
    assert_eq!(toks("x = 5\n-3")[3], Minus);
    assert_eq!(toks("x = -3")[2], Neg);
    assert_eq!(toks("if (c) {}\n[a, b] = xs")[6], ArrayBracket);
    assert_eq!(toks("if (c) (x)")[4], GroupParen);
    assert_eq!(toks("let x\n[a] = y")[2], ArrayBracket);
    assert_eq!(toks("i++\n--j"), vec![Ident("i"), PostInc, PreDec, Ident("j")]);
    assert_eq!(toks("a--b"), vec![Ident("a"), PostDec, Ident("b")]);
    assert_eq!(toks("(a, b) => a")[0], LambdaParen);
    assert_eq!(toks("(a, b)")[0], GroupParen);
    assert_eq!(toks("function f(a) {}")[0..3], [FunctionDecl, Ident("f"), GroupParen]);
    assert_eq!(toks("g = function(a) {}")[2], Function);
}

#[test]
fn braces_open_blocks_or_objects_by_position() {
    assert_eq!(toks("{}")[0], ObjectBrace);
    assert_eq!(toks("{ x }")[0], ObjectBrace);
    assert_eq!(toks("{ a, b } = o")[0], ObjectBrace);
    assert_eq!(toks("{ a = 1 } = o")[0], ObjectBrace);
    assert_eq!(toks("{ a = 1 }")[0], BlockBrace);
    assert_eq!(toks("{ f(x) }")[0], BlockBrace);
    assert_eq!(toks("x = { a: 1 }")[2], ObjectBrace);
    assert_eq!(toks("if (c) { x }")[4], BlockBrace);
    assert_eq!(toks("x => { a }")[2], BlockBrace);
    assert_eq!(toks("for x in xs { x }")[4], BlockBrace);
    assert_eq!(toks("while x < 3 { x }")[4], BlockBrace);
    assert_eq!(toks("return { a: 1 }")[1], ObjectBrace);
    assert_eq!(toks("function f(x) ~> 0.8 { x }")[7], BlockBrace);
}

#[test]
fn arrows_returns_and_separators() {
    let arms = toks("match x { [a] => (b) => b, _ => 0 }");
    assert_eq!(arms.iter().filter(|t| **t == ArmArrow).count(), 2);
    assert_eq!(arms.iter().filter(|t| **t == Arrow).count(), 1);
    assert!(arms.contains(&LambdaParen));
    let object_arm = toks("match x { _ => { k: 1 } }");
    assert_eq!(object_arm[5], ObjectBrace);
    assert_eq!(toks("match x { _ => { k } }")[5], BlockBrace);
    let guard = toks("match x { v if (ok) => 1 }");
    assert!(guard.contains(&GroupParen) && guard.contains(&ArmArrow));
    assert_eq!(toks("xs.forEach(x => total += x)")[7], LambdaAssign);
    assert_eq!(toks("f = x => x\ny = 1").iter().filter(|t| **t == LambdaAssign).count(), 0);
    assert_eq!(toks("return\n}")[0], ReturnBare);
    assert_eq!(toks("return\nx")[0], Return);
    assert_eq!(
        toks("if (c) x; else y"),
        vec![If, GroupParen, Ident("c"), RParen, Ident("x"), Else, Ident("y")]
    );
    assert_eq!(toks("do x++; while (c);").iter().filter(|t| **t == Semi).count(), 1);
}

#[test]
fn nesting_is_bounded() {
    let deep = "(".repeat(MAX_NESTING as usize + 10);
    assert!(layout(&deep).is_err());
    let chain = vec!["a"; MAX_NESTING as usize + 10].join(" + ");
    assert!(layout(&chain).is_err());
    let fine = format!("{}1{}", "(".repeat(100), ")".repeat(100));
    assert!(layout(&fine).is_ok());
    // Operators of separate statements, elements and properties do not add up.
    let many_statements = "x = a + b\n".repeat(2_000);
    assert!(layout(&many_statements).is_ok());
    let many_blocks = "if (x) { y = 1 }\n".repeat(2_000);
    assert!(layout(&many_blocks).is_ok());
    let wide = format!("[{}]", vec!["-1"; 5_000].join(", "));
    assert!(layout(&wide).is_ok());
}
