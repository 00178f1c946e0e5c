//! `example-agent --kind sentiment|code-review-security|code-review-quality|
//! code-review-performance|numeric [--port N] [--host H] [--id ID] [--etcd URL[,URL]]
//! [--ttl SECONDS]`
//!
//! Serves one example agent until Ctrl-C, then shuts down gracefully (unregistering from
//! etcd when registered). Prints the agent's `PARALLAX_LOCAL_AGENTS` entry on stdout.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use parallax_example_agents::{ExampleAgent, KINDS};
use prism_runtime::agents::RegistrationOptions;
use prism_runtime::agents::sdk::{ServeOptions, serve_with};
use prism_runtime::agents::sources::split_endpoints;

struct Args {
    kind: String,
    port: u16,
    host: IpAddr,
    id: Option<String>,
    etcd: Vec<String>,
    ttl: u64,
}

fn usage() -> String {
    format!(
        "usage: example-agent --kind <{}> [--port N] [--host IP] [--id ID] [--etcd URL[,URL]] \
         [--ttl SECONDS]",
        KINDS.join("|")
    )
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        kind: String::new(),
        port: 0,
        host: IpAddr::from([127, 0, 0, 1]),
        id: None,
        etcd: Vec::new(),
        ttl: 10,
    };
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(usage());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{}", usage()))?;
        match flag.as_str() {
            "--kind" => parsed.kind = value,
            "--port" => parsed.port = value.parse().map_err(|_| format!("bad port `{value}`"))?,
            "--host" => parsed.host = value.parse().map_err(|_| format!("bad IP `{value}`"))?,
            "--id" => parsed.id = Some(value),
            "--etcd" => parsed.etcd = split_endpoints(&value),
            "--ttl" => parsed.ttl = value.parse().map_err(|_| format!("bad TTL `{value}`"))?,
            other => return Err(format!("unknown option `{other}`\n{}", usage())),
        }
    }
    if parsed.kind.is_empty() {
        return Err(format!("--kind is required\n{}", usage()));
    }
    Ok(parsed)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let id = args.id.clone().unwrap_or_else(|| format!("{}-{}", args.kind, std::process::id()));
    let Some(agent) = ExampleAgent::from_kind(&args.kind, id) else {
        eprintln!("unknown kind `{}`\n{}", args.kind, usage());
        return ExitCode::from(2);
    };
    let options = ServeOptions {
        addr: SocketAddr::new(args.host, args.port),
        etcd_endpoints: args.etcd.clone(),
        registration: RegistrationOptions {
            ttl: Duration::from_secs(args.ttl.max(1)),
            keepalive_interval: None,
        },
        ..ServeOptions::default()
    };
    let running = match serve_with(agent, options).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("example-agent: {e}");
            return ExitCode::FAILURE;
        }
    };
    let d = running.descriptor();
    println!(
        "{}:{}:{}:{}",
        d.id,
        d.name.replace([':', ';'], ""),
        d.endpoint,
        d.capabilities.join(",")
    );
    if !args.etcd.is_empty() {
        eprintln!("registered in etcd as /parallax/services/agent/{}", d.id);
    }
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match running.run_until(ctrl_c).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("example-agent: {e}");
            ExitCode::FAILURE
        }
    }
}
