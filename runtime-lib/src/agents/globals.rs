//! The pattern globals built from the selected agents and their results, as `serde_json`
//! values with exactly the shapes of PLATFORM.md §2.5 (the Prism value layer converts them).

use serde_json::{Map, Value, json};

use super::types::{AgentDescriptor, AgentResult, FAILED_REASONING};

/// The pattern's identity (the `pattern` global).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatternInfo {
    /// `@name`.
    pub name: String,
    /// `@version` (the reference's default is `1.0.0`).
    pub version: String,
}

/// `agentList`: `[{id, name, capabilities, expertise, historicalConfidence}]`.
pub fn agent_list_json(agents: &[AgentDescriptor]) -> Value {
    Value::Array(
        agents
            .iter()
            .map(|a| {
                json!({
                    "id": a.id,
                    "name": a.name,
                    "capabilities": a.capabilities,
                    "expertise": a.expertise,
                    "historicalConfidence": a.historical_confidence,
                })
            })
            .collect(),
    )
}

/// One `agentResults` entry: `{agentId, agentName, capabilities, expertise, result,
/// confidence, reasoning, timestamp, error?}`. A failed entry has `result: null`,
/// `confidence: 0`, `error`, and `reasoning: "Agent failed to respond"` unless the agent
/// gave a reasoning.
pub fn agent_result_json(result: &AgentResult) -> Value {
    let mut entry = Map::new();
    entry.insert("agentId".into(), json!(result.agent_id));
    entry.insert("agentName".into(), json!(result.agent_name));
    entry.insert("capabilities".into(), json!(result.capabilities));
    entry.insert("expertise".into(), json!(result.expertise));
    let (value, confidence) = match result.error {
        Some(_) => (Value::Null, 0.0),
        None => (result.value.clone(), result.confidence),
    };
    entry.insert("result".into(), value);
    entry.insert("confidence".into(), json!(confidence));
    let reasoning = if result.error.is_some() && result.reasoning.is_empty() {
        FAILED_REASONING
    } else {
        result.reasoning.as_str()
    };
    entry.insert("reasoning".into(), json!(reasoning));
    entry.insert("timestamp".into(), json!(result.timestamp_ms));
    if let Some(error) = &result.error {
        entry.insert("error".into(), json!(error));
    }
    Value::Object(entry)
}

/// `agentResults`, in dispatch order, failures included.
pub fn agent_results_json(results: &[AgentResult]) -> Value {
    Value::Array(results.iter().map(agent_result_json).collect())
}

/// `successfulResults`: the entries with confidence > 0 (and ≥ `min_confidence` when set).
pub fn successful_results_json(results: &[AgentResult], min_confidence: Option<f64>) -> Value {
    Value::Array(
        results.iter().filter(|r| r.is_successful(min_confidence)).map(agent_result_json).collect(),
    )
}

/// All agent-related globals of a pattern run: `agentList`, `agentResults`,
/// `successfulResults`, `agentCount` and `pattern {name, version}`.
pub fn pattern_globals(
    agents: &[AgentDescriptor],
    results: &[AgentResult],
    pattern: &PatternInfo,
    min_confidence: Option<f64>,
) -> Map<String, Value> {
    let mut globals = Map::new();
    globals.insert("agentList".into(), agent_list_json(agents));
    globals.insert("agentResults".into(), agent_results_json(results));
    globals.insert("successfulResults".into(), successful_results_json(results, min_confidence));
    globals.insert("agentCount".into(), json!(agents.len()));
    globals.insert("pattern".into(), json!({"name": pattern.name, "version": pattern.version}));
    globals
}
