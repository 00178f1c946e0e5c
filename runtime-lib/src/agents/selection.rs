//! Agent selection: a pattern's requirements applied to the candidate agents
//! (PLATFORM.md §2.3), with the reference's capability AND filter, `minAgents` check and
//! `maxAgents` truncation — and `minConfidence`, which the reference ignored, applied to the
//! results (see [`AgentResult::is_successful`](super::AgentResult::is_successful)).

use super::error::AgentError;
use super::types::AgentDescriptor;

/// What a pattern needs from its agents (from the `@agents`, `@minAgents` and `@maxAgents`
/// header tags).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentRequirements {
    /// Capabilities every selected agent must have (AND).
    pub capabilities: Vec<String>,
    /// Fewest agents the pattern runs with (0: no minimum).
    pub min_agents: usize,
    /// Most agents the pattern uses (`None`: no maximum); extra agents are dropped in
    /// candidate order.
    pub max_agents: Option<usize>,
    /// Results below this confidence count as unsuccessful.
    pub min_confidence: Option<f64>,
}

/// How many matching agents the "not enough agents" message lists by name.
const LISTED_IN_ERROR: usize = 5;

/// Applies `requirements` to `candidates` (kept in their order): capability AND filter,
/// then the minimum (an error naming what was found), then the maximum (truncation).
pub fn select_agents(
    candidates: &[AgentDescriptor],
    requirements: &AgentRequirements,
) -> Result<Vec<AgentDescriptor>, AgentError> {
    let mut selected: Vec<AgentDescriptor> =
        candidates.iter().filter(|a| a.has_all(&requirements.capabilities)).cloned().collect();
    if selected.len() < requirements.min_agents {
        return Err(AgentError::NotEnoughAgents(not_enough_message(
            &requirements.capabilities,
            requirements.min_agents,
            &selected,
            candidates.len(),
        )));
    }
    if let Some(max) = requirements.max_agents {
        selected.truncate(max);
    }
    Ok(selected)
}

fn not_enough_message(
    capabilities: &[String],
    required: usize,
    found: &[AgentDescriptor],
    candidates: usize,
) -> String {
    let caps = if capabilities.is_empty() {
        "any capabilities".to_owned()
    } else {
        format!("capabilities [{}]", capabilities.join(", "))
    };
    let mut message = format!(
        "Not enough agents available for {caps}: required {required}, found {}",
        found.len()
    );
    if !found.is_empty() {
        let names: Vec<String> = found
            .iter()
            .take(LISTED_IN_ERROR)
            .map(|a| format!("{} at {}", a.id, a.endpoint))
            .collect();
        let more = found.len().saturating_sub(LISTED_IN_ERROR);
        message.push_str(&format!(" ({}", names.join(", ")));
        if more > 0 {
            message.push_str(&format!(", and {more} more"));
        }
        message.push(')');
    } else if candidates > 0 {
        message.push_str(&format!(" (of {candidates} registered agents, none has them all)"));
    } else {
        message.push_str(" (no agents are registered)");
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: &str, port: u16, caps: &[&str]) -> AgentDescriptor {
        AgentDescriptor::new(id, id, format!("127.0.0.1:{port}"), caps.iter().copied())
    }

    fn req(caps: &[&str], min: usize, max: Option<usize>) -> AgentRequirements {
        AgentRequirements {
            capabilities: caps.iter().map(|s| (*s).to_owned()).collect(),
            min_agents: min,
            max_agents: max,
            min_confidence: None,
        }
    }

    #[test]
    fn and_filter_min_and_max() {
        let all = vec![a("x", 1, &["a", "b"]), a("y", 2, &["a"]), a("z", 3, &["b", "a", "c"])];
        let got = select_agents(&all, &req(&["a", "b"], 1, None)).expect("ok");
        assert_eq!(got.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["x", "z"]);
        let got = select_agents(&all, &req(&["a"], 0, Some(2))).expect("ok");
        assert_eq!(got.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["x", "y"]);
        let err = select_agents(&all, &req(&["c"], 2, None)).expect_err("too few");
        assert_eq!(
            err.to_string(),
            "Not enough agents available for capabilities [c]: required 2, found 1 (z at 127.0.0.1:3)"
        );
        let err = select_agents(&[], &req(&[], 1, None)).expect_err("none");
        assert!(err.to_string().contains("found 0 (no agents are registered)"));
    }
}
