//! Deterministic example agents for Parallax — real `ConfidenceAgent` gRPC servers built with
//! the `prism_runtime::agents::sdk`, doing real work on their input:
//!
//! * [`sentiment::SentimentAgent`]: lexicon sentiment (label, score, evidence-based confidence);
//! * [`code_review::CodeReviewAgent`]: security / quality / performance reviewer (one agent
//!   per perspective) over `data.code` or `data.diff`;
//! * [`numeric::NumericAgent`]: statistics and outliers over `data.values`.
//!
//! [`start_local_agents`] starts the standard set in-process on 127.0.0.1 (used by tests and
//! `--local` mode).

pub mod catalog;
pub mod code_review;
pub mod documents;
pub mod extraction;
mod kinds;
mod local;
pub mod numeric;
pub mod packing;
pub mod python;
pub mod scripted;
pub mod sentiment;
pub mod text;
pub mod translation;
pub mod triage;

pub use kinds::{ExampleAgent, KINDS};
pub use local::{LocalAgents, start_local_agents};
