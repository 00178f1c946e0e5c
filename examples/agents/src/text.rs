//! Small text helpers shared by the example agents.

use serde_json::Value;

/// Lower-cased words (letters, digits and apostrophes).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text an agent should read: `data.text`, `data.content`, or `data` itself when it is
/// a string.
pub fn text_field(data: &Value) -> Option<&str> {
    match data {
        Value::String(s) => Some(s),
        Value::Object(map) => {
            map.get("text").or_else(|| map.get("content")).and_then(Value::as_str)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_words() {
        assert_eq!(words("Don't STOP, it's 'great'!"), ["don't", "stop", "it's", "great"]);
    }

    #[test]
    fn finds_text() {
        assert_eq!(text_field(&json!({"text": "a"})), Some("a"));
        assert_eq!(text_field(&json!({"content": "b"})), Some("b"));
        assert_eq!(text_field(&json!("c")), Some("c"));
        assert_eq!(text_field(&json!({"x": 1})), None);
    }
}
