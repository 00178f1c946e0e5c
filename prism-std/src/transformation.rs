//! transformation: `partition`, `sample`, `chunk`, `take`, `successful`.

use crate::items::{Item, array, option};
use crate::{Ctx, array_arg, callback_arg, fail, number_arg};
use futures::future::BoxFuture;
use prism_runtime::{PResult, Value};
use std::sync::Arc;

/// `[matching, rest]` by `predicate(item, index)`.
pub fn partition(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let items = array_arg("partition", &args, 0, "items")?;
        let cb = callback_arg("partition", &args, 1, "predicate")?;
        let (mut yes, mut no) = (Vec::new(), Vec::new());
        for (i, item) in items.into_iter().enumerate() {
            let call = [item.clone(), Value::from(i)];
            let keep = match cb.try_sync(&call) {
                Some(r) => r?,
                None => cb.invoke(&call).await?,
            };
            if keep.truthy() { yes.push(item) } else { no.push(item) }
        }
        Ok(array(vec![array(yes), array(no)]))
    })
}

fn count(name: &str, args: &[Value], index: usize, what: &str) -> PResult<f64> {
    let n = number_arg(name, args, index, what, 0.0)?;
    if n.fract() != 0.0 {
        return fail(name, format!("{what} must be a whole number, got {n}"));
    }
    Ok(n)
}

/// `n` distinct items at random, in their original order.
pub fn sample(ctx: &Ctx, args: &[Value]) -> PResult {
    let items = array_arg("sample", args, 0, "items")?;
    let n = count("sample", args, 1, "n")?.max(0.0) as usize;
    let weighted = option(args.get(2), "weighted").truthy();
    let mut weights: Vec<f64> = items
        .iter()
        .map(|v| {
            let item = Item::of(v);
            match (weighted, item.failed) {
                (false, _) => 1.0,
                (true, true) => 0.0,
                (true, false) => item.confidence,
            }
        })
        .collect();
    let mut chosen = vec![false; items.len()];
    for _ in 0..n.min(items.len()) {
        let total: f64 = weights.iter().sum();
        // All remaining weights 0 (weighted sampling of zero-confidence items): uniform.
        let uniform = total <= 0.0;
        let remaining = chosen.iter().filter(|c| !**c).count() as f64;
        let mut r = ctx.host.random() * if uniform { remaining } else { total };
        let mut pick = None;
        for (i, w) in weights.iter().enumerate() {
            if chosen[i] {
                continue;
            }
            let w = if uniform { 1.0 } else { *w };
            pick = Some(i);
            if r < w {
                break;
            }
            r -= w;
        }
        if let Some(i) = pick {
            chosen[i] = true;
            weights[i] = 0.0;
        }
    }
    Ok(array(items.into_iter().zip(chosen).filter(|(_, c)| *c).map(|(v, _)| v).collect()))
}

/// Consecutive arrays of `size` items.
pub fn chunk(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = array_arg("chunk", args, 0, "items")?;
    let size = count("chunk", args, 1, "size")?;
    if size < 1.0 {
        return fail("chunk", format!("size must be at least 1, got {size}"));
    }
    Ok(array(items.chunks(size as usize).map(|c| array(c.to_vec())).collect()))
}

/// The first `n` items (the last `-n` when negative).
pub fn take(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = array_arg("take", args, 0, "items")?;
    let n = count("take", args, 1, "n")?;
    let k = (n.abs() as usize).min(items.len());
    Ok(array(if n >= 0.0 { items[..k].to_vec() } else { items[items.len() - k..].to_vec() }))
}

/// The items that did not fail, with confidence above 0 (at least `minConfidence`).
pub fn successful(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = array_arg("successful", args, 0, "items")?;
    let min = match args.get(1) {
        None | Some(Value::Null) => None,
        Some(_) => Some(number_arg("successful", args, 1, "minConfidence", 0.0)?),
    };
    Ok(array(
        items
            .into_iter()
            .filter(|v| {
                let item = Item::of(v);
                item.succeeded() && min.is_none_or(|m| item.confidence >= m)
            })
            .collect(),
    ))
}
