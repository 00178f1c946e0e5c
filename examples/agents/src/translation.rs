//! Translation verification (English to Spanish): two checkers of a candidate translation
//! (`data.source`, `data.translation`), by independent evidence.
//!
//! * lexicon (expertise 0.8): the share of the source's content words whose dictionary
//!   translations appear in the candidate; missing words are listed. Confidence grows with the
//!   share of source words the dictionary knows.
//! * invariants (0.7): what must survive any translation: numbers, URLs and e-mail addresses,
//!   capitalised names, question and exclamation marks, and a plausible length ratio.
//!
//! Both answer `{verdict: "accurate" | "partial" | "inaccurate", score, issues, ...}`.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

use crate::text::words;

/// English word → accepted Spanish forms.
const LEXICON: &[(&str, &[&str])] = &[
    ("account", &["cuenta"]),
    ("be", &["ser", "estar", "será", "estará"]),
    ("before", &["antes"]),
    ("cancel", &["cancelar", "cancele"]),
    ("card", &["tarjeta"]),
    ("change", &["cambiar", "cambio"]),
    ("check", &["revisar", "comprobar", "revise"]),
    ("contact", &["contacte", "contactar", "contacto"]),
    ("customer", &["cliente"]),
    ("day", &["día"]),
    ("days", &["días"]),
    ("delivery", &["entrega"]),
    ("email", &["correo"]),
    ("free", &["gratis", "gratuito", "gratuita"]),
    ("help", &["ayuda", "ayudar"]),
    ("invoice", &["factura"]),
    ("money", &["dinero"]),
    ("month", &["mes"]),
    ("new", &["nuevo", "nueva"]),
    ("order", &["pedido", "orden"]),
    ("password", &["contraseña"]),
    ("pay", &["pagar", "pague"]),
    ("payment", &["pago"]),
    ("please", &["por favor", "favor"]),
    ("price", &["precio"]),
    ("product", &["producto"]),
    ("receive", &["recibir", "recibirá", "recibe"]),
    ("refund", &["reembolso", "reembolsar"]),
    ("return", &["devolver", "devolución"]),
    ("send", &["enviar", "enviaremos", "envíe"]),
    ("service", &["servicio"]),
    ("shipping", &["envío"]),
    ("subscription", &["suscripción"]),
    ("support", &["soporte", "asistencia"]),
    ("team", &["equipo"]),
    ("thank", &["gracias"]),
    ("thanks", &["gracias"]),
    ("today", &["hoy"]),
    ("tomorrow", &["mañana"]),
    ("within", &["dentro"]),
    ("you", &["usted", "le", "te", "tu"]),
    ("your", &["su", "tu"]),
    ("we", &["nosotros", "enviaremos", "recibiremos"]),
    ("will", &["será", "recibirá", "enviaremos"]),
    ("week", &["semana"]),
    ("weeks", &["semanas"]),
];

/// English words that carry no content of their own here.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "it", "this",
    "that", "with", "at", "by", "if", "our", "us", "i", "my",
];

/// `(score, known, missing)` of the lexicon check.
pub fn lexicon_check(source: &str, translation: &str) -> (f64, usize, Vec<String>) {
    let target = translation.to_lowercase();
    let target_words = words(&target);
    let mut known = 0;
    let mut found = 0;
    let mut missing = Vec::new();
    // Addresses are checked verbatim by the invariants checker, not word by word.
    let prose: Vec<&str> =
        source.split_whitespace().filter(|t| !t.contains('@') && !t.contains("://")).collect();
    for w in words(&prose.join(" ")) {
        if FUNCTION_WORDS.contains(&w.as_str()) {
            continue;
        }
        let Some((_, forms)) = LEXICON.iter().find(|(en, _)| *en == w) else { continue };
        known += 1;
        let present = forms.iter().any(|f| {
            if f.contains(' ') { target.contains(f) } else { target_words.iter().any(|t| t == f) }
        });
        if present {
            found += 1;
        } else if !missing.contains(&w) {
            missing.push(w);
        }
    }
    let score = if known == 0 { 0.0 } else { found as f64 / known as f64 };
    (score, known, missing)
}

/// Tokens that must appear unchanged: numbers, URLs, e-mail addresses, capitalised names not at
/// a sentence start.
fn invariant_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let t = raw.trim_matches(|c: char| ",.;:!?()\"'".contains(c));
        let keep = t.chars().any(|c| c.is_ascii_digit())
            || t.contains("://")
            || t.contains('@')
            || (!sentence_start && t.chars().next().is_some_and(char::is_uppercase) && t.len() > 1);
        if keep && !t.is_empty() {
            out.push(t.to_string());
        }
        sentence_start = raw.ends_with(['.', '!', '?']);
    }
    out
}

/// Issues found by the invariants check.
pub fn invariants_check(source: &str, translation: &str) -> Vec<String> {
    let mut issues = Vec::new();
    for token in invariant_tokens(source) {
        if !translation.contains(&token) {
            issues.push(format!("`{token}` is missing from the translation"));
        }
    }
    for (mark, name) in [('?', "question"), ('!', "exclamation")] {
        if source.contains(mark) && !translation.contains(mark) {
            issues.push(format!("the source is a {name} but the translation has no `{mark}`"));
        }
    }
    let ratio = translation.chars().count() as f64 / source.chars().count().max(1) as f64;
    if !(0.6..=1.8).contains(&ratio) {
        issues.push(format!("length ratio {ratio:.2} is outside 0.6–1.8: text added or dropped"));
    }
    issues
}

fn verdict(score: f64) -> &'static str {
    if score >= 0.8 {
        "accurate"
    } else if score >= 0.5 {
        "partial"
    } else {
        "inaccurate"
    }
}

/// A verifier. Capabilities: `translation-verification`, `translation`.
#[derive(Debug, Clone)]
pub struct TranslationAgent {
    lexicon: bool,
    info: AgentInfo,
}

impl TranslationAgent {
    /// The lexicon checker (`lexicon` true) or the invariants checker.
    pub fn new(id: impl Into<String>, lexicon: bool) -> Self {
        let (name, expertise) = if lexicon {
            ("Translation checker (lexicon)", 0.8)
        } else {
            ("Translation checker (invariants)", 0.7)
        };
        let info = AgentInfo::new(id, name, ["translation-verification", "translation"])
            .with_expertise(expertise);
        TranslationAgent { lexicon, info }
    }
}

impl Agent for TranslationAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let source = data.get("source").and_then(Value::as_str).ok_or("expected `data.source`")?;
        let translation =
            data.get("translation").and_then(Value::as_str).ok_or("expected `data.translation`")?;
        if self.lexicon {
            let (score, known, missing) = lexicon_check(source, translation);
            if known == 0 {
                return Err("no source word is in the lexicon: cannot judge".into());
            }
            let total = words(source).len().max(1);
            let coverage = known as f64 / total as f64;
            let confidence = (0.4 + coverage).min(0.9);
            let issues: Vec<String> =
                missing.iter().map(|w| format!("`{w}` has no counterpart")).collect();
            let value = json!({
                "check": "lexicon",
                "verdict": verdict(score),
                "score": (score * 1000.0).round() / 1000.0,
                "issues": issues,
                "wordsChecked": known,
            });
            Ok(AgentResponse::new(value, confidence)
                .with_reasoning(format!("{known} known source words, {} missing", missing.len())))
        } else {
            let issues = invariants_check(source, translation);
            let score = (1.0 - 0.25 * issues.len() as f64).max(0.0);
            let value = json!({
                "check": "invariants",
                "verdict": verdict(score),
                "score": score,
                "issues": issues,
            });
            Ok(AgentResponse::new(value, 0.75)
                .with_reasoning(format!("{} invariant(s) broken", issues.len())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        let en =
            "Your refund of 40 EUR will be sent within 5 days. Contact Ana at help@shop.example?";
        let good = "Su reembolso de 40 EUR será enviado dentro de 5 días. ¿Contacte a Ana en help@shop.example?";
        let bad = "Su pedido será enviado mañana.";
        let (score, _, missing) = lexicon_check(en, good);
        assert!(score >= 0.8, "{score} {missing:?}");
        assert!(invariants_check(en, good).is_empty(), "{:?}", invariants_check(en, good));
        let (low, _, _) = lexicon_check(en, bad);
        assert!(low < 0.5);
        assert!(invariants_check(en, bad).len() >= 3);
    }
}
