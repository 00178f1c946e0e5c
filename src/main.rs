//! The `parallax` binary: every bundled pattern (`patterns/*.prism`, compiled into this binary
//! by `build.rs`) behind one command line.
//!
//! ```text
//! parallax list [--json]
//! parallax describe NAME
//! parallax run NAME [--input FILE|-] [--local | --agents FILE | --etcd URL] [--globals FILE] [--timeout-ms MS]
//! ```
//!
//! Exit status, as for a pattern executable: 0 success, 1 the pattern failed (runtime error, too
//! few agents), 2 bad usage or input (unknown pattern, unreadable or invalid JSON, input not
//! matching the pattern's `@input` schema).

mod run;

use clap::{Args, Parser, Subcommand};
use prism_runtime::include::{CompiledPattern, find};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod patterns {
    prism_runtime::include_patterns!();
}

#[derive(Parser, Debug)]
#[command(
    name = "parallax",
    version,
    about = "Run the bundled Parallax patterns: uncertainty-aware orchestration of AI agents",
    long_about = "Every pattern of patterns/ is compiled into this binary by prismc. `parallax run` \
validates the input against the pattern's @input schema, selects agents by the pattern's \
@agents capabilities, calls them over gRPC and prints {\"value\": ..., \"confidence\": ...}.\n\n\
Agents come from --local (the bundled example agents, started in this process on 127.0.0.1), \
--agents FILE, --etcd URL, or the environment (PARALLAX_LOCAL_AGENTS, PARALLAX_ETCD_ENDPOINTS).\n\n\
Exit status: 0 success, 1 the pattern failed (runtime error, too few agents), 2 bad usage or \
input.",
    after_help = "Example:\n  parallax run code-review --local --input examples/inputs/pr.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the bundled patterns: file name, @name, agent capabilities, description.
    List {
        /// One JSON array with each pattern's description instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a pattern's name, version, input schema and agent requirements as JSON.
    Describe {
        /// The pattern: its file name (`code-review`) or @name (`CodeReview`).
        name: String,
    },
    /// Run a pattern once and print {"value": ..., "confidence": ...} on stdout.
    Run(RunArgs),
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("source").args(["local", "agents", "etcd"]))]
pub(crate) struct RunArgs {
    /// The pattern: its file name (`code-review`) or @name (`CodeReview`).
    name: String,
    /// The input JSON: a file, or `-` for standard input. Default: `{}`.
    #[arg(long, value_name = "FILE|-")]
    input: Option<String>,
    /// Start the bundled example agents in this process on 127.0.0.1 and use them.
    #[arg(long)]
    local: bool,
    /// An agent list (TOML `[[agents]]` or JSON) instead of PARALLAX_LOCAL_AGENTS or etcd.
    #[arg(long, value_name = "FILE")]
    agents: Option<PathBuf>,
    /// etcd endpoint(s), comma-separated (default: PARALLAX_ETCD_ENDPOINTS).
    #[arg(long, value_name = "URL")]
    etcd: Option<String>,
    /// A JSON object of pattern globals defined before the body runs (for testing, e.g.
    /// {"agentResults": [...]} replaces calling the agents).
    #[arg(long, value_name = "FILE")]
    globals: Option<PathBuf>,
    /// Per-agent deadline in milliseconds (default: PARALLAX_AGENT_TIMEOUT or 30000).
    #[arg(long, value_name = "MS")]
    timeout_ms: Option<u64>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::List { json } => list(json),
        Command::Describe { name } => match lookup(&name) {
            Ok(p) => print_json_pretty(&p.spec.describe()),
            Err(code) => code,
        },
        Command::Run(args) => match lookup(&args.name) {
            Ok(p) => run::run(p, &args),
            Err(code) => code,
        },
    }
}

fn lookup(name: &str) -> Result<&'static CompiledPattern, ExitCode> {
    find(patterns::PATTERNS, name).ok_or_else(|| {
        let known: Vec<&str> = patterns::PATTERNS.iter().map(|p| p.stem).collect();
        eprintln!(
            "error: no bundled pattern named `{name}`; the patterns are: {}",
            known.join(", ")
        );
        eprintln!("hint: `parallax list` shows them with their descriptions");
        ExitCode::from(2)
    })
}

fn list(json: bool) -> ExitCode {
    if json {
        let all: Vec<serde_json::Value> =
            patterns::PATTERNS.iter().map(|p| p.spec.describe()).collect();
        return print_json_pretty(&serde_json::Value::Array(all));
    }
    let width = patterns::PATTERNS.iter().map(|p| p.stem.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for p in patterns::PATTERNS {
        let summary = first_sentence(p.spec.description);
        let caps = if p.spec.capabilities.is_empty() {
            String::new()
        } else {
            format!(" [{}]", p.spec.capabilities.join(", "))
        };
        let _ = writeln!(out, "{:width$}  {}{caps}: {summary}", p.stem, p.spec.name);
    }
    ExitCode::SUCCESS
}

/// A description's first sentence, on one line: up to the first `. ` that follows a word
/// without a dot of its own (so `e.g.` does not end it) and precedes a capital letter.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = flat.match_indices(". ").map(|(i, _)| i).find(|&i| {
        let word = flat[..i].rsplit(' ').next().unwrap_or_default();
        !word.contains('.') && flat[i + 2..].chars().next().is_some_and(char::is_uppercase)
    });
    match end {
        Some(end) => flat[..=end].to_string(),
        None => flat,
    }
}

fn print_json_pretty(value: &serde_json::Value) -> ExitCode {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_sentence_skips_abbreviations() {
        assert_eq!(
            super::first_sentence(
                "Review a design (e.g. ARCHITECTURE.md)\n  of a system. Then more."
            ),
            "Review a design (e.g. ARCHITECTURE.md) of a system."
        );
        assert_eq!(super::first_sentence("One line"), "One line");
    }
}
