//! `parallax run`: read the input, find the agents (`--local` starts the example agents in this
//! process), run the pattern, print the result.

use crate::RunArgs;
use prism_runtime::Host;
use prism_runtime::agents::SourceConfig;
use prism_runtime::agents::sources::split_endpoints;
use prism_runtime::include::CompiledPattern;
use prism_runtime::pattern::cli::{StderrSink, read_json};
use prism_runtime::pattern::{AgentSelection, RunError, RunRequest};
use serde_json::Value as Json;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

pub(crate) fn run(pattern: &CompiledPattern, args: &RunArgs) -> ExitCode {
    let request = match request(args) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(run_async(pattern, args, request))
}

async fn run_async(pattern: &CompiledPattern, args: &RunArgs, mut request: RunRequest) -> ExitCode {
    let local = if args.local && pattern.spec.uses_agents {
        match parallax_example_agents::start_local_agents().await {
            Ok(agents) => {
                request.agents.source.agents = Some(agents.descriptors().to_vec());
                Some(agents)
            }
            Err(e) => {
                eprintln!("error: starting the example agents on 127.0.0.1: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    let no_source = request.agents.source.agents.is_none()
        && request.agents.source.agents_file.is_none()
        && request.agents.source.local_agents.is_none()
        && request.agents.source.etcd_endpoints.is_empty();
    let host = Arc::new(Host::new(Arc::new(StderrSink)));
    let outcome = pattern.run(host, request).await;
    if let Some(agents) = local
        && let Err(e) = agents.shutdown().await
    {
        eprintln!("warning: stopping the example agents: {e}");
    }
    match outcome {
        Ok(output) => {
            let _ = writeln!(std::io::stdout().lock(), "{}", output.to_json());
            ExitCode::SUCCESS
        }
        Err(err @ RunError::InvalidInput(_)) => {
            eprintln!("error: {err}");
            eprintln!("hint: `parallax describe {}` shows the expected input", pattern.stem);
            ExitCode::from(2)
        }
        Err(err @ RunError::Agents(_)) => {
            eprintln!("error: {err}");
            if no_source {
                eprintln!(
                    "hint: no agents are configured; add --local to start the bundled example agents, \
                     or give --agents FILE, --etcd URL or PARALLAX_LOCAL_AGENTS"
                );
            }
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn request(args: &RunArgs) -> Result<RunRequest, String> {
    let input = match args.input.as_deref() {
        None => Json::Object(serde_json::Map::new()),
        Some(path) => read_json(path)?,
    };
    let globals = match &args.globals {
        None => serde_json::Map::new(),
        Some(path) => {
            let shown = path.display().to_string();
            match read_json(&shown)? {
                Json::Object(map) => map,
                _ => return Err(format!("{shown}: globals must be a JSON object")),
            }
        }
    };
    // An explicit flag replaces the environment's sources, so `--local` is not overridden by
    // a stray PARALLAX_LOCAL_AGENTS.
    let mut source = if args.local || args.agents.is_some() || args.etcd.is_some() {
        SourceConfig::default()
    } else {
        SourceConfig::from_env()
    };
    source.agents_file.clone_from(&args.agents);
    if let Some(url) = &args.etcd {
        source.etcd_endpoints = split_endpoints(url);
    }
    Ok(RunRequest {
        input,
        globals,
        agents: AgentSelection { source, timeout_ms: args.timeout_ms },
    })
}
