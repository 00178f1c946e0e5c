//! Helpers for calling primitives against scripted agents served on 127.0.0.1.

#![allow(dead_code)]

use parallax_example_agents::scripted::{Calls, Script, ScriptedAgent, serve_all};
use prism_runtime::agents::sdk::RunningAgent;
use prism_runtime::agents::{AgentDescriptor, AgentHandle, globals::agent_result_json};
use prism_runtime::{Function, Host, PResult, StdioSink, Value, call_value};
use serde_json::{Value as Json, json};
use std::sync::Arc;

/// Running scripted agents and the `agents` global a pattern would see for them.
pub struct Swarm {
    pub running: Vec<RunningAgent>,
    pub calls: Vec<Calls>,
    pub handles: Value,
}

impl Swarm {
    pub async fn start(agents: Vec<ScriptedAgent>) -> Swarm {
        let calls = agents.iter().map(ScriptedAgent::calls).collect();
        let running = serve_all(agents).await.expect("scripted agents start");
        let descriptors: Vec<AgentDescriptor> =
            running.iter().map(RunningAgent::descriptor).collect();
        Swarm { running, calls, handles: handles(&descriptors) }
    }

    /// The handle of agent `i`.
    pub fn handle(&self, i: usize) -> Value {
        match &self.handles {
            Value::Array(a) => a.get(i).expect("agent index"),
            _ => unreachable!("handles are an array"),
        }
    }

    /// A context whose `input` is `input` and whose `agents` are these agents.
    pub fn ctx(&self, input: Json) -> Arc<prism_std::Ctx> {
        prism_std::Ctx::new(Value::from_json(&input), self.handles.clone(), host())
    }

    pub async fn stop(self) {
        for agent in self.running {
            agent.shutdown().await.expect("agent stops");
        }
    }
}

pub fn host() -> Arc<Host> {
    Arc::new(Host::new(Arc::new(StdioSink)).with_seed(7))
}

/// A context without agents.
pub fn bare() -> Arc<prism_std::Ctx> {
    prism_std::Ctx::new(Value::from_json(&json!({})), Value::array(Vec::new()), host())
}

/// The `agents` handles of the pattern runtime: `{id, name, capabilities, expertise,
/// analyze(task, data)}` calling the agent over gRPC.
pub fn handles(descriptors: &[AgentDescriptor]) -> Value {
    Value::array(
        descriptors
            .iter()
            .map(|d| {
                let handle = Arc::new(AgentHandle::shared(d.clone()));
                let analyze = Function::builtin_async("analyze", move |args: Vec<Value>| {
                    let handle = Arc::clone(&handle);
                    Box::pin(async move {
                        let task = args.first().and_then(|t| t.as_str().map(str::to_string));
                        let data = args.get(1).map_or(Json::Null, Value::to_json);
                        let r = handle.analyze(task.as_deref().unwrap_or("analyze"), &data).await;
                        Ok(Value::from_json(&agent_result_json(&r)))
                    })
                });
                Value::object([
                    ("id", Value::from(d.id.as_str())),
                    ("name", Value::from(d.name.as_str())),
                    (
                        "capabilities",
                        Value::array(
                            d.capabilities.iter().map(|c| Value::from(c.as_str())).collect(),
                        ),
                    ),
                    ("expertise", Value::from(d.expertise)),
                    ("analyze", Value::Function(analyze)),
                ])
            })
            .collect(),
    )
}

/// Calls primitive `name` with `args`.
pub async fn call(ctx: &Arc<prism_std::Ctx>, name: &str, args: Vec<Value>) -> PResult {
    let f = prism_std::primitive(name, ctx).expect("primitive exists");
    call_value(&f, args).await
}

/// A Prism function of no argument calling `handle.analyze(task)`.
pub fn thunk(handle: Value, task: &str) -> Value {
    let task = task.to_string();
    Value::Function(Function::builtin_async("thunk", move |_args: Vec<Value>| {
        let handle = handle.clone();
        let task = task.clone();
        Box::pin(async move {
            let analyze = prism_runtime::get_member(&handle, "analyze")?;
            call_value(&analyze, vec![Value::from(task.as_str()), Value::Null]).await
        })
    }))
}

pub fn v(j: Json) -> Value {
    Value::from_json(&j)
}

/// `(answer, confidence)` of a confident result.
pub fn conf(v: &Value) -> (Json, f64) {
    match v {
        Value::Confident(c) => (c.value().to_json(), c.confidence()),
        other => panic!("expected a confident value, got {}", other.to_json()),
    }
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

pub fn agent(id: &str, caps: &[&str], script: Script) -> ScriptedAgent {
    ScriptedAgent::new(id, caps, script)
}

pub fn answer(id: &str, value: Json, confidence: f64) -> ScriptedAgent {
    ScriptedAgent::new(id, &["review"], Script::answer(value, confidence))
}

pub fn failing(id: &str) -> ScriptedAgent {
    ScriptedAgent::new(id, &["review"], Script::Fail { message: "model unavailable".into() })
}
