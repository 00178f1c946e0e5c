//! prism-runtime: what prismc-generated Rust links against.
//!
//! * the value model, operators and built-ins of Prism (LANGUAGE.md is the specification);
//! * [`agents`]: the gRPC transport to agents, the fan-out engine, agent selection and the
//!   registry (PLATFORM.md §1, §2, §6), and the SDK for writing agents in Rust.

pub mod agents;
