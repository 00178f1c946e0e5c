//! Built-in functions and methods.
//!
//! * [`reference`](mod@reference): the reference's globals (B §4.13): `map filter reduce max min confidence
//!   threshold consensus aggregate sortBy groupBy debounce`;
//! * [`globals`]: `print`, `console`, `delay`/`sleep`, `Promise`, `llm`, and D7's
//!   `Number String Boolean parseInt parseFloat isNaN Array.isArray Date.now`;
//! * [`math`], [`object`], [`json`]: D7's `Math`, `Object` and `JSON`;
//! * [`array`](mod@array), [`string`](mod@string): the array and string methods (B §4.6, D6, D7, D19);
//! * [`methods`]: method dispatch ([`methods::call_method`]) and bound methods.
//!
//! Confidence (D19): a D7 built-in that computes a new value unwraps its confident arguments
//! (the receiver counts as one) and gives its result the minimum of their confidences; one
//! that only stores or moves values (`push`, `unshift`, `concat`) keeps them as they are and
//! its result carries the receiver's confidence once. The reference's methods and globals keep
//! the reference's rules (a method of a confident receiver is a confident function, B §4.6).

pub mod array;
pub mod globals;
pub mod json;
pub mod math;
pub mod methods;
pub mod object;
pub mod reference;
mod sort;
pub mod string;

use crate::call::{Callback, apply_conf};
use crate::error::{PResult, fail};
use crate::number_format::string_to_number;
use crate::text::to_display_string;
use crate::value::Value;

/// D19: unwraps each confident argument one layer (functions are left alone: a confident
/// callback applies its confidence per call) and returns the minimum confidence seen, `None`
/// if no argument was confident.
pub(crate) fn unwrap_args(args: Vec<Value>) -> (Vec<Value>, Option<f64>) {
    let mut conf: Option<f64> = None;
    let out = args
        .into_iter()
        .map(|a| match a {
            Value::Confident(c) if !matches!(c.value(), Value::Function(_)) => {
                let k = c.confidence();
                conf = Some(conf.map_or(k, |m: f64| m.min(k)));
                c.value().clone()
            }
            other => other,
        })
        .collect();
    (out, conf)
}

/// Combines two optional confidences by minimum.
pub(crate) fn min_conf(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Applies an optional confidence with the product rule ([`apply_conf`]).
#[inline]
pub(crate) fn finish(r: Value, conf: Option<f64>) -> Value {
    match conf {
        Some(c) => apply_conf(r, c),
        None => r,
    }
}

/// The callback in `v` or the error `msg`.
pub(crate) fn callback(v: Option<&Value>, msg: &str) -> PResult<Callback> {
    match v.and_then(Callback::from_value) {
        Some(cb) => Ok(cb),
        None => fail(msg.to_string()),
    }
}

/// JavaScript `ToNumber` (D7 built-ins): null 0, booleans 1/0, strings by `Number(s)`, an
/// empty array 0, a one-element array its element, anything else NaN; confident values by
/// their inner value.
pub fn js_to_number(v: &Value) -> f64 {
    match v {
        Value::Number(n) => *n,
        Value::Null => 0.0,
        Value::Bool(b) => {
            if *b {
                1.0
            } else {
                0.0
            }
        }
        Value::Str(s) => string_to_number(s),
        Value::Array(a) => {
            let items = a.read();
            match items.len() {
                0 => 0.0,
                1 => items.first().map_or(f64::NAN, |x| match x {
                    Value::Array(_) | Value::Object(_) => f64::NAN,
                    other => js_to_number(other),
                }),
                _ => f64::NAN,
            }
        }
        Value::Confident(_) => js_to_number(v.strip_confidence()),
        _ => f64::NAN,
    }
}

/// JavaScript `ToIntegerOrInfinity` of an optional argument (`undefined`/null → 0, NaN → 0).
pub(crate) fn to_integer(v: Option<&Value>) -> f64 {
    match v {
        None => 0.0,
        Some(v) => {
            let n = js_to_number(v);
            if n.is_nan() { 0.0 } else { n.trunc() }
        }
    }
}

/// A relative index as `slice` computes it: negative counts from `len`, clamped to 0..=len.
pub(crate) fn relative_index(v: Option<&Value>, len: usize, default: usize) -> usize {
    match v {
        None | Some(Value::Null) => default,
        Some(v) => {
            let n = to_integer(Some(v));
            let len_f = len as f64;
            let r = if n < 0.0 { (len_f + n).max(0.0) } else { n.min(len_f) };
            r as usize
        }
    }
}

/// The text of an argument as JavaScript's `String(x)` would give it (Prism's text form;
/// missing arguments are `"undefined"` in JavaScript, here `"null"`).
pub(crate) fn text_arg(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(v) => to_display_string(v),
        None => "null".to_string(),
    }
}
