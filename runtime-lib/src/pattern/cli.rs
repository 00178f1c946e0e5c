//! The command line of every pattern executable:
//!
//! ```text
//! NAME run [--input FILE|-] [--globals FILE] [--agents FILE] [--etcd URL] [--timeout-ms N]
//! NAME describe
//! NAME bench [--input FILE|-] [--globals FILE] [--iterations N] [agent options as for run]
//! ```
//!
//! `run` prints the result as one JSON object `{"value": …, "confidence": …}` on stdout;
//! `print`/`console.*` output goes to stderr so stdout stays machine-readable. Exit status: 0 on
//! success, 1 when the pattern fails (a runtime error, too few agents), 2 for bad usage or input
//! (unreadable or invalid JSON, input not matching `@input`).

use super::{AgentSelection, PatternBody, PatternSpec, RunError, RunRequest};
use crate::agents::SourceConfig;
use crate::host::{Host, OutputSink, OutputStream};
use clap::{Parser, Subcommand};
use serde_json::Value as Json;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(version, about = "A Parallax pattern compiled by prismc", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the pattern once and print {"value": …, "confidence": …} on stdout.
    Run(RunArgs),
    /// Print the pattern's name, version, input schema and agent requirements as JSON.
    Describe,
    /// Run the pattern several times and print how long its body took (min, median, mean in
    /// milliseconds) with the last result, as one JSON object. Preparing the globals (reading
    /// them, calling agents) is not timed.
    Bench {
        #[command(flatten)]
        run: RunArgs,
        /// How many runs to time.
        #[arg(long, default_value_t = 100, value_name = "N")]
        iterations: usize,
    },
}

/// Where a run's input, globals and agents come from.
#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The input JSON: a file, or `-` for standard input. Default: `{}`.
    #[arg(long, value_name = "FILE|-")]
    input: Option<String>,
    /// A JSON object of pattern globals to define before the body runs (for testing:
    /// e.g. {"agentResults": [...]} replaces calling the agents).
    #[arg(long, value_name = "FILE")]
    globals: Option<PathBuf>,
    /// An agent list (TOML `[[agents]]` or JSON) instead of PARALLAX_LOCAL_AGENTS or etcd.
    #[arg(long, value_name = "FILE")]
    agents: Option<PathBuf>,
    /// etcd endpoint(s), comma-separated (default: PARALLAX_ETCD_ENDPOINTS).
    #[arg(long, value_name = "URL")]
    etcd: Option<String>,
    /// Per-agent deadline in milliseconds (default: PARALLAX_AGENT_TIMEOUT or 30000).
    #[arg(long, value_name = "MS")]
    timeout_ms: Option<u64>,
}

/// Sends every printed line to stderr: stdout carries only the result.
pub struct StderrSink;

impl OutputSink for StderrSink {
    fn write_line(&self, stream: OutputStream, line: &str) {
        let mut err = std::io::stderr().lock();
        let _ = match stream {
            OutputStream::Stdout => writeln!(err, "{line}"),
            OutputStream::Stderr => writeln!(err, "{line}"),
        };
    }
}

/// The `main` of a pattern executable.
pub fn main(spec: &'static PatternSpec, body: PatternBody) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Describe => {
            let text = serde_json::to_string_pretty(&spec.describe()).unwrap_or_default();
            let _ = writeln!(std::io::stdout().lock(), "{text}");
            ExitCode::SUCCESS
        }
        Command::Run(args) => match build_request(args) {
            Ok(request) => run_and_print(spec, body, request, None),
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Command::Bench { run, iterations } => match build_request(run) {
            Ok(request) => run_and_print(spec, body, request, Some(iterations)),
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
    }
}

fn build_request(args: RunArgs) -> Result<RunRequest, String> {
    let RunArgs { input, globals, agents: agents_file, etcd, timeout_ms } = args;
    let input = match input.as_deref() {
        None => Json::Object(serde_json::Map::new()),
        Some(path) => read_json(path)?,
    };
    let globals = match globals {
        None => serde_json::Map::new(),
        Some(path) => {
            let shown = path.display().to_string();
            match read_json(&shown)? {
                Json::Object(map) => map,
                _ => return Err(format!("{shown}: globals must be a JSON object")),
            }
        }
    };
    let mut source = SourceConfig::from_env();
    if let Some(file) = agents_file {
        source.agents_file = Some(file);
    }
    if let Some(url) = etcd {
        source.etcd_endpoints = crate::agents::sources::split_endpoints(&url);
    }
    Ok(RunRequest { input, globals, agents: AgentSelection { source, timeout_ms } })
}

/// Reads and parses a JSON argument: a file, or `-` for standard input; errors say where.
pub fn read_json(path: &str) -> Result<Json, String> {
    parse_json(&read_text(path)?, path)
}

fn read_text(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("reading the input from stdin: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn parse_json(text: &str, origin: &str) -> Result<Json, String> {
    let origin = if origin == "-" { "stdin" } else { origin };
    serde_json::from_str(text).map_err(|e| {
        format!("{origin}: invalid JSON at line {}, column {}: {e}", e.line(), e.column())
    })
}

/// Runs once (`bench: None`) or times several runs, and prints the outcome.
fn run_and_print(
    spec: &'static PatternSpec,
    body: PatternBody,
    request: RunRequest,
    bench: Option<usize>,
) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let host = Arc::new(Host::new(Arc::new(StderrSink)));
    let outcome = runtime.block_on(async {
        match bench {
            None => super::run(spec, body, host, request).await.map(|output| output.to_json()),
            Some(n) => super::bench(spec, body, host, request, n).await.map(|r| r.to_json()),
        }
    });
    match outcome {
        Ok(json) => {
            let _ = writeln!(std::io::stdout().lock(), "{json}");
            ExitCode::SUCCESS
        }
        Err(err @ RunError::InvalidInput(_)) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}
