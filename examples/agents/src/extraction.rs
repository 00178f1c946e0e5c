//! Structured-data extraction from free text: e-mail addresses, URLs, dates, money amounts and
//! phone numbers. Two extractors with different precision, so an extraction pattern can keep
//! what both find and weigh what only one finds:
//!
//! * strict (expertise 0.85): ISO dates (`2026-03-14`), amounts with a currency sign or code
//!   (`$1,250.00`, `300 EUR`), `+`-prefixed phone numbers;
//! * lenient (0.65): also `14/03/2026` dates, bare `12.50` amounts after "pay"/"total"/"amount",
//!   obfuscated addresses (`ana [at] example.com`) and phone numbers without `+`.
//!
//! Answers `{emails, urls, dates, amounts, phones}` (each a list of strings, in text order).

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

use crate::text::text_field;

/// Extracted fields.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Extracted {
    pub emails: Vec<String>,
    pub urls: Vec<String>,
    pub dates: Vec<String>,
    pub amounts: Vec<String>,
    pub phones: Vec<String>,
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn trim_token(t: &str) -> &str {
    t.trim_start_matches(['(', '"', '\'', '<'])
        .trim_end_matches([',', ';', ':', ')', '"', '\'', '>', '.', '!', '?'])
}

fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.split_once('@') else { return false };
    !local.is_empty()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.chars().all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
}

fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&t[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&t[8..10].parse::<u32>().unwrap_or(0))
}

/// `14/03/2026` or `3/14/2026`, normalised to nothing: kept as written.
fn is_slash_date(t: &str) -> bool {
    let parts: Vec<&str> = t.split('/').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts[2].len() == 4
        && parts[0].len() <= 2
        && parts[1].len() <= 2
}

fn is_number(t: &str) -> bool {
    let digits = t.replace(',', "");
    !digits.is_empty()
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit())
}

const CURRENCY_CODES: &[&str] = &["USD", "EUR", "GBP", "JPY", "CHF"];
const AMOUNT_CUES: &[&str] = &["pay", "paid", "total", "amount", "owe", "cost", "costs"];

fn phone_digits(t: &str) -> usize {
    t.chars().filter(char::is_ascii_digit).count()
}

fn is_phone_shape(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii_digit() || "+-. ".contains(c))
        && (9..=15).contains(&phone_digits(t))
}

/// Extracts every field from `text`; `lenient` adds the looser forms.
pub fn extract(text: &str, lenient: bool) -> Extracted {
    let mut out = Extracted::default();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < tokens.len() {
        let raw = tokens[i];
        let t = trim_token(raw);
        let prev = if i > 0 { trim_token(tokens[i - 1]).to_lowercase() } else { String::new() };
        let next = tokens.get(i + 1).map(|n| trim_token(n)).unwrap_or_default();
        if t.starts_with("http://") || t.starts_with("https://") {
            push_unique(&mut out.urls, t.to_string());
        } else if is_email(t) {
            push_unique(&mut out.emails, t.to_lowercase());
        } else if lenient
            && matches!(next, "[at]" | "(at)")
            && let Some(domain) = tokens.get(i + 2).map(|d| trim_token(d))
            && is_email(&format!("{t}@{domain}"))
        {
            push_unique(&mut out.emails, format!("{t}@{domain}").to_lowercase());
            i += 3;
            continue;
        } else if is_iso_date(t) || (lenient && is_slash_date(t)) {
            push_unique(&mut out.dates, t.to_string());
        } else if let Some(n) = t.strip_prefix(['$', '€', '£'])
            && is_number(n)
        {
            push_unique(&mut out.amounts, t.to_string());
        } else if is_number(t) && CURRENCY_CODES.contains(&next) {
            push_unique(&mut out.amounts, format!("{t} {next}"));
            i += 2;
            continue;
        } else if lenient && is_number(t) && t.contains('.') && AMOUNT_CUES.contains(&prev.as_str())
        {
            push_unique(&mut out.amounts, t.to_string());
        } else if t.starts_with('+') && is_phone_shape(t) {
            push_unique(&mut out.phones, t.to_string());
        } else if t.starts_with('+') || (lenient && t.starts_with(|c: char| c.is_ascii_digit())) {
            // A phone number written in groups: `+1 415 555 0100`.
            let mut j = i;
            let mut joined = String::new();
            while j < tokens.len()
                && trim_token(tokens[j]).chars().all(|c| c.is_ascii_digit() || "+-.".contains(c))
            {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(trim_token(tokens[j]));
                j += 1;
            }
            if j > i + 1 && is_phone_shape(&joined) && (joined.starts_with('+') || lenient) {
                push_unique(&mut out.phones, joined);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// An extractor. Capabilities: `extraction`, `text-analysis`.
#[derive(Debug, Clone)]
pub struct ExtractionAgent {
    lenient: bool,
    info: AgentInfo,
}

impl ExtractionAgent {
    /// The strict or the lenient extractor.
    pub fn new(id: impl Into<String>, lenient: bool) -> Self {
        let (name, expertise) =
            if lenient { ("Extractor (lenient)", 0.65) } else { ("Extractor (strict)", 0.85) };
        let info =
            AgentInfo::new(id, name, ["extraction", "text-analysis"]).with_expertise(expertise);
        ExtractionAgent { lenient, info }
    }
}

impl Agent for ExtractionAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let text = text_field(data).ok_or("no text: expected `data.text` (a string)")?;
        let found = extract(text, self.lenient);
        let total = found.emails.len()
            + found.urls.len()
            + found.dates.len()
            + found.amounts.len()
            + found.phones.len();
        // The strict forms are rarely wrong; the lenient ones trade precision for recall.
        let confidence = match (total, self.lenient) {
            (0, _) => 0.4,
            (_, false) => 0.9,
            (_, true) => 0.7,
        };
        let value = json!({
            "emails": found.emails,
            "urls": found.urls,
            "dates": found.dates,
            "amounts": found.amounts,
            "phones": found.phones,
            "mode": if self.lenient { "lenient" } else { "strict" },
        });
        Ok(AgentResponse::new(value, confidence)
            .with_reasoning(format!("{total} item(s) extracted from {} characters", text.len())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_lenient() {
        let text = "Contact ana@example.com or bo [at] example.org by 2026-03-14 (or 15/03/2026). \
                    Total 12.50 and $1,250.00 plus 300 EUR. Call +1 415 555 0100 or 020 7946 0958; \
                    see https://example.com/terms.";
        let strict = extract(text, false);
        assert_eq!(strict.emails, ["ana@example.com"]);
        assert_eq!(strict.dates, ["2026-03-14"]);
        assert_eq!(strict.amounts, ["$1,250.00", "300 EUR"]);
        assert_eq!(strict.phones, ["+1 415 555 0100"]);
        assert_eq!(strict.urls, ["https://example.com/terms"]);
        let lenient = extract(text, true);
        assert_eq!(lenient.emails, ["ana@example.com", "bo@example.org"]);
        assert_eq!(lenient.dates, ["2026-03-14", "15/03/2026"]);
        assert_eq!(lenient.amounts, ["12.50", "$1,250.00", "300 EUR"]);
        assert_eq!(lenient.phones, ["+1 415 555 0100", "020 7946 0958"]);
    }
}
