//! The agent descriptor (who to call) and the agent result (what came back).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Expertise assumed when a registration does not state one (the reference's default).
pub const DEFAULT_EXPERTISE: f64 = 0.7;
/// Historical confidence assumed when a registration does not state one.
pub const DEFAULT_HISTORICAL_CONFIDENCE: f64 = 0.75;
/// The `reasoning` of a failed agent in the pattern globals (as in the reference).
pub const FAILED_REASONING: &str = "Agent failed to respond";

fn default_expertise() -> f64 {
    DEFAULT_EXPERTISE
}

fn default_historical_confidence() -> f64 {
    DEFAULT_HISTORICAL_CONFIDENCE
}

/// One agent a pattern may call: identity, gRPC endpoint and what it can do.
///
/// This is also the row format of explicit agent-list files (`[[agents]]` in TOML, or a JSON
/// array / `{"agents": [...]}`): `id`, `name` and `endpoint` are required, the rest optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentDescriptor {
    /// Stable identifier (the etcd key suffix).
    pub id: String,
    /// Display name.
    pub name: String,
    /// `host:port` (also `[v6]:port` or an `http://` URL).
    pub endpoint: String,
    /// Capabilities, matched with AND semantics against a pattern's requirements.
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Self-declared expertise in [0, 1] (default 0.7).
    #[serde(default = "default_expertise")]
    pub expertise: f64,
    /// Historical confidence in [0, 1] (default 0.75).
    #[serde(default = "default_historical_confidence", alias = "historical_confidence")]
    pub historical_confidence: f64,
    /// Free-form labels (e.g. `runId`, `region`).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

impl AgentDescriptor {
    /// A descriptor with default expertise and no labels.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        endpoint: impl Into<String>,
        capabilities: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        AgentDescriptor {
            id: id.into(),
            name: name.into(),
            endpoint: endpoint.into(),
            capabilities: capabilities.into_iter().map(Into::into).collect(),
            expertise: DEFAULT_EXPERTISE,
            historical_confidence: DEFAULT_HISTORICAL_CONFIDENCE,
            labels: BTreeMap::new(),
        }
    }

    /// Whether the agent has every one of `required` (AND semantics).
    pub fn has_all(&self, required: &[String]) -> bool {
        required.iter().all(|cap| self.capabilities.iter().any(|c| c == cap))
    }
}

/// The outcome of one agent call. Failures are results too: confidence 0 and an `error`,
/// never a panic or an `Err` (as in the reference, "confidence 0" means "failed").
#[derive(Debug, Clone, PartialEq)]
pub struct AgentResult {
    /// The agent's id.
    pub agent_id: String,
    /// The agent's display name.
    pub agent_name: String,
    /// The endpoint that was called.
    pub endpoint: String,
    /// The agent's capabilities (copied from its descriptor).
    pub capabilities: Vec<String>,
    /// The agent's expertise (copied from its descriptor).
    pub expertise: f64,
    /// The answer: `value_json` parsed; a string when it was not JSON; `null` when empty or
    /// on failure.
    pub value: Value,
    /// In [0, 1]; 0 on failure.
    pub confidence: f64,
    /// The agent's reasoning (empty when it gave none).
    pub reasoning: String,
    /// The agent's stated uncertainties.
    pub uncertainties: Vec<String>,
    /// The agent's metadata map.
    pub metadata: BTreeMap<String, String>,
    /// When the result was produced (milliseconds since the Unix epoch).
    pub timestamp_ms: i64,
    /// Why the call failed, if it did.
    pub error: Option<String>,
    /// Non-fatal problems with the answer (e.g. a clamped confidence).
    pub warnings: Vec<String>,
    /// Wall time of the call, retries included.
    pub duration: Duration,
    /// Network attempts made (0 when the circuit breaker rejected the call).
    pub attempts: u32,
}

impl AgentResult {
    /// A failed result for `agent`: confidence 0, `value` null, `error` set.
    pub fn failure(agent: &AgentDescriptor, error: impl Into<String>) -> Self {
        AgentResult {
            agent_id: agent.id.clone(),
            agent_name: agent.name.clone(),
            endpoint: agent.endpoint.clone(),
            capabilities: agent.capabilities.clone(),
            expertise: agent.expertise,
            value: Value::Null,
            confidence: 0.0,
            reasoning: String::new(),
            uncertainties: Vec::new(),
            metadata: BTreeMap::new(),
            timestamp_ms: now_ms(),
            error: Some(error.into()),
            warnings: Vec::new(),
            duration: Duration::ZERO,
            attempts: 0,
        }
    }

    /// Whether the call failed (an error was recorded).
    pub fn is_error(&self) -> bool {
        self.error.is_some()
    }

    /// Successful in the sense of `successfulResults`: no error, confidence > 0 and, when
    /// `min_confidence` is given, confidence ≥ it.
    pub fn is_successful(&self, min_confidence: Option<f64>) -> bool {
        self.error.is_none()
            && self.confidence > 0.0
            && min_confidence.is_none_or(|min| self.confidence >= min)
    }
}

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
