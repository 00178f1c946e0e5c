//! A code reviewer with three perspectives — security, quality, performance — one agent per
//! perspective. Each scans `data.code` (or the added lines of `data.diff`) for real smells
//! and answers `{perspective, verdict, score, findings, counts, linesReviewed, source}`.

mod rules;
mod source;

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

pub use rules::{Finding, Severity};
pub use source::SourceLine;

/// A review perspective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perspective {
    /// Injection, secrets, code execution, unsafe crypto and deserialization.
    Security,
    /// Maintainability and error handling.
    Quality,
    /// Algorithmic and I/O efficiency.
    Performance,
}

impl Perspective {
    /// `security`, `quality` or `performance`.
    pub fn as_str(self) -> &'static str {
        match self {
            Perspective::Security => "security",
            Perspective::Quality => "quality",
            Perspective::Performance => "performance",
        }
    }

    /// Parses a perspective name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "security" => Some(Perspective::Security),
            "quality" => Some(Perspective::Quality),
            "performance" => Some(Perspective::Performance),
            _ => None,
        }
    }

    /// All three.
    pub const ALL: [Perspective; 3] =
        [Perspective::Security, Perspective::Quality, Perspective::Performance];
}

/// The outcome of one review.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The perspective.
    pub perspective: Perspective,
    /// Findings, by line.
    pub findings: Vec<Finding>,
    /// `approve`, `comment` or `request_changes`.
    pub verdict: &'static str,
    /// 100 minus a weighted count of findings, at least 0.
    pub score: u32,
    /// Lines examined (added lines for a diff).
    pub lines_reviewed: usize,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// Reviews `lines` from `perspective`.
pub fn review(perspective: Perspective, lines: &[SourceLine]) -> Review {
    let mut findings = match perspective {
        Perspective::Security => rules::security(lines),
        Perspective::Quality => rules::quality(lines),
        Perspective::Performance => rules::performance(lines),
    };
    findings.sort_by(|a, b| a.line.cmp(&b.line).then(b.severity.cmp(&a.severity)));
    let worst = findings.iter().map(|f| f.severity).max();
    let verdict = match worst {
        Some(Severity::Critical | Severity::High) => "request_changes",
        Some(Severity::Medium | Severity::Low) => "comment",
        None => "approve",
    };
    let penalty: u32 = findings
        .iter()
        .map(|f| match f.severity {
            Severity::Critical => 40,
            Severity::High => 20,
            Severity::Medium => 8,
            Severity::Low => 2,
        })
        .sum();
    let lines_reviewed = lines.iter().filter(|l| l.added).count();
    let confidence = confidence(&findings, lines_reviewed);
    Review {
        perspective,
        findings,
        verdict,
        score: 100u32.saturating_sub(penalty),
        lines_reviewed,
        confidence,
    }
}

/// Pattern matches are strong evidence, more so when severe; a clean result is weaker
/// evidence (a heuristic scanner can miss things) and weakens as the code grows.
fn confidence(findings: &[Finding], lines: usize) -> f64 {
    if findings.is_empty() {
        let size = 1.0 - (-(lines as f64) / 200.0).exp();
        return 0.72 - 0.17 * size;
    }
    let severe = findings.iter().filter(|f| f.severity >= Severity::High).count() as f64;
    let other = findings.len() as f64 - severe;
    (0.62 + 0.1 * severe + 0.03 * other).min(0.95)
}

fn review_json(review: &Review, source: &str) -> Value {
    let count = |s: Severity| review.findings.iter().filter(|f| f.severity == s).count();
    json!({
        "perspective": review.perspective.as_str(),
        "verdict": review.verdict,
        "score": review.score,
        "findings": review.findings.iter().map(|f| json!({
            "rule": f.rule,
            "severity": f.severity.as_str(),
            "line": f.line,
            "message": f.message,
            "excerpt": f.excerpt,
        })).collect::<Vec<_>>(),
        "counts": {
            "critical": count(Severity::Critical),
            "high": count(Severity::High),
            "medium": count(Severity::Medium),
            "low": count(Severity::Low),
        },
        "linesReviewed": review.lines_reviewed,
        "source": source,
    })
}

/// The lines to review from the request data, and where they came from.
pub fn lines_from_data(data: &Value) -> Result<(Vec<SourceLine>, &'static str), AnalyzeError> {
    if let Some(code) = data.get("code").and_then(Value::as_str) {
        return Ok((source::from_code(code), "code"));
    }
    if let Some(diff) = data.get("diff").and_then(Value::as_str) {
        return Ok((source::from_diff(diff), "diff"));
    }
    if let Some(code) = data.as_str() {
        return Ok((source::from_code(code), "code"));
    }
    Err("nothing to review: expected `data.code` or `data.diff` (a string)".into())
}

/// A code-review agent for one perspective. Capabilities: `code-review` and the
/// perspective's name.
#[derive(Debug, Clone)]
pub struct CodeReviewAgent {
    perspective: Perspective,
    info: AgentInfo,
}

impl CodeReviewAgent {
    /// A reviewer for `perspective`.
    pub fn new(id: impl Into<String>, perspective: Perspective) -> Self {
        let name = format!("Code reviewer ({})", perspective.as_str());
        let info =
            AgentInfo::new(id, name, ["code-review", perspective.as_str()]).with_expertise(0.8);
        CodeReviewAgent { perspective, info }
    }

    /// The perspective.
    pub fn perspective(&self) -> Perspective {
        self.perspective
    }
}

impl Agent for CodeReviewAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let (lines, source) = lines_from_data(data)?;
        if lines.iter().all(|l| l.text.trim().is_empty()) {
            return Err("the code to review is empty".into());
        }
        let review = review(self.perspective, &lines);
        let top: Vec<String> = review
            .findings
            .iter()
            .take(3)
            .map(|f| format!("{} {} at line {}", f.severity.as_str(), f.rule, f.line))
            .collect();
        let reasoning = if review.findings.is_empty() {
            format!(
                "{} review of {} lines found no issues",
                self.perspective.as_str(),
                review.lines_reviewed
            )
        } else {
            format!(
                "{} review of {} lines: {} finding(s) ({}{}); verdict {}",
                self.perspective.as_str(),
                review.lines_reviewed,
                review.findings.len(),
                top.join("; "),
                if review.findings.len() > 3 { "; …" } else { "" },
                review.verdict
            )
        };
        let mut response = AgentResponse::new(review_json(&review, source), review.confidence)
            .with_reasoning(reasoning);
        if review.findings.is_empty() {
            response.uncertainties.push("heuristic scan: absence of findings is not proof".into());
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(perspective: Perspective, code: &str) -> Vec<(&'static str, usize)> {
        review(perspective, &source::from_code(code))
            .findings
            .iter()
            .map(|f| (f.rule, f.line))
            .collect()
    }

    #[test]
    fn security_smells() {
        let code = r#"import os
API_KEY = "sk_live_51Habcdef"
def find(user_id):
    q = "SELECT * FROM users WHERE id = " + user_id
    cur.execute(f"DELETE FROM t WHERE name = '{name}'")
    cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
    result = eval(request.args["expr"])
    model.eval()
    os.system("rm -rf " + path)
    password = os.environ["PASSWORD"]
    if password == "hunter22":
        pass
"#;
        assert_eq!(
            rules_of(Perspective::Security, code),
            [
                ("hardcoded-secret", 2),
                ("sql-concatenation", 4),
                ("sql-concatenation", 5),
                ("dynamic-code-execution", 7),
                ("command-injection", 9),
            ]
        );
        let r = review(Perspective::Security, &source::from_code(code));
        assert_eq!(r.verdict, "request_changes");
        assert!(r.confidence > 0.9);
    }

    #[test]
    fn aws_keys_and_private_keys_are_critical() {
        let r = review(
            Perspective::Security,
            &source::from_code("aws = 'AKIAABCDEFGHIJKLMNOP'\n-----BEGIN RSA PRIVATE KEY-----"),
        );
        assert!(r.findings.iter().all(|f| f.severity == Severity::Critical));
        assert_eq!(r.findings.len(), 2);
    }

    #[test]
    fn quality_smells() {
        let mut code = String::from("fn long() {\n");
        for i in 0..60 {
            code.push_str(&format!("    let x{i} = {i};\n"));
        }
        code.push_str("}\n// TODO: remove\nlet v = parse(s).unwrap();\ntry { f() } catch (e) {}\n");
        let found = rules_of(Perspective::Quality, &code);
        assert!(found.contains(&("long-function", 1)), "{found:?}");
        assert!(found.contains(&("todo", 63)), "{found:?}");
        assert!(found.contains(&("unchecked-error", 64)), "{found:?}");
        assert!(found.contains(&("swallowed-error", 65)), "{found:?}");
        let py = "try:\n    go()\nexcept:\n    pass\n";
        let found = rules_of(Perspective::Quality, py);
        assert!(found.contains(&("bare-except", 3)) && found.contains(&("swallowed-error", 3)));
    }

    #[test]
    fn performance_smells() {
        let code = r#"def slow(users, orders):
    out = ""
    for u in users:
        for o in orders:
            if o.user == u.id:
                out += "x"
        db.execute("SELECT 1")
    while True:
        poll()
    while True:
        if done():
            break
"#;
        assert_eq!(
            rules_of(Perspective::Performance, code),
            [
                ("nested-loops", 4),
                ("string-concat-in-loop", 6),
                ("io-in-loop", 7),
                ("unbounded-loop", 8),
            ]
        );
    }

    #[test]
    fn clean_code_is_approved_with_moderate_confidence() {
        let r = review(
            Perspective::Security,
            &source::from_code("fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n"),
        );
        assert_eq!((r.verdict, r.findings.len()), ("approve", 0));
        assert!(r.confidence > 0.6 && r.confidence < 0.75);
    }

    #[test]
    fn diffs_only_report_added_lines() {
        let diff = "--- a/q.py\n+++ b/q.py\n@@ -1,2 +1,3 @@\n q = \"SELECT * FROM a WHERE x = \" + x\n+r = \"SELECT * FROM b WHERE y = \" + y\n keep()\n";
        let (lines, source) = lines_from_data(&json!({"diff": diff})).expect("diff");
        assert_eq!(source, "diff");
        assert_eq!(rules_of_lines(Perspective::Security, &lines), [("sql-concatenation", 2)]);
    }

    fn rules_of_lines(p: Perspective, lines: &[SourceLine]) -> Vec<(&'static str, usize)> {
        review(p, lines).findings.iter().map(|f| (f.rule, f.line)).collect()
    }
}
