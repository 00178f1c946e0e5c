//! prismc: the Prism-to-Rust compiler.
//!
//! Pipeline (ARCHITECTURE.md): source text → [`lexer`] → [`parser`] → [`ast`] → resolve →
//! typecheck → codegen. The stages are pure functions from sources to outputs plus
//! [`diagnostics::Diagnostic`]s; the [`driver`] and the [`cli`] do the I/O.

pub mod ast;
pub mod build;
pub mod build_script;
pub mod cli;
pub mod codegen;
pub mod conformance;
pub mod diagnostics;
pub mod driver;
pub mod header;
pub mod lexer;
pub mod modules;
pub mod parser;
pub mod primitives;
pub mod resolve;
pub mod source;
pub mod span;
pub mod typecheck;

#[cfg(test)]
mod test_corpus;

pub use build_script::{BuildError, Config, compile_patterns};
