//! The agents the bundled pattern library needs beyond sentiment, code review and statistics:
//! ticket triage, extraction, document structure, design security review, translation
//! verification and bin packing, by kind name.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::Value;

use crate::documents::{DesignPerspective, DesignReviewAgent, StructureAgent};
use crate::extraction::ExtractionAgent;
use crate::packing::{PackingAgent, Strategy};
use crate::translation::TranslationAgent;
use crate::triage::{Method, TriageAgent};

/// The kind names of this catalogue (also in [`crate::KINDS`]).
pub const LIBRARY_KINDS: &[&str] = &[
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

/// One agent of the catalogue.
#[derive(Debug, Clone)]
pub enum LibraryAgent {
    Triage(TriageAgent),
    Extraction(ExtractionAgent),
    Structure(StructureAgent),
    DesignReview(DesignReviewAgent),
    Translation(TranslationAgent),
    Packing(PackingAgent),
}

impl LibraryAgent {
    /// The agent of `kind` (see [`LIBRARY_KINDS`]) with `id`.
    pub fn from_kind(kind: &str, id: impl Into<String>) -> Option<Self> {
        let id = id.into();
        Some(match kind {
            "triage-keywords" => LibraryAgent::Triage(TriageAgent::new(id, Method::Keywords)),
            "triage-rules" => LibraryAgent::Triage(TriageAgent::new(id, Method::Rules)),
            "triage-subject" => LibraryAgent::Triage(TriageAgent::new(id, Method::Subject)),
            "extractor-strict" => LibraryAgent::Extraction(ExtractionAgent::new(id, false)),
            "extractor-lenient" => LibraryAgent::Extraction(ExtractionAgent::new(id, true)),
            "document-structure" => LibraryAgent::Structure(StructureAgent::new(id)),
            "design-review-network" => {
                LibraryAgent::DesignReview(DesignReviewAgent::new(id, DesignPerspective::Network))
            }
            "design-review-data" => {
                LibraryAgent::DesignReview(DesignReviewAgent::new(id, DesignPerspective::Data))
            }
            "translation-lexicon" => LibraryAgent::Translation(TranslationAgent::new(id, true)),
            "translation-invariants" => LibraryAgent::Translation(TranslationAgent::new(id, false)),
            "packer-first-fit" => LibraryAgent::Packing(PackingAgent::new(id, Strategy::FirstFit)),
            "packer-best-fit" => LibraryAgent::Packing(PackingAgent::new(id, Strategy::BestFit)),
            "packer-first-fit-decreasing" => {
                LibraryAgent::Packing(PackingAgent::new(id, Strategy::FirstFitDecreasing))
            }
            _ => return None,
        })
    }
}

impl Agent for LibraryAgent {
    fn info(&self) -> AgentInfo {
        match self {
            LibraryAgent::Triage(a) => a.info(),
            LibraryAgent::Extraction(a) => a.info(),
            LibraryAgent::Structure(a) => a.info(),
            LibraryAgent::DesignReview(a) => a.info(),
            LibraryAgent::Translation(a) => a.info(),
            LibraryAgent::Packing(a) => a.info(),
        }
    }

    async fn analyze(&self, task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        match self {
            LibraryAgent::Triage(a) => a.analyze(task, data).await,
            LibraryAgent::Extraction(a) => a.analyze(task, data).await,
            LibraryAgent::Structure(a) => a.analyze(task, data).await,
            LibraryAgent::DesignReview(a) => a.analyze(task, data).await,
            LibraryAgent::Translation(a) => a.analyze(task, data).await,
            LibraryAgent::Packing(a) => a.analyze(task, data).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_kind_is_served_locally_and_builds() {
        for kind in LIBRARY_KINDS {
            assert!(crate::KINDS.contains(kind), "{kind} missing from KINDS");
            let agent = LibraryAgent::from_kind(kind, format!("{kind}-1")).expect("known kind");
            assert_eq!(agent.info().id, format!("{kind}-1"));
        }
        assert!(LibraryAgent::from_kind("sentiment", "x").is_none());
    }
}
