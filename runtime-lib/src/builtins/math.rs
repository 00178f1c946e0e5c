//! The `Math` object (D7): `abs min max floor ceil round sqrt pow log exp random PI`, with
//! JavaScript behaviour (arguments converted with `ToNumber`, `Math.round` rounding halves up,
//! `Math.max()` is -Infinity). Confident arguments are unwrapped and the result gets their
//! minimum confidence (D19): `Math.max(1 ~> 0.9, 3)` is `3 ~> 0.9`.

use std::sync::Arc;

use super::{finish, js_to_number, unwrap_args};
use crate::function::Function;
use crate::host::Host;
use crate::ops::arith::js_pow;
use crate::value::Value;

fn unary(name: &'static str, f: fn(f64) -> f64) -> Value {
    Value::Function(Function::builtin(name, move |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        let x = args.first().map_or(f64::NAN, js_to_number);
        Ok(finish(Value::Number(f(x)), conf))
    }))
}

fn fold(name: &'static str, start: f64, pick: fn(f64, f64) -> f64) -> Value {
    Value::Function(Function::builtin(name, move |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        let mut acc = start;
        for a in &args {
            let x = js_to_number(a);
            if x.is_nan() {
                acc = f64::NAN;
                break;
            }
            acc = pick(acc, x);
        }
        Ok(finish(Value::Number(acc), conf))
    }))
}

/// JavaScript `Math.round`: the nearest integer, halves rounded up (toward +∞).
pub fn js_round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = x.floor();
    if x - r >= 0.5 { r + 1.0 } else { r }
}

/// The `Math` object, with `random` drawing from the host's generator.
pub fn math_object(host: &Arc<Host>) -> Value {
    let host = host.clone();
    let random =
        Value::Function(Function::builtin("random", move |_| Ok(Value::Number(host.random()))));
    let pow = Value::Function(Function::builtin("pow", |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        let x = args.first().map_or(f64::NAN, js_to_number);
        let y = args.get(1).map_or(f64::NAN, js_to_number);
        Ok(finish(Value::Number(js_pow(x, y)), conf))
    }));
    Value::object([
        ("abs", unary("abs", f64::abs)),
        ("floor", unary("floor", f64::floor)),
        ("ceil", unary("ceil", f64::ceil)),
        ("round", unary("round", js_round)),
        ("sqrt", unary("sqrt", f64::sqrt)),
        ("log", unary("log", f64::ln)),
        ("exp", unary("exp", f64::exp)),
        (
            "min",
            fold("min", f64::INFINITY, |a, b| {
                if b < a || (b == 0.0 && a == 0.0 && b.is_sign_negative()) { b } else { a }
            }),
        ),
        (
            "max",
            fold("max", f64::NEG_INFINITY, |a, b| {
                if b > a || (b == 0.0 && a == 0.0 && a.is_sign_negative()) { b } else { a }
            }),
        ),
        ("pow", pow),
        ("random", random),
        ("PI", Value::Number(std::f64::consts::PI)),
    ])
}
