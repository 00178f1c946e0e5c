//! `prismc emit FILE`: prints the Rust generated for one pattern.

use crate::driver;
use crate::resolve::{self, ModuleMap};
use crate::source::SourceMap;
use std::path::Path;

/// Prints the generated Rust; returns the exit code.
pub fn emit(path: &Path) -> i32 {
    let text = match driver::read_source(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut sources = SourceMap::new();
    let label = path.display().to_string();
    let file = sources.add(label.clone(), text);
    let front = driver::check(&sources, file);
    let errors: Vec<_> = front
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .collect();
    if !errors.is_empty() {
        for d in errors {
            eprintln!("error: {}", d.message);
        }
        return 1;
    }
    let res = resolve::resolve(file, &front.program, &ModuleMap::new());
    let Some(src) = sources.get(file) else { return 2 };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("pattern");
    match crate::codegen::emit_pattern(&front.program, &res, src, &front.header, &label, stem) {
        Ok(rust) => {
            print!("{rust}");
            0
        }
        Err(e) => {
            eprintln!("error: prismc bug: {e}");
            1
        }
    }
}
