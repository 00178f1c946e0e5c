//! Arithmetic operators (B §4.3, §4.4, D8, D19).
//!
//! * `+`: number + number adds; if either side is a string both are converted with the text
//!   form and concatenated; anything else is `Cannot apply + to A and B` (`1 + true`,
//!   `null + 1`).
//! * `- * / % **`: numbers only (`Cannot apply - to A and B`); `/` by zero is
//!   `Division by zero`, `%` by zero `Modulo by zero`; `%` has JavaScript's sign; `**` is
//!   `Math.pow`.
//! * unary `-`: numbers only; a confident operand is `Cannot apply unary - to confident`.

use super::with_min_confidence;
use crate::error::{PResult, fail};
use crate::text::write_display;
use crate::value::Value;

fn type_error(op: &str, a: &Value, b: &Value) -> PResult {
    fail(format!("Cannot apply {op} to {} and {}", a.type_name(), b.type_name()))
}

/// `a + b`.
pub fn add(a: &Value, b: &Value) -> PResult {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Ok(Value::Number(x + y)),
        _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, add),
        (Value::Str(_), _) | (_, Value::Str(_)) => {
            let mut s = String::new();
            write_display(&mut s, a);
            write_display(&mut s, b);
            Ok(Value::from(s))
        }
        _ => type_error("+", a, b),
    }
}

/// `a - b`.
pub fn sub(a: &Value, b: &Value) -> PResult {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Ok(Value::Number(x - y)),
        _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, sub),
        _ => type_error("-", a, b),
    }
}

/// `a * b`.
pub fn mul(a: &Value, b: &Value) -> PResult {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Ok(Value::Number(x * y)),
        _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, mul),
        _ => type_error("*", a, b),
    }
}

/// `a / b`; division by zero is an error (`Division by zero`), never Infinity.
pub fn div(a: &Value, b: &Value) -> PResult {
    match (a, b) {
        (Value::Number(_), Value::Number(y)) if *y == 0.0 => fail("Division by zero"),
        (Value::Number(x), Value::Number(y)) => Ok(Value::Number(x / y)),
        _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, div),
        _ => type_error("/", a, b),
    }
}

/// `a % b` with JavaScript's sign rule (the sign of `a`); modulo by zero is `Modulo by zero`.
pub fn rem(a: &Value, b: &Value) -> PResult {
    match (a, b) {
        (Value::Number(_), Value::Number(y)) if *y == 0.0 => fail("Modulo by zero"),
        (Value::Number(x), Value::Number(y)) => Ok(Value::Number(x % y)),
        _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, rem),
        _ => type_error("%", a, b),
    }
}

/// JavaScript `Math.pow(x, y)` (differs from `f64::powf` for NaN exponents and `±1 ** ±∞`).
pub fn js_pow(x: f64, y: f64) -> f64 {
    if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
        return f64::NAN;
    }
    x.powf(y)
}

/// `a ** b` (`Math.pow`; `0 ** -1` is Infinity).
pub fn pow(a: &Value, b: &Value) -> PResult {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Ok(Value::Number(js_pow(*x, *y))),
        _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, pow),
        _ => type_error("**", a, b),
    }
}

/// Unary `-a`: numbers only; a confident operand is an error (B §4.3).
pub fn neg(a: &Value) -> PResult {
    match a {
        Value::Number(x) => Ok(Value::Number(-x)),
        other => fail(format!("Cannot apply unary - to {}", other.type_name())),
    }
}

fn step(a: &Value, delta: f64, op: &str) -> PResult {
    let mut layers = Vec::new();
    let mut v = a;
    while let Value::Confident(c) = v {
        layers.push(c.confidence());
        v = c.value();
    }
    let mut r = match v {
        Value::Number(x) => Value::Number(x + delta),
        other => return fail(format!("Cannot apply {op} to {}", other.type_name())),
    };
    for c in layers.into_iter().rev() {
        r = Value::confident(r, c);
    }
    Ok(r)
}

/// The new value of `x++`/`++x` (D19): `x + 1` for a number (a confident number keeps its
/// confidence); anything else is `Cannot apply ++ to T`. Prefix yields this value, postfix the
/// old one.
pub fn increment(a: &Value) -> PResult {
    step(a, 1.0, "++")
}

/// The new value of `x--`/`--x` (D19); see [`increment`].
pub fn decrement(a: &Value) -> PResult {
    step(a, -1.0, "--")
}
