//! Writing agents in Rust: implement [`Agent`] (one async `analyze`, optional health and
//! capability overrides), then [`serve`] or [`serve_local`] it. The server implements all
//! four `ConfidenceAgent` RPCs, optionally registers in etcd under a lease the agent keeps
//! alive, and shuts down gracefully.
//!
//! ```no_run
//! use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError, serve_local};
//! use serde_json::{Value, json};
//!
//! struct Echo;
//!
//! impl Agent for Echo {
//!     fn info(&self) -> AgentInfo {
//!         AgentInfo::new("echo-1", "Echo", ["echo"])
//!     }
//!     async fn analyze(&self, task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
//!         Ok(AgentResponse::new(json!({"task": task, "data": data}), 0.9).with_reasoning("echoed"))
//!     }
//! }
//!
//! # async fn run() -> Result<(), prism_runtime::agents::AgentError> {
//! let running = serve_local(Echo).await?;
//! println!("listening on {}", running.endpoint());
//! running.shutdown().await?;
//! # Ok(())
//! # }
//! ```

mod server;

use std::collections::BTreeMap;
use std::future::Future;

use serde_json::Value;

use super::proto::confidence::Capabilities;
use super::types::{AgentDescriptor, DEFAULT_EXPERTISE, DEFAULT_HISTORICAL_CONFIDENCE};

pub use server::{AgentService, RunningAgent, ServeOptions, serve, serve_local, serve_with};

/// The error an agent's `analyze` returns; it reaches the caller as a gRPC `INTERNAL` status
/// (and becomes a failed result, confidence 0, on the orchestrator side).
pub type AnalyzeError = Box<dyn std::error::Error + Send + Sync>;

/// An agent's identity and what it can do.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentInfo {
    /// Stable id (the etcd key suffix).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Capabilities.
    pub capabilities: Vec<String>,
    /// Self-declared expertise in [0, 1].
    pub expertise: f64,
    /// Optional per-capability scores (`GetCapabilities.capability_scores`).
    pub capability_scores: BTreeMap<String, f64>,
    /// Labels published with an etcd registration.
    pub labels: BTreeMap<String, String>,
}

impl AgentInfo {
    /// An identity with default expertise (0.7).
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        capabilities: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        AgentInfo {
            id: id.into(),
            name: name.into(),
            capabilities: capabilities.into_iter().map(Into::into).collect(),
            expertise: DEFAULT_EXPERTISE,
            capability_scores: BTreeMap::new(),
            labels: BTreeMap::new(),
        }
    }

    /// The same identity with `expertise`.
    pub fn with_expertise(mut self, expertise: f64) -> Self {
        self.expertise = expertise;
        self
    }

    /// The descriptor an orchestrator uses to call this agent at `endpoint`.
    pub fn descriptor(&self, endpoint: impl Into<String>) -> AgentDescriptor {
        AgentDescriptor {
            id: self.id.clone(),
            name: self.name.clone(),
            endpoint: endpoint.into(),
            capabilities: self.capabilities.clone(),
            expertise: self.expertise,
            historical_confidence: DEFAULT_HISTORICAL_CONFIDENCE,
            labels: self.labels.clone(),
        }
    }
}

/// An agent's answer to one task.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentResponse {
    /// The answer (sent as `value_json`).
    pub value: Value,
    /// Confidence in [0, 1] (a value outside is clamped; a non-finite one is an error).
    pub confidence: f64,
    /// Why.
    pub reasoning: String,
    /// What the agent is unsure about.
    pub uncertainties: Vec<String>,
    /// Extra string metadata.
    pub metadata: BTreeMap<String, String>,
}

impl AgentResponse {
    /// An answer with a confidence and nothing else.
    pub fn new(value: Value, confidence: f64) -> Self {
        AgentResponse {
            value,
            confidence,
            reasoning: String::new(),
            uncertainties: Vec::new(),
            metadata: BTreeMap::new(),
        }
    }

    /// With a reasoning.
    pub fn with_reasoning(mut self, reasoning: impl Into<String>) -> Self {
        self.reasoning = reasoning.into();
        self
    }

    /// With uncertainties.
    pub fn with_uncertainties(
        mut self,
        items: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.uncertainties = items.into_iter().map(Into::into).collect();
        self
    }

    /// With one metadata entry.
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }
}

/// Health of an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthStatus {
    /// Serving normally.
    Healthy,
    /// Serving with reduced quality or capacity.
    Degraded,
    /// Not able to serve.
    Unhealthy,
}

/// The answer to `HealthCheck`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    /// Status.
    pub status: HealthStatus,
    /// Human-readable detail.
    pub message: String,
    /// Extra details.
    pub details: BTreeMap<String, String>,
}

impl HealthReport {
    /// Healthy, no message.
    pub fn healthy() -> Self {
        HealthReport {
            status: HealthStatus::Healthy,
            message: String::new(),
            details: BTreeMap::new(),
        }
    }
}

/// An agent: implement [`info`](Agent::info) and [`analyze`](Agent::analyze); override
/// [`health`](Agent::health) and [`capabilities`](Agent::capabilities) if needed.
pub trait Agent: Send + Sync + 'static {
    /// The agent's identity (read once when serving starts).
    fn info(&self) -> AgentInfo;

    /// Analyzes `task` over `data` (the request's `Struct` as JSON; `null` when absent).
    fn analyze(
        &self,
        task: &str,
        data: &Value,
    ) -> impl Future<Output = Result<AgentResponse, AnalyzeError>> + Send;

    /// Health (default: healthy).
    fn health(&self) -> impl Future<Output = HealthReport> + Send {
        async { HealthReport::healthy() }
    }

    /// The `GetCapabilities` answer (default: from [`info`](Agent::info)).
    fn capabilities(&self) -> Capabilities {
        let info = self.info();
        Capabilities {
            agent_id: info.id,
            name: info.name,
            capabilities: info.capabilities,
            expertise_level: info.expertise,
            capability_scores: info.capability_scores.into_iter().collect(),
        }
    }
}
