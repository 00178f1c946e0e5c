//! The shared conformance suite, compiled and run through `prismc conformance`, checked
//! against `conformance-known-failures.txt`: every failing case must be listed (with a
//! reason) and every listed case must really fail, so the list stays honest.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[test]
fn conformance_suite_matches_known_failures() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = manifest.join("../../shared/conformance");
    assert!(suite.is_dir(), "the conformance suite is missing at {}", suite.display());
    // Beside the test executable (target/debug/deps/..), so repeated runs reuse one build.
    let exe = std::env::current_exe().unwrap();
    let target = exe.parent().and_then(Path::parent).and_then(Path::parent).unwrap();
    let build_dir = target.join("prismc-conformance-test");
    let out = Command::new(env!("CARGO_BIN_EXE_prismc"))
        .arg("conformance")
        .arg(&suite)
        .arg("--build-dir")
        .arg(&build_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stdout.lines().last().unwrap_or("");
    assert!(summary.ends_with("failed"), "prismc conformance did not finish:\n{stdout}\n{stderr}");
    println!("conformance: {summary}");
    let failing: Vec<&str> =
        stdout.lines().filter_map(|l| l.strip_prefix("FAIL ")).map(str::trim).collect();
    let known_text =
        std::fs::read_to_string(manifest.join("tests/conformance-known-failures.txt")).unwrap();
    let known: BTreeMap<&str, &str> = known_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" — ") {
            Some((id, reason)) => (id.trim(), reason.trim()),
            None => (l.trim(), ""),
        })
        .collect();
    let unexpected: Vec<&&str> = failing.iter().filter(|id| !known.contains_key(**id)).collect();
    let fixed: Vec<&&str> = known.keys().filter(|id| !failing.contains(id)).collect();
    for (id, reason) in &known {
        assert!(!reason.is_empty(), "known failure {id} has no reason");
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "failing but not listed: {unexpected:?}\nlisted but passing (remove them): {fixed:?}\n\n{stdout}"
    );
}
