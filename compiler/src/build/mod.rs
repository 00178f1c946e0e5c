//! `prismc build`: generated Rust for each pattern, built by cargo in one generated workspace.

pub mod cargo;
pub mod workspace;
