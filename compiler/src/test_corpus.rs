//! Programs for tests that compare two ways of computing the same facts: every conformance
//! program and every test program of this crate.

use std::path::Path;

pub fn programs() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join("../../shared/conformance")) {
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for line in text.lines() {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(line) {
                    sources.extend(value["source"].as_str().map(str::to_string));
                }
            }
        }
    }
    for dir in ["tests/codegen_programs", "tests/fixtures/patterns"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            for entry in entries.flatten() {
                sources.extend(std::fs::read_to_string(entry.path()));
            }
        }
    }
    sources
}
