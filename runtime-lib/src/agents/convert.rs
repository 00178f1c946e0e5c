//! `serde_json` ⇄ `google.protobuf.Struct` conversion.
//!
//! The reference data plane put plain objects into the `Struct` field, which serializes as an
//! empty Struct (PLATFORM.md Appendix #1): agents received no data. Here every JSON value is
//! converted node by node — objects, arrays, strings, numbers, booleans and nulls, at any
//! depth — so the agent sees exactly the input it was given.
//!
//! Protobuf's `Value` has one number type, a double: integers beyond ±2^53 lose precision on
//! the wire, as with any JSON-over-Struct transport. On the way back, a double that is an
//! exact integer within ±2^53 becomes a JSON integer again (so `5` round-trips as `5`, not
//! `5.0`), and a non-finite double (which JSON cannot represent) becomes `null`.

use prost_types::value::Kind;
use prost_types::{ListValue, Struct, Value as PbValue};
use serde_json::{Map, Number, Value};

/// The largest integer magnitude a double represents exactly (2^53).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Converts a JSON object into a `Struct`, preserving every nested value.
pub fn json_object_to_struct(object: &Map<String, Value>) -> Struct {
    Struct {
        fields: object.iter().map(|(key, value)| (key.clone(), json_to_value(value))).collect(),
    }
}

/// Converts the `data` of an agent call into the request's `Struct`.
///
/// An object becomes the Struct itself; `null` means "no data" (`None`); any other value
/// (array, string, number, boolean), which a `Struct` cannot hold at its top level, is
/// wrapped as `{"value": <it>}`.
pub fn json_to_request_data(data: &Value) -> Option<Struct> {
    match data {
        Value::Null => None,
        Value::Object(object) => Some(json_object_to_struct(object)),
        other => {
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("value".to_owned(), json_to_value(other));
            Some(Struct { fields })
        }
    }
}

/// Converts one JSON value into a protobuf `Value`.
pub fn json_to_value(value: &Value) -> PbValue {
    let kind = match value {
        Value::Null => Kind::NullValue(0),
        Value::Bool(b) => Kind::BoolValue(*b),
        Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Kind::StringValue(s.clone()),
        Value::Array(items) => {
            Kind::ListValue(ListValue { values: items.iter().map(json_to_value).collect() })
        }
        Value::Object(object) => Kind::StructValue(json_object_to_struct(object)),
    };
    PbValue { kind: Some(kind) }
}

/// Converts a `Struct` back into a JSON object.
pub fn struct_to_json(s: &Struct) -> Value {
    Value::Object(struct_to_json_map(s))
}

/// Converts a `Struct` into a JSON map (keys in the Struct's order, which is sorted).
pub fn struct_to_json_map(s: &Struct) -> Map<String, Value> {
    s.fields.iter().map(|(key, value)| (key.clone(), value_to_json(value))).collect()
}

/// Converts a protobuf `Value` into JSON. A missing kind is `null`.
pub fn value_to_json(value: &PbValue) -> Value {
    match &value.kind {
        None | Some(Kind::NullValue(_)) => Value::Null,
        Some(Kind::BoolValue(b)) => Value::Bool(*b),
        Some(Kind::NumberValue(n)) => number_to_json(*n),
        Some(Kind::StringValue(s)) => Value::String(s.clone()),
        Some(Kind::ListValue(list)) => {
            Value::Array(list.values.iter().map(value_to_json).collect())
        }
        Some(Kind::StructValue(s)) => struct_to_json(s),
    }
}

/// A double as JSON: an exact integer within ±2^53 becomes an integer, a non-finite value
/// `null`, anything else a float.
pub fn number_to_json(n: f64) -> Value {
    if !n.is_finite() {
        return Value::Null;
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        // Exact: |n| <= 2^53 fits an i64 and the cast is lossless for integral values.
        #[allow(clippy::cast_possible_truncation)]
        return Value::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_values_round_trip() {
        let input = json!({
            "text": "hello",
            "n": 42,
            "x": -1.5,
            "ok": true,
            "nothing": null,
            "list": [1, "two", [3.25, false], {"deep": {"deeper": [null]}}],
            "obj": {"a": {"b": {"c": "d"}}}
        });
        let Value::Object(map) = &input else { panic!("object") };
        let s = json_object_to_struct(map);
        assert_eq!(s.fields.len(), 7);
        assert_eq!(struct_to_json(&s), input);
    }

    #[test]
    fn non_object_data_is_wrapped_and_null_is_absent() {
        assert!(json_to_request_data(&Value::Null).is_none());
        let wrapped = json_to_request_data(&json!([1, 2])).expect("some");
        assert_eq!(struct_to_json(&wrapped), json!({"value": [1, 2]}));
    }

    #[test]
    fn numbers_come_back_as_integers_when_exact() {
        assert_eq!(number_to_json(5.0), json!(5));
        assert_eq!(number_to_json(0.25), json!(0.25));
        assert_eq!(number_to_json(f64::NAN), Value::Null);
        assert_eq!(number_to_json(1e300), json!(1e300));
    }
}
