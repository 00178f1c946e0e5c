//! Fan-out benchmark: one `fan_out` to 1,000 agents on loopback.
//!
//! `cargo bench -p prism-runtime --bench fanout` (set `FANOUT_AGENTS` / `FANOUT_ROUNDS` to
//! change the size; without `--bench`, e.g. under `cargo test --all-targets`, it runs a small
//! smoke configuration).
//!
//! Method:
//! * The 1,000 agents are real tonic servers (the Rust SDK, one listener each on 127.0.0.1,
//!   OS-assigned ports) in a **separate process** — this binary re-executed with
//!   `--serve-agents N` — so their CPU is not charged to the orchestrator.
//! * The orchestrator (this process) uses the normal `fan_out` path: one `AgentClient` (one
//!   cached HTTP/2 channel per endpoint, the concurrency semaphore, per-endpoint breakers,
//!   deadlines, `Struct` conversion, result validation), concurrency limit 1,000.
//! * Wall time is measured per fan-out. Orchestrator CPU is the process's user + system time
//!   from `/proc/self/stat` (all threads, including the tokio workers), and the sum of the
//!   per-thread `/proc/self/task/*/schedstat` run times (nanosecond resolution); divided by
//!   the number of agent calls it gives CPU per call. The first ("cold") fan-out, which also
//!   opens the 1,000 connections, is reported separately from the warm rounds.
//! * The server process's CPU is read from `/proc/<pid>/stat` the same way, for reference.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError, serve_local};
use prism_runtime::agents::{
    AgentClient, AgentDescriptor, BreakerConfig, BreakerRegistry, ClientConfig, FanOutOptions,
    fan_out,
};
use serde_json::{Value, json};

struct Constant(usize);

impl Agent for Constant {
    fn info(&self) -> AgentInfo {
        AgentInfo::new(format!("bench-{}", self.0), "Bench", ["bench"])
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        Ok(AgentResponse::new(json!({"agent": self.0, "n": data["n"]}), 0.9)
            .with_reasoning("constant"))
    }
}

/// Child mode: serve `n` agents, print their ports, run until stdin closes.
fn serve_agents(n: usize) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let mut running = Vec::with_capacity(n);
        let mut out = std::io::stdout().lock();
        for i in 0..n {
            let agent = serve_local(Constant(i)).await.map_err(|e| e.to_string())?;
            writeln!(out, "PORT {}", agent.local_addr().port()).map_err(|e| e.to_string())?;
            running.push(agent);
        }
        writeln!(out, "READY").map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        drop(out);
        // Serve until the parent closes our stdin.
        tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin().read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        })
        .await
        .map_err(|e| e.to_string())?;
        for agent in running {
            let _ = agent.shutdown().await;
        }
        Ok(())
    })
}

/// CPU time of a process from `/proc/<pid>/stat` (utime + stime).
fn proc_cpu(pid: &str, ticks_per_sec: f64) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_secs_f64((utime + stime) / ticks_per_sec))
}

/// Sum of the run times of this process's live threads (`/proc/self/task/*/schedstat`).
fn threads_cpu() -> Option<Duration> {
    let mut total = 0u64;
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let path = entry.ok()?.path().join("schedstat");
        let text = std::fs::read_to_string(path).ok()?;
        total += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

fn ticks_per_sec() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve-agents") {
        let n = args.get(i + 1).and_then(|v| v.parse().ok()).ok_or("--serve-agents N")?;
        return serve_agents(n);
    }
    let full = args.iter().any(|a| a == "--bench");
    let agents = env_usize("FANOUT_AGENTS", if full { 1000 } else { 50 });
    let rounds = env_usize("FANOUT_ROUNDS", if full { 20 } else { 2 }).max(1);

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["--serve-agents", &agents.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawning the agent process: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut ports = Vec::with_capacity(agents);
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        if line == "READY" {
            break;
        }
        if let Some(port) = line.strip_prefix("PORT ") {
            ports.push(port.parse::<u16>().map_err(|e| e.to_string())?);
        }
    }
    if ports.len() != agents {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("the agent process started {} of {agents} agents", ports.len()));
    }
    let descriptors: Vec<AgentDescriptor> = ports
        .iter()
        .enumerate()
        .map(|(i, port)| {
            AgentDescriptor::new(
                format!("bench-{i}"),
                "Bench",
                format!("127.0.0.1:{port}"),
                ["bench"],
            )
        })
        .collect();

    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let client = Arc::new(AgentClient::new(ClientConfig {
        timeout: Duration::from_secs(30),
        max_concurrency: agents.max(1),
        breakers: Arc::new(BreakerRegistry::new(BreakerConfig::default())),
        ..ClientConfig::default()
    }));
    let options = FanOutOptions { client: Some(client), ..FanOutOptions::default() };
    let ticks = ticks_per_sec();
    let pid = std::process::id().to_string();
    let child_pid = child.id().to_string();
    let data = json!({"n": 42, "text": "benchmark payload", "nested": {"list": [1, 2, 3]}});

    let report = runtime.block_on(async {
        let run = |label: &'static str| {
            let options = options.clone();
            let descriptors = descriptors.clone();
            let data = data.clone();
            async move {
                let started = Instant::now();
                let results = fan_out(&descriptors, "bench", &data, &options).await;
                let wall = started.elapsed();
                let failed = results.iter().filter(|r| r.error.is_some()).count();
                let ordered = results.iter().enumerate().all(|(i, r)| r.value["agent"] == i);
                if failed > 0 || !ordered {
                    let first = results.iter().find_map(|r| r.error.clone()).unwrap_or_default();
                    return Err(format!(
                        "{label}: {failed} failed calls, ordered={ordered}: {first}"
                    ));
                }
                Ok(wall)
            }
        };
        let cpu0 = (proc_cpu(&pid, ticks), threads_cpu(), proc_cpu(&child_pid, ticks));
        let cold = run("cold").await?;
        let cpu1 = (proc_cpu(&pid, ticks), threads_cpu(), proc_cpu(&child_pid, ticks));
        let mut walls = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            walls.push(run("warm").await?);
        }
        let cpu2 = (proc_cpu(&pid, ticks), threads_cpu(), proc_cpu(&child_pid, ticks));
        Ok::<_, String>((cold, walls, cpu0, cpu1, cpu2))
    });
    // Stop the agent process (closing its stdin ends it); kill it if that fails.
    drop(child.stdin.take());
    let exited = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        matches!(child.try_wait(), Ok(Some(_)))
    });
    if !exited {
        let _ = child.kill();
    }
    let _ = child.wait();
    let (cold, mut walls, cpu0, cpu1, cpu2) = report?;

    walls.sort();
    let calls_warm = (agents * rounds) as f64;
    let per_call = |a: Option<Duration>, b: Option<Duration>, calls: f64| {
        a.zip(b).map(|(a, b)| us(b.saturating_sub(a)) / calls)
    };
    let show = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.1} µs"));
    println!("fan-out benchmark: {agents} agents (separate process), {rounds} warm rounds");
    if !full {
        println!("  (smoke run without --bench: use `cargo bench` for meaningful figures)");
    }
    println!("  wall, cold (connects {agents} channels): {:.1} ms", cold.as_secs_f64() * 1e3);
    println!(
        "  wall, warm: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        walls[0].as_secs_f64() * 1e3,
        walls[walls.len() / 2].as_secs_f64() * 1e3,
        walls[walls.len() - 1].as_secs_f64() * 1e3
    );
    println!(
        "  orchestrator CPU per call, warm: {} (/proc/self/stat), {} (thread schedstat)",
        show(per_call(cpu1.0, cpu2.0, calls_warm)),
        show(per_call(cpu1.1, cpu2.1, calls_warm))
    );
    println!(
        "  orchestrator CPU per call, cold: {} (/proc/self/stat), {} (thread schedstat)",
        show(per_call(cpu0.0, cpu1.0, agents as f64)),
        show(per_call(cpu0.1, cpu1.1, agents as f64))
    );
    println!(
        "  agent-process CPU per call, warm (for reference): {}",
        show(per_call(cpu1.2, cpu2.2, calls_warm))
    );
    Ok(())
}
