//! `prismc conformance PATH...`: runs conformance cases and prints `FAIL` lines and a summary.

use crate::conformance::{cases, run};
use std::path::{Path, PathBuf};

/// Runs the cases under `paths`; returns the exit code (0 when all pass, 1 otherwise, 2 on
/// usage or I/O problems).
pub fn conformance(paths: &[PathBuf], build_dir: Option<&Path>) -> i32 {
    let loaded = match cases::load_cases(paths) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let dir = build_dir.map_or_else(default_build_dir, Path::to_path_buf);
    let target = dir.join("target");
    let results = match run::run_cases(&loaded, &dir.join("crate"), &target) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut passed = 0;
    let mut failed = 0;
    for r in &results {
        if r.passed {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {}\n  expected: {}\n  got: {}", r.id, r.expected, r.got);
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 { 0 } else { 1 }
}

fn default_build_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => PathBuf::from(t).join("prismc-conformance"),
        None => std::env::temp_dir().join("prismc-conformance"),
    }
}
