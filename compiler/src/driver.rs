//! The driver: finds and loads source files and runs the pipeline stages over them. The stages
//! themselves do no I/O; everything that touches the file system is here or in the CLI.
//!
//! Multi-file programs (imports): [`crate::modules::load`] loads, parses and resolves an entry
//! file and everything it imports (from disk with [`crate::modules::FileSystem`], or from memory
//! with [`crate::modules::InMemory`], e.g. a conformance case's `files`).

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::header::{self, PatternHeader};
use crate::parser;
use crate::source::SourceMap;
use crate::span::FileId;
use std::path::{Path, PathBuf};

/// A problem with the inputs themselves rather than with their Prism source (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not valid UTF-8 (Prism source files are UTF-8 text)")]
    NotUtf8 { path: String },
    #[error("{path}: file too large ({size} bytes; the limit is 4 GiB)")]
    TooLarge { path: String, size: u64 },
    #[error("{path}: no such file or directory")]
    Missing { path: String },
}

/// Expands the paths given on a command line: files are taken as they are, directories are
/// searched recursively for `*.prism` files. The result is sorted within each directory so
/// output is deterministic; files named twice are kept once.
pub fn collect_prism_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                InputError::Missing { path: path.display().to_string() }
            } else {
                InputError::Io { path: path.display().to_string(), source }
            }
        })?;
        if meta.is_dir() {
            walk_dir(path, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |source| InputError::Io { path: dir.display().to_string(), source };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for entry in entries {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Build output and hidden directories are never sources.
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if entry.is_dir() {
            walk_dir(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "prism") {
            out.push(entry);
        }
    }
    Ok(())
}

/// Reads one source file as UTF-8 text.
pub fn read_source(path: &Path) -> Result<String, InputError> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|source| InputError::Io { path: shown.clone(), source })?;
    let size = bytes.len() as u64;
    if size > u64::from(u32::MAX) {
        return Err(InputError::TooLarge { path: shown, size });
    }
    String::from_utf8(bytes).map_err(|_| InputError::NotUtf8 { path: shown })
}

/// One file taken through the front end.
#[derive(Debug)]
pub struct FrontEnd {
    pub file: FileId,
    pub program: ast::Program,
    pub header: PatternHeader,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a file already in `sources` and reads its header.
pub fn front_end(sources: &SourceMap, file: FileId) -> FrontEnd {
    let text = sources.get(file).map_or("", |f| f.text.as_str());
    let parsed = parser::parse(file, text);
    let mut diagnostics = parsed.diagnostics;
    let header = match &parsed.program.header {
        Some(doc) => {
            let parsed_header = header::parse_header(file, &doc.text, doc.span);
            diagnostics.extend(parsed_header.diagnostics);
            parsed_header.header
        }
        None => PatternHeader::default(),
    };
    FrontEnd { file, program: parsed.program, header, diagnostics }
}

/// Checks one file: every stage that exists runs, and all their diagnostics are returned in
/// source order (errors before warnings at the same position).
pub fn check(sources: &SourceMap, file: FileId) -> FrontEnd {
    let mut result = front_end(sources, file);
    // Names, then types, on a syntactically valid file (until module loading lands here,
    // imports resolve against no modules).
    if !result.diagnostics.iter().any(|d| d.is_error() && d.code.starts_with("P0")) {
        let resolution =
            crate::resolve::resolve(file, &result.program, &crate::resolve::ModuleMap::new());
        result.diagnostics.extend(resolution.diagnostics.iter().cloned());
        let types = crate::typecheck::check(file, &result.program, &result.header, &resolution);
        result.diagnostics.extend(types);
    }
    sort_diagnostics(&mut result.diagnostics);
    result
}

/// Orders diagnostics by position of their primary label, then errors first.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        let at = d.primary_label().map_or((FileId(u32::MAX), u32::MAX), |l| (l.file, l.span.start));
        (at, std::cmp::Reverse(d.severity))
    });
}

/// Stack for compiling. The parser bounds nesting (500 levels) and the later stages walk the
/// tree recursively; at that depth an unoptimised build (a build script, say) needs far more
/// than a main thread's 8 MiB. Only the pages touched are ever committed.
pub const COMPILER_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Runs `f` on a thread with [`COMPILER_STACK_BYTES`] of stack (or on this thread if no thread
/// can be started), passing on its result or its panic.
pub fn on_compiler_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    let mut pending = Some(f);
    let joined = std::thread::scope(|scope| {
        let pending = &mut pending;
        std::thread::Builder::new()
            .name("prismc".into())
            .stack_size(COMPILER_STACK_BYTES)
            .spawn_scoped(scope, move || pending.take().map(|f| f()))
            .map(|handle| handle.join())
    });
    match (joined, pending) {
        (Ok(Ok(Some(result))), _) => result,
        (Ok(Err(panic)), _) => std::panic::resume_unwind(panic),
        // No thread could be started, so `f` was never taken: run it here.
        (_, Some(f)) => f(),
        (Ok(Ok(None)) | Err(_), None) => {
            unreachable!("the compiler thread neither ran nor left its work")
        }
    }
}
