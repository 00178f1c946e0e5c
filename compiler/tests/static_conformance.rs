//! The static part of the conformance suite: every `compile_error` case of `static.jsonl` is
//! rejected by parse + header + resolve + typecheck, every `compile_ok` case is accepted, and no
//! case of kind `value` or `output` in any file is rejected (D16: no false positives).

#![allow(clippy::unwrap_used)]

use prismc::diagnostics::Diagnostic;
use prismc::header::{PatternHeader, parse_header};
use prismc::parser::parse;
use prismc::resolve::{ModuleInterface, ModuleMap, resolve};
use prismc::span::FileId;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance")
}

struct Case {
    file: String,
    id: String,
    kind: String,
    source: String,
    /// Other modules by relative path (`lib.prism`).
    modules: HashMap<String, String>,
}

fn load_cases() -> Vec<Case> {
    let dir = conformance_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no *.jsonl files in {}", dir.display());
    let mut cases = Vec::new();
    for path in paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let value: Value = serde_json::from_str(line).unwrap();
            let modules = value["files"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                        .collect()
                })
                .unwrap_or_default();
            cases.push(Case {
                file: file.clone(),
                id: value["id"].as_str().unwrap_or("?").to_string(),
                kind: value["expect"]["kind"].as_str().unwrap_or("?").to_string(),
                source: value["source"].as_str().unwrap_or_default().to_string(),
                modules,
            });
        }
    }
    cases
}

/// The module a specifier names among the case's files (`./lib` → `lib.prism`).
fn module_file(spec: &str) -> String {
    let name = spec.trim_start_matches("./");
    if name.ends_with(".prism") { name.to_string() } else { format!("{name}.prism") }
}

fn import_specifiers(program: &prismc::ast::Program) -> Vec<String> {
    use prismc::ast::{Export, StmtKind};
    program
        .body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Import(i) => Some(i.source.value.clone()),
            StmtKind::Export(
                Export::Named { source: Some(src), .. } | Export::All { source: src },
            ) => Some(src.value.clone()),
            _ => None,
        })
        .collect()
}

/// Every diagnostic of one file: parse, header, resolve (against `modules`), typecheck.
/// `depth` bounds module loading (no cycles in the suite, but stay finite).
fn check_file(
    file: FileId,
    source: &str,
    modules: &HashMap<String, String>,
    depth: u32,
) -> (Vec<Diagnostic>, ModuleInterface) {
    let parsed = parse(file, source);
    let mut diags = parsed.diagnostics;
    let program = parsed.program;
    let header = match &program.header {
        Some(doc) => {
            let h = parse_header(file, &doc.text, doc.span);
            diags.extend(h.diagnostics);
            h.header
        }
        None => PatternHeader::default(),
    };
    let mut map = ModuleMap::new();
    for spec in import_specifiers(&program) {
        let name = module_file(&spec);
        let entry = match modules.get(&name) {
            Some(text) if depth < 8 => {
                Ok(check_file(FileId(file.0 + 1), text, modules, depth + 1).1)
            }
            _ => Err(format!("Cannot find module '{spec}'")),
        };
        map.insert(spec, entry);
    }
    let resolution = resolve(file, &program, &map);
    diags.extend(resolution.diagnostics.iter().cloned());
    diags.extend(prismc::typecheck::check(file, &program, &header, &resolution));
    let interface = ModuleInterface {
        display_path: "module".to_string(),
        exports: resolution.exports.clone(),
        has_default: resolution.has_default_export,
    };
    (diags, interface)
}

/// Value cases that contradict LANGUAGE.md D16 and stay rejected on purpose (the checker
/// asserts that they are): the reference clamps an out-of-range confidence literal, D16 makes
/// it a type error (as static/confidence-negative-literal expects).
const D16_CONFLICTS: &[&str] = &["runtime-errors/clamp-confidence-above-one"];

#[test]
fn static_conformance() {
    let cases = load_cases();
    let mut failures = Vec::new();
    let (mut rejected, mut errors_total, mut accepted, mut ok_total, mut runnable) =
        (0, 0, 0, 0, 0);
    for case in &cases {
        let (diags, _) = check_file(FileId(0), &case.source, &case.modules, 0);
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        match case.kind.as_str() {
            _ if D16_CONFLICTS.contains(&case.id.as_str()) && errors.is_empty() => {
                failures.push(format!("{}: D16 says reject, but it was accepted", case.id));
            }
            _ if D16_CONFLICTS.contains(&case.id.as_str()) => {}
            "compile_error" => {
                errors_total += 1;
                if errors.is_empty() {
                    failures.push(format!("{} ({}): not rejected", case.id, case.file));
                } else {
                    rejected += 1;
                }
            }
            "compile_ok" | "value" | "output" => {
                if case.kind == "compile_ok" {
                    ok_total += 1;
                } else {
                    runnable += 1;
                }
                if errors.is_empty() {
                    accepted += 1;
                } else {
                    failures.push(format!(
                        "{} ({}, {}): rejected: {}",
                        case.id,
                        case.file,
                        case.kind,
                        errors.join("; ")
                    ));
                }
            }
            _ => {}
        }
    }
    println!(
        "compile_error rejected {rejected}/{errors_total}; compile_ok + value/output accepted \
         {accepted}/{} ({ok_total} compile_ok, {runnable} value/output)",
        ok_total + runnable
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
