//! Agents over gRPC (PLATFORM.md §1, §2.3–2.5, §6, §7).
//!
//! * [`proto`]: the generated wire protocol (`parallax.confidence`, `.registry`, `.patterns`)
//!   and the subset of etcd's v3 API used by [`etcd`] (our own client, [`etcd::EtcdClient`]).
//! * [`AgentClient`]: one agent call — a real gRPC deadline, bounded concurrency, retries on
//!   transport errors only, a per-endpoint circuit breaker living as long as the process
//!   ([`breaker`]), one cached channel per endpoint. Failures are [`AgentResult`]s with
//!   confidence 0 and an `error`, never panics.
//! * [`fan_out`]: every selected agent gets the same task concurrently; results come back in
//!   dispatch order. [`AgentHandle`] is the explicit-call style (`handle.analyze(task, data)`).
//! * [`select_agents`] with [`AgentRequirements`]; candidates from [`AgentSource`]: an
//!   explicit list or file, `PARALLAX_LOCAL_AGENTS`, or etcd ([`EtcdDiscovery`], watched).
//! * [`pattern_globals`]: `agentList`, `agentResults`, `successfulResults`, `agentCount`,
//!   `pattern` as JSON.
//! * [`sdk`]: write an agent in Rust and serve it.

pub mod breaker;
pub mod client;
pub mod convert;
mod error;
pub mod etcd;
mod fanout;
pub mod globals;
pub mod proto;
pub mod sdk;
mod selection;
pub mod sources;
mod types;
mod wallclock;

pub use breaker::{BreakerConfig, BreakerRegistry, BreakerState, CircuitBreaker};
pub use client::{AgentClient, CallOptions, ClientConfig, RetryPolicy};
pub use error::AgentError;
pub use etcd::{EtcdDiscovery, EtcdRegistration, RegistrationOptions};
pub use fanout::{
    AgentHandle, Dispatch, FanOutOptions, default_task_and_data, fan_out, select_and_fan_out,
};
pub use globals::{PatternInfo, pattern_globals};
pub use selection::{AgentRequirements, select_agents};
pub use sources::{AgentSource, SourceConfig, load_agent_file, parse_local_agents};
pub use types::{
    AgentDescriptor, AgentResult, DEFAULT_EXPERTISE, DEFAULT_HISTORICAL_CONFIDENCE,
    FAILED_REASONING, now_ms,
};
