//! Validation of a pattern's input against its `@input` JSON Schema, before any agent is called
//! (the reference never validated input: PLATFORM.md Appendix 6).
//!
//! The supported keywords are the ones patterns use: `type`, `properties`, `required`,
//! `additionalProperties`, `items`, `prefixItems`, `enum`, `const`, `minimum`, `maximum`,
//! `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `minLength`, `maxLength`, `minItems`,
//! `maxItems`, `uniqueItems`, `minProperties`, `maxProperties`, `anyOf`, `oneOf`, `allOf`, `not`.
//! Annotation keywords (`title`, `description`, `default`, `examples`, `format`, …) are accepted
//! and do not constrain. `"type": "any"` (the reference's default) accepts everything.

use serde_json::Value as Json;

/// One way the input fails its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// Where in the input, as a Prism-like path: `input`, `input.data.values[2]`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Checks `instance` against `schema`; returns every violation found (empty when valid).
pub fn validate(schema: &Json, instance: &Json) -> Vec<SchemaViolation> {
    let mut out = Vec::new();
    check(schema, instance, "input", &mut out);
    out
}

fn kind_of(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn has_type(value: &Json, name: &str) -> bool {
    match name {
        "any" => true,
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        other => kind_of(value) == other,
    }
}

fn push(out: &mut Vec<SchemaViolation>, path: &str, message: String) {
    out.push(SchemaViolation { path: path.to_string(), message });
}

fn check(schema: &Json, value: &Json, path: &str, out: &mut Vec<SchemaViolation>) {
    let schema = match schema {
        Json::Bool(true) => return,
        Json::Bool(false) => {
            push(out, path, "no value is allowed here".to_string());
            return;
        }
        Json::Object(map) => map,
        _ => return,
    };
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Json::String(s) => vec![s.as_str()],
            Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        if !names.is_empty() && !names.iter().any(|n| has_type(value, n)) {
            push(out, path, format!("expected {}, found {}", names.join(" or "), describe(value)));
            // Further keywords would only repeat the type mismatch.
            return;
        }
    }
    if let Some(Json::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        let shown: Vec<String> = options.iter().map(Json::to_string).collect();
        push(out, path, format!("must be one of {}, found {}", shown.join(", "), describe(value)));
    }
    if let Some(expected) = schema.get("const")
        && expected != value
    {
        push(out, path, format!("must be {expected}, found {}", describe(value)));
    }
    match value {
        Json::Number(n) => check_number(schema, n.as_f64().unwrap_or(f64::NAN), path, out),
        Json::String(s) => check_string(schema, s, path, out),
        Json::Array(items) => check_array(schema, items, path, out),
        Json::Object(map) => check_object(schema, map, path, out),
        Json::Null | Json::Bool(_) => {}
    }
    check_combinators(schema, value, path, out);
}

fn describe(value: &Json) -> String {
    match value {
        Json::String(s) if s.len() <= 40 => format!("string {value}"),
        Json::String(_) => "a string".to_string(),
        Json::Number(_) | Json::Bool(_) => format!("{} {value}", kind_of(value)),
        Json::Null => "null".to_string(),
        Json::Array(_) => "an array".to_string(),
        Json::Object(_) => "an object".to_string(),
    }
}

fn number(schema: &serde_json::Map<String, Json>, key: &str) -> Option<f64> {
    schema.get(key).and_then(Json::as_f64)
}

fn count(schema: &serde_json::Map<String, Json>, key: &str) -> Option<usize> {
    schema.get(key).and_then(Json::as_u64).and_then(|n| usize::try_from(n).ok())
}

fn check_number(
    schema: &serde_json::Map<String, Json>,
    n: f64,
    path: &str,
    out: &mut Vec<SchemaViolation>,
) {
    if let Some(min) = number(schema, "minimum").filter(|min| n < *min) {
        push(out, path, format!("must be at least {min}, found {n}"));
    }
    if let Some(max) = number(schema, "maximum").filter(|max| n > *max) {
        push(out, path, format!("must be at most {max}, found {n}"));
    }
    if let Some(min) = number(schema, "exclusiveMinimum").filter(|min| n <= *min) {
        push(out, path, format!("must be greater than {min}, found {n}"));
    }
    if let Some(max) = number(schema, "exclusiveMaximum").filter(|max| n >= *max) {
        push(out, path, format!("must be less than {max}, found {n}"));
    }
    if let Some(step) = number(schema, "multipleOf").filter(|s| *s > 0.0) {
        let q = n / step;
        if (q - q.round()).abs() > 1e-9 {
            push(out, path, format!("must be a multiple of {step}, found {n}"));
        }
    }
}

fn check_string(
    schema: &serde_json::Map<String, Json>,
    s: &str,
    path: &str,
    out: &mut Vec<SchemaViolation>,
) {
    let len = s.chars().count();
    if let Some(min) = count(schema, "minLength").filter(|min| len < *min) {
        push(out, path, format!("must have at least {min} characters, found {len}"));
    }
    if let Some(max) = count(schema, "maxLength").filter(|max| len > *max) {
        push(out, path, format!("must have at most {max} characters, found {len}"));
    }
}

fn check_array(
    schema: &serde_json::Map<String, Json>,
    items: &[Json],
    path: &str,
    out: &mut Vec<SchemaViolation>,
) {
    let len = items.len();
    if let Some(min) = count(schema, "minItems").filter(|min| len < *min) {
        push(out, path, format!("must have at least {min} items, found {len}"));
    }
    if let Some(max) = count(schema, "maxItems").filter(|max| len > *max) {
        push(out, path, format!("must have at most {max} items, found {len}"));
    }
    if schema.get("uniqueItems") == Some(&Json::Bool(true)) {
        for (i, item) in items.iter().enumerate() {
            if items[..i].contains(item) {
                push(out, &format!("{path}[{i}]"), "duplicates an earlier item".to_string());
            }
        }
    }
    let prefix: &[Json] = match schema.get("prefixItems") {
        Some(Json::Array(p)) => p,
        _ => &[],
    };
    for (i, item) in items.iter().enumerate() {
        let here = format!("{path}[{i}]");
        if let Some(sub) = prefix.get(i) {
            check(sub, item, &here, out);
            continue;
        }
        match schema.get("items") {
            Some(Json::Array(tuple)) => {
                if let Some(sub) = tuple.get(i) {
                    check(sub, item, &here, out);
                }
            }
            Some(sub) => check(sub, item, &here, out),
            None => {}
        }
    }
}

fn check_object(
    schema: &serde_json::Map<String, Json>,
    map: &serde_json::Map<String, Json>,
    path: &str,
    out: &mut Vec<SchemaViolation>,
) {
    let properties = schema.get("properties").and_then(Json::as_object);
    if let Some(Json::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Json::as_str) {
            if !map.contains_key(name) {
                push(out, path, format!("missing required property `{name}`"));
            }
        }
    }
    for (key, value) in map {
        let here = format!("{path}.{key}");
        match properties.and_then(|p| p.get(key)) {
            Some(sub) => check(sub, value, &here, out),
            None => match schema.get("additionalProperties") {
                Some(Json::Bool(false)) => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    push(
                        out,
                        path,
                        format!("unknown property `{key}` (allowed: {})", known.join(", ")),
                    );
                }
                Some(sub @ Json::Object(_)) => check(sub, value, &here, out),
                _ => {}
            },
        }
    }
    let len = map.len();
    if let Some(min) = count(schema, "minProperties").filter(|min| len < *min) {
        push(out, path, format!("must have at least {min} properties, found {len}"));
    }
    if let Some(max) = count(schema, "maxProperties").filter(|max| len > *max) {
        push(out, path, format!("must have at most {max} properties, found {len}"));
    }
}

fn check_combinators(
    schema: &serde_json::Map<String, Json>,
    value: &Json,
    path: &str,
    out: &mut Vec<SchemaViolation>,
) {
    if let Some(Json::Array(all)) = schema.get("allOf") {
        for sub in all {
            check(sub, value, path, out);
        }
    }
    let passing = |options: &[Json]| {
        options.iter().filter(|sub| validate_at(sub, value, path).is_empty()).count()
    };
    if let Some(Json::Array(any)) = schema.get("anyOf")
        && passing(any) == 0
    {
        push(out, path, format!("matches none of the {} allowed shapes (anyOf)", any.len()));
    }
    if let Some(Json::Array(one)) = schema.get("oneOf") {
        let n = passing(one);
        if n != 1 {
            push(
                out,
                path,
                format!("must match exactly one of {} shapes (oneOf), matches {n}", one.len()),
            );
        }
    }
    if let Some(not) = schema.get("not")
        && validate_at(not, value, path).is_empty()
    {
        push(out, path, "matches a shape that is not allowed (not)".to_string());
    }
}

fn validate_at(schema: &Json, value: &Json, path: &str) -> Vec<SchemaViolation> {
    let mut out = Vec::new();
    check(schema, value, path, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(schema: Json, value: Json) -> Vec<String> {
        validate(&schema, &value).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn accepts_a_matching_input() {
        let schema = json!({"type": "object", "properties": {"task": {"type": "string"}, "n": {"type": "integer", "minimum": 1}}, "required": ["task"]});
        assert_eq!(
            errors(schema, json!({"task": "review", "n": 3, "extra": true})),
            Vec::<String>::new()
        );
    }

    #[test]
    fn reports_each_violation_with_its_path() {
        let schema = json!({
            "type": "object",
            "properties": {"task": {"type": "string"}, "data": {"type": "object", "properties": {"values": {"type": "array", "items": {"type": "number"}}}}},
            "required": ["task"]
        });
        assert_eq!(
            errors(schema, json!({"data": {"values": [1, "two", 3]}})),
            vec![
                "input: missing required property `task`".to_string(),
                "input.data.values[1]: expected number, found string \"two\"".to_string(),
            ]
        );
    }

    #[test]
    fn any_type_and_annotations_do_not_constrain() {
        assert!(errors(json!({"type": "any", "description": "x"}), json!([1])).is_empty());
        assert!(errors(json!({"type": "object"}), json!({})).is_empty());
    }

    #[test]
    fn enums_bounds_and_combinators() {
        assert_eq!(errors(json!({"enum": ["a", "b"]}), json!("c")).len(), 1);
        assert_eq!(errors(json!({"type": "string", "maxLength": 2}), json!("abc")).len(), 1);
        assert_eq!(
            errors(json!({"anyOf": [{"type": "string"}, {"type": "number"}]}), json!(true)).len(),
            1
        );
        assert!(
            errors(json!({"oneOf": [{"type": "string"}, {"type": "number"}]}), json!(1)).is_empty()
        );
        assert_eq!(
            errors(
                json!({"type": "object", "additionalProperties": false, "properties": {"a": {}}}),
                json!({"b": 1})
            )
            .len(),
            1
        );
        assert_eq!(errors(json!({"type": "integer"}), json!(1.5)).len(), 1);
    }
}
