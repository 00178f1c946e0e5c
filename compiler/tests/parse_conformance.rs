//! Every program of the shared conformance suite that is meant to compile parses without a
//! syntax error, and the cases of `parser.errors.jsonl` report one.

// Helpers outside `#[test]` functions unwrap too; a failure there is a broken test setup.
#![allow(clippy::unwrap_used)]

use prismc::diagnostics::Diagnostic;
use prismc::parser::parse;
use prismc::span::FileId;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance")
}

struct Case {
    id: String,
    kind: String,
    /// `main.prism` first, then the other modules.
    files: Vec<(String, String)>,
}

fn load_cases() -> Vec<(String, Case)> {
    let dir = conformance_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!("conformance directory {} is missing: {e}", dir.display());
    });
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no *.jsonl files in {}", dir.display());
    let mut cases = Vec::new();
    for path in paths {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{file_name}:{}: invalid JSON: {e}", n + 1));
            let mut files = vec![(
                "main.prism".to_string(),
                value["source"].as_str().unwrap_or_default().to_string(),
            )];
            if let Some(modules) = value["files"].as_object() {
                for (name, source) in modules {
                    files.push((name.clone(), source.as_str().unwrap_or_default().to_string()));
                }
            }
            let case = Case {
                id: value["id"].as_str().unwrap_or("?").to_string(),
                kind: value["expect"]["kind"].as_str().unwrap_or("?").to_string(),
                files,
            };
            cases.push((file_name.clone(), case));
        }
    }
    cases
}

fn errors(source: &str) -> Vec<Diagnostic> {
    parse(FileId(0), source).diagnostics.into_iter().filter(Diagnostic::is_error).collect()
}

fn describe(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let at = d.primary_label().map_or(0, |l| l.span.start);
            format!("{}@{at}: {}", d.code, d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn programs_meant_to_compile_parse_cleanly() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (_, case) in load_cases() {
        if !matches!(case.kind.as_str(), "value" | "output" | "compile_ok" | "compile_error") {
            continue;
        }
        for (name, source) in &case.files {
            checked += 1;
            let found = errors(source);
            if !found.is_empty() {
                failures.push(format!("{} ({name}): {}", case.id, describe(&found)));
            }
        }
    }
    assert!(checked > 500, "only {checked} programs found");
    assert!(
        failures.is_empty(),
        "{} of {checked} programs do not parse:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parser_error_cases_report_a_syntax_error() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, case) in load_cases() {
        if file != "parser.errors.jsonl" {
            continue;
        }
        checked += 1;
        let found = errors(&case.files[0].1);
        if !found.iter().any(|d| d.code.starts_with("P0")) {
            failures.push(format!("{}: no syntax error (got: {})", case.id, describe(&found)));
        }
    }
    assert!(checked > 0, "parser.errors.jsonl has no cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_case_parses_without_panicking_and_within_bounds() {
    for (_, case) in load_cases() {
        for (_, source) in &case.files {
            let parsed = parse(FileId(0), source);
            for d in &parsed.diagnostics {
                for label in &d.labels {
                    assert!(
                        label.span.end as usize <= source.len(),
                        "{}: label out of bounds",
                        case.id
                    );
                }
            }
        }
    }
}
