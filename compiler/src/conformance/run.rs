//! Running conformance cases.
//!
//! * `compile_error`/`compile_ok` cases only go through the checker ([`crate::driver::check`]).
//! * All other cases are compiled into **one** generated crate (one module per case, in its own
//!   file `src/cases/cN.rs`), built with one cargo build. When rustc rejects some modules, the
//!   files its errors point into name the cases; those are excluded (reported as
//!   "compiler bug: generated code does not compile") and the crate is rebuilt.
//! * Each case then runs in a **child process** of the generated binary (`BIN <index>`, globals
//!   as tagged JSON on stdin, one JSON line of outcome on stdout), so a case that loops forever
//!   is killed after [`CASE_TIMEOUT`] and cannot hang the run.

use super::cases::{Case, Expect, LocatedCase};
use super::compare::{self, Outcome};
use crate::diagnostics::Severity;
use crate::resolve::{self, ModuleMap};
use crate::source::SourceMap;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one case may run.
pub const CASE_TIMEOUT: Duration = Duration::from_secs(10);

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub id: String,
    pub passed: bool,
    pub expected: String,
    pub got: String,
}

enum Prepared {
    Done(Outcome),
    Generated(String),
}

fn error_messages(diags: &[crate::diagnostics::Diagnostic]) -> Vec<String> {
    diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.clone()).collect()
}

/// Checks or generates one case.
fn prepare(case: &Case) -> Prepared {
    if !case.files.is_empty() {
        return prepare_graph(case);
    }
    let mut sources = SourceMap::new();
    let file = sources.add("main.prism", case.source.clone());
    let front = crate::driver::check(&sources, file);
    let messages = error_messages(&front.diagnostics);
    if matches!(case.expect, Expect::CompileError { .. } | Expect::CompileOk) {
        return Prepared::Done(if messages.is_empty() {
            Outcome::CompileOk
        } else {
            Outcome::CompileError { messages }
        });
    }
    if !messages.is_empty() {
        return Prepared::Done(Outcome::CompileError { messages });
    }
    let res = resolve::resolve(file, &front.program, &ModuleMap::new());
    let Some(src) = sources.get(file) else {
        return Prepared::Done(Outcome::CompileError { messages: vec!["no source".into()] });
    };
    match crate::codegen::emit_case_module(&front.program, &res, src, "main.prism") {
        Ok(rust) => Prepared::Generated(rust),
        Err(e) => Prepared::Done(Outcome::CompileError { messages: vec![e] }),
    }
}

/// A case with modules: loaded as a module graph from memory (`main.prism` plus `files`).
fn prepare_graph(case: &Case) -> Prepared {
    let mut provider = crate::modules::InMemory::default();
    provider.files.insert(crate::modules::normalize(Path::new("main.prism")), case.source.clone());
    for (path, text) in &case.files {
        provider.files.insert(crate::modules::normalize(Path::new(path)), text.clone());
    }
    let mut sources = SourceMap::new();
    let graph = match crate::modules::load(Path::new("main.prism"), &provider, &mut sources) {
        Ok(g) => g,
        Err(e) => return Prepared::Done(Outcome::CompileError { messages: vec![e] }),
    };
    let messages: Vec<String> = graph
        .diagnostics()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    if matches!(case.expect, Expect::CompileError { .. } | Expect::CompileOk)
        || !messages.is_empty()
    {
        return Prepared::Done(if messages.is_empty() {
            Outcome::CompileOk
        } else {
            Outcome::CompileError { messages }
        });
    }
    match crate::codegen::emit_case_graph(&graph, &sources) {
        Ok(rust) => Prepared::Generated(rust),
        Err(e) => Prepared::Done(Outcome::CompileError { messages: vec![e] }),
    }
}

const MAIN_RS: &str = r#"
fn main() -> std::process::ExitCode {
    let index: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(usize::MAX);
    let mut text = String::new();
    let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text);
    let globals_json: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    let Some(body) = cases::body(index) else { return std::process::ExitCode::from(3) };
    let (host, sink) = prism_runtime::Host::capturing();
    let prelude = prism_runtime::Prelude::new(host);
    let mut globals = indexmap::IndexMap::new();
    if let Some(map) = globals_json.as_object() {
        for (k, v) in map {
            globals.insert(k.clone(), prism_runtime::pattern::tagged::from_tagged_json(v));
        }
    }
    let env = std::sync::Arc::new(prism_runtime::pattern::PatternEnv::new(prelude, globals));
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(_) => return std::process::ExitCode::from(4),
    };
    let result = rt.block_on(body(env));
    let stdout = sink.stdout_lines();
    let out = match result {
        Ok(v) => {
            let (value, confidence) = prism_runtime::pattern::tagged::case_result(&v);
            serde_json::json!({"ok": true, "value": value, "confidence": confidence, "stdout": stdout})
        }
        Err(e) => serde_json::json!({"ok": false, "message": e.message(), "stdout": stdout}),
    };
    println!("{out}");
    std::process::ExitCode::SUCCESS
}
"#;

fn write_crate(dir: &Path, modules: &[(usize, String)]) -> std::io::Result<()> {
    use crate::build::workspace::write_if_changed;
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("runtime-lib");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    let manifest = format!(
        "[workspace]\n\n[package]\nname = \"prism-conformance\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nprism-runtime = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"rt\", \"time\"] }}\nserde_json = \"1\"\nindexmap = \"2\"\n\n[lints.rust]\nunused = \"allow\"\nnon_snake_case = \"allow\"\nunreachable_code = \"allow\"\n",
        runtime.display().to_string()
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("Cargo.lock");
        if let Ok(text) = std::fs::read_to_string(seed) {
            std::fs::write(&lock, text)?;
        }
    }
    let mut cases_rs = String::from("// Generated by prismc conformance.\n");
    let mut dispatch = String::new();
    for (i, rust) in modules {
        write_if_changed(&dir.join("src").join("cases").join(format!("c{i}.rs")), rust)?;
        cases_rs.push_str(&format!("#[path = \"cases/c{i}.rs\"]\nmod c{i};\n"));
        dispatch.push_str(&format!("        {i} => Some(c{i}::body),\n"));
    }
    cases_rs.push_str(&format!(
        "\npub type Body = fn(std::sync::Arc<prism_runtime::pattern::PatternEnv>) -> std::pin::Pin<Box<dyn std::future::Future<Output = prism_runtime::PResult> + Send>>;\n\npub fn body(index: usize) -> Option<Body> {{\n    match index {{\n{dispatch}        _ => None,\n    }}\n}}\n"
    ));
    write_if_changed(&dir.join("src").join("cases.rs"), &cases_rs)?;
    write_if_changed(&dir.join("src").join("main.rs"), &format!("mod cases;\n{MAIN_RS}"))?;
    Ok(())
}

/// Builds the crate, excluding modules rustc rejects; returns the binary and the excluded
/// indices.
fn build_crate(
    dir: &Path,
    target: &Path,
    mut modules: Vec<(usize, String)>,
) -> Result<(PathBuf, BTreeSet<usize>), String> {
    let mut excluded = BTreeSet::new();
    for _ in 0..5 {
        write_crate(dir, &modules).map_err(|e| format!("writing {}: {e}", dir.display()))?;
        let manifest = dir.join("Cargo.toml");
        let run = crate::build::cargo::CargoRun {
            manifest_path: &manifest,
            target_dir: target,
            release: false,
            bins: &[],
        };
        let outcome =
            crate::build::cargo::build(&run, |_| {}).map_err(|e| format!("cargo: {e}"))?;
        if outcome.success {
            let exe = outcome
                .executables
                .iter()
                .find(|(n, _)| n == "prism-conformance")
                .map(|(_, p)| p.clone())
                .unwrap_or_else(|| target.join("debug").join("prism-conformance"));
            return Ok((exe, excluded));
        }
        let mut bad = BTreeSet::new();
        let mut files: Vec<PathBuf> =
            outcome.errors.iter().filter_map(|e| e.file.clone()).collect();
        // With `json-render-diagnostics` cargo prints rustc's errors on stderr: read the
        // `--> src/cases/cN.rs:L:C` lines there too.
        for line in outcome.stderr.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("--> ")
                && let Some(path) = rest.split(':').next()
            {
                files.push(PathBuf::from(path));
            }
        }
        for file in files {
            if let Some(stem) = file.file_stem().and_then(|s| s.to_str())
                && let Some(n) = stem.strip_prefix('c').and_then(|n| n.parse::<usize>().ok())
            {
                bad.insert(n);
            }
        }
        if bad.is_empty() {
            let rendered: Vec<&str> = outcome.errors.iter().map(|e| e.rendered.as_str()).collect();
            return Err(format!(
                "cargo build of the conformance crate failed:\n{}\n{}",
                rendered.join("\n"),
                outcome.stderr
            ));
        }
        modules.retain(|(i, _)| !bad.contains(i));
        excluded.extend(bad);
    }
    Err("the conformance crate still does not compile after excluding cases".into())
}

fn run_case(exe: &Path, index: usize, case: &Case) -> Outcome {
    let globals = case.globals.clone().map_or(serde_json::Value::Null, serde_json::Value::Object);
    let child = Command::new(exe)
        .arg(index.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Outcome::RuntimeError {
                message: format!("cannot run case: {e}"),
                stdout: vec![],
            };
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(globals.to_string().as_bytes());
    }
    let mut stdout_pipe = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(p) = stdout_pipe.as_mut() {
            let _ = p.read_to_string(&mut text);
        }
        text
    });
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > CASE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::RuntimeError {
                    message: "timeout: the case ran too long".into(),
                    stdout: vec![],
                };
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break,
        }
    }
    let text = reader.join().unwrap_or_default();
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text.trim()) else {
        return Outcome::RuntimeError {
            message: format!("case crashed (output {text:?})"),
            stdout: vec![],
        };
    };
    let stdout: Vec<String> = json["stdout"]
        .as_array()
        .map(|a| a.iter().filter_map(|l| l.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    if json["ok"].as_bool() == Some(true) {
        Outcome::Value {
            value: json["value"].clone(),
            confidence: json["confidence"].as_f64(),
            stdout,
        }
    } else {
        Outcome::RuntimeError {
            message: json["message"].as_str().unwrap_or("").to_string(),
            stdout,
        }
    }
}

/// Runs every case; `work_dir` holds the generated crate, `target_dir` its build output.
pub fn run_cases(
    cases: &[LocatedCase],
    work_dir: &Path,
    target_dir: &Path,
) -> Result<Vec<CaseResult>, String> {
    let mut outcomes: Vec<Option<Outcome>> = vec![None; cases.len()];
    let mut modules = Vec::new();
    let mut broken = BTreeSet::new();
    for (i, c) in cases.iter().enumerate() {
        match prepare(&c.case) {
            Prepared::Done(o) => outcomes[i] = Some(o),
            Prepared::Generated(rust) => modules.push((i, rust)),
        }
    }
    if !modules.is_empty() {
        let (exe, excluded) = build_crate(work_dir, target_dir, modules.clone())?;
        let to_run: Vec<usize> =
            modules.iter().map(|(i, _)| *i).filter(|i| !excluded.contains(i)).collect();
        for i in excluded {
            broken.insert(i);
            outcomes[i] = Some(Outcome::RuntimeError {
                message: "compiler bug: generated code does not compile".into(),
                stdout: vec![],
            });
        }
        let results = std::sync::Mutex::new(Vec::new());
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(&i) = to_run.get(k) else { break };
                        let o = run_case(&exe, i, &cases[i].case);
                        if let Ok(mut r) = results.lock() {
                            r.push((i, o));
                        }
                    }
                });
            }
        });
        for (i, o) in results.into_inner().unwrap_or_default() {
            outcomes[i] = Some(o);
        }
    }
    Ok(cases
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(i, (c, o))| {
            let o =
                o.unwrap_or(Outcome::RuntimeError { message: "not run".into(), stdout: vec![] });
            let passed = !broken.contains(&i) && expect_matches(&c.case.expect, &o);
            CaseResult {
                id: c.case.id.clone(),
                passed,
                expected: compare::describe_expect(&c.case.expect),
                got: o.describe(),
            }
        })
        .collect())
}

fn expect_matches(expect: &Expect, outcome: &Outcome) -> bool {
    compare::matches(expect, outcome)
}
