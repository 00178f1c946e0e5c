//! Agents that read whole documents (`data.text`, Markdown or plain text):
//!
//! * [`StructureAgent`] (`document-analysis`, `text-analysis`): sections, counts, reading time,
//!   keywords and an extractive summary (each section's first sentence);
//! * [`DesignReviewAgent`] (`security-review`, `document-analysis`): a security review of an
//!   architecture or design document from one perspective (network exposure or data handling):
//!   which controls the document states and which threats it leaves open, by explicit rules
//!   over the text.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

use crate::text::{text_field, words};

const STOPWORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "is", "it", "that", "for", "on", "with", "as",
    "by", "be", "are", "at", "this", "from", "its", "not", "no", "each", "every", "one", "into",
    "only", "so", "if", "then", "than", "which", "when", "what", "where", "there", "their", "they",
    "we", "our", "you", "your", "all", "any", "can", "may", "must", "will", "was", "were", "has",
    "have", "had", "but", "also", "more", "most", "other", "some", "such", "these", "those", "do",
    "does", "how", "why", "who", "via", "per", "up", "out", "over", "under", "new", "same",
];

/// The first sentence of a paragraph.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_string(),
        None => flat,
    }
}

/// Structure of a document.
pub fn structure(text: &str) -> Value {
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut code_blocks = 0;
    let mut in_code = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            if in_code {
                code_blocks += 1;
            }
            continue;
        }
        if in_code {
            continue;
        }
        if let Some(title) = trimmed.strip_prefix('#') {
            sections.push((title.trim_start_matches('#').trim().to_string(), String::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            if !trimmed.is_empty() && !trimmed.starts_with('|') {
                body.push_str(trimmed);
                body.push(' ');
            }
        } else if !trimmed.is_empty() {
            sections.push((String::new(), format!("{trimmed} ")));
        }
    }
    let all = words(text);
    let mut freq: Vec<(String, usize)> = Vec::new();
    for w in &all {
        if w.len() < 4 || STOPWORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        match freq.iter_mut().find(|(k, _)| k == w) {
            Some((_, n)) => *n += 1,
            None => freq.push((w.clone(), 1)),
        }
    }
    // Most frequent first; first occurrence breaks ties, so the order is stable.
    freq.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let sentences = text.matches(". ").count() + text.matches(".\n").count() + 1;
    let summary: Vec<String> = sections
        .iter()
        .filter(|(_, body)| !body.trim().is_empty())
        .take(4)
        .map(|(_, body)| first_sentence(body))
        .collect();
    json!({
        "title": sections.iter().find(|(t, _)| !t.is_empty()).map(|(t, _)| t.clone()),
        "sections": sections.iter().filter(|(t, _)| !t.is_empty()).map(|(t, _)| t.clone()).collect::<Vec<_>>(),
        "words": all.len(),
        "sentences": sentences,
        "codeBlocks": code_blocks,
        "readingMinutes": ((all.len() as f64) / 230.0).ceil(),
        "keywords": freq.iter().take(8).map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        "summary": summary,
    })
}

/// Document structure and summary. Capabilities: `document-analysis`, `text-analysis`.
#[derive(Debug, Clone)]
pub struct StructureAgent {
    info: AgentInfo,
}

impl StructureAgent {
    pub fn new(id: impl Into<String>) -> Self {
        let info = AgentInfo::new(
            id,
            "Document structure analyser",
            ["document-analysis", "text-analysis"],
        )
        .with_expertise(0.8);
        StructureAgent { info }
    }
}

impl Agent for StructureAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let text = text_field(data).ok_or("no document: expected `data.text` (a string)")?;
        if text.trim().is_empty() {
            return Err("the document is empty".into());
        }
        let value = structure(text);
        let n = value["words"].as_u64().unwrap_or(0);
        // Counting is exact; the summary and keywords are heuristics, better on longer texts.
        let confidence = if n >= 150 { 0.85 } else { 0.65 };
        Ok(AgentResponse::new(value, confidence)
            .with_reasoning(format!("{n} words; extractive summary and frequency keywords")))
    }
}

/// A review perspective of [`DesignReviewAgent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesignPerspective {
    /// Transport, authentication, exposure, availability.
    Network,
    /// Secrets, input handling, code execution, storage.
    Data,
}

impl DesignPerspective {
    pub fn as_str(self) -> &'static str {
        match self {
            DesignPerspective::Network => "network",
            DesignPerspective::Data => "data",
        }
    }
}

/// One rule: when the document talks about `topic` and states none of `controls`, the threat
/// is open (`severity`); when it states one, the control is credited.
struct Rule {
    perspective: DesignPerspective,
    id: &'static str,
    topic: &'static [&'static str],
    controls: &'static [&'static str],
    severity: &'static str,
    threat: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        perspective: DesignPerspective::Network,
        id: "unencrypted-transport",
        topic: &["grpc", "http", "tcp", "network", "endpoint"],
        controls: &["tls", "mtls", "https", "encrypted", "encryption"],
        severity: "high",
        threat: "traffic between components is not stated to be encrypted (TLS)",
    },
    Rule {
        perspective: DesignPerspective::Network,
        id: "unauthenticated-peers",
        topic: &["agents", "agent", "grpc", "client", "clients"],
        controls: &["authentication", "authenticated", "mtls", "token", "tokens", "credentials"],
        severity: "high",
        threat: "no authentication between the orchestrator and agents: anyone who can reach an endpoint can answer or call",
    },
    Rule {
        perspective: DesignPerspective::Network,
        id: "open-registry",
        topic: &["etcd", "registry", "discovery", "register"],
        controls: &["acl", "rbac", "authentication", "authenticated", "tls"],
        severity: "high",
        threat: "the service registry has no stated access control: a rogue process can register itself as an agent",
    },
    Rule {
        perspective: DesignPerspective::Network,
        id: "availability",
        topic: &["agents", "fan", "calls", "call"],
        controls: &["timeout", "timeouts", "deadline", "deadlines", "breaker", "retries"],
        severity: "medium",
        threat: "slow or dead agents can stall every run (no deadlines or circuit breaking)",
    },
    Rule {
        perspective: DesignPerspective::Data,
        id: "input-validation",
        topic: &["input", "inputs", "request", "requests", "json"],
        controls: &["validate", "validated", "validation", "schema"],
        severity: "high",
        threat: "inputs are not stated to be validated before use",
    },
    Rule {
        perspective: DesignPerspective::Data,
        id: "code-execution",
        topic: &["script", "scripts", "interpreter", "eval", "llm", "generated"],
        controls: &["compiled", "statically", "checked", "sandbox", "sandboxed"],
        severity: "critical",
        threat: "untrusted text may be executed as code",
    },
    Rule {
        perspective: DesignPerspective::Data,
        id: "untrusted-agent-output",
        topic: &["agents", "agent", "results", "result"],
        controls: &["confidence", "consensus", "verify", "verified", "validate"],
        severity: "medium",
        threat: "agent answers are trusted as they come, with no weighing or cross-checking",
    },
    Rule {
        perspective: DesignPerspective::Data,
        id: "secrets-handling",
        topic: &[
            "credential",
            "credentials",
            "secret",
            "secrets",
            "password",
            "key",
            "keys",
            "token",
        ],
        controls: &["vault", "kms", "encrypted", "environment", "rotation", "rotated"],
        severity: "high",
        threat: "secrets are mentioned without a stated store or rotation",
    },
];

/// A design review from `perspective`: `(findings, controls)`.
pub fn design_review(perspective: DesignPerspective, text: &str) -> (Vec<Value>, Vec<Value>) {
    let all = words(text);
    let has = |w: &str| all.iter().any(|x| x == w);
    let mut findings = Vec::new();
    let mut controls = Vec::new();
    for rule in RULES.iter().filter(|r| r.perspective == perspective) {
        let Some(topic) = rule.topic.iter().find(|w| has(w)) else { continue };
        match rule.controls.iter().find(|w| has(w)) {
            Some(control) => controls.push(json!({"rule": rule.id, "evidence": control})),
            None => findings.push(json!({
                "rule": rule.id,
                "severity": rule.severity,
                "threat": rule.threat,
                "evidence": topic,
            })),
        }
    }
    (findings, controls)
}

/// A design-document security reviewer. Capabilities: `security-review`, `document-analysis`,
/// and the perspective's name.
#[derive(Debug, Clone)]
pub struct DesignReviewAgent {
    perspective: DesignPerspective,
    info: AgentInfo,
}

impl DesignReviewAgent {
    pub fn new(id: impl Into<String>, perspective: DesignPerspective) -> Self {
        let name = format!("Design security reviewer ({})", perspective.as_str());
        let info =
            AgentInfo::new(id, name, ["security-review", "document-analysis"]).with_expertise(0.75);
        DesignReviewAgent { perspective, info }
    }
}

impl Agent for DesignReviewAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let text = text_field(data).ok_or("no document: expected `data.text` (a string)")?;
        let (findings, controls) = design_review(self.perspective, text);
        let examined = findings.len() + controls.len();
        let worst = ["critical", "high", "medium"]
            .into_iter()
            .find(|s| findings.iter().any(|f| f["severity"] == *s));
        let verdict = match worst {
            Some("critical" | "high") => "revise",
            Some(_) => "accept-with-notes",
            None => "accept",
        };
        // Rules only speak to topics the document raises; few topics, little evidence.
        let confidence = (0.45 + 0.1 * examined as f64).min(0.85);
        let value = json!({
            "perspective": self.perspective.as_str(),
            "verdict": verdict,
            "findings": findings,
            "controls": controls,
        });
        Ok(AgentResponse::new(value, confidence).with_reasoning(format!(
            "{} perspective: {examined} topic(s) raised by the document, {} open",
            self.perspective.as_str(),
            findings.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_and_review() {
        let doc = "# Design\n\nAgents are reached over gRPC. Inputs are validated against a schema.\n\n## Registry\n\nAgents register in etcd.\n";
        let s = structure(doc);
        assert_eq!(s["title"], "Design");
        assert_eq!(s["sections"], json!(["Design", "Registry"]));
        assert_eq!(s["summary"][0], "Agents are reached over gRPC.");
        let (open, _) = design_review(DesignPerspective::Network, doc);
        let ids: Vec<&str> = open.iter().filter_map(|f| f["rule"].as_str()).collect();
        assert!(
            ids.contains(&"unencrypted-transport") && ids.contains(&"open-registry"),
            "{ids:?}"
        );
        let (_, controls) = design_review(DesignPerspective::Data, doc);
        assert_eq!(controls[0]["rule"], "input-validation");
    }
}
