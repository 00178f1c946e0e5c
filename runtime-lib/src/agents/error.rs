//! Errors of the agent layer that are not agent *results* (those are [`AgentResult`]s with
//! an `error`, never `Err`).
//!
//! [`AgentResult`]: super::AgentResult

use std::path::PathBuf;

/// Errors from configuration, agent selection, discovery and serving.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// An endpoint string could not be turned into a gRPC URI.
    #[error("invalid agent endpoint `{endpoint}`: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A `PARALLAX_LOCAL_AGENTS` entry is malformed.
    #[error("PARALLAX_LOCAL_AGENTS entry {index} (`{entry}`): {reason}")]
    LocalAgents {
        /// 1-based position of the entry in the list.
        index: usize,
        /// The entry as given.
        entry: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An explicit agent-list file could not be read or parsed.
    #[error("agent list {}: {reason}", path.display())]
    AgentFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// Too few agents match the pattern's requirements.
    #[error("{0}")]
    NotEnoughAgents(String),
    /// The same agent id appears twice in one source.
    #[error("duplicate agent id `{0}`")]
    DuplicateAgent(String),
    /// etcd could not be reached or answered an error.
    #[error("etcd: {0}")]
    Etcd(String),
    /// A gRPC call outside the fan-out path (health, capabilities) failed.
    #[error("agent {endpoint}: {status}")]
    Rpc {
        /// The endpoint called.
        endpoint: String,
        /// The gRPC status.
        status: Box<tonic::Status>,
    },
    /// Serving an agent failed (bind, transport).
    #[error("agent server: {0}")]
    Serve(String),
    /// I/O error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
