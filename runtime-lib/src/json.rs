//! JSON in and out.
//!
//! * Agent data and pattern inputs come in with [`Value::from_json`] (objects keep their key
//!   order; every number becomes an f64).
//! * Results go out with [`Value::to_json`] / [`result_to_json`]. **Shape of confident
//!   values:** a confident value `(v, c)` is written as the object
//!   `{"value": <v>, "confidence": c}`, at the top level and inside structures alike (nested
//!   confident values nest the same way). [`result_to_json`] always writes the top level in that
//!   shape: `{"value": v, "confidence": c}` for a confident result, `{"value": v, "confidence":
//!   null}` for a plain one. NaN and ±Infinity become `null`, functions and promises `null`, a
//!   cyclic reference `null`.
//! * Prism's `JSON.stringify` ([`stringify()`]) follows JavaScript instead (D7, D19): a confident
//!   value is written as its inner value, keys in insertion order, functions omitted from
//!   objects, numbers in JavaScript form; a cycle is an error. `JSON.parse` is [`parse`].

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::collections::{Object, ObjectMap};
use crate::error::{PResult, fail};
use crate::number_format::write_number;
use crate::pstr::Str;
use crate::text::MAX_DEPTH;
use crate::value::Value;

impl Value {
    /// Converts JSON data to a Prism value (objects keep their key order). Object keys that
    /// repeat across the data (the same fields in every agent result) share one string, which
    /// keeps property lookups on large result sets in cache; so do short string values (an
    /// answer or verdict repeated across results), which makes comparing them cheap too.
    pub fn from_json(json: &Json) -> Value {
        from_json_inner(json, &mut SharedStrings::default(), false)
    }

    /// Converts a Prism value to JSON data; confident values become
    /// `{"value": v, "confidence": c}` (see the module docs).
    pub fn to_json(&self) -> Json {
        let mut path = Vec::new();
        to_json_inner(self, &mut path)
    }
}

/// Strings remembered for sharing, of each kind; beyond this many distinct ones new ones are
/// not remembered.
const SHARED_STRINGS_LIMIT: usize = 4096;

/// String values up to this many bytes are shared like keys (longer ones rarely repeat).
const SHARED_VALUE_MAX_LEN: usize = 32;

/// The strings met so far in one conversion, to share: keys and short values apart, so that
/// many distinct values (identifiers) cannot crowd out the keys.
#[derive(Default)]
struct SharedStrings<'a> {
    keys: StrTable<'a>,
    values: StrTable<'a>,
}

/// foldhash rather than the default SipHash: hashing short strings is most of the cost of
/// sharing them, and the per-process seed still spreads agent-chosen strings.
type StrTable<'a> = HashMap<&'a str, Str, foldhash::fast::RandomState>;

/// The string `text`, shared with the earlier equal ones remembered in `seen`.
fn shared_str<'a>(text: &'a str, seen: &mut StrTable<'a>) -> Str {
    match seen.get(text) {
        Some(shared) => shared.clone(),
        None => {
            let fresh = Str::from(text);
            if seen.len() < SHARED_STRINGS_LIMIT {
                seen.insert(text, fresh.clone());
            }
            fresh
        }
    }
}

/// [`Value::from_json`], or [`from_tagged_json`] when `tagged`.
fn from_json_inner<'a>(json: &'a Json, strings: &mut SharedStrings<'a>, tagged: bool) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) if s.len() <= SHARED_VALUE_MAX_LEN => {
            Value::Str(shared_str(s, &mut strings.values))
        }
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => {
            Value::array(items.iter().map(|j| from_json_inner(j, strings, tagged)).collect())
        }
        Json::Object(map) => {
            if tagged && let Some(special) = tagged_special(map, strings) {
                return special;
            }
            // The object and its entry table are allocated before the property values, so
            // they sit next to each other in memory (one cache miss less per property read
            // when a pattern walks thousands of results).
            let mut obj = Object::new(ObjectMap::with_capacity(map.len()));
            for (k, v) in map {
                let key = shared_str(k, &mut strings.keys);
                let value = from_json_inner(v, strings, tagged);
                match obj.initial_mut() {
                    Some(initial) => {
                        initial.insert(key, value);
                    }
                    None => {
                        obj.write().insert(key, value);
                    }
                }
            }
            Value::Object(obj)
        }
    }
}

fn json_number(x: f64) -> Json {
    if !x.is_finite() {
        return Json::Null;
    }
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        return Json::from(x as i64);
    }
    serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)
}

fn to_json_inner(v: &Value, path: &mut Vec<usize>) -> Json {
    if path.len() >= MAX_DEPTH {
        return Json::Null;
    }
    match v {
        Value::Null | Value::Function(_) | Value::Promise(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => json_number(*n),
        Value::Str(s) => Json::String(s.as_str().to_string()),
        Value::Confident(c) => {
            path.push(0);
            let inner = to_json_inner(c.value(), path);
            path.pop();
            let mut m = serde_json::Map::new();
            m.insert("value".to_string(), inner);
            m.insert("confidence".to_string(), json_number(c.confidence()));
            Json::Object(m)
        }
        Value::Array(a) => {
            if path.contains(&a.addr()) {
                return Json::Null;
            }
            path.push(a.addr());
            let items = a.snapshot();
            let out = items.iter().map(|x| to_json_inner(x, path)).collect();
            path.pop();
            Json::Array(out)
        }
        Value::Object(o) => {
            if path.contains(&o.addr()) {
                return Json::Null;
            }
            path.push(o.addr());
            let mut m = serde_json::Map::new();
            for (k, x) in o.entries() {
                m.insert(k.as_str().to_string(), to_json_inner(&x, path));
            }
            path.pop();
            Json::Object(m)
        }
    }
}

/// The JSON of a pattern's result: `{"value": v, "confidence": c}` for a confident result (one
/// layer unwrapped; nested layers use the same shape inside `value`), `{"value": v,
/// "confidence": null}` for a plain one.
pub fn result_to_json(v: &Value) -> Json {
    let (inner, c) = match v {
        Value::Confident(k) => (k.value(), Some(k.confidence())),
        other => (other, None),
    };
    let mut m = serde_json::Map::new();
    m.insert("value".to_string(), inner.to_json());
    m.insert("confidence".to_string(), c.map_or(Json::Null, json_number));
    Json::Object(m)
}

impl serde::Serialize for Value {
    /// Serializes in the shape of [`Value::to_json`].
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// Appends `s` as a JSON string literal (JavaScript's `QuoteJSONString`).
pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Options of [`stringify()`].
#[derive(Debug, Clone, Default)]
pub struct StringifyOptions {
    /// The indentation unit (`JSON.stringify(v, null, 2)` → two spaces); empty for compact.
    pub gap: String,
    /// The replacer array: only these keys are written in objects (`None` for all).
    pub allow_keys: Option<Vec<String>>,
}

/// Prism's `JSON.stringify(v)` (JavaScript semantics; see the module docs). `Ok(None)` when
/// JavaScript would return `undefined` (a function or promise at the top level).
pub fn stringify(v: &Value, options: &StringifyOptions) -> PResult<Option<String>> {
    let v = v.strip_confidence();
    if matches!(v, Value::Function(_) | Value::Promise(_)) {
        return Ok(None);
    }
    let mut out = String::new();
    let mut path = Vec::new();
    write_json(&mut out, v, options, &mut path)?;
    Ok(Some(out))
}

fn skipped(v: &Value) -> bool {
    matches!(v.strip_confidence(), Value::Function(_) | Value::Promise(_))
}

fn newline(out: &mut String, gap: &str, level: usize) {
    if !gap.is_empty() {
        out.push('\n');
        for _ in 0..level {
            out.push_str(gap);
        }
    }
}

fn write_json(
    out: &mut String,
    v: &Value,
    o: &StringifyOptions,
    path: &mut Vec<usize>,
) -> PResult<()> {
    let v = v.strip_confidence();
    match v {
        Value::Null | Value::Function(_) | Value::Promise(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => write_number(out, *n),
        Value::Number(_) => out.push_str("null"),
        Value::Str(s) => write_json_string(out, s),
        Value::Confident(_) => out.push_str("null"),
        Value::Array(a) => {
            if path.contains(&a.addr()) || path.len() >= MAX_DEPTH {
                return fail("Converting circular structure to JSON");
            }
            let items = a.snapshot();
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            path.push(a.addr());
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, &o.gap, path.len());
                write_json(out, item, o, path)?;
            }
            path.pop();
            newline(out, &o.gap, path.len());
            out.push(']');
        }
        Value::Object(obj) => {
            if path.contains(&obj.addr()) || path.len() >= MAX_DEPTH {
                return fail("Converting circular structure to JSON");
            }
            let entries: Vec<(Str, Value)> = obj
                .entries()
                .into_iter()
                .filter(|(k, x)| {
                    !skipped(x)
                        && o.allow_keys
                            .as_ref()
                            .is_none_or(|keys| keys.iter().any(|a| a == k.as_str()))
                })
                .collect();
            if entries.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            path.push(obj.addr());
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, &o.gap, path.len());
                write_json_string(out, k);
                out.push(':');
                if !o.gap.is_empty() {
                    out.push(' ');
                }
                write_json(out, item, o, path)?;
            }
            path.pop();
            newline(out, &o.gap, path.len());
            out.push('}');
        }
    }
    Ok(())
}

/// Prism's `JSON.parse(text)`; invalid text is the error `Unexpected token in JSON: …`.
pub fn parse(text: &str) -> PResult {
    match serde_json::from_str::<Json>(text) {
        Ok(j) => Ok(Value::from_json(&j)),
        Err(e) => fail(format!("Unexpected token in JSON: {e}")),
    }
}

/// The value encoding of the conformance cases (`../shared/conformance/README.md`):
/// a confident value is `{"$confident": v, "confidence": c}`, NaN and infinities are
/// `{"$number": "NaN" | "Infinity" | "-Infinity"}`, a function is `{"$function": true}`, a
/// promise `null`; everything else as [`Value::to_json`].
pub fn to_tagged_json(v: &Value) -> Json {
    let mut path = Vec::new();
    tagged_inner(v, &mut path)
}

fn tagged_inner(v: &Value, path: &mut Vec<usize>) -> Json {
    if path.len() >= MAX_DEPTH {
        return Json::Null;
    }
    match v {
        Value::Number(n) if n.is_nan() => serde_json::json!({"$number": "NaN"}),
        Value::Number(n) if n.is_infinite() => {
            serde_json::json!({"$number": if *n > 0.0 { "Infinity" } else { "-Infinity" }})
        }
        Value::Function(_) => serde_json::json!({"$function": true}),
        Value::Confident(c) => {
            path.push(0);
            let inner = tagged_inner(c.value(), path);
            path.pop();
            serde_json::json!({"$confident": inner, "confidence": json_number(c.confidence())})
        }
        Value::Array(a) => {
            if path.contains(&a.addr()) {
                return Json::Null;
            }
            path.push(a.addr());
            let out = a.snapshot().iter().map(|x| tagged_inner(x, path)).collect();
            path.pop();
            Json::Array(out)
        }
        Value::Object(o) => {
            if path.contains(&o.addr()) {
                return Json::Null;
            }
            path.push(o.addr());
            let mut m = serde_json::Map::new();
            for (k, x) in o.entries() {
                m.insert(k.as_str().to_string(), tagged_inner(&x, path));
            }
            path.pop();
            Json::Object(m)
        }
        other => other.to_json(),
    }
}

/// Reads the conformance encoding (see [`to_tagged_json`]): `{"$confident": v, "confidence":
/// c}` becomes a confident value (how the cases' `globals` give a confident `input`),
/// `{"$number": …}` the number; `{"$function": true}` has no runtime counterpart and reads as
/// null. Anything else as [`Value::from_json`].
pub fn from_tagged_json(j: &Json) -> Value {
    from_json_inner(j, &mut SharedStrings::default(), true)
}

/// The value of a tagged object of the conformance encoding, `None` for an ordinary object.
fn tagged_special<'a>(
    map: &'a serde_json::Map<String, Json>,
    strings: &mut SharedStrings<'a>,
) -> Option<Value> {
    if let (Some(inner), Some(c)) = (map.get("$confident"), map.get("confidence")) {
        return Some(Value::confident(
            from_json_inner(inner, strings, true),
            c.as_f64().unwrap_or(0.0),
        ));
    }
    if let Some(Json::String(n)) = map.get("$number") {
        return Some(Value::Number(match n.as_str() {
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            _ => f64::NAN,
        }));
    }
    if map.contains_key("$function") {
        return Some(Value::Null);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(v: &Value, i: usize) -> Str {
        let item = v.as_array().and_then(|a| a.get(i)).unwrap_or_default();
        match crate::access::get_member(&item, "answer") {
            Ok(Value::Str(s)) => s,
            _ => Str::from("missing"),
        }
    }

    #[test]
    fn repeated_short_strings_are_shared_and_long_ones_are_not() {
        let long = "x".repeat(SHARED_VALUE_MAX_LEN + 1);
        let data = json!([{"answer": "approve"}, {"answer": "approve"}, {"answer": long}, {"answer": long}]);
        for value in [Value::from_json(&data), from_tagged_json(&data)] {
            assert!(Str::ptr_eq(&answer(&value, 0), &answer(&value, 1)));
            assert!(!Str::ptr_eq(&answer(&value, 2), &answer(&value, 3)));
            assert_eq!(answer(&value, 2), answer(&value, 3));
        }
    }
}
