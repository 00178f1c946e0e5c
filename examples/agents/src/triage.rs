//! Support-ticket triage: three classifiers of one text into `bug`, `billing`, `account`,
//! `security`, `feature-request` or `other`, each with its own method, so consensus, voting
//! and disagreement patterns have real, sometimes diverging, opinions to combine.
//!
//! * [`Method::Keywords`]: counts every category's keywords in the whole text (expertise 0.85);
//! * [`Method::Rules`]: the first category, in a fixed priority order, with a matching keyword
//!   (security before billing before account before bug before feature requests) (0.7);
//! * [`Method::Subject`]: keywords of the subject line only (`data.subject`, else the first
//!   line) (0.55).
//!
//! Every answer is `{answer, method, scores, evidence}`; `answer` is the label.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

use crate::text::{text_field, words};

/// Categories and their keywords, in the rule method's priority order.
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "security",
        &[
            "hacked",
            "breach",
            "phishing",
            "vulnerability",
            "exploit",
            "leak",
            "leaked",
            "unauthorized",
            "suspicious",
            "malware",
            "2fa",
            "compromised",
        ],
    ),
    (
        "billing",
        &[
            "invoice",
            "charged",
            "charge",
            "refund",
            "payment",
            "billing",
            "subscription",
            "price",
            "card",
            "overcharged",
            "receipt",
            "plan",
        ],
    ),
    (
        "account",
        &[
            "login",
            "password",
            "account",
            "locked",
            "username",
            "email",
            "signup",
            "sign",
            "reset",
            "profile",
            "delete",
            "verification",
        ],
    ),
    (
        "bug",
        &[
            "crash",
            "crashes",
            "error",
            "broken",
            "bug",
            "fails",
            "failed",
            "freeze",
            "freezes",
            "exception",
            "500",
            "doesn't",
            "blank",
            "stuck",
        ],
    ),
    (
        "feature-request",
        &[
            "feature",
            "request",
            "wish",
            "would",
            "add",
            "support",
            "integration",
            "suggest",
            "please",
            "option",
            "dark",
            "export",
        ],
    ),
];

/// How a classifier decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Keyword counts over the whole text.
    Keywords,
    /// First category in priority order with any keyword.
    Rules,
    /// Keyword counts over the subject line.
    Subject,
}

impl Method {
    /// `keywords`, `rules` or `subject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Keywords => "keywords",
            Method::Rules => "rules",
            Method::Subject => "subject",
        }
    }
}

/// A triage classifier. Capabilities: `analysis`, `classification`.
#[derive(Debug, Clone)]
pub struct TriageAgent {
    method: Method,
    info: AgentInfo,
}

impl TriageAgent {
    /// A classifier using `method`.
    pub fn new(id: impl Into<String>, method: Method) -> Self {
        let expertise = match method {
            Method::Keywords => 0.85,
            Method::Rules => 0.7,
            Method::Subject => 0.55,
        };
        let name = format!("Ticket classifier ({})", method.as_str());
        let info =
            AgentInfo::new(id, name, ["analysis", "classification"]).with_expertise(expertise);
        TriageAgent { method, info }
    }
}

/// Keyword hits per category (in [`CATEGORIES`] order) and the words that hit.
fn hits(words: &[String]) -> (Vec<usize>, Vec<String>) {
    let mut counts = vec![0; CATEGORIES.len()];
    let mut evidence = Vec::new();
    for w in words {
        for (i, (_, keys)) in CATEGORIES.iter().enumerate() {
            if keys.contains(&w.as_str()) {
                counts[i] += 1;
                if !evidence.contains(w) {
                    evidence.push(w.clone());
                }
            }
        }
    }
    (counts, evidence)
}

/// The label with the most hits (first on ties) and a confidence from its margin.
fn by_counts(counts: &[usize]) -> (&'static str, f64) {
    let total: usize = counts.iter().sum();
    let mut best = 0;
    for (i, c) in counts.iter().enumerate() {
        if *c > counts[best] {
            best = i;
        }
    }
    if total == 0 {
        return ("other", 0.3);
    }
    let top = counts[best] as f64;
    let second = counts.iter().enumerate().filter(|(i, _)| *i != best).map(|(_, c)| *c).max();
    let margin = (top - second.unwrap_or(0) as f64) / top;
    // Evidence strength: more hits support the label better, up to 4.
    let strength = (top.min(4.0)) / 4.0;
    (CATEGORIES[best].0, (0.4 + 0.3 * margin + 0.25 * strength).clamp(0.05, 0.95))
}

/// Classifies `text` (with an optional explicit subject) by `method`.
pub fn classify(method: Method, text: &str, subject: Option<&str>) -> (&'static str, f64, Value) {
    let all = words(text);
    let (counts, evidence) = match method {
        Method::Subject => {
            let line = subject.unwrap_or_else(|| text.lines().next().unwrap_or_default());
            hits(&words(line))
        }
        _ => hits(&all),
    };
    let (label, confidence) = match method {
        Method::Keywords | Method::Subject => by_counts(&counts),
        Method::Rules => match counts.iter().position(|c| *c > 0) {
            None => ("other", 0.35),
            Some(i) => {
                let competing = counts.iter().filter(|c| **c > 0).count();
                (CATEGORIES[i].0, if competing > 1 { 0.65 } else { 0.8 })
            }
        },
    };
    let scores: serde_json::Map<String, Value> = CATEGORIES
        .iter()
        .zip(&counts)
        .map(|((name, _), c)| ((*name).to_string(), json!(c)))
        .collect();
    (label, confidence, json!({"scores": scores, "evidence": evidence}))
}

impl Agent for TriageAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let text = text_field(data).ok_or("no text: expected `data.text` (a string)")?;
        let subject = data.get("subject").and_then(Value::as_str);
        let (label, confidence, details) = classify(self.method, text, subject);
        let value = json!({
            "answer": label,
            "method": self.method.as_str(),
            "scores": details["scores"],
            "evidence": details["evidence"],
        });
        let reasoning = format!(
            "{} method: `{label}` from keywords {}",
            self.method.as_str(),
            details["evidence"]
        );
        Ok(AgentResponse::new(value, confidence).with_reasoning(reasoning))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICKET: &str = "Charged twice for my subscription\nThe app also crashes when I open the invoice page, please refund the second charge.";

    #[test]
    fn methods_can_disagree() {
        let (k, kc, _) = classify(Method::Keywords, TICKET, None);
        let (r, _, _) = classify(Method::Rules, TICKET, None);
        let (s, _, _) = classify(Method::Subject, TICKET, None);
        assert_eq!((k, r, s), ("billing", "billing", "billing"));
        assert!(kc > 0.5);
        let login = "Cannot login\nI think my account was hacked, there is a suspicious charge";
        assert_eq!(classify(Method::Rules, login, None).0, "security");
        assert_eq!(classify(Method::Subject, login, None).0, "account");
        assert_eq!(classify(Method::Keywords, "hello there", None).0, "other");
    }
}
