//! `parse` never panics and keeps every diagnostic inside the source: arbitrary text,
//! mutations of real programs, and adversarially deep input.

// Helpers outside `#[test]` functions unwrap too; a failure there is a broken test setup.
#![allow(clippy::unwrap_used)]

use prismc::parser::{Parsed, parse};
use prismc::span::FileId;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn check(source: &str) -> Parsed {
    let parsed = parse(FileId(0), source);
    for diagnostic in &parsed.diagnostics {
        assert!(!diagnostic.message.is_empty());
        for label in &diagnostic.labels {
            assert!(
                label.span.start <= label.span.end && label.span.end as usize <= source.len(),
                "label {:?} outside a source of {} bytes: {source:?}",
                label.span,
                source.len()
            );
        }
    }
    parsed
}

/// Programs to mutate: the pattern fixtures and a sample of the conformance programs.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seeds = Vec::new();
        let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/patterns"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        fixtures.sort();
        for path in fixtures {
            seeds.push(std::fs::read_to_string(path).unwrap());
        }
        let mut suites: Vec<_> = std::fs::read_dir(root.join("../../shared/conformance"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        suites.sort();
        for path in suites {
            let text = std::fs::read_to_string(path).unwrap();
            for line in text.lines().step_by(3) {
                if let Ok(case) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(source) = case["source"].as_str()
                {
                    seeds.push(source.to_string());
                }
            }
        }
        seeds
    })
}

/// Fragments that stress the parser when dropped into a program.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    "\n",
    "=>",
    "=",
    "~>",
    "<~",
    "|>",
    "~?>",
    "?",
    ":",
    "?.",
    "...",
    "++",
    "--",
    "-",
    "`",
    "\"",
    "'",
    "```",
    "${",
    "/*",
    "//",
    "match ",
    "agents ",
    "in context ",
    "uncertain if (x) ",
    "function ",
    "async ",
    "return ",
    "else ",
    "_",
    "high ",
    "default ",
    "from ",
    "export ",
    "import ",
    "for (",
    "of ",
    "{a = 1} = ",
    "x => ",
    "\\",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, fragment: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..12).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..FRAGMENTS.len())
            .prop_map(|(at, fragment)| Mutation::Insert { at, fragment }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// Applies mutations at character boundaries.
fn mutate(source: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for m in mutations {
        let n = chars.len().max(1);
        match *m {
            Mutation::Delete { at, len } => {
                let start = at % n;
                let end = (start + len).min(chars.len());
                if start < end {
                    chars.drain(start..end);
                }
            }
            Mutation::Insert { at, fragment } => {
                let at = (at % (chars.len() + 1)).min(chars.len());
                chars.splice(at..at, FRAGMENTS[fragment].chars());
            }
            Mutation::Truncate { at } => chars.truncate(at % n),
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(source in any::<String>()) {
        check(&source);
    }

    #[test]
    fn prism_like_text_never_panics(source in "[a-z_0-9 \n(){}\\[\\],.;:?!~<>=+*/%&|\"'`$@#-]{0,200}") {
        check(&source);
    }

    #[test]
    fn mutated_programs_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let source = mutate(&seeds[seed.index(seeds.len())], &mutations);
        check(&source);
    }
}

#[test]
fn adversarial_nesting_is_rejected_without_overflow() {
    let depth = 100_000;
    let cases = [
        "(".repeat(depth),
        format!("x = {}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("x = {}1", "-".repeat(depth)),
        format!("x = {}1", "!".repeat(depth)),
        format!("x = {}1", "<~ ".repeat(depth)),
        format!("x = 1{}", " + 1".repeat(depth)),
        format!("x = 1{}", " ** 1".repeat(depth)),
        format!("x = a{}", ".b".repeat(depth)),
        format!("x = f{}", "(1)".repeat(depth)),
        format!("x = {}", "y => ".repeat(depth)),
        format!("x = {}0", "c ? 1 : ".repeat(depth)),
        "if (c) ".repeat(depth),
        format!("{}x", "else ".repeat(depth)),
        format!("x = {}", "[".repeat(depth)),
        format!("x = {}", "{a: ".repeat(depth)),
        format!("s = \"{}\"", "${\"".repeat(depth)),
        format!("s = `{}`", "${`".repeat(depth)),
        format!("x = 1{}", " |> _ + _".repeat(64)),
    ];
    for source in &cases {
        let parsed = check(source);
        assert!(
            parsed.diagnostics.iter().any(|d| d.is_error()),
            "{}",
            &source[..40.min(source.len())]
        );
    }
}

#[test]
fn accepted_depth_survives_formatting_and_drop() {
    // The deepest input the parser accepts must be walkable by later stages' recursion.
    let source = format!("x = {}1{}", "[".repeat(490), "]".repeat(490));
    let parsed = check(&source);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let text = format!("{:?}", parsed.program);
    assert!(text.len() > 10_000);
    let unary = format!("x = {}1", "-(".repeat(240)) + &")".repeat(240);
    let parsed = check(&unary);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    drop(format!("{:#?}", parsed.program));
}

#[test]
fn long_flat_programs_are_fine() {
    let statements = "total = total + agentResults[i].confidence * weight\n".repeat(20_000);
    assert!(check(&statements).diagnostics.is_empty());
    let array = format!("xs = [{}]", vec!["-1"; 50_000].join(", "));
    assert!(check(&array).diagnostics.is_empty());
    let chain = format!("x = {}", vec!["a"; 400].join(" + "));
    assert!(check(&chain).diagnostics.is_empty());
}
