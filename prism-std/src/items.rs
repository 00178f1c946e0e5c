//! What the primitives see in a list of results: every element is an [`Item`] with an answer,
//! a confidence and whether it failed, whatever its shape (AgentResult object, confident value
//! or plain value).

use prism_runtime::agents::{FAILED_REASONING, now_ms};
use prism_runtime::{Array, Value};
use serde_json::Value as Json;

/// One element of a result list, read uniformly.
#[derive(Clone)]
pub struct Item {
    /// The element as given (returned unchanged by selecting primitives).
    pub original: Value,
    /// The answer: an AgentResult's `result`, a confident value's inner value, or the value.
    pub answer: Value,
    /// An AgentResult's `confidence`, a confident value's confidence, or 1.0.
    pub confidence: f64,
    /// An AgentResult with an `error` (or a confident value with confidence 0 and a null answer).
    pub failed: bool,
}

impl Item {
    pub fn of(v: &Value) -> Item {
        match v {
            Value::Confident(c) => {
                let answer = c.value().clone();
                let failed = c.confidence() == 0.0 && answer.is_null();
                Item { original: v.clone(), answer, confidence: c.confidence(), failed }
            }
            Value::Object(o) if is_agent_result(o) => {
                let confidence = match o.get("confidence") {
                    Some(Value::Number(n)) if n.is_finite() => n.clamp(0.0, 1.0),
                    _ => 0.0,
                };
                let failed = o.get("error").is_some_and(|e| !e.is_null());
                let answer = o.get("result").unwrap_or(Value::Null);
                Item { original: v.clone(), answer, confidence, failed }
            }
            other => Item {
                original: other.clone(),
                answer: other.clone(),
                confidence: 1.0,
                failed: false,
            },
        }
    }

    /// Did not fail and has a confidence above 0.
    pub fn succeeded(&self) -> bool {
        !self.failed && self.confidence > 0.0
    }

    /// The answer with the item's confidence attached.
    pub fn confident_answer(&self) -> Value {
        Value::confident(self.answer.clone(), self.confidence)
    }
}

/// An object in the shape of an `agentResults` entry: it has `result` and `confidence`, and
/// `agentId` or `error`.
fn is_agent_result(o: &prism_runtime::Object) -> bool {
    o.contains_key("confidence")
        && o.contains_key("result")
        && (o.contains_key("agentId") || o.contains_key("error"))
}

/// The elements of an array argument (a confident array counts as its array).
pub fn elements(v: &Value) -> Option<Vec<Value>> {
    match v.strip_confidence() {
        Value::Array(a) => Some(a.snapshot()),
        _ => None,
    }
}

/// The items of a result list.
pub fn items(v: &Value) -> Option<Vec<Item>> {
    elements(v).map(|vs| vs.iter().map(Item::of).collect())
}

/// A plain array value.
pub fn array(items: Vec<Value>) -> Value {
    Value::Array(Array::new(items))
}

/// `null ~> 0`: "no answer".
pub fn nothing() -> Value {
    Value::confident(Value::Null, 0.0)
}

/// A key under which equal answers are equal: their JSON with object keys sorted.
pub fn answer_key(v: &Value) -> String {
    fn sorted(j: Json) -> Json {
        match j {
            Json::Object(map) => {
                let mut entries: Vec<(String, Json)> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
            }
            Json::Array(items) => Json::Array(items.into_iter().map(sorted).collect()),
            other => other,
        }
    }
    sorted(v.strip_confidence().to_json()).to_string()
}

/// A failed AgentResult for `agent_id` (shape of an `agentResults` entry).
pub fn failed_result(agent_id: &str, agent_name: &str, error: &str) -> Value {
    Value::object([
        ("agentId", Value::from(agent_id)),
        ("agentName", Value::from(agent_name)),
        ("capabilities", array(Vec::new())),
        ("expertise", Value::from(0.0)),
        ("result", Value::Null),
        ("confidence", Value::from(0.0)),
        ("reasoning", Value::from(FAILED_REASONING)),
        ("timestamp", Value::from(now_ms() as f64)),
        ("error", Value::from(error)),
    ])
}

/// A number argument, or `default` when it is null or missing.
pub fn number_or(v: Option<&Value>, default: f64) -> Option<f64> {
    match v.map(Value::strip_confidence) {
        None | Some(Value::Null) => Some(default),
        Some(Value::Number(n)) => Some(*n),
        Some(_) => None,
    }
}

/// A field of an options object (null when absent or when `opts` is not an object).
pub fn option(opts: Option<&Value>, key: &str) -> Value {
    match opts.map(Value::strip_confidence) {
        Some(Value::Object(o)) => o.get(key).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}
