//! `prismc emit FILE`: prints the Rust generated for one pattern; also the code generation step
//! `prismc build` shares.

use crate::ast::{Export, StmtKind};
use crate::codegen::PatternTarget;
use crate::diagnostics::Severity;
use crate::driver;
use crate::resolve::{self, ModuleMap};
use crate::source::SourceMap;
use std::path::Path;

/// Why a pattern produced no Rust.
pub(crate) enum GenError {
    /// The checker's errors, rendered.
    Diagnostics(Vec<String>),
    /// A generator failure: a prismc bug or an unsupported construct.
    Bug(String),
}

/// Checks and compiles the pattern at `path` (with the files it imports) to Rust.
pub(crate) fn generate_pattern(path: &Path, text: &str) -> Result<String, GenError> {
    generate_pattern_for(path, text, PatternTarget::Executable, None)
}

/// [`generate_pattern`] for an executable or a crate module; `runtime_path` replaces
/// `prism_runtime` in the generated paths.
pub(crate) fn generate_pattern_for(
    path: &Path,
    text: &str,
    target: PatternTarget,
    runtime_path: Option<&str>,
) -> Result<String, GenError> {
    let label = path.display().to_string();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("pattern").to_string();
    let mut sources = SourceMap::new();
    let file = sources.add(label.clone(), text.to_string());
    let front = driver::front_end(&sources, file);
    let imports = front.program.body.iter().any(|s| {
        matches!(
            &s.kind,
            StmtKind::Import(_)
                | StmtKind::Export(Export::Named { source: Some(_), .. } | Export::All { .. })
        )
    });
    if imports {
        let mut sources = SourceMap::new();
        let graph = crate::modules::load(path, &crate::modules::FileSystem, &mut sources)
            .map_err(|e| GenError::Diagnostics(vec![e]))?;
        let errors: Vec<String> = graph
            .diagnostics()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| crate::diagnostics::render::to_plain_text(&sources, d))
            .collect();
        if !errors.is_empty() {
            return Err(GenError::Diagnostics(errors));
        }
        let header = graph.entry().map(|m| m.header.clone()).unwrap_or_default();
        return crate::codegen::emit_pattern_graph_for(
            &graph,
            &sources,
            &header,
            &label,
            &stem,
            target,
            runtime_path,
        )
        .map_err(GenError::Bug);
    }
    let front = driver::check(&sources, file);
    let errors: Vec<String> = front
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| crate::diagnostics::render::to_plain_text(&sources, d))
        .collect();
    if !errors.is_empty() {
        return Err(GenError::Diagnostics(errors));
    }
    let res = resolve::resolve(file, &front.program, &ModuleMap::new());
    let Some(src) = sources.get(file) else { return Err(GenError::Bug("missing source".into())) };
    crate::codegen::emit_pattern_for(
        &front.program,
        &res,
        src,
        &front.header,
        &label,
        &stem,
        target,
        runtime_path,
    )
    .map_err(GenError::Bug)
}

/// Prints the generated Rust; returns the exit code.
pub fn emit(path: &Path) -> i32 {
    let text = match driver::read_source(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    match generate_pattern(path, &text) {
        Ok(rust) => {
            print!("{rust}");
            0
        }
        Err(GenError::Diagnostics(errors)) => {
            for e in errors {
                eprintln!("{e}");
            }
            1
        }
        Err(GenError::Bug(e)) => {
            eprintln!("error: prismc could not generate Rust for {}: {e}", path.display());
            1
        }
    }
}
