//! The example agents by kind name, as one type the SDK can serve.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError, HealthReport};
use serde_json::Value;

use crate::catalog::LibraryAgent;
use crate::code_review::{CodeReviewAgent, Perspective};
use crate::numeric::NumericAgent;
use crate::sentiment::SentimentAgent;

/// The kind names `example-agent --kind` accepts.
pub const KINDS: &[&str] = &[
    "sentiment",
    "code-review-security",
    "code-review-quality",
    "code-review-performance",
    "numeric",
    // The pattern library's agents (crate::catalog::LIBRARY_KINDS).
    "triage-keywords",
    "triage-rules",
    "triage-subject",
    "extractor-strict",
    "extractor-lenient",
    "document-structure",
    "design-review-network",
    "design-review-data",
    "translation-lexicon",
    "translation-invariants",
    "packer-first-fit",
    "packer-best-fit",
    "packer-first-fit-decreasing",
];

/// Any example agent.
#[derive(Debug, Clone)]
pub enum ExampleAgent {
    /// Lexicon sentiment.
    Sentiment(SentimentAgent),
    /// Code review from one perspective.
    CodeReview(CodeReviewAgent),
    /// Statistics.
    Numeric(NumericAgent),
    /// The pattern library's agents.
    Library(LibraryAgent),
}

impl ExampleAgent {
    /// The agent of `kind` (see [`KINDS`]; `code-review` alone means security) with `id`.
    pub fn from_kind(kind: &str, id: impl Into<String>) -> Option<Self> {
        let id = id.into();
        if let Some(agent) = LibraryAgent::from_kind(kind, id.clone()) {
            return Some(ExampleAgent::Library(agent));
        }
        match kind {
            "sentiment" => Some(ExampleAgent::Sentiment(SentimentAgent::new(id))),
            "numeric" => Some(ExampleAgent::Numeric(NumericAgent::new(id))),
            "code-review" => {
                Some(ExampleAgent::CodeReview(CodeReviewAgent::new(id, Perspective::Security)))
            }
            other => {
                let perspective = Perspective::parse(other.strip_prefix("code-review-")?)?;
                Some(ExampleAgent::CodeReview(CodeReviewAgent::new(id, perspective)))
            }
        }
    }
}

impl Agent for ExampleAgent {
    fn info(&self) -> AgentInfo {
        match self {
            ExampleAgent::Sentiment(a) => a.info(),
            ExampleAgent::CodeReview(a) => a.info(),
            ExampleAgent::Numeric(a) => a.info(),
            ExampleAgent::Library(a) => a.info(),
        }
    }

    async fn analyze(&self, task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        match self {
            ExampleAgent::Sentiment(a) => a.analyze(task, data).await,
            ExampleAgent::CodeReview(a) => a.analyze(task, data).await,
            ExampleAgent::Numeric(a) => a.analyze(task, data).await,
            ExampleAgent::Library(a) => a.analyze(task, data).await,
        }
    }

    async fn health(&self) -> HealthReport {
        HealthReport::healthy()
    }
}
