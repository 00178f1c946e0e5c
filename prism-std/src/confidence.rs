//! confidence: `threshold`, `boost`, `decay`, `clamp`, `normalize`, `combineConfidence`.

use crate::items::{Item, array, nothing};
use crate::{Ctx, array_arg, fail, number_arg, string_arg};
use prism_runtime::{PResult, Value};

fn subject(args: &[Value]) -> Item {
    Item::of(args.first().unwrap_or(&Value::Null))
}

/// The confidence an item counts with: 0 when it failed.
fn effective(item: &Item) -> f64 {
    if item.failed { 0.0 } else { item.confidence }
}

/// `value` when its confidence is at least `min`, else `fallback` (default `null ~> 0`).
pub fn threshold(_ctx: &Ctx, args: &[Value]) -> PResult {
    let min = number_arg("threshold", args, 1, "min", 0.5)?;
    let item = subject(args);
    if effective(&item) >= min {
        return Ok(item.original);
    }
    Ok(args.get(2).cloned().unwrap_or_else(nothing))
}

/// c × factor, at most 1.
pub fn boost(_ctx: &Ctx, args: &[Value]) -> PResult {
    let factor = number_arg("boost", args, 1, "factor", 1.2)?;
    if factor < 0.0 {
        return fail("boost", format!("factor must not be negative, got {factor}"));
    }
    let item = subject(args);
    let c = (effective(&item) * factor).min(1.0);
    Ok(Value::confident(item.answer, c))
}

/// c × rate^steps.
pub fn decay(_ctx: &Ctx, args: &[Value]) -> PResult {
    let rate = number_arg("decay", args, 1, "rate", 0.9)?;
    let steps = number_arg("decay", args, 2, "steps", 1.0)?;
    if !(0.0..=1.0).contains(&rate) {
        return fail("decay", format!("rate must be between 0 and 1, got {rate}"));
    }
    let item = subject(args);
    Ok(Value::confident(item.answer.clone(), effective(&item) * rate.powf(steps.max(0.0))))
}

/// c limited to [min, max].
pub fn clamp(_ctx: &Ctx, args: &[Value]) -> PResult {
    let lo = number_arg("clamp", args, 1, "min", 0.0)?;
    let hi = number_arg("clamp", args, 2, "max", 1.0)?;
    if lo > hi {
        return fail("clamp", format!("min ({lo}) is greater than max ({hi})"));
    }
    let item = subject(args);
    Ok(Value::confident(item.answer.clone(), effective(&item).clamp(lo, hi)))
}

/// Each answer with c / Σc.
pub fn normalize(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items: Vec<Item> =
        array_arg("normalize", args, 0, "values")?.iter().map(Item::of).collect();
    let total: f64 = items.iter().map(effective).sum();
    Ok(array(
        items
            .iter()
            .map(|i| {
                let c = if total > 0.0 { effective(i) / total } else { 0.0 };
                Value::confident(i.answer.clone(), c)
            })
            .collect(),
    ))
}

/// One number from the confidences of `values`.
pub fn combine(_ctx: &Ctx, args: &[Value]) -> PResult {
    let name = "combineConfidence";
    let cs: Vec<f64> =
        array_arg(name, args, 0, "values")?.iter().map(|v| effective(&Item::of(v))).collect();
    let strategy = string_arg(name, args, 1, "strategy", "average")?;
    if cs.is_empty() {
        return Ok(Value::from(0.0));
    }
    let combined = match strategy.as_str() {
        "min" => cs.iter().copied().fold(1.0, f64::min),
        "max" => cs.iter().copied().fold(0.0, f64::max),
        "product" => cs.iter().product(),
        "average" => cs.iter().sum::<f64>() / cs.len() as f64,
        "weighted" => {
            let weights: Vec<f64> = match args.get(2).map(Value::strip_confidence) {
                None | Some(Value::Null) => cs.clone(),
                Some(_) => {
                    let ws = array_arg(name, args, 2, "weights")?;
                    if ws.len() != cs.len() {
                        return fail(
                            name,
                            format!("weights has {} entries for {} values", ws.len(), cs.len()),
                        );
                    }
                    let mut out = Vec::with_capacity(ws.len());
                    for w in &ws {
                        match w.strip_confidence().as_number() {
                            Some(n) if n.is_finite() && n >= 0.0 => out.push(n),
                            _ => return fail(name, "weights must be non-negative numbers"),
                        }
                    }
                    out
                }
            };
            let total: f64 = weights.iter().sum();
            if total > 0.0 {
                cs.iter().zip(&weights).map(|(c, w)| c * w).sum::<f64>() / total
            } else {
                0.0
            }
        }
        other => {
            return fail(
                name,
                format!("unknown strategy \"{other}\" (min, max, product, average or weighted)"),
            );
        }
    };
    Ok(Value::from(combined))
}
