//! Property and index access (B §4.6, §4.5 `~.`, D7, D8, D18, D19) and member/index
//! assignment (D5).
//!
//! | Prism | function |
//! |---|---|
//! | `o.k` | [`get_member`] (also [`get_property`]) |
//! | `o?.k` | [`get_optional`] |
//! | `o ~. k` | [`get_confident_member`] |
//! | `o[i]` | [`get_index`] |
//! | `o.k = v` | [`set_member`] |
//! | `o[i] = v` | [`set_index`] |
//!
//! `.k` on an object gives the property or `Property 'k' does not exist`; on an array
//! `length` and the array methods; on a string `length` and the string methods (D7); on a
//! number `toFixed`/`toString`; on null `Cannot access property 'k' on null`. Methods are
//! returned as bound function values; [`crate::call_method`] calls them without allocating one.
//! On a confident target `(t, c)` the result is wrapped with `c`, a confident property value
//! `(v, cp)` becoming `(v, c × cp)`.

use std::borrow::Cow;

use crate::builtins::methods::{bound_method, is_d7_method};
use crate::call::apply_conf;
use crate::collections::lookup;
use crate::error::{PResult, fail};
use crate::number_format::number_to_string;
use crate::pstr::Str;
use crate::value::Value;

enum Lookup {
    Found(Value),
    Missing,
    Nullish,
    Unsupported,
}

/// Resolves `name` on a value that is not itself confident (one layer was unwrapped by the
/// caller). `full` is the original receiver (bound methods of D7 keep its confidence).
fn resolve(full: &Value, base: &Value, name: &str) -> Lookup {
    match base {
        Value::Null => Lookup::Nullish,
        Value::Object(o) => match lookup(&o.read(), name) {
            Some(v) => Lookup::Found(v.clone()),
            None => Lookup::Missing,
        },
        Value::Array(a) => {
            if name == "length" {
                return Lookup::Found(Value::from(a.len()));
            }
            match bound_method(full, base, name) {
                Some(m) => Lookup::Found(m),
                None => Lookup::Missing,
            }
        }
        Value::Str(s) => {
            if name == "length" {
                return Lookup::Found(Value::from(s.utf16_len()));
            }
            match bound_method(full, base, name) {
                Some(m) => Lookup::Found(m),
                None => Lookup::Missing,
            }
        }
        Value::Number(_) => match bound_method(full, base, name) {
            Some(m) => Lookup::Found(m),
            None => Lookup::Unsupported,
        },
        _ => Lookup::Unsupported,
    }
}

/// Wraps a property read from a confident target with the target's confidence `c`.
#[inline]
fn wrap_property(v: Value, c: f64) -> Value {
    apply_conf(v, c)
}

/// Whether a found member of a confident receiver must be wrapped: D7 methods are bound to
/// the whole confident receiver and apply its confidence themselves (D19).
fn wraps(base: &Value, name: &str, found: &Value) -> bool {
    !(matches!(found, Value::Function(_))
        && matches!(base, Value::Array(_) | Value::Str(_) | Value::Number(_))
        && is_d7_method(base, name))
}

/// `target.name` (B §4.6).
pub fn get_member(target: &Value, name: &str) -> PResult {
    let (base, c) = match target {
        Value::Confident(k) => (k.value(), Some(k.confidence())),
        other => (other, None),
    };
    match resolve(target, base, name) {
        Lookup::Found(v) => Ok(match c {
            Some(c) if wraps(base, name, &v) => wrap_property(v, c),
            _ => v,
        }),
        Lookup::Missing => fail(format!("Property '{name}' does not exist")),
        Lookup::Nullish | Lookup::Unsupported => {
            fail(format!("Cannot access property '{name}' on {}", base.type_name()))
        }
    }
}

/// `target.a.b…`: the property reads of `path` in turn, as [`get_member`] would do them, but
/// without taking a reference count on the objects passed through (a never-written plain
/// object is read in place).
pub fn get_member_path(target: &Value, path: &[&str]) -> PResult {
    get_member_path_ref(target, path).map(Cow::into_owned)
}

/// [`get_member_path`] borrowing the result when it lies in never-written plain objects: an
/// operand (`r.confidence >= 0.5`, `s.answer == leader`) is read without touching a reference
/// count. Same results and errors as [`get_member`] step by step.
#[inline]
pub fn get_member_path_ref<'a>(target: &'a Value, path: &[&str]) -> PResult<Cow<'a, Value>> {
    let mut current = target;
    for (i, name) in path.iter().enumerate() {
        let next = match current {
            Value::Object(o) => o.frozen().and_then(|map| lookup(map, name)),
            _ => None,
        };
        match next {
            Some(v) => current = v,
            // Anything but a property of a never-written plain object (a missing one included,
            // for its error): the general rules, by value.
            None => {
                let mut v = get_member(current, name)?;
                for name in path.get(i + 1..).unwrap_or_default() {
                    v = get_member(&v, name)?;
                }
                return Ok(Cow::Owned(v));
            }
        }
    }
    Ok(Cow::Borrowed(current))
}

/// The method-dispatch entry point: `target.name` with array and string methods returned as
/// bound function values. Same as [`get_member`].
pub fn get_property(target: &Value, name: &str) -> PResult {
    get_member(target, name)
}

/// `target?.name` (B §4.6): null for a null target, a missing key or a target without
/// properties (such a null is not wrapped even if the target was confident); otherwise like
/// `.`. Never fails.
pub fn get_optional(target: &Value, name: &str) -> Value {
    let (base, c) = match target {
        Value::Confident(k) => (k.value(), Some(k.confidence())),
        other => (other, None),
    };
    match resolve(target, base, name) {
        Lookup::Found(v) => match c {
            Some(c) if wraps(base, name, &v) => wrap_property(v, c),
            _ => v,
        },
        _ => Value::Null,
    }
}

/// `target ~. name` (B §4.5): like `.`, but a null target or a missing key gives null, and the
/// result is always confident: wrapped with the target's confidence (1.0 for a plain target),
/// a confident property `(v, cp)` becoming `(v, c × cp)`. A number, boolean or function target
/// still fails with `Cannot access property`.
pub fn get_confident_member(target: &Value, name: &str) -> PResult {
    let (base, c) = target.unwrap_one();
    match resolve(target, base, name) {
        Lookup::Found(v) => Ok(wrap_property(v, c)),
        Lookup::Missing | Lookup::Nullish => Ok(Value::confident(Value::Null, c)),
        Lookup::Unsupported => {
            fail(format!("Cannot access property '{name}' on {}", base.type_name()))
        }
    }
}

/// The array index of `index` (B §4.6): a plain number, floored; else
/// `Array index must be a number`.
fn array_index(index: &Value) -> PResult<f64> {
    match index {
        Value::Number(n) => Ok(n.floor()),
        _ => fail("Array index must be a number"),
    }
}

fn in_bounds(i: f64, len: usize) -> Option<usize> {
    if i >= 0.0 && i < len as f64 { Some(i as usize) } else { None }
}

/// `target[index]` (B §4.6, D7, D18): arrays by number (floored; out of range is
/// `Array index N out of bounds`), strings by number (the UTF-16 unit at that index, D7),
/// objects by string key (a missing key gives null, D18). A confident array or string wraps the
/// element with its confidence (nesting if the element is confident).
pub fn get_index(target: &Value, index: &Value) -> PResult {
    match target {
        Value::Array(a) => {
            let i = array_index(index)?;
            let items = a.read();
            match in_bounds(i, items.len()).and_then(|i| items.get(i)) {
                Some(v) => Ok(v.clone()),
                None => fail(format!("Array index {} out of bounds", number_to_string(i))),
            }
        }
        Value::Str(s) => {
            let i = array_index(index)
                .map_err(|_| crate::error::Exception::error("String index must be a number"))?;
            match in_bounds(i, s.utf16_len()) {
                Some(i) => Ok(Value::from(s.utf16_slice(i, i + 1))),
                None => fail(format!("String index {} out of bounds", number_to_string(i))),
            }
        }
        Value::Object(o) => match index {
            Value::Str(k) => Ok(o.get(k).unwrap_or(Value::Null)),
            Value::Confident(k) => match k.value() {
                Value::Str(key) => {
                    Ok(apply_conf(o.get(key).unwrap_or(Value::Null), k.confidence()))
                }
                _ => fail("Cannot index object with confident"),
            },
            other => fail(format!("Cannot index object with {}", other.type_name())),
        },
        Value::Confident(k) => match k.value() {
            Value::Array(_) | Value::Str(_) => {
                let v = get_index(k.value(), index)?;
                Ok(Value::confident(v, k.confidence()))
            }
            Value::Object(_) => Ok(wrap_property(get_index(k.value(), index)?, k.confidence())),
            _ => fail("Cannot index confident"),
        },
        other => fail(format!("Cannot index {}", other.type_name())),
    }
}

/// `target.name = value` (D5): sets or adds a property of an object (a confident object is
/// written through). Anything else is `Cannot set property 'k' on T`.
pub fn set_member(target: &Value, name: &str, value: Value) -> PResult<()> {
    match target.unwrap_one().0 {
        Value::Object(o) => {
            o.set(name, value);
            Ok(())
        }
        other => fail(format!("Cannot set property '{name}' on {}", other.type_name())),
    }
}

/// `target[index] = value` (D5, D18, D19): an array element by number (`a[a.length] = v`
/// appends; further past the end is `Array index N out of bounds`), an object property by
/// string key. A confident target is written through.
pub fn set_index(target: &Value, index: &Value, value: Value) -> PResult<()> {
    match target.unwrap_one().0 {
        Value::Array(a) => {
            let i = array_index(index)?;
            let len = a.len();
            if i >= 0.0 && i <= len as f64 && a.set(i as usize, value) {
                Ok(())
            } else {
                fail(format!("Array index {} out of bounds", number_to_string(i)))
            }
        }
        Value::Object(o) => match index.unwrap_one().0 {
            Value::Str(k) => {
                o.insert(Str::clone(k), value);
                Ok(())
            }
            other => fail(format!("Cannot index object with {}", other.type_name())),
        },
        other => fail(format!("Cannot index {}", other.type_name())),
    }
}
