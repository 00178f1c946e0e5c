//! The standard local set of example agents, served in-process on loopback.

use prism_runtime::agents::AgentDescriptor;
use prism_runtime::agents::AgentError;
use prism_runtime::agents::sdk::{RunningAgent, serve_local};

use crate::kinds::{ExampleAgent, KINDS};

/// Running example agents: their descriptors, and the handle to stop them.
#[derive(Debug)]
pub struct LocalAgents {
    descriptors: Vec<AgentDescriptor>,
    running: Vec<RunningAgent>,
}

impl LocalAgents {
    /// `id`, `name`, `endpoint` (`127.0.0.1:<port>`) and capabilities of each agent, in the
    /// order of [`KINDS`].
    pub fn descriptors(&self) -> &[AgentDescriptor] {
        &self.descriptors
    }

    /// The set as a `PARALLAX_LOCAL_AGENTS` value (`id:name:host:port:caps;…`; names have
    /// `:` and `;` removed).
    pub fn local_agents_env(&self) -> String {
        self.descriptors
            .iter()
            .map(|d| {
                let name: String = d.name.chars().filter(|c| *c != ':' && *c != ';').collect();
                format!("{}:{}:{}:{}", d.id, name, d.endpoint, d.capabilities.join(","))
            })
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Stops every agent gracefully.
    pub async fn shutdown(self) -> Result<(), AgentError> {
        let mut first_error = None;
        for agent in self.running {
            if let Err(e) = agent.shutdown().await {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Starts one agent of each kind (sentiment, the three code-review perspectives, numeric) on
/// 127.0.0.1 with OS-assigned ports; ids are `<kind>-1`.
pub async fn start_local_agents() -> Result<LocalAgents, AgentError> {
    let mut running = Vec::with_capacity(KINDS.len());
    for kind in KINDS {
        let Some(agent) = ExampleAgent::from_kind(kind, format!("{kind}-1")) else {
            continue;
        };
        match serve_local(agent).await {
            Ok(served) => running.push(served),
            Err(e) => {
                for served in running {
                    let _ = served.shutdown().await;
                }
                return Err(e);
            }
        }
    }
    let descriptors = running.iter().map(RunningAgent::descriptor).collect();
    Ok(LocalAgents { descriptors, running })
}
