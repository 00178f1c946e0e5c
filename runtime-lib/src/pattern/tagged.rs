//! The tagged JSON encoding of the conformance cases (`../shared/conformance/README.md`):
//! `{"$confident": v, "confidence": c}` is a confident value, `{"$number": "NaN" | "Infinity" |
//! "-Infinity"}` a non-finite number, `{"$function": true}` a function. Test harnesses use it to
//! pass globals in and read results out without losing confidences.

use crate::value::{Conf, Value};
use serde_json::{Value as Json, json};

/// Nesting deeper than this (or a cycle) is written as null.
const MAX_DEPTH: usize = 512;

/// Decodes tagged JSON into a Prism value.
pub fn from_tagged_json(json: &Json) -> Value {
    match json {
        Json::Object(map) => {
            if let (Some(inner), Some(c), 2) =
                (map.get("$confident"), map.get("confidence"), map.len())
            {
                return Value::Confident(Conf::new(
                    from_tagged_json(inner),
                    c.as_f64().unwrap_or(0.0),
                ));
            }
            if let (Some(Json::String(n)), 1) = (map.get("$number"), map.len()) {
                let number = match n.as_str() {
                    "Infinity" => f64::INFINITY,
                    "-Infinity" => f64::NEG_INFINITY,
                    _ => f64::NAN,
                };
                return Value::from(number);
            }
            Value::object(map.iter().map(|(k, v)| (k.as_str(), from_tagged_json(v))))
        }
        Json::Array(items) => Value::array(items.iter().map(from_tagged_json).collect()),
        other => Value::from_json(other),
    }
}

/// Encodes a Prism value as tagged JSON.
pub fn to_tagged_json(value: &Value) -> Json {
    encode(value, 0)
}

/// A program result as the cases state it: a confident result is unwrapped once, giving the
/// inner value and its confidence; a plain result has no confidence.
pub fn case_result(value: &Value) -> (Json, Option<f64>) {
    match value {
        Value::Confident(c) => (encode(c.value(), 0), Some(c.confidence())),
        other => (encode(other, 0), None),
    }
}

fn encode(value: &Value, depth: usize) -> Json {
    if depth > MAX_DEPTH {
        return Json::Null;
    }
    match value {
        Value::Number(n) if n.is_nan() => json!({"$number": "NaN"}),
        Value::Number(n) if n.is_infinite() => {
            json!({"$number": if *n > 0.0 { "Infinity" } else { "-Infinity" }})
        }
        Value::Confident(c) => {
            json!({"$confident": encode(c.value(), depth + 1), "confidence": c.confidence()})
        }
        Value::Function(_) => json!({"$function": true}),
        Value::Array(items) => {
            Json::Array(items.snapshot().iter().map(|v| encode(v, depth + 1)).collect())
        }
        Value::Object(map) => Json::Object(
            map.entries().iter().map(|(k, v)| (k.to_string(), encode(v, depth + 1))).collect(),
        ),
        other => other.to_json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
