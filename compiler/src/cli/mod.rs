//! The `prismc` command line.
//!
//! Exit codes: 0 success, 1 the sources have errors (or warnings under `--deny-warnings`),
//! 2 usage or I/O problems (clap's own usage errors also exit 2).

mod build;
mod conformance;
pub(crate) mod emit;

use crate::diagnostics::render::{self, ErrorFormat};
use crate::diagnostics::{Diagnostic, Tally, codes};
use crate::driver;
use crate::source::SourceMap;
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::Write;
use std::path::PathBuf;

const EXIT_OK: i32 = 0;
const EXIT_SOURCE_ERRORS: i32 = 1;
const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "prismc",
    version,
    about = "The Prism compiler: type-checks Prism patterns and compiles them to native executables",
    long_about = "prismc checks Prism patterns (.prism files) for syntax, name, type and confidence \
errors, reporting each with its source location, and compiles them to Rust linked against \
the prism-runtime library.\n\nExit status: 0 on success, 1 when the sources have errors, 2 on \
usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check Prism files for errors without building anything.
    ///
    /// PATHs may be files or directories; directories are searched recursively for `*.prism`.
    Check {
        /// Files or directories to check.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
        /// Treat warnings as errors (exit 1 when there are any).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the syntax tree of a Prism file (for inspecting how the parser reads it).
    Parse {
        /// The file to parse.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Explain a diagnostic code, with an example (e.g. `prismc explain P0012`).
    ///
    /// Without a code, lists every code with its title.
    Explain {
        /// The code to explain, such as P0012 or W4001.
        code: Option<String>,
    },
    /// Print the Rust code generated for a Prism file.
    Emit {
        /// The file to compile.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Compile patterns to native executables, one per file, named after the file stem.
    Build {
        /// Files or directories of `*.prism` patterns.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Where the executables go.
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// Build optimised executables.
        #[arg(long)]
        release: bool,
        /// The generated cargo workspace (default: OUT_DIR/.prismc-build).
        #[arg(long, value_name = "DIR")]
        build_dir: Option<PathBuf>,
    },
    /// Run conformance cases (`*.jsonl` files or directories of them).
    Conformance {
        /// Case files or directories.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Where the generated crate and its build output live.
        #[arg(long, value_name = "DIR")]
        build_dir: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug, Clone, Copy)]
struct OutputArgs {
    /// How to print diagnostics: `human` (rustc-like text on stderr) or `json` (one JSON object
    /// per diagnostic per line on stdout).
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    error_format: FormatArg,
    /// When to colour human-readable output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum FormatArg {
    Human,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Check { paths, output, deny_warnings } => check(&paths, output, deny_warnings),
        Command::Parse { file, output } => parse(&file, output),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Emit { file } => emit::emit(&file),
        Command::Build { paths, out_dir, release, build_dir } => build::build(&build::BuildArgs {
            paths: &paths,
            out_dir: &out_dir,
            release,
            build_dir: build_dir.as_deref(),
        }),
        Command::Conformance { paths, build_dir } => {
            conformance::conformance(&paths, build_dir.as_deref())
        }
    }
}

/// Prints diagnostics in the chosen format.
pub(crate) struct Reporter {
    format: ErrorFormat,
    stderr: StandardStream,
}

impl Reporter {
    fn new(output: OutputArgs) -> Self {
        let format = match output.error_format {
            FormatArg::Human => ErrorFormat::Human,
            FormatArg::Json => ErrorFormat::Json,
        };
        let choice = match output.color {
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
            ColorArg::Auto if std::io::IsTerminal::is_terminal(&std::io::stderr()) => {
                ColorChoice::Auto
            }
            ColorArg::Auto => ColorChoice::Never,
        };
        Reporter { format, stderr: StandardStream::stderr(choice) }
    }

    fn report(&mut self, sources: &SourceMap, diagnostics: &[Diagnostic]) {
        for diag in diagnostics {
            match self.format {
                ErrorFormat::Human => {
                    let mut lock = self.stderr.lock();
                    let _ = render::emit_human(&mut lock, sources, diag);
                }
                ErrorFormat::Json => {
                    let line = render::to_json(sources, diag);
                    let _ = writeln!(std::io::stdout().lock(), "{line}");
                }
            }
        }
    }
}

fn summary(files: usize, tally: Tally) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning")
    )
}

fn check(paths: &[PathBuf], output: OutputArgs, deny_warnings: bool) -> i32 {
    let files = match driver::collect_prism_files(paths) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_USAGE;
        }
    };
    if files.is_empty() {
        eprintln!("error: no .prism files found under {}", display_paths(paths));
        return EXIT_USAGE;
    }
    let mut reporter = Reporter::new(output);
    let mut sources = SourceMap::new();
    let mut tally = Tally::default();
    let mut io_failed = false;
    // Each file is checked with the modules it imports; a module reached from several files
    // (or named on the command line too) is reported once.
    let mut reported = std::collections::HashSet::new();
    for path in &files {
        let graph = match crate::modules::load(path, &crate::modules::FileSystem, &mut sources) {
            Ok(graph) => graph,
            Err(err) => {
                eprintln!("error: {err}");
                io_failed = true;
                continue;
            }
        };
        for module in &graph.modules {
            if !reported.insert(module.path.clone()) {
                continue;
            }
            reporter.report(&sources, &module.diagnostics);
            tally.add(&module.diagnostics);
        }
    }
    eprintln!("{}", summary(files.len(), tally));
    if io_failed {
        EXIT_USAGE
    } else if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        EXIT_SOURCE_ERRORS
    } else {
        EXIT_OK
    }
}

fn parse(path: &std::path::Path, output: OutputArgs) -> i32 {
    let text = match driver::read_source(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("error: {err}");
            return EXIT_USAGE;
        }
    };
    let mut sources = SourceMap::new();
    let file = sources.add(path.display().to_string(), text);
    let front = driver::front_end(&sources, file);
    let mut reporter = Reporter::new(output);
    reporter.report(&sources, &front.diagnostics);
    let _ = writeln!(std::io::stdout().lock(), "{:#?}", front.program);
    if front.diagnostics.iter().any(Diagnostic::is_error) { EXIT_SOURCE_ERRORS } else { EXIT_OK }
}

fn explain(code: Option<&str>) -> i32 {
    let mut out = std::io::stdout().lock();
    let Some(code) = code else {
        for info in codes::ALL {
            let _ = writeln!(out, "{}  {}", info.code, info.title);
        }
        return EXIT_OK;
    };
    match codes::lookup(code) {
        Some(info) => {
            let _ = writeln!(out, "{}: {}\n\n{}", info.code, info.title, info.explanation);
            if !info.example.is_empty() {
                let _ = writeln!(out, "\nExample:\n");
                for line in info.example.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
            EXIT_OK
        }
        None => {
            eprintln!(
                "error: unknown diagnostic code `{code}` (run `prismc explain` to list all codes)"
            );
            EXIT_USAGE
        }
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}
