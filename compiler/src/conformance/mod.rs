//! `prismc conformance`: runs the language conformance cases (`../shared/conformance`).
//!
//! Cases of kind `compile_error`/`compile_ok` go through the checker only; the others are compiled
//! together into one generated crate, built once, and run case by case.

pub mod cases;
pub mod compare;
pub mod run;
