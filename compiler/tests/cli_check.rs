//! `prismc check`, `parse` and `explain` as a user runs them: exit codes, summary line, human and
//! JSON diagnostics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn prismc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prismc"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("prismc runs")
}

/// A scratch directory holding the given files, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, files: &[(&str, &str)]) -> Scratch {
        let dir = std::env::temp_dir().join(format!("prismc-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
            std::fs::write(path, text).expect("write file");
        }
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const CLEAN: &str = "/**\n * @name Clean\n * @minAgents 1\n */\nscores = agentResults.map(r => r.confidence)\nscores ~> 0.9\n";

#[test]
fn clean_directory_exits_zero_with_summary() {
    let dir = Scratch::new(
        "clean",
        &[("a.prism", CLEAN), ("nested/b.prism", "x = 1\nx\n"), ("notes.txt", "not prism")],
    );
    let out = prismc(&["check", "."], &dir.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 2 files: 0 errors, 0 warnings"), "{}", stderr(&out));
}

#[test]
fn syntax_errors_exit_one_and_are_located_in_json() {
    let dir = Scratch::new("json", &[("bad.prism", "a = 1\nb = (a +\n")]);
    let out = prismc(&["check", "--error-format", "json", "bad.prism"], &dir.0);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let first_line = stdout(&out).lines().next().map(str::to_string).unwrap_or_default();
    let diag: serde_json::Value =
        serde_json::from_str(&first_line).expect("one JSON object per line");
    assert!(diag["code"].as_str().unwrap().starts_with("P0"), "{diag}");
    assert_eq!(diag["severity"], "error");
    assert_eq!(diag["file"], "bad.prism");
    assert_eq!(diag["line"], 2, "{diag}");
    assert!(diag["column"].as_u64().unwrap() >= 1);
    assert!(diag["labels"].is_array());
    assert!(stderr(&out).contains("1 error"), "{}", stderr(&out));
}

#[test]
fn human_diagnostics_show_code_location_and_snippet() {
    let dir = Scratch::new("human", &[("hdr.prism", "/**\n * @minAgents -1\n */\nx = 1\n")]);
    let out = prismc(&["check", "--color", "never", "hdr.prism"], &dir.0);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("error[P4003]"), "{text}");
    assert!(text.contains("hdr.prism:2:15"), "{text}");
    assert!(text.contains("@minAgents -1"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes when not on a terminal: {text}");
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = Scratch::new("warn", &[("w.prism", "/**\n * @name A\n * @name B\n */\nx = 1\n")]);
    let lenient = prismc(&["check", "w.prism"], &dir.0);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning[W4001]"), "{}", stderr(&lenient));
    let strict = prismc(&["check", "--deny-warnings", "w.prism"], &dir.0);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn missing_paths_and_bad_usage_exit_two() {
    let dir = Scratch::new("usage", &[]);
    std::fs::create_dir_all(&dir.0).unwrap();
    let missing = prismc(&["check", "nope.prism"], &dir.0);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope.prism"), "{}", stderr(&missing));
    let empty = prismc(&["check", "."], &dir.0);
    assert_eq!(empty.status.code(), Some(2), "a directory without .prism files");
    let usage = prismc(&["check", "--no-such-flag", "x"], &dir.0);
    assert_eq!(usage.status.code(), Some(2));
    let not_utf8 = Scratch::new("bytes", &[]);
    std::fs::create_dir_all(&not_utf8.0).unwrap();
    std::fs::write(not_utf8.0.join("b.prism"), [0xff, 0xfe, 0x00]).unwrap();
    let out = prismc(&["check", "b.prism"], &not_utf8.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("UTF-8"), "{}", stderr(&out));
}

#[test]
fn parse_prints_the_tree() {
    let dir = Scratch::new("parse", &[("p.prism", "total = 1 + 2\n")]);
    let out = prismc(&["parse", "p.prism"], &dir.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("total"), "{}", stdout(&out));
}

#[test]
fn explain_knows_every_code() {
    let dir = std::env::temp_dir();
    let listing = prismc(&["explain"], &dir);
    assert_eq!(listing.status.code(), Some(0));
    let codes: Vec<String> = stdout(&listing)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(codes.len() >= 20, "{codes:?}");
    for code in &codes {
        let out = prismc(&["explain", code], &dir);
        assert_eq!(out.status.code(), Some(0), "explain {code}");
        assert!(stdout(&out).starts_with(&format!("{code}: ")), "{}", stdout(&out));
    }
    let unknown = prismc(&["explain", "P9999"], &dir);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_deepest_accepted_nesting_checks_and_emits_without_overflow() {
    let brackets = format!("x = {}1{}\n", "[".repeat(490), "]".repeat(490));
    let calls =
        format!("function f(a) {{ return a }}\ny = {}1{}\n", "f(".repeat(240), ")".repeat(240));
    let unary = format!("z = {}1{}\n", "-(".repeat(240), ")".repeat(240));
    let program = format!("{brackets}{calls}{unary}result = [x, y, z]\nresult\n");
    let scratch = Scratch::new("deep", &[("deep.prism", &program)]);
    let check = prismc(&["check", "deep.prism"], &scratch.0);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let emit = prismc(&["emit", "deep.prism"], &scratch.0);
    assert_eq!(emit.status.code(), Some(0), "{}", stderr(&emit));
    assert!(stdout(&emit).contains("pub fn body"), "no generated body");
}
