//! The primitive library at compile time: imports resolve against the table, every primitive's
//! signature is checked (arity and argument kinds, with located diagnostics), the table matches
//! what prism-std implements, and docs/primitives.md is the table's rendering.

use prismc::modules::{InMemory, load, normalize};
use prismc::primitives::{self, PRIMITIVES};
use prismc::source::SourceMap;
use std::path::Path;

/// (code, message, line, column) of every error of `main.prism` = `text`.
fn errors(text: &str) -> Vec<(String, String, usize, usize)> {
    let provider = InMemory {
        files: [(normalize(Path::new("main.prism")), text.to_string())].into_iter().collect(),
    };
    let mut sources = SourceMap::new();
    let graph = load(Path::new("main.prism"), &provider, &mut sources).expect("entry loads");
    graph
        .diagnostics()
        .filter(|d| d.is_error())
        .map(|d| {
            let label = d.labels.iter().find(|l| l.primary).expect("located");
            let file = sources.get(label.file).expect("file");
            let (line, col) = file.line_column(label.span.start as usize);
            (d.code.to_string(), d.message.clone(), line, col)
        })
        .collect()
}

fn import_of(name: &str) -> String {
    let p = PRIMITIVES.iter().find(|p| p.name == name).expect("primitive");
    format!("import {{ {name} }} from \"@parallax/primitives/{}\"\n", p.category)
}

#[test]
fn every_example_of_the_reference_type_checks() {
    for p in PRIMITIVES {
        let text = format!("{}{}\n", import_of(p.name), p.example);
        let errs = errors(&text);
        assert!(errs.is_empty(), "example of {}: {errs:?}\n{text}", p.name);
    }
}

#[test]
fn the_issue_example_checks() {
    let text = r#"import { parallel } from "@parallax/primitives/execution"
import { consensus } from "@parallax/primitives/aggregation"
import { threshold } from "@parallax/primitives/confidence"
import { escalate } from "@parallaxai/primitives/control"
securityResults = parallel(agents)
agreement = consensus(securityResults, 0.8)
validated = threshold(agreement, 0.9)
final = (<~ validated) >= 0.9 ? validated : escalate("security-architect")
final
"#;
    assert_eq!(errors(text), Vec::new());
}

#[test]
fn wrong_calls_of_every_primitive_are_located_errors() {
    for p in PRIMITIVES {
        let (min, max) = p.arity();
        // One argument too few (or too many for primitives without required arguments).
        let count = if min > 0 { min - 1 } else { max.map_or(0, |m| m + 1) };
        if min == 0 && max.is_none() {
            continue;
        }
        let args: Vec<&str> = (0..count).map(|_| "input.x").collect();
        let text = format!("{}x = 1\ny = {}({})\n", import_of(p.name), p.name, args.join(", "));
        let errs = errors(&text);
        assert_eq!(errs.len(), 1, "{}: {errs:?}", p.name);
        let (code, message, line, col) = &errs[0];
        assert_eq!((code.as_str(), *line, *col), ("P2001", 3, 5), "{}: {message}", p.name);
        assert_eq!(message, p.arity_message());
    }
}

#[test]
fn arguments_of_a_certainly_wrong_kind_are_rejected() {
    // (call, the offending argument, message)
    let cases = [
        (
            "consensus(\"yes\", 0.8)",
            "\"yes\"",
            "Argument `results` of consensus() must be an array, got string",
        ),
        (
            "consensus(agentResults, \"high\")",
            "\"high\"",
            "Argument `minAgreement` of consensus() must be a number, got string",
        ),
        (
            "parallel(agents, \"t\", 5)",
            "5",
            "Argument `opts` of parallel() must be an object, got number",
        ),
        ("retry(42)", "42", "Argument `fn` of retry() must be a function, got number"),
        (
            "threshold(0.5 ~> 0.5, \"0.9\")",
            "\"0.9\"",
            "Argument `min` of threshold() must be a number, got string",
        ),
        ("chunk([1, 2], [2])", "[2]", "Argument `size` of chunk() must be a number, got array"),
        ("circuit(1, () => 1)", "1,", "Argument `name` of circuit() must be a string, got number"),
        ("fallback(1, 2, 3)", "", ""),
        ("consensus(agentResults, null, null)", "", ""),
    ];
    for (call, arg, message) in cases {
        let name = call.split('(').next().unwrap();
        let text = format!("{}z = {call}\n", import_of(name));
        let errs = errors(&text);
        if message.is_empty() {
            assert_eq!(errs, Vec::new(), "{call}");
            continue;
        }
        let col = 5 + call.find(arg).unwrap();
        assert_eq!(errs, vec![("P2008".to_string(), message.to_string(), 2, col)], "{call}");
    }
    // Confident arguments are judged by their inner value; dynamic ones are not judged.
    let ok = "import { chunk } from \"@parallax/primitives/transformation\"\nz = chunk([1, 2] ~> 0.9, input.size)\n";
    assert_eq!(errors(ok), Vec::new());
}

#[test]
fn unknown_exports_and_categories_are_located_errors() {
    let errs =
        errors("import { paralel } from \"@parallax/primitives/execution\"\nparalel(agents)\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].0.starts_with("P1"), "{errs:?}");
    assert_eq!(errs[0].1, "Module @parallax/primitives/execution has no export named 'paralel'");
    assert_eq!((errs[0].2, errs[0].3), (1, 10));
    let errs = errors("import { x } from \"@parallax/primitives/magic\"\nx\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].1.starts_with("Cannot resolve module '@parallax/primitives/magic'"),
        "{errs:?}"
    );
    assert_eq!((errs[0].2, errs[0].3), (1, 19));
}

#[test]
fn prism_std_implements_exactly_the_table() {
    let implemented: Vec<(&str, &str, usize, Option<usize>)> =
        prism_std::REGISTRY.iter().map(|e| (e.category, e.name, e.min, e.max)).collect();
    let declared: Vec<(&str, &str, usize, Option<usize>)> = PRIMITIVES
        .iter()
        .map(|p| {
            let (min, max) = p.arity();
            (p.category, p.name, min, max)
        })
        .collect();
    assert_eq!(implemented, declared);
    assert_eq!(prism_std::ALIASES, primitives::ALIASES);
    // Sync primitives must complete without suspending (sync or hybrid bodies in prism-std).
    for (p, e) in PRIMITIVES.iter().zip(prism_std::REGISTRY) {
        let expected = match e.body {
            prism_std::Body::Sync(_) => primitives::Effect::Pure,
            prism_std::Body::Hybrid(_) => primitives::Effect::Sync,
            prism_std::Body::Async(_) => primitives::Effect::Async,
        };
        assert_eq!(p.effect, expected, "{}", p.name);
    }
}

#[test]
fn docs_primitives_md_is_generated_from_the_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/primitives.md");
    let expected = primitives::reference_markdown();
    if std::env::var_os("PRISM_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/primitives.md");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/primitives.md is out of date; regenerate it with PRISM_UPDATE_DOCS=1 cargo test -p prismc --test primitives_check"
    );
    for p in PRIMITIVES {
        assert!(actual.contains(&format!("### `{}`", p.name)), "{}", p.name);
    }
}

#[test]
fn prismc_check_reports_wrong_primitive_calls_with_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("prismc-primitives-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("gate.prism");
    std::fs::write(
        &file,
        "import { consensus } from \"@parallax/primitives/aggregation\"\nimport { racer } from \"@parallax/primitives/execution\"\nagreement = consensus(\"results\", 0.8)\nagreement\n",
    )
    .expect("write pattern");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prismc"))
        .arg("check")
        .arg(&file)
        .output()
        .expect("prismc runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let text = format!("{stdout}{stderr}");
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "error[P2008]: Argument `results` of consensus() must be an array, got string"
        ),
        "{text}"
    );
    assert!(text.contains("gate.prism:3:23"), "{text}");
    assert!(text.contains("no export named 'racer'"), "{text}");
    assert!(text.contains("gate.prism:2:10"), "{text}");
    assert!(text.contains("the module exports `race`"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sync_primitives_keep_callbacks_sync_and_async_ones_make_them_async() {
    let text = "import { threshold, boost } from \"@parallax/primitives/confidence\"\nimport { retry } from \"@parallax/primitives/control\"\nimport { partition } from \"@parallax/primitives/transformation\"\nxs = [1 ~> 0.9, 2 ~> 0.2]\ngated = xs.map(x => threshold(boost(x, 1.1), 0.5))\nparts = partition(xs, x => (<~ x) > 0.5)\ntried = xs.map(x => retry(() => x))\n";
    let provider = InMemory {
        files: [(normalize(Path::new("main.prism")), text.to_string())].into_iter().collect(),
    };
    let mut sources = SourceMap::new();
    let graph = load(Path::new("main.prism"), &provider, &mut sources).expect("entry loads");
    assert!(!graph.has_errors());
    let entry = graph.entry().expect("entry");
    let spans = prismc::codegen::effects::async_functions(&entry.program, &entry.resolution);
    let source = &sources.get(entry.file).expect("file").text;
    let mut asyncs: Vec<&str> = spans
        .iter()
        .map(|s| &source[s.start as usize..s.end as usize])
        .filter(|f| !f.starts_with("import"))
        .collect();
    asyncs.sort_unstable();
    assert_eq!(asyncs, ["x => retry(() => x)"]);
}
