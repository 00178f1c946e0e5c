//! `prismc build` end to end: two patterns built into a temporary out-dir, run through their
//! CLI (`NAME run --input FILE`), exit codes checked; a second build does no work.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let target = exe.parent().and_then(Path::parent).and_then(Path::parent).unwrap();
    let dir = target.join("prismc-e2e").join(name);
    let _ = std::fs::remove_dir_all(dir.join("out"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn prismc_build(dir: &Path, files: &[&Path]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prismc"))
        .arg("build")
        .args(files)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .arg("--build-dir")
        .arg(dir.join("build"))
        .output()
        .unwrap()
}

#[test]
fn builds_runs_and_skips_unchanged_patterns() {
    let dir = scratch("two-patterns");
    let double = dir.join("double.prism");
    std::fs::write(
        &double,
        "/**\n * @name double\n * @input {\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"number\"}}}\n */\nlet n = input.n\nn * 2 ~> 0.9\n",
    )
    .unwrap();
    let divide = dir.join("divide.prism");
    std::fs::write(&divide, "let x = input.n\nlet y = 0\nx / y\n").unwrap();
    let input = dir.join("input.json");
    std::fs::write(&input, "{\"n\": 21}").unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{not json").unwrap();

    let first = prismc_build(&dir, &[&double, &divide]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));

    let out = dir.join("out");
    let run = |name: &str, input: &Path| {
        Command::new(out.join(name)).arg("run").arg("--input").arg(input).output().unwrap()
    };
    let ok = run("double", &input);
    assert_eq!(ok.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"value": 42, "confidence": 0.9}));

    let failed = run("divide", &input);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("divide.prism:3:1"), "no file:line:col in {stderr}");
    assert!(stderr.contains("Division by zero"), "{stderr}");

    let invalid = run("double", &bad);
    assert_eq!(invalid.status.code(), Some(2));

    let modified = |name: &str| std::fs::metadata(out.join(name)).unwrap().modified().unwrap();
    let before = (modified("double"), modified("divide"));
    let second = prismc_build(&dir, &[&double, &divide]);
    assert!(second.status.success());
    assert_eq!(
        (modified("double"), modified("divide")),
        before,
        "an unchanged build rewrote a binary"
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("nothing to do"), "{stderr}");
}
