//! The example agents by kind name, as one type the SDK can serve.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError, HealthReport};
use serde_json::Value;

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
}

impl ExampleAgent {
    /// The agent of `kind` (see [`KINDS`]; `code-review` alone means security) with `id`.
    pub fn from_kind(kind: &str, id: impl Into<String>) -> Option<Self> {
        let id = id.into();
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
        }
    }

    async fn analyze(&self, task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        match self {
            ExampleAgent::Sentiment(a) => a.analyze(task, data).await,
            ExampleAgent::CodeReview(a) => a.analyze(task, data).await,
            ExampleAgent::Numeric(a) => a.analyze(task, data).await,
        }
    }

    async fn health(&self) -> HealthReport {
        HealthReport::healthy()
    }
}
