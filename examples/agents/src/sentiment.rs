//! A lexicon sentiment analyser: weighted positive/negative words, negation (`not good`),
//! intensifiers (`very good`) and dampeners (`slightly bad`), a normalised score in
//! [-1, 1], a label, and a confidence from the strength and agreement of the evidence.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

use crate::text::{text_field, words};

/// Positive words and their weights.
const POSITIVE: &[(&str, f64)] = &[
    ("good", 1.0),
    ("great", 1.5),
    ("excellent", 2.0),
    ("amazing", 2.0),
    ("awesome", 2.0),
    ("love", 2.0),
    ("loved", 2.0),
    ("like", 0.8),
    ("liked", 0.8),
    ("nice", 1.0),
    ("happy", 1.5),
    ("glad", 1.2),
    ("pleased", 1.2),
    ("fantastic", 2.0),
    ("wonderful", 2.0),
    ("best", 1.8),
    ("better", 0.8),
    ("perfect", 2.0),
    ("fast", 0.7),
    ("reliable", 1.2),
    ("easy", 0.8),
    ("helpful", 1.2),
    ("recommend", 1.5),
    ("impressive", 1.5),
    ("enjoy", 1.3),
    ("enjoyed", 1.3),
    ("satisfied", 1.3),
    ("clean", 0.6),
    ("smooth", 0.8),
    ("works", 0.6),
    ("solid", 0.8),
    ("delighted", 2.0),
    ("brilliant", 2.0),
    ("superb", 2.0),
    ("thanks", 0.8),
];

/// Negative words and their weights (as positive magnitudes).
const NEGATIVE: &[(&str, f64)] = &[
    ("bad", 1.0),
    ("terrible", 2.0),
    ("awful", 2.0),
    ("horrible", 2.0),
    ("hate", 2.0),
    ("hated", 2.0),
    ("poor", 1.2),
    ("worst", 2.0),
    ("worse", 1.0),
    ("slow", 0.8),
    ("broken", 1.5),
    ("bug", 0.8),
    ("buggy", 1.3),
    ("crash", 1.5),
    ("crashes", 1.5),
    ("crashed", 1.5),
    ("fail", 1.2),
    ("fails", 1.2),
    ("failed", 1.2),
    ("useless", 1.8),
    ("disappointed", 1.6),
    ("disappointing", 1.6),
    ("annoying", 1.2),
    ("angry", 1.5),
    ("sad", 1.2),
    ("unhappy", 1.5),
    ("expensive", 0.7),
    ("difficult", 0.8),
    ("confusing", 1.0),
    ("unreliable", 1.5),
    ("waste", 1.5),
    ("refund", 1.0),
    ("problem", 0.8),
    ("problems", 0.8),
    ("error", 0.7),
    ("errors", 0.7),
    ("never", 0.3),
    ("frustrating", 1.5),
    ("lag", 0.8),
];

const NEGATORS: &[&str] = &[
    "not", "no", "never", "dont", "don't", "isn't", "isnt", "wasn't", "wasnt", "didn't", "didnt",
    "doesn't", "doesnt", "can't", "cant", "won't", "wont", "nothing", "hardly",
];
const INTENSIFIERS: &[(&str, f64)] = &[
    ("very", 1.5),
    ("really", 1.4),
    ("extremely", 1.8),
    ("so", 1.3),
    ("super", 1.5),
    ("incredibly", 1.8),
    ("totally", 1.4),
    ("absolutely", 1.7),
    ("quite", 1.2),
];
const DAMPENERS: &[(&str, f64)] =
    &[("slightly", 0.5), ("somewhat", 0.6), ("barely", 0.4), ("kinda", 0.6), ("bit", 0.7)];

/// How many words back a negator reaches.
const NEGATION_WINDOW: usize = 3;
/// Normalisation constant of the score (as in VADER: `s / sqrt(s² + α)`).
const ALPHA: f64 = 15.0;
/// Scores within ±this are neutral.
const NEUTRAL_BAND: f64 = 0.05;

fn lookup(table: &[(&str, f64)], word: &str) -> Option<f64> {
    table.iter().find(|(w, _)| *w == word).map(|(_, weight)| *weight)
}

/// One matched sentiment word.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The word.
    pub word: String,
    /// Its contribution (negative for negative sentiment).
    pub weight: f64,
    /// Whether a negator flipped it.
    pub negated: bool,
}

/// The analysis of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct SentimentReport {
    /// `positive`, `negative` or `neutral`.
    pub label: &'static str,
    /// Normalised score in [-1, 1].
    pub score: f64,
    /// Matched words.
    pub hits: Vec<Hit>,
    /// Words in the text.
    pub tokens: usize,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// Analyses `text`.
pub fn analyze_text(text: &str) -> SentimentReport {
    let tokens = words(text);
    let mut hits = Vec::new();
    for (i, word) in tokens.iter().enumerate() {
        let base = match (lookup(POSITIVE, word), lookup(NEGATIVE, word)) {
            (Some(p), _) => p,
            (None, Some(n)) => -n,
            (None, None) => continue,
        };
        let mut weight = base;
        if i > 0 {
            let prev = tokens[i - 1].as_str();
            if let Some(m) = lookup(INTENSIFIERS, prev).or_else(|| lookup(DAMPENERS, prev)) {
                weight *= m;
            }
        }
        let start = i.saturating_sub(NEGATION_WINDOW);
        let negated = tokens[start..i].iter().any(|w| NEGATORS.contains(&w.as_str()))
            // "never" is itself listed as weakly negative; it negates but is not negated.
            && *word != "never";
        if negated {
            // Negation flips and weakens ("not good" is milder than "bad").
            weight = -weight * 0.75;
        }
        hits.push(Hit { word: word.clone(), weight, negated });
    }
    let sum: f64 = hits.iter().map(|h| h.weight).sum();
    let score = sum / (sum * sum + ALPHA).sqrt();
    let label = if score > NEUTRAL_BAND {
        "positive"
    } else if score < -NEUTRAL_BAND {
        "negative"
    } else {
        "neutral"
    };
    let confidence = confidence(&hits, tokens.len());
    SentimentReport { label, score, hits, tokens: tokens.len(), confidence }
}

/// Evidence strength: more sentiment words and more agreement between them raise the
/// confidence; mixed evidence or none lowers it.
fn confidence(hits: &[Hit], tokens: usize) -> f64 {
    if tokens == 0 {
        return 0.1;
    }
    let positive: f64 = hits.iter().filter(|h| h.weight > 0.0).map(|h| h.weight).sum();
    let negative: f64 = hits.iter().filter(|h| h.weight < 0.0).map(|h| -h.weight).sum();
    let total = positive + negative;
    if total == 0.0 {
        // No sentiment words: "neutral" is a guess whose support grows with text length.
        return (0.35 + 0.02 * (tokens as f64).min(10.0)).min(0.55);
    }
    let agreement = (positive - negative).abs() / total;
    let strength = 1.0 - (-total / 2.5).exp();
    (0.25 + 0.7 * strength * (0.3 + 0.7 * agreement)).clamp(0.05, 0.95)
}

fn report_json(report: &SentimentReport) -> Value {
    let list = |positive: bool| -> Vec<Value> {
        report
            .hits
            .iter()
            .filter(|h| (h.weight > 0.0) == positive)
            .map(|h| json!({"word": h.word, "weight": round3(h.weight), "negated": h.negated}))
            .collect()
    };
    json!({
        "label": report.label,
        "score": round3(report.score),
        "positive": list(true),
        "negative": list(false),
        "tokens": report.tokens,
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The sentiment agent. Reads `data.text` (or `data.content`, or `data` as a string, or
/// `data.texts` as a list) and answers `{label, score, positive, negative, tokens}` (per
/// text under `results`, with an overall label, for a list).
#[derive(Debug, Clone)]
pub struct SentimentAgent {
    info: AgentInfo,
}

impl SentimentAgent {
    /// Capabilities: `sentiment`, `text-analysis`.
    pub fn new(id: impl Into<String>) -> Self {
        let info = AgentInfo::new(id, "Lexicon sentiment analyser", ["sentiment", "text-analysis"])
            .with_expertise(0.75);
        SentimentAgent { info }
    }
}

impl Agent for SentimentAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        if let Some(texts) = data.get("texts").and_then(Value::as_array) {
            let reports: Vec<SentimentReport> =
                texts.iter().filter_map(Value::as_str).map(analyze_text).collect();
            if reports.is_empty() {
                return Err("`data.texts` holds no strings".into());
            }
            let mean = reports.iter().map(|r| r.score).sum::<f64>() / reports.len() as f64;
            let confidence =
                reports.iter().map(|r| r.confidence).sum::<f64>() / reports.len() as f64;
            let overall = if mean > NEUTRAL_BAND {
                "positive"
            } else if mean < -NEUTRAL_BAND {
                "negative"
            } else {
                "neutral"
            };
            let value = json!({
                "label": overall,
                "score": round3(mean),
                "results": reports.iter().map(report_json).collect::<Vec<_>>(),
            });
            let reasoning = format!("{} texts, mean score {:.3}: {overall}", reports.len(), mean);
            return Ok(AgentResponse::new(value, confidence).with_reasoning(reasoning));
        }
        let Some(text) = text_field(data) else {
            return Err("no text to analyse: expected `data.text` (or `data.texts`)".into());
        };
        let report = analyze_text(text);
        let words: Vec<String> = report
            .hits
            .iter()
            .map(|h| format!("{}{}", if h.negated { "not " } else { "" }, h.word))
            .collect();
        let reasoning = if words.is_empty() {
            format!("no sentiment words in {} tokens: neutral by default", report.tokens)
        } else {
            format!(
                "{} sentiment word(s) [{}] give score {:.3}: {}",
                words.len(),
                words.join(", "),
                report.score,
                report.label
            )
        };
        let mut response =
            AgentResponse::new(report_json(&report), report.confidence).with_reasoning(reasoning);
        if report.hits.iter().any(|h| h.weight > 0.0) && report.hits.iter().any(|h| h.weight < 0.0)
        {
            response.uncertainties.push("mixed positive and negative evidence".into());
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_confidence() {
        let pos = analyze_text("I really love this product, it is excellent and fast!");
        assert_eq!(pos.label, "positive");
        assert!(pos.score > 0.5 && pos.confidence > 0.7, "{pos:?}");

        let neg = analyze_text("Terrible. It crashes constantly and support was useless.");
        assert_eq!(neg.label, "negative");
        assert!(neg.score < -0.5 && neg.confidence > 0.7, "{neg:?}");

        let neutral = analyze_text("The package arrived on Tuesday.");
        assert_eq!(neutral.label, "neutral");
        assert!(neutral.confidence < 0.6);

        let negated = analyze_text("This is not good.");
        assert_eq!(negated.label, "negative");
        assert!(negated.hits[0].negated);

        let mixed = analyze_text("Great screen but terrible battery.");
        assert!(mixed.confidence < pos.confidence);
    }

    #[test]
    fn intensifiers_strengthen() {
        let plain = analyze_text("good");
        let strong = analyze_text("very good");
        assert!(strong.score > plain.score);
    }
}
