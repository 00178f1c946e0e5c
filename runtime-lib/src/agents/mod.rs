//! Agents over gRPC (PLATFORM.md §1, §2.3–2.5, §6, §7).

pub mod proto;
