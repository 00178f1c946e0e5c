//! Equality operators and `??` (B §4.3, §4.4, D17).
//!
//! * `===`/`!==` are strict and **deep**: same kind required, arrays element-wise, objects by
//!   key count and per-key values, functions by name (so two lambdas are equal), confident
//!   values (nested in structures) by value and confidence within 1e-10, promises never.
//! * `==`/`!=` are the reference's loose rules: same kind → `===`; else, per D17, a null on
//!   either side is equal only to null; else a number on either side converts both to numbers
//!   (strings via `parseFloat`, booleans 1/0); else a string on either side compares text
//!   forms (`"" == false` is true); else a boolean compares truthiness; else false.
//! * Top-level confident operands propagate the minimum confidence (B §4.4).

use super::with_min_confidence;
use crate::error::PResult;
use crate::number_format::parse_float;
use crate::text::{MAX_DEPTH, to_display_string};
use crate::value::Value;

/// Tolerance when comparing two confidences (B §4.2).
pub const CONFIDENCE_EPSILON: f64 = 1e-10;

/// Deep structural equality, the core of `===` on plain values (see the module docs). NaN is
/// unequal to itself; an array or object is equal to itself; comparison of cyclic structures
/// terminates.
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    let mut path = Vec::new();
    eq_inner(a, b, &mut path)
}

fn eq_inner(a: &Value, b: &Value, path: &mut Vec<usize>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Function(f), Value::Function(g)) => f.name() == g.name(),
        (Value::Promise(_), Value::Promise(_)) => false,
        (Value::Confident(x), Value::Confident(y)) => {
            if (x.confidence() - y.confidence()).abs() > CONFIDENCE_EPSILON {
                return false;
            }
            if path.len() >= MAX_DEPTH {
                return false;
            }
            path.push(0);
            let r = eq_inner(x.value(), y.value(), path);
            path.pop();
            r
        }
        (Value::Array(x), Value::Array(y)) => {
            if crate::collections::Array::ptr_eq(x, y) {
                return true;
            }
            let (ax, ay) = (x.addr(), y.addr());
            if path.contains(&ax) || path.contains(&ay) {
                return true;
            }
            if path.len() >= MAX_DEPTH {
                return false;
            }
            let (ix, iy) = (x.read(), y.read());
            if ix.len() != iy.len() {
                return false;
            }
            path.push(ax);
            path.push(ay);
            let r = ix.iter().zip(iy.iter()).all(|(p, q)| eq_inner(p, q, path));
            path.truncate(path.len() - 2);
            r
        }
        (Value::Object(x), Value::Object(y)) => {
            if crate::collections::Object::ptr_eq(x, y) {
                return true;
            }
            let (ax, ay) = (x.addr(), y.addr());
            if path.contains(&ax) || path.contains(&ay) {
                return true;
            }
            if path.len() >= MAX_DEPTH {
                return false;
            }
            let (mx, my) = (x.read(), y.read());
            if mx.len() != my.len() {
                return false;
            }
            path.push(ax);
            path.push(ay);
            let r = mx.iter().all(|(k, v)| {
                crate::collections::lookup(&my, k).is_some_and(|w| eq_inner(v, w, path))
            });
            path.truncate(path.len() - 2);
            r
        }
        _ => false,
    }
}

/// `a === b`.
pub fn strict_eq(a: &Value, b: &Value) -> PResult {
    if a.is_confident() || b.is_confident() {
        return with_min_confidence(a, b, strict_eq);
    }
    Ok(Value::Bool(deep_equal(a, b)))
}

/// `a !== b`.
pub fn strict_ne(a: &Value, b: &Value) -> PResult {
    if a.is_confident() || b.is_confident() {
        return with_min_confidence(a, b, strict_ne);
    }
    Ok(Value::Bool(!deep_equal(a, b)))
}

/// The number a value converts to under the reference's loose `==` (strings by `parseFloat`,
/// NaN meaning "not convertible"; booleans 1/0), or `None`.
fn loose_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::Str(s) => {
            let n = parse_float(s);
            if n.is_nan() { None } else { Some(n) }
        }
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// The loose equality of two plain values (see the module docs).
pub fn loose_equal_plain(a: &Value, b: &Value) -> bool {
    if std::mem::discriminant(a) == std::mem::discriminant(b) {
        return deep_equal(a, b);
    }
    // D17: null equals only null (the reference converted null to 0).
    if a.is_null() || b.is_null() {
        return false;
    }
    if (matches!(a, Value::Number(_)) || matches!(b, Value::Number(_)))
        && let (Some(x), Some(y)) = (loose_number(a), loose_number(b))
    {
        return x == y;
    }
    if matches!(a, Value::Str(_)) || matches!(b, Value::Str(_)) {
        let empty_vs_false = |s: &Value, t: &Value| {
            matches!(s, Value::Str(x) if x.is_empty()) && matches!(t, Value::Bool(false))
        };
        if empty_vs_false(a, b) || empty_vs_false(b, a) {
            return true;
        }
        return to_display_string(a) == to_display_string(b);
    }
    if matches!(a, Value::Bool(_)) || matches!(b, Value::Bool(_)) {
        return a.truthy() == b.truthy();
    }
    false
}

/// `a == b`.
pub fn loose_eq(a: &Value, b: &Value) -> PResult {
    if a.is_confident() || b.is_confident() {
        return with_min_confidence(a, b, loose_eq);
    }
    Ok(Value::Bool(loose_equal_plain(a, b)))
}

/// `a != b`.
pub fn loose_ne(a: &Value, b: &Value) -> PResult {
    if a.is_confident() || b.is_confident() {
        return with_min_confidence(a, b, loose_ne);
    }
    Ok(Value::Bool(!loose_equal_plain(a, b)))
}

/// True when `a ?? b` is `a` without looking at `b`: `a` is plain and not null. Generated code
/// may skip evaluating `b` then (JavaScript's short circuit); otherwise it evaluates `b` and
/// calls [`nullish`]. (The reference always evaluated both sides.)
#[inline]
pub fn nullish_short_circuits(a: &Value) -> bool {
    !a.is_null() && !a.is_confident()
}

/// `a ?? b`: `b` if `a` is null, else `a`. With a confident operand both are unwrapped and the
/// result gets the minimum confidence (B §4.4), so `(null ~> 0.55) ?? "x"` is `"x" ~> 0.55`.
pub fn nullish(a: &Value, b: &Value) -> PResult {
    if a.is_confident() || b.is_confident() {
        return with_min_confidence(a, b, nullish);
    }
    Ok(if a.is_null() { b.clone() } else { a.clone() })
}
