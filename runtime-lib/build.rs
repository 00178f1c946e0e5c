//! Generates the gRPC stubs of the Parallax protocol (`proto/*.proto`) and of the subset of
//! etcd's v3 API the agent registry uses (`proto/etcd/*.proto`).
//!
//! The `.proto` files are compiled in pure Rust by `protox` (which also ships the
//! `google/protobuf/*` well-known types), so building this crate never needs `protoc`.
//! `tonic-prost-build` then turns the descriptor sets into prost messages and tonic
//! clients (and, for the Parallax protocol, servers) in `OUT_DIR` (`parallax.confidence.rs`,
//! `parallax.registry.rs`, `parallax.patterns.rs`, `etcdserverpb.rs`, `mvccpb.rs`), which
//! `src/agents/proto.rs` includes.

use std::error::Error;

const PROTO_DIR: &str = "proto";
const PROTOS: [&str; 3] =
    ["proto/confidence.proto", "proto/registry.proto", "proto/patterns.proto"];
/// etcd's `etcdserverpb` (KV, Watch, Lease) and `mvccpb` subsets: clients only.
const ETCD_PROTOS: [&str; 2] =
    ["proto/etcd/etcdserverpb_subset.proto", "proto/etcd/mvccpb_subset.proto"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={PROTO_DIR}");
    for proto in PROTOS.iter().chain(&ETCD_PROTOS) {
        println!("cargo:rerun-if-changed={proto}");
    }

    let descriptors = protox::compile(PROTOS, [PROTO_DIR])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .build_transport(true)
        .compile_fds(descriptors)?;

    let etcd = protox::compile(ETCD_PROTOS, [PROTO_DIR])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(false)
        .build_transport(false)
        .compile_fds(etcd)?;
    Ok(())
}
