//! `parallax-user-project PATTERN TEXT...`: runs one of this crate's compiled patterns on
//! `{"text": TEXT}` and prints `{"value": ..., "confidence": ...}`. Agents come from
//! PARALLAX_LOCAL_AGENTS (or PARALLAX_ETCD_ENDPOINTS).

use prism_runtime::Host;
use prism_runtime::agents::SourceConfig;
use prism_runtime::pattern::{AgentSelection, RunRequest};
use std::process::ExitCode;

mod patterns {
    prism_runtime::include_patterns!();
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(name) = args.next() else {
        eprintln!("usage: parallax-user-project PATTERN TEXT...");
        return ExitCode::from(2);
    };
    let text = args.collect::<Vec<_>>().join(" ");
    // A generated module can be called directly (`patterns::word_stats::{SPEC, body}`) or
    // looked up by name in `patterns::PATTERNS`.
    let Some(pattern) = prism_runtime::include::find(patterns::PATTERNS, &name) else {
        eprintln!("unknown pattern `{name}`");
        return ExitCode::from(2);
    };
    let request = RunRequest {
        input: serde_json::json!({ "text": text }),
        globals: serde_json::Map::new(),
        agents: AgentSelection { source: SourceConfig::from_env(), timeout_ms: None },
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(pattern.run(Host::stdio(), request)) {
        Ok(output) => {
            println!("{}", output.to_json());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", pattern.spec.name);
            ExitCode::from(1)
        }
    }
}
