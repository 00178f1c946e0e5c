//! Timing of the primitive library: the data primitives over 10,000 result items, and
//! `parallel` + `consensus` over 64 scripted agents on loopback.
//!
//! `cargo bench -p prism-std --bench primitives` prints one line per measurement (median of
//! the rounds). Without `--bench` (e.g. `cargo test --all-targets`) it runs a small smoke
//! configuration.

use parallax_example_agents::scripted::{Script, ScriptedAgent, serve_all};
use prism_runtime::agents::sdk::RunningAgent;
use prism_runtime::agents::{AgentHandle, globals::agent_result_json};
use prism_runtime::{Arity, Function, Host, StdioSink, Value, call_value};
use serde_json::{Value as Json, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ctx(agents: Value) -> Arc<prism_std::Ctx> {
    let host = Arc::new(Host::new(Arc::new(StdioSink)).with_seed(1));
    prism_std::Ctx::new(Value::from_json(&json!({"task": "bench"})), agents, host)
}

async fn time(rounds: usize, f: impl AsyncFn() -> Value) -> Duration {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        std::hint::black_box(f().await);
        times.push(started.elapsed());
    }
    median(times)
}

fn handles(running: &[RunningAgent]) -> Value {
    Value::array(
        running
            .iter()
            .map(|r| {
                let handle = Arc::new(AgentHandle::shared(r.descriptor()));
                let analyze = Function::builtin_async("analyze", move |_args: Vec<Value>| {
                    let handle = Arc::clone(&handle);
                    Box::pin(async move {
                        let result = handle.analyze("bench", &Json::Null).await;
                        Ok(Value::from_json(&agent_result_json(&result)))
                    })
                });
                Value::object([
                    ("id", Value::from(r.descriptor().id.as_str())),
                    ("analyze", Value::Function(analyze)),
                ])
            })
            .collect(),
    )
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (items, agents, rounds) = if full { (10_000, 64, 21) } else { (200, 4, 3) };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        let c = ctx(Value::array(Vec::new()));
        let labels = ["approve", "reject", "revise"];
        let results = Value::array(
            (0..items)
                .map(|i| {
                    Value::from_json(&json!({
                        "agentId": format!("a{i}"),
                        "result": labels[i % 3],
                        "confidence": 0.5 + (i % 50) as f64 / 100.0,
                    }))
                })
                .collect(),
        );
        let call = |name: &'static str, args: Vec<Value>| {
            let f = prism_std::primitive(name, &c).expect("primitive");
            async move { call_value(&f, args).await.expect("primitive runs") }
        };
        for (name, extra) in [
            ("consensus", vec![]),
            ("voting", vec![Value::from_json(&json!({"strategy": "weighted"}))]),
            ("prioritize", vec![]),
            ("successful", vec![]),
            ("combineConfidence", vec![Value::from("weighted")]),
        ] {
            let t = time(rounds, async || {
                let mut args = vec![results.clone()];
                args.extend(extra.iter().cloned());
                call(name, args).await
            })
            .await;
            println!(
                "{name:>18} over {items} AgentResult items: {:>9.3} ms",
                t.as_secs_f64() * 1e3
            );
        }
        let sum = Value::Function(Function::lambda(Arity::exact(2), |a| {
            prism_runtime::ops::add(&a[0], &Value::from(1.0))
        }));
        let t = time(rounds, async || {
            call("reduce", vec![results.clone(), sum.clone(), Value::from(0.0)]).await
        })
        .await;
        println!(
            "{:>18} over {items} AgentResult items: {:>9.3} ms",
            "reduce",
            t.as_secs_f64() * 1e3
        );

        let scripted: Vec<ScriptedAgent> = (0..agents)
            .map(|i| {
                ScriptedAgent::new(
                    &format!("s{i}"),
                    &["bench"],
                    Script::answer(json!(labels[i % 3]), 0.8),
                )
            })
            .collect();
        let running = serve_all(scripted).await.expect("agents start");
        let swarm = ctx(handles(&running));
        let parallel = prism_std::primitive("parallel", &swarm).expect("parallel");
        let consensus = prism_std::primitive("consensus", &swarm).expect("consensus");
        // Connections are opened by the first round.
        call_value(&parallel, vec![swarm.agents.clone()]).await.expect("warm-up");
        let t = time(rounds, async || {
            let r = call_value(&parallel, vec![swarm.agents.clone()]).await.expect("parallel");
            call_value(&consensus, vec![r]).await.expect("consensus")
        })
        .await;
        println!(
            "parallel+consensus over {agents} loopback agents: {:>9.3} ms",
            t.as_secs_f64() * 1e3
        );
        for agent in running {
            agent.shutdown().await.expect("agent stops");
        }
    });
}
