//! Compiling patterns from a `build.rs`, in the style of prost-build: the patterns become Rust
//! modules of the calling crate instead of executables.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), prismc::BuildError> {
//!     prismc::compile_patterns("patterns")
//! }
//! ```
//!
//! ```text
//! // src/main.rs
//! mod patterns {
//!     prism_runtime::include_patterns!();
//! }
//! // patterns::code_review::{SPEC, body}, and patterns::PATTERNS (all of them)
//! ```
//!
//! Each pattern file `patterns/code-review.prism` becomes `pub mod code_review` holding
//! `pub static SPEC` and `pub fn body` (the same items `prismc build` puts in an executable,
//! without `main`); `PATTERNS` lists every one as a `prism_runtime::include::CompiledPattern`.
//! Diagnostics are printed to stderr exactly as `prismc check` prints them (cargo shows them
//! when the build script fails); warnings also become `cargo:warning` lines.

use crate::build::workspace::{module_file_name, write_if_changed};
use crate::cli::emit::{GenError, generate_pattern_for};
use crate::codegen::PatternTarget;
use crate::diagnostics::{Severity, render};
use crate::driver;
use crate::source::SourceMap;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file [`Config::compile`] writes by default, the one `include_patterns!()` includes.
pub const DEFAULT_FILE_NAME: &str = "prism_patterns.rs";

/// Why patterns could not be compiled. The diagnostics themselves have already been printed to
/// stderr (rendered like `prismc check`); the error summarises them.
pub enum BuildError {
    /// Some pattern has errors (or warnings, under [`Config::deny_warnings`]).
    Diagnostics { errors: usize, warnings: usize, rendered: String },
    /// Reading the patterns or writing the output failed.
    Io(String),
    /// Invalid configuration (no `OUT_DIR`, a bad runtime path, two patterns with one module name).
    Config(String),
    /// The code generator failed on a checked pattern: a prismc bug.
    Codegen(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Diagnostics { errors, warnings, .. } => write!(
                f,
                "prismc: could not compile the patterns: {errors} error(s), {warnings} warning(s) (shown above)"
            ),
            BuildError::Io(m) => write!(f, "prismc: {m}"),
            BuildError::Config(m) => write!(f, "prismc: {m}"),
            BuildError::Codegen(m) => write!(f, "prismc: this is a prismc bug: {m}"),
        }
    }
}

// `fn main() -> Result<(), BuildError>` prints the error with Debug: keep it the readable text.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

/// One compiled pattern, as written to the generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledFile {
    /// The Prism file.
    pub source: PathBuf,
    /// The Rust module name (`code_review` for `code-review.prism`).
    pub module: String,
    /// The file stem (`code-review`), the name the pattern is addressed by.
    pub stem: String,
}

/// What [`Config::compile`] produced.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The generated file (`OUT_DIR/prism_patterns.rs` by default).
    pub output: PathBuf,
    pub patterns: Vec<CompiledFile>,
    /// Every Prism file read (entries and the files they import).
    pub inputs: Vec<PathBuf>,
    /// Whether the generated file changed.
    pub changed: bool,
}

/// Compiles every `*.prism` file under `dir` (searched recursively) into
/// `OUT_DIR/prism_patterns.rs` with the default [`Config`].
pub fn compile_patterns(dir: impl AsRef<Path>) -> Result<(), BuildError> {
    Config::new().compile(&[dir.as_ref()]).map(|_| ())
}

/// Options of a build-script compile; `compile` runs it.
#[derive(Debug, Clone)]
pub struct Config {
    out_dir: Option<PathBuf>,
    file_name: String,
    runtime_path: Option<String>,
    format: bool,
    emit_rerun_if_changed: bool,
    cargo_warnings: bool,
    deny_warnings: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            out_dir: None,
            file_name: DEFAULT_FILE_NAME.to_string(),
            runtime_path: None,
            format: true,
            emit_rerun_if_changed: true,
            cargo_warnings: true,
            deny_warnings: false,
        }
    }
}

impl Config {
    pub fn new() -> Self {
        Config::default()
    }

    /// Where the generated file goes (default: `OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The generated file's name (default [`DEFAULT_FILE_NAME`]); include it with
    /// `include_patterns!("name.rs")`.
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = name.into();
        self
    }

    /// The Rust path of the runtime crate in generated code (default `prism_runtime`), for a
    /// crate that renames the dependency or re-exports it (`"::my_runtime"`,
    /// `"crate::rt"`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = Some(path.into());
        self
    }

    /// Whether the generated Rust is laid out by prettyplease with a `// line N:` comment
    /// before each statement's code (default true), for reading it and for rustc messages
    /// that point into it. Off, each pattern module is one line of tokens, without comments.
    pub fn format(&mut self, yes: bool) -> &mut Self {
        self.format = yes;
        self
    }

    /// Print `cargo:rerun-if-changed` for the given paths and every Prism file read, so cargo
    /// reruns the build script exactly when a pattern changes (default true).
    pub fn emit_rerun_if_changed(&mut self, yes: bool) -> &mut Self {
        self.emit_rerun_if_changed = yes;
        self
    }

    /// Print each warning's first line as `cargo:warning` (default true).
    pub fn cargo_warnings(&mut self, yes: bool) -> &mut Self {
        self.cargo_warnings = yes;
        self
    }

    /// Fail on warnings too (default false).
    pub fn deny_warnings(&mut self, yes: bool) -> &mut Self {
        self.deny_warnings = yes;
        self
    }

    /// Checks and compiles every pattern under `paths` (files, or directories searched
    /// recursively) into one Rust file. Nothing is written when any pattern has errors.
    pub fn compile(&self, paths: &[impl AsRef<Path>]) -> Result<Compiled, BuildError> {
        let roots: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        // Build scripts run unoptimised on an 8 MiB main thread; deeply nested patterns need
        // more stack than that.
        driver::on_compiler_stack(|| self.compile_roots(roots))
    }

    fn compile_roots(&self, roots: Vec<PathBuf>) -> Result<Compiled, BuildError> {
        if self.emit_rerun_if_changed {
            // A directory is scanned by cargo as a whole, so a new pattern file counts too.
            for root in &roots {
                println!("cargo:rerun-if-changed={}", root.display());
            }
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                BuildError::Config(
                    "OUT_DIR is not set: call this from a build script or set Config::out_dir"
                        .into(),
                )
            })?,
        };
        let files =
            driver::collect_prism_files(&roots).map_err(|e| BuildError::Io(e.to_string()))?;
        if files.is_empty() {
            let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
            return Err(BuildError::Io(format!("no .prism files under {}", shown.join(", "))));
        }
        let mut modules: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut inputs = Vec::new();
        let mut rendered = String::new();
        let (mut errors, mut warnings) = (0, 0);
        let mut generated = Vec::new();
        for path in &files {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("pattern").to_string();
            let module = module_file_name(&stem);
            if let Some(other) = modules.insert(module.clone(), path.clone()) {
                return Err(BuildError::Config(format!(
                    "{} and {} both become the Rust module `{module}`: rename one",
                    other.display(),
                    path.display()
                )));
            }
            // The module graph gives every diagnostic (errors and warnings, imported files
            // included) and the files to watch.
            let mut sources = SourceMap::new();
            let graph = crate::modules::load(path, &crate::modules::FileSystem, &mut sources)
                .map_err(BuildError::Io)?;
            for m in &graph.modules {
                if !inputs.contains(&m.path) {
                    inputs.push(m.path.clone());
                }
            }
            let mut file_errors = 0;
            for d in graph.diagnostics() {
                let text = render::to_plain_text(&sources, d);
                match d.severity {
                    Severity::Error => {
                        errors += 1;
                        file_errors += 1;
                    }
                    Severity::Warning => {
                        warnings += 1;
                        if self.cargo_warnings {
                            cargo_warning(&text);
                        }
                    }
                }
                // Rendered text ends with a blank line already, as `prismc check` prints it.
                eprint!("{text}");
                rendered.push_str(&text);
            }
            if file_errors > 0 {
                continue;
            }
            let text = driver::read_source(path).map_err(|e| BuildError::Io(e.to_string()))?;
            match generate_pattern_for(
                path,
                &text,
                PatternTarget::Module,
                self.runtime_path.as_deref(),
            ) {
                Ok(rust) => generated.push((
                    CompiledFile { source: path.clone(), module, stem },
                    self.layout(rust)?,
                )),
                Err(GenError::Diagnostics(list)) => {
                    for text in list {
                        eprint!("{text}");
                        rendered.push_str(&text);
                        errors += 1;
                    }
                }
                Err(GenError::Bug(e)) => {
                    return Err(BuildError::Codegen(format!(
                        "could not generate Rust for {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        if self.emit_rerun_if_changed {
            for input in &inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
        }
        if errors > 0 || (self.deny_warnings && warnings > 0) {
            eprintln!(
                "prismc: checked {} file(s): {errors} error(s), {warnings} warning(s)",
                files.len()
            );
            return Err(BuildError::Diagnostics { errors, warnings, rendered });
        }
        let text = self.assemble(&generated);
        let output = out_dir.join(&self.file_name);
        let changed = write_if_changed(&output, &text)
            .map_err(|e| BuildError::Io(format!("writing {}: {e}", output.display())))?;
        Ok(Compiled {
            output,
            patterns: generated.into_iter().map(|(f, _)| f).collect(),
            inputs,
            changed,
        })
    }

    fn layout(&self, rust: String) -> Result<String, BuildError> {
        if self.format {
            return Ok(rust);
        }
        let file: syn::File = syn::parse_str(&rust)
            .map_err(|e| BuildError::Codegen(format!("re-reading generated Rust: {e}")))?;
        Ok(quote::ToTokens::to_token_stream(&file).to_string())
    }

    fn assemble(&self, generated: &[(CompiledFile, String)]) -> String {
        let rt = self.runtime_path.as_deref().unwrap_or("prism_runtime");
        let mut out = String::new();
        out.push_str(&format!(
            "// @generated by prismc {} from Prism patterns; edits are overwritten.\n",
            env!("CARGO_PKG_VERSION")
        ));
        for (file, rust) in generated {
            out.push_str(&format!(
                "\n/// Compiled from `{}`.\n#[allow(unused, non_snake_case, non_upper_case_globals, clippy::all, clippy::pedantic, clippy::nursery, clippy::restriction)]\npub mod {} {{\n",
                file.source.display(),
                file.module
            ));
            out.push_str(rust);
            out.push_str("}\n");
        }
        out.push_str(&format!(
            "\n/// Every pattern compiled into this crate, in file order.\npub static PATTERNS: &[{rt}::include::CompiledPattern] = &[\n"
        ));
        for (file, _) in generated {
            out.push_str(&format!(
                "    {rt}::include::CompiledPattern {{ stem: {:?}, spec: &{m}::SPEC, body: {m}::body }},\n",
                file.stem,
                m = file.module
            ));
        }
        out.push_str("];\n");
        out
    }
}

/// The first line of a rendered diagnostic plus its location, as one `cargo:warning`.
fn cargo_warning(rendered: &str) {
    let mut lines = rendered.lines();
    let head = lines.next().unwrap_or_default();
    let location = lines.find_map(|l| l.trim_start().strip_prefix("┌─ ")).unwrap_or_default();
    if location.is_empty() {
        println!("cargo:warning={head}");
    } else {
        println!("cargo:warning={head} ({location})");
    }
}
