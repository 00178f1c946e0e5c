//! Patterns compiled into a crate by a build script (`prismc::compile_patterns`): the
//! [`include_patterns!`](crate::include_patterns) macro that pulls the generated module in, and
//! the [`CompiledPattern`] entries of its `PATTERNS` list.

use crate::host::Host;
use crate::pattern::{PatternBody, PatternSpec, RunError, RunOutput, RunRequest};
use std::sync::Arc;

/// Includes the Rust that `prismc::compile_patterns` (or `prismc::Config::compile`) wrote to
/// `OUT_DIR`: one `pub mod` per pattern (`SPEC`, `body`) and `PATTERNS`, the list of all of them.
///
/// ```text
/// mod patterns {
///     prism_runtime::include_patterns!();
/// }
/// // With `Config::file_name("review.rs")`:
/// mod review {
///     prism_runtime::include_patterns!("review.rs");
/// }
/// ```
#[macro_export]
macro_rules! include_patterns {
    () => {
        include!(concat!(env!("OUT_DIR"), "/prism_patterns.rs"));
    };
    ($file:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $file));
    };
}

/// One pattern of a generated `PATTERNS` list.
#[derive(Debug, Clone, Copy)]
pub struct CompiledPattern {
    /// The pattern file's stem (`code-review`), the name it is addressed by on command lines.
    pub stem: &'static str,
    pub spec: &'static PatternSpec,
    pub body: PatternBody,
}

impl CompiledPattern {
    /// Whether `name` names this pattern: its file stem, or its `@name` in any letter case
    /// (`code-review`, `CodeReview`, `codereview`).
    pub fn is_named(&self, name: &str) -> bool {
        let squash = |s: &str| -> String {
            s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
        };
        name == self.stem
            || squash(name) == squash(self.spec.name)
            || squash(name) == squash(self.stem)
    }

    /// Runs the pattern once (input validation, agent selection and calls, the body), as the
    /// pattern executable's `run` does.
    pub async fn run(&self, host: Arc<Host>, request: RunRequest) -> Result<RunOutput, RunError> {
        crate::pattern::run(self.spec, self.body, host, request).await
    }
}

/// The pattern `name` names in `patterns` (see [`CompiledPattern::is_named`]).
pub fn find<'p>(patterns: &'p [CompiledPattern], name: &str) -> Option<&'p CompiledPattern> {
    patterns.iter().find(|p| p.stem == name).or_else(|| patterns.iter().find(|p| p.is_named(name)))
}
