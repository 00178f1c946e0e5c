//! The confidence operators, exactly as B §4.2 and §4.5 (D1).
//!
//! Let `cL`/`cR` be the operand confidences (1.0 if plain) and `vL`/`vR` the operands unwrapped
//! one layer. Every binary operator here except `~?>` fails with
//! `<Name> requires confident values` when neither operand is confident; both operands are
//! always evaluated by the caller (no short circuit).
//!
//! | Prism | function | result |
//! |---|---|---|
//! | `x ~> c` | [`attach`] | `(x, c)`, nesting if `x` is confident |
//! | `<~ x` | [`extract`] | `c`, or 1.0 |
//! | `a ~~ b` | [`chain`] | `(vR, min)` |
//! | `a ~?? b` | [`coalesce`] | `a` if `cL ≥ 0.5`, else `b` |
//! | `a ~&& b` / `a ~\|\| b` | [`and`] / [`or`] | `(bool, min)` / `(bool, max)` |
//! | `~+ ~- ~* ~/` | [`add`] … [`div`] | numbers only, `(vL op vR, min)` |
//! | `~== ~!=` | [`equal`] / [`not_equal`] | deep equality, `(bool, min)` |
//! | `~< ~<= ~>=` | [`less`] / [`less_equal`] / [`greater_equal`] | numbers only |
//! | `a ~\|\|> b` | [`parallel`] | `a` if `cL ≥ cR` (ties left), else `b` |
//! | `a ~@> b` | [`gate`] | `b` if `cL ≥ 0.7`, else `(vL, cL × 0.5)` |
//! | `a ~\|> b` | [`pipe`] | `b` if confident, else `(b, cL)` |
//! | `a ~?> t` | [`threshold_gate`] | `(vL, cL)` if `cL ≥ t`, else the default |
//! | `c ~? x : y` | [`ternary_condition`], [`ternary_result`] | `(vBranch, cC × cBranch)` |

use crate::error::{PResult, fail};
use crate::number_format::number_to_string;
use crate::ops::equality::deep_equal;
use crate::value::{Value, clamp_confidence};

/// `~??` keeps its left operand at or above this confidence (B §4.5).
pub const COALESCE_THRESHOLD: f64 = 0.5;
/// `~@>` passes to its right operand at or above this confidence (B §4.5).
pub const GATE_THRESHOLD: f64 = 0.7;

/// The confidence given to `~>` (B §4.2): a number, or a confident number (its inner value);
/// clamped to [0, 1]. Errors: `Confidence value must be a number`, and
/// `Invalid confidence value: X. Must be a finite number.` for NaN and infinities.
pub fn confidence_number(c: &Value) -> PResult<f64> {
    let n = match c {
        Value::Number(n) => *n,
        Value::Confident(k) => match k.value() {
            Value::Number(n) => *n,
            _ => return fail("Confidence value must be a number"),
        },
        _ => return fail("Confidence value must be a number"),
    };
    if !n.is_finite() {
        return fail(format!(
            "Invalid confidence value: {}. Must be a finite number.",
            number_to_string(n)
        ));
    }
    Ok(clamp_confidence(n))
}

/// `x ~> c`: wraps `x` (again, if already confident) with the clamped confidence `c`.
pub fn attach(x: &Value, c: &Value) -> PResult {
    Ok(Value::confident(x.clone(), confidence_number(c)?))
}

/// `<~ x`: the outer confidence of `x` as a number, 1.0 for a plain value.
pub fn extract(x: &Value) -> Value {
    Value::Number(x.confidence_or_one())
}

/// A function declaration's `~> conf` annotation (B §3.5): if `conf` is a plain number the
/// binding is the confident function `(f, conf)`, otherwise the annotation is ignored.
pub fn annotate_function(f: Value, conf: &Value) -> Value {
    match conf {
        Value::Number(n) => Value::confident(f, *n),
        _ => f,
    }
}

fn require_confident(a: &Value, b: &Value, name: &str) -> PResult<()> {
    if a.is_confident() || b.is_confident() {
        Ok(())
    } else {
        fail(format!("{name} requires confident values"))
    }
}

/// `a ~~ b`: `(vR, min(cL, cR))`.
pub fn chain(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confidence chaining")?;
    let (vb, cb) = b.unwrap_one();
    Ok(Value::confident(vb.clone(), a.confidence_or_one().min(cb)))
}

/// `a ~?? b`: `a` as-is if `cL ≥ 0.5`, else `b` as-is.
pub fn coalesce(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confidence coalesce")?;
    Ok(if a.confidence_or_one() >= COALESCE_THRESHOLD { a.clone() } else { b.clone() })
}

/// `a ~&& b`: `(truthy(a) && truthy(b), min(cL, cR))`.
pub fn and(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confidence AND")?;
    let c = a.confidence_or_one().min(b.confidence_or_one());
    Ok(Value::confident(Value::Bool(a.truthy() && b.truthy()), c))
}

/// `a ~|| b`: `(truthy(a) || truthy(b), max(cL, cR))`.
pub fn or(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confidence OR")?;
    let c = a.confidence_or_one().max(b.confidence_or_one());
    Ok(Value::confident(Value::Bool(a.truthy() || b.truthy()), c))
}

fn numeric_pair(a: &Value, b: &Value, what: &str) -> PResult<(f64, f64, f64)> {
    let (va, ca) = a.unwrap_one();
    let (vb, cb) = b.unwrap_one();
    match (va, vb) {
        (Value::Number(x), Value::Number(y)) => Ok((*x, *y, ca.min(cb))),
        _ => fail(format!("{what} requires numeric values")),
    }
}

/// `a ~+ b` (numbers only; no string concatenation).
pub fn add(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident addition")?;
    let (x, y, c) = numeric_pair(a, b, "Confident arithmetic")?;
    Ok(Value::confident(Value::Number(x + y), c))
}

/// `a ~- b`.
pub fn sub(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident subtraction")?;
    let (x, y, c) = numeric_pair(a, b, "Confident arithmetic")?;
    Ok(Value::confident(Value::Number(x - y), c))
}

/// `a ~* b`.
pub fn mul(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident multiplication")?;
    let (x, y, c) = numeric_pair(a, b, "Confident arithmetic")?;
    Ok(Value::confident(Value::Number(x * y), c))
}

/// `a ~/ b`; by zero: `Division by zero in confident arithmetic`.
pub fn div(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident division")?;
    let (x, y, c) = numeric_pair(a, b, "Confident arithmetic")?;
    if y == 0.0 {
        return fail("Division by zero in confident arithmetic");
    }
    Ok(Value::confident(Value::Number(x / y), c))
}

/// `a ~== b`: `(deepEqual(vL, vR), min)`.
pub fn equal(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident equality")?;
    let (va, ca) = a.unwrap_one();
    let (vb, cb) = b.unwrap_one();
    Ok(Value::confident(Value::Bool(deep_equal(va, vb)), ca.min(cb)))
}

/// `a ~!= b`: `(!deepEqual(vL, vR), min)`.
pub fn not_equal(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident not equal")?;
    let (va, ca) = a.unwrap_one();
    let (vb, cb) = b.unwrap_one();
    Ok(Value::confident(Value::Bool(!deep_equal(va, vb)), ca.min(cb)))
}

/// `a ~< b` (numbers only: `Confident less than requires numeric values`).
pub fn less(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident less than")?;
    let (x, y, c) = numeric_pair(a, b, "Confident less than")?;
    Ok(Value::confident(Value::Bool(x < y), c))
}

/// `a ~<= b`.
pub fn less_equal(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident less equal")?;
    let (x, y, c) = numeric_pair(a, b, "Confident less equal")?;
    Ok(Value::confident(Value::Bool(x <= y), c))
}

/// `a ~>= b`.
pub fn greater_equal(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confident greater equal")?;
    let (x, y, c) = numeric_pair(a, b, "Confident greater equal")?;
    Ok(Value::confident(Value::Bool(x >= y), c))
}

/// `a ~||> b`: the operand with the higher confidence, as-is; ties go left, so a chain picks
/// the (first) maximum.
pub fn parallel(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Parallel confidence")?;
    Ok(if a.confidence_or_one() >= b.confidence_or_one() { a.clone() } else { b.clone() })
}

/// `a ~@> b`: `b` as-is if `cL ≥ 0.7`, else `(vL, cL × 0.5)`.
pub fn gate(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Threshold gate")?;
    let (va, ca) = a.unwrap_one();
    Ok(if ca >= GATE_THRESHOLD { b.clone() } else { Value::confident(va.clone(), ca * 0.5) })
}

/// `a ~|> b` (after the pipeline substitution): `b` if confident, else `(b, cL)`.
pub fn pipe(a: &Value, b: &Value) -> PResult {
    require_confident(a, b, "Confidence pipeline")?;
    Ok(if b.is_confident() {
        b.clone()
    } else {
        Value::confident(b.clone(), a.confidence_or_one())
    })
}

/// `a ~?> t`: `t` is a number in [0, 1] or a plain array `[threshold, default]`. If
/// `cL ≥ threshold` the result is `(vL, cL)` (a plain `a` becomes `(a, 1.0)`), else the default
/// (null if none). Works without any confident operand.
pub fn threshold_gate(a: &Value, t: &Value) -> PResult {
    let (threshold, default) = match t {
        Value::Array(arr) if arr.len() == 2 => {
            let items = arr.snapshot();
            match items.first() {
                Some(Value::Number(n)) => (*n, items.get(1).cloned().unwrap_or(Value::Null)),
                _ => return fail("Threshold gate array first element must be a number"),
            }
        }
        Value::Number(n) => (*n, Value::Null),
        _ => return fail("Threshold gate expects a number or [threshold, default] array"),
    };
    // Not `contains`: a NaN threshold passes this check in the reference (and then fails
    // `cL >= NaN`, giving the default).
    #[allow(clippy::manual_range_contains)]
    if threshold < 0.0 || threshold > 1.0 {
        return fail("Confidence threshold must be between 0 and 1");
    }
    let (va, ca) = a.unwrap_one();
    Ok(if ca >= threshold { Value::confident(va.clone(), ca) } else { default })
}

/// The condition of `c ~? x : y`: whether to take the first branch (truthiness of `c`
/// unwrapped one layer) and the condition's confidence `cC` (1.0 if plain). Never fails.
pub fn ternary_condition(c: &Value) -> (bool, f64) {
    let (v, cc) = c.unwrap_one();
    (v.truthy(), cc)
}

/// The value of `c ~? x : y` given the evaluated branch: `(vBranch, cC × cBranch)`, always
/// confident.
pub fn ternary_result(branch: &Value, cc: f64) -> Value {
    let (v, cb) = branch.unwrap_one();
    Value::confident(v.clone(), cc * cb)
}
