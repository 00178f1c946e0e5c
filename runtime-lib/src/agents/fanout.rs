//! The fan-out engine (every selected agent gets the same task, in parallel, before the
//! pattern body runs) and the agent handle a pattern calls explicitly.

use std::sync::Arc;

use serde_json::Value;

use super::client::{AgentClient, CallOptions};
use super::convert::json_to_request_data;
use super::error::AgentError;
use super::selection::{AgentRequirements, select_agents};
use super::sources::AgentSource;
use super::types::{AgentDescriptor, AgentResult};

/// Options of one fan-out.
#[derive(Debug, Clone, Default)]
pub struct FanOutOptions {
    /// The client to call through; [`AgentClient::shared`] when `None`.
    pub client: Option<Arc<AgentClient>>,
    /// Per-call options (deadline, context, pattern name) applied to every agent.
    pub call: CallOptions,
}

impl FanOutOptions {
    fn client(&self) -> Arc<AgentClient> {
        self.client.clone().unwrap_or_else(AgentClient::shared)
    }
}

/// Sends `task` and `data` to every agent concurrently (bounded by the client's concurrency
/// limit) and returns one result per agent **in dispatch order**, failures included.
///
/// `data` is converted to a `Struct` once and shared by all calls.
pub async fn fan_out(
    agents: &[AgentDescriptor],
    task: &str,
    data: &Value,
    options: &FanOutOptions,
) -> Vec<AgentResult> {
    let client = options.client();
    let data = json_to_request_data(data);
    let calls =
        agents.iter().map(|agent| client.analyze_struct(agent, task, data.as_ref(), &options.call));
    futures::future::join_all(calls).await
}

/// The agents a pattern run selected and what they answered (in dispatch order).
#[derive(Debug, Clone)]
pub struct Dispatch {
    /// The selected agents.
    pub agents: Vec<AgentDescriptor>,
    /// One result per selected agent, failures included.
    pub results: Vec<AgentResult>,
}

/// The engine step before a pattern body runs: take the current candidates of `source`,
/// apply `requirements` (capability AND filter, `minAgents` error, `maxAgents` truncation),
/// and fan out the reference's default task and data of `input`
/// ([`default_task_and_data`]) to the selected agents.
pub async fn select_and_fan_out(
    source: &AgentSource,
    requirements: &AgentRequirements,
    input: &Value,
    options: &FanOutOptions,
) -> Result<Dispatch, AgentError> {
    let agents = select_agents(&source.agents(), requirements)?;
    let (task, data) = default_task_and_data(input);
    let results = fan_out(&agents, &task, &data, options).await;
    Ok(Dispatch { agents, results })
}

/// The task and data every agent gets by default, as in the reference: `input.task` (when a
/// non-empty string; other scalars are stringified) else `"analyze"`, and `input.data` (when
/// present and not `null`) else the whole input.
///
/// Unlike JavaScript's `input.data || input`, a present but falsy `data` (`0`, `false`,
/// `""`) is sent as is rather than replaced by the whole input.
pub fn default_task_and_data(input: &Value) -> (String, Value) {
    let task = match input.get("task") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(v @ (Value::Number(_) | Value::Bool(true))) => v.to_string(),
        _ => "analyze".to_owned(),
    };
    let data = match input.get("data") {
        Some(v) if !v.is_null() => v.clone(),
        _ => input.clone(),
    };
    (task, data)
}

/// A callable agent, for patterns that call agents explicitly
/// (`handle.analyze(task, data)`).
#[derive(Debug, Clone)]
pub struct AgentHandle {
    descriptor: AgentDescriptor,
    client: Arc<AgentClient>,
    options: CallOptions,
}

impl AgentHandle {
    /// A handle calling `descriptor` through `client` with `options`.
    pub fn new(
        descriptor: AgentDescriptor,
        client: Arc<AgentClient>,
        options: CallOptions,
    ) -> Self {
        AgentHandle { descriptor, client, options }
    }

    /// A handle using the process-wide client and default options.
    pub fn shared(descriptor: AgentDescriptor) -> Self {
        AgentHandle::new(descriptor, AgentClient::shared(), CallOptions::default())
    }

    /// Handles for a list of agents, sharing one client and options.
    pub fn for_agents(
        agents: &[AgentDescriptor],
        client: &Arc<AgentClient>,
        options: &CallOptions,
    ) -> Vec<AgentHandle> {
        agents
            .iter()
            .map(|a| AgentHandle::new(a.clone(), Arc::clone(client), options.clone()))
            .collect()
    }

    /// Who this handle calls.
    pub fn descriptor(&self) -> &AgentDescriptor {
        &self.descriptor
    }

    /// Calls the agent's `Analyze`. Never fails: a failure is a result with confidence 0 and
    /// an `error`.
    pub async fn analyze(&self, task: &str, data: &Value) -> AgentResult {
        self.client.analyze(&self.descriptor, task, data, &self.options).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_task_and_data_follow_the_reference() {
        let (t, d) = default_task_and_data(&json!({"task": "summarize", "data": {"x": 1}}));
        assert_eq!((t.as_str(), d), ("summarize", json!({"x": 1})));
        let input = json!({"text": "hi"});
        let (t, d) = default_task_and_data(&input);
        assert_eq!((t.as_str(), d), ("analyze", input));
        let (t, d) = default_task_and_data(&json!({"task": "", "data": null, "k": 2}));
        assert_eq!((t.as_str(), d), ("analyze", json!({"task": "", "data": null, "k": 2})));
        let (_, d) = default_task_and_data(&json!({"data": 0}));
        assert_eq!(d, json!(0));
    }
}
