//! The tagged JSON encoding of the conformance cases (`../shared/conformance/README.md`):
//! `{"$confident": v, "confidence": c}` is a confident value, `{"$number": "NaN" | "Infinity" |
//! "-Infinity"}` a non-finite number, `{"$function": true}` a function. Test harnesses use it to
//! pass globals in and read results out without losing confidences.

pub use crate::json::{from_tagged_json, to_tagged_json};
use crate::value::Value;
use serde_json::Value as Json;

/// A program result as the cases state it: a confident result is unwrapped once, giving the
/// inner value and its confidence; a plain result has no confidence.
pub fn case_result(value: &Value) -> (Json, Option<f64>) {
    match value {
        Value::Confident(c) => (to_tagged_json(c.value()), Some(c.confidence())),
        other => (to_tagged_json(other), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Conf;
    use serde_json::json;

    #[test]
    fn round_trips_the_tagged_forms() {
        let text = json!({
            "a": {"$confident": [1, {"$number": "NaN"}], "confidence": 0.5},
            "b": {"$number": "-Infinity"},
            "c": {"confidence": 0.2, "value": 3}
        });
        let value = from_tagged_json(&text);
        assert_eq!(to_tagged_json(&value), text);
    }

    #[test]
    fn case_results_unwrap_once() {
        let inner = Value::Confident(Conf::new(Value::from(5.0), 0.9));
        let outer = Value::Confident(Conf::new(inner, 0.5));
        let (value, confidence) = case_result(&outer);
        assert_eq!(value, json!({"$confident": 5, "confidence": 0.9}));
        assert_eq!(confidence, Some(0.5));
        assert_eq!(case_result(&Value::from("x")), (json!("x"), None));
    }
}
