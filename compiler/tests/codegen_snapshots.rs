//! Snapshots of the Rust generated for representative programs (each confidence operator,
//! uncertain if, loops, closures, captured variables, destructuring, sorting by key, reducing
//! by key, a full pattern with a header), and a check that all of it compiles: one `prismc
//! build` of every program, then a run of those that need no agents.

#![allow(clippy::unwrap_used)]

use prismc::resolve::{ModuleMap, resolve};
use prismc::source::SourceMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROGRAMS: &[&str] = &[
    "confidence_ops",
    "uncertain_if",
    "loops",
    "closures",
    "destructuring",
    "full_pattern",
    "sorting",
    "captures",
    "reducing",
];

fn program_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/codegen_programs")
        .join(format!("{name}.prism"))
}

fn generate(name: &str) -> String {
    let text = std::fs::read_to_string(program_path(name)).unwrap();
    let mut sources = SourceMap::new();
    let label = format!("{name}.prism");
    let file = sources.add(label.clone(), text);
    let front = prismc::driver::check(&sources, file);
    let errors: Vec<_> = front
        .diagnostics
        .iter()
        .filter(|d| d.severity == prismc::diagnostics::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
    let res = resolve(file, &front.program, &ModuleMap::new());
    let src = sources.get(file).unwrap();
    prismc::codegen::emit_pattern(&front.program, &res, src, &front.header, &label, name).unwrap()
}

#[test]
fn generated_rust_snapshots() {
    for name in PROGRAMS {
        let rust = generate(name);
        assert!(rust.contains("\n        // line "), "{name}: no line comments");
        assert_eq!(rust, generate(name), "{name}: output is not deterministic");
        insta::assert_snapshot!(format!("codegen_{name}"), rust);
    }
}

#[test]
fn generated_rust_compiles_and_runs() {
    let exe = std::env::current_exe().unwrap();
    let target = exe.parent().and_then(Path::parent).and_then(Path::parent).unwrap();
    let dir = target.join("prismc-codegen-snapshots");
    let files: Vec<PathBuf> = PROGRAMS.iter().map(|n| program_path(n)).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_prismc"))
        .arg("build")
        .args(&files)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .arg("--build-dir")
        .arg(dir.join("build"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let input = dir.join("input.json");
    std::fs::write(&input, "{}").unwrap();
    let expected = [
        ("uncertain_if", serde_json::json!({"value": "auto", "confidence": 0.5})),
        ("loops", serde_json::json!({"value": [13, 8], "confidence": 0.5})),
        (
            "closures",
            serde_json::json!({"value": [3, [0, 1, 2], [9, 8], 120, {"value": 3, "confidence": 0.9}, 5], "confidence": 0.5}),
        ),
        // Ties keep their order (a before c); a confident key makes `sort` call the comparator;
        // the last comparator is not a key comparator and must agree with the first.
        (
            "sorting",
            serde_json::json!({"value": [["d", "b", "a", "c"], ["b", "c", "d", "a"], [1, 2, {"value": 3, "confidence": 0.5}], ["d", "b", "a", "c"]], "confidence": 0.5}),
        ),
        // A variable written once before a closure is made is captured as its value; one written
        // again later, in a loop, or after a hoisted function made its closure is seen as it is
        // when the closure runs.
        (
            "captures",
            serde_json::json!({"value": [{"a": 3, "b": 2}, ["b", "b"], [1, 2], [[3, 4], [5]], ["bb"], 5, [10, 10], [0, 100], 7], "confidence": 0.5}),
        ),
        // A reducer `(acc, x) => acc + x.k` that `reduce` runs itself gives the lambda's results
        // and errors.
        (
            "reducing",
            serde_json::json!({"value": [6.5, ">ab", 6, {"value": 3, "confidence": 0.5}, "Property 'w' does not exist"], "confidence": 0.5}),
        ),
    ];
    for (name, want) in expected {
        let run = Command::new(dir.join("out").join(name))
            .arg("run")
            .arg("--input")
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&run.stderr));
        let got: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(got, want, "{name}");
    }
    for name in ["confidence_ops", "destructuring"] {
        let run = Command::new(dir.join("out").join(name))
            .arg("run")
            .arg("--input")
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&run.stderr));
    }
}
