//! `!`, truthiness, `typeof` and `instanceof` (B §4.1, §4.3).

use crate::error::{PResult, fail};
use crate::value::Value;

/// Prism truthiness (B §4.1; NaN is truthy, `[]` is truthy). See [`Value::truthy`].
#[inline]
pub fn truthy(v: &Value) -> bool {
    v.truthy()
}

/// `!v`: a plain boolean (any confidence is dropped).
#[inline]
pub fn not(v: &Value) -> Value {
    Value::Bool(!v.truthy())
}

/// The `typeof` name of `v`: `number string boolean null array object function`; a confident
/// value gives its inner value's type, a nested confident value or a promise `unknown`.
pub fn type_name_of(v: &Value) -> &'static str {
    match v {
        Value::Confident(c) => match c.value() {
            Value::Confident(_) | Value::Promise(_) => "unknown",
            inner => inner.type_name(),
        },
        Value::Promise(_) => "unknown",
        other => other.type_name(),
    }
}

/// `typeof v` as a string value.
pub fn type_of(v: &Value) -> Value {
    Value::from(type_name_of(v))
}

/// `v instanceof t` (B §4.3): `t` must be a type-name string (`number string boolean array
/// object function null undefined`, case-insensitive; `undefined` tests for null). The left
/// side is unwrapped one layer; the result is a plain boolean.
pub fn instance_of(v: &Value, t: &Value) -> PResult {
    let name = match t {
        Value::Str(s) => s.to_lowercase(),
        Value::Function(_) => {
            return fail("instanceof with constructor functions not yet supported");
        }
        _ => return fail("Right-hand side of instanceof must be a type name or constructor"),
    };
    let (inner, _) = v.unwrap_one();
    let r = match name.as_str() {
        "number" => matches!(inner, Value::Number(_)),
        "string" => matches!(inner, Value::Str(_)),
        "boolean" => matches!(inner, Value::Bool(_)),
        "array" => matches!(inner, Value::Array(_)),
        "object" => matches!(inner, Value::Object(_)),
        "function" => matches!(inner, Value::Function(_)),
        "null" | "undefined" => matches!(inner, Value::Null),
        _ => return fail(format!("Unknown type name: {name}")),
    };
    Ok(Value::Bool(r))
}
