//! Generates the gRPC stubs of the Parallax protocol (`proto/*.proto`).
//!
//! The `.proto` files are compiled in pure Rust by `protox` (which also ships the
//! `google/protobuf/*` well-known types), so building this crate never needs `protoc`.
//! `tonic-prost-build` then turns the descriptor set into prost messages and tonic
//! clients and servers in `OUT_DIR` (`parallax.confidence.rs`, `parallax.registry.rs`,
//! `parallax.patterns.rs`), which `src/agents/proto.rs` includes.

use std::error::Error;

const PROTO_DIR: &str = "proto";
const PROTOS: [&str; 3] =
    ["proto/confidence.proto", "proto/registry.proto", "proto/patterns.proto"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={PROTO_DIR}");
    for proto in PROTOS {
        println!("cargo:rerun-if-changed={proto}");
    }

    let descriptors = protox::compile(PROTOS, [PROTO_DIR])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .build_transport(true)
        .compile_fds(descriptors)?;
    Ok(())
}
