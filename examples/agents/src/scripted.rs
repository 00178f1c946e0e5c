//! Scripted agents: real `ConfidenceAgent` gRPC servers whose answers are fixed in advance, so
//! tests of orchestration (the primitive library, the fan-out engine) can assert exact results
//! with agreeing, disagreeing, slow, flaky and failing agents.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use prism_runtime::agents::sdk::{
    Agent, AgentInfo, AgentResponse, AnalyzeError, RunningAgent, serve_local,
};
use prism_runtime::agents::{AgentDescriptor, AgentError};
use serde_json::{Value, json};

/// What a scripted agent answers.
#[derive(Debug, Clone)]
pub enum Script {
    /// `value` with `confidence`, after `delay_ms`.
    Answer { value: Value, confidence: f64, delay_ms: u64 },
    /// An error (the caller sees a failed result).
    Fail { message: String },
    /// Fails the first `failures` calls, then answers `value` with `confidence`.
    Flaky { failures: u32, value: Value, confidence: f64 },
    /// `{"n": data.n + by}` with `confidence` (for chains).
    Increment { by: f64, confidence: f64 },
    /// `{"task": task, "data": data}` with `confidence`.
    Echo { confidence: f64 },
}

impl Script {
    /// An immediate answer.
    pub fn answer(value: Value, confidence: f64) -> Script {
        Script::Answer { value, confidence, delay_ms: 0 }
    }
}

/// Counters of one scripted agent, shared with the test.
#[derive(Debug, Clone, Default)]
pub struct Calls {
    started: Arc<AtomicU32>,
    finished: Arc<AtomicU32>,
}

impl Calls {
    /// Calls received.
    pub fn started(&self) -> u32 {
        self.started.load(Ordering::SeqCst)
    }

    /// Calls that ran to the end (a call cancelled by its caller stops counting here).
    pub fn finished(&self) -> u32 {
        self.finished.load(Ordering::SeqCst)
    }
}

/// An agent answering from a [`Script`].
#[derive(Debug, Clone)]
pub struct ScriptedAgent {
    info: AgentInfo,
    script: Script,
    calls: Calls,
}

impl ScriptedAgent {
    /// `id` (also its name) with `capabilities`, answering from `script`.
    pub fn new(id: &str, capabilities: &[&str], script: Script) -> Self {
        ScriptedAgent {
            info: AgentInfo::new(id, id, capabilities.iter().copied()),
            script,
            calls: Calls::default(),
        }
    }

    /// The same agent with `expertise`.
    pub fn with_expertise(mut self, expertise: f64) -> Self {
        self.info = self.info.with_expertise(expertise);
        self
    }

    /// Its call counters.
    pub fn calls(&self) -> Calls {
        self.calls.clone()
    }
}

impl Agent for ScriptedAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let call = self.calls.started.fetch_add(1, Ordering::SeqCst);
        let response = match &self.script {
            Script::Answer { value, confidence, delay_ms } => {
                if *delay_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(*delay_ms)).await;
                }
                Ok(AgentResponse::new(value.clone(), *confidence))
            }
            Script::Fail { message } => Err(message.clone().into()),
            Script::Flaky { failures, value, confidence } => {
                if call < *failures {
                    Err(format!("flaky failure {}", call + 1).into())
                } else {
                    Ok(AgentResponse::new(value.clone(), *confidence))
                }
            }
            Script::Increment { by, confidence } => {
                let n = data.get("n").and_then(Value::as_f64).unwrap_or(0.0);
                Ok(AgentResponse::new(json!({"n": n + by}), *confidence))
            }
            Script::Echo { confidence } => {
                Ok(AgentResponse::new(json!({"task": task, "data": data}), *confidence))
            }
        };
        self.calls.finished.fetch_add(1, Ordering::SeqCst);
        response
    }
}

/// Serves every agent on 127.0.0.1 (OS-assigned ports).
pub async fn serve_all(agents: Vec<ScriptedAgent>) -> Result<Vec<RunningAgent>, AgentError> {
    let mut running = Vec::with_capacity(agents.len());
    for agent in agents {
        running.push(serve_local(agent).await?);
    }
    Ok(running)
}

/// A `PARALLAX_LOCAL_AGENTS` value (`id:name:host:port:caps;…`) for `agents`.
pub fn local_agents_env(agents: &[AgentDescriptor]) -> String {
    agents
        .iter()
        .map(|d| format!("{}:{}:{}:{}", d.id, d.id, d.endpoint, d.capabilities.join(",")))
        .collect::<Vec<_>>()
        .join(";")
}
