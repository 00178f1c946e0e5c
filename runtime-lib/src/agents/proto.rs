//! Generated protobuf messages and tonic stubs of the Parallax wire protocol
//! (PLATFORM.md §1), built by `build.rs` from `runtime-lib/proto/*.proto` with `protox` and
//! `tonic-prost-build` (no `protoc` needed).
//!
//! * [`confidence`]: `parallax.confidence` — the `ConfidenceAgent` service every agent serves.
//! * [`registry`]: `parallax.registry` — the control plane's `Registry` service.
//! * [`patterns`]: `parallax.patterns` — `PatternService`, Prism-era shape.
//! * [`etcd`]: the subset of etcd's v3 API (`etcdserverpb`, `mvccpb`) the registry uses.

#![allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used,
    clippy::doc_markdown,
    unreachable_pub
)]

/// Package `parallax.confidence`.
pub mod confidence {
    include!(concat!(env!("OUT_DIR"), "/parallax.confidence.rs"));
}

/// Package `parallax.registry`.
pub mod registry {
    include!(concat!(env!("OUT_DIR"), "/parallax.registry.rs"));
}

/// Package `parallax.patterns`.
pub mod patterns {
    include!(concat!(env!("OUT_DIR"), "/parallax.patterns.rs"));
}

/// The subset of etcd's v3 API that [`crate::agents::etcd`] uses (`proto/etcd/*.proto`,
/// wire-compatible with etcd): clients only.
pub mod etcd {
    /// Package `etcdserverpb`: the `KV`, `Watch` and `Lease` services.
    pub mod etcdserverpb {
        include!(concat!(env!("OUT_DIR"), "/etcdserverpb.rs"));
    }

    /// Package `mvccpb`: `KeyValue` and `Event`.
    pub mod mvccpb {
        include!(concat!(env!("OUT_DIR"), "/mvccpb.rs"));
    }
}
