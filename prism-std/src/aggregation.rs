//! aggregation: `consensus`, `voting`, `merge`, `reduce`, `weightedMean`, `best`.

use crate::items::{Item, answer_key, array, items, nothing, option};
use crate::{Ctx, callback_arg, fail, number_arg};
use futures::future::BoxFuture;
use prism_runtime::{ObjectMap, PResult, Value, get_member};
use std::sync::Arc;

fn result_items(name: &str, args: &[Value]) -> PResult<Vec<Item>> {
    let v = args.first().unwrap_or(&Value::Null);
    match items(v) {
        Some(items) => Ok(items),
        None => fail(name, format!("results must be an array, got {}", v.type_name())),
    }
}

fn successes(items: Vec<Item>) -> Vec<Item> {
    items.into_iter().filter(Item::succeeded).collect()
}

/// Equal answers grouped in first-seen order: (items of the group, summed confidence).
struct Group {
    members: Vec<Item>,
    weight: f64,
}

fn group_by(items: &[Item], key: impl Fn(&Item) -> String) -> Vec<Group> {
    let mut groups: Vec<(String, Group)> = Vec::new();
    for item in items {
        let k = key(item);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, g)) => {
                g.weight += item.confidence;
                g.members.push(item.clone());
            }
            None => {
                groups.push((k, Group { members: vec![item.clone()], weight: item.confidence }))
            }
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

fn mean_confidence(items: &[Item]) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    items.iter().map(|i| i.confidence).sum::<f64>() / items.len() as f64
}

/// The heaviest group by `weigh` (the first on a tie).
fn heaviest(groups: &[Group], weigh: impl Fn(&Group) -> f64) -> Option<&Group> {
    let mut best: Option<&Group> = None;
    for g in groups {
        if best.is_none_or(|b| weigh(g) > weigh(b)) {
            best = Some(g);
        }
    }
    best
}

/// The answer of a group: its most confident member's (the first on a tie).
fn group_answer(g: &Group) -> Value {
    let mut best = &g.members[0];
    for m in &g.members {
        if m.confidence > best.confidence {
            best = m;
        }
    }
    best.answer.clone()
}

/// The comparison key of an answer: the whole answer, or `opts.key` of an object answer.
fn keyed(key: &Value) -> impl Fn(&Item) -> String + '_ {
    move |item: &Item| match (key, item.answer.strip_confidence()) {
        (Value::Str(k), Value::Object(_)) => answer_key(
            &get_member(item.answer.strip_confidence(), k.as_str()).unwrap_or(Value::Null),
        ),
        _ => answer_key(&item.answer),
    }
}

/// Share of the weight agreeing × mean confidence of the agreeing group.
pub fn consensus(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = successes(result_items("consensus", args)?);
    let min_agreement = number_arg("consensus", args, 1, "minAgreement", 0.5)?;
    let key = option(args.get(2), "key");
    let groups = group_by(&items, keyed(&key));
    let total: f64 = groups.iter().map(|g| g.weight).sum();
    let Some(winner) = heaviest(&groups, |g| g.weight) else { return Ok(nothing()) };
    if total <= 0.0 {
        return Ok(nothing());
    }
    let share = winner.weight / total;
    if share < min_agreement {
        return Ok(nothing());
    }
    Ok(Value::confident(group_answer(winner), share * mean_confidence(&winner.members)))
}

/// Majority, weighted or unanimous voting over the successful items.
pub fn voting(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = successes(result_items("voting", args)?);
    let strategy = match args.get(1).map(Value::strip_confidence) {
        None | Some(Value::Null) => "majority".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(opts @ Value::Object(_)) => match option(Some(opts), "strategy") {
            Value::Null => "majority".to_string(),
            Value::Str(s) => s.to_string(),
            other => {
                return fail(
                    "voting",
                    format!("opts.strategy must be a string, got {}", other.type_name()),
                );
            }
        },
        Some(other) => {
            return fail("voting", format!("opts must be an object, got {}", other.type_name()));
        }
    };
    let groups = group_by(&items, |i| answer_key(&i.answer));
    if items.is_empty() {
        return Ok(nothing());
    }
    let votes = items.len() as f64;
    let total: f64 = items.iter().map(|i| i.confidence).sum();
    let (winner, share) = match strategy.as_str() {
        "majority" => match heaviest(&groups, |g| g.members.len() as f64) {
            Some(g) => (g, g.members.len() as f64 / votes),
            None => return Ok(nothing()),
        },
        "weighted" => match heaviest(&groups, |g| g.weight) {
            Some(g) if total > 0.0 => (g, g.weight / total),
            _ => return Ok(nothing()),
        },
        "unanimous" => match groups.as_slice() {
            [only] => (only, 1.0),
            _ => return Ok(nothing()),
        },
        other => {
            return fail(
                "voting",
                format!("unknown strategy \"{other}\" (majority, weighted or unanimous)"),
            );
        }
    };
    Ok(Value::confident(group_answer(winner), share * mean_confidence(&winner.members)))
}

fn deep_merge(into: &mut ObjectMap, from: &ObjectMap) {
    for (k, v) in from.iter() {
        let merged = match (into.get(k.as_str()), v) {
            (Some(Value::Object(old)), Value::Object(new)) => {
                let mut m = old.read().clone();
                deep_merge(&mut m, &new.read());
                Value::object_from_map(m)
            }
            _ => v.clone(),
        };
        into.insert(k.clone(), merged);
    }
}

/// Shallow, deep or concatenating merge of the successful answers.
pub fn merge(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = successes(result_items("merge", args)?);
    let strategy = crate::string_arg("merge", args, 1, "strategy", "shallow")?;
    let confidence = items.iter().map(|i| i.confidence).fold(1.0f64, f64::min);
    let merged = match strategy.as_str() {
        "shallow" | "deep" => {
            let mut map = ObjectMap::new();
            for item in &items {
                let Value::Object(o) = item.answer.strip_confidence() else {
                    return fail(
                        "merge",
                        format!(
                            "a {strategy} merge needs object answers, got {}",
                            item.answer.type_name()
                        ),
                    );
                };
                if strategy == "deep" {
                    deep_merge(&mut map, &o.read());
                } else {
                    for (k, v) in o.read().iter() {
                        map.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::object_from_map(map)
        }
        "concat" => {
            let mut out = Vec::new();
            for item in &items {
                match item.answer.strip_confidence() {
                    Value::Array(a) => out.extend(a.snapshot()),
                    other => out.push(other.clone()),
                }
            }
            array(out)
        }
        other => {
            return fail(
                "merge",
                format!("unknown strategy \"{other}\" (shallow, deep or concat)"),
            );
        }
    };
    Ok(Value::confident(merged, confidence))
}

/// Folds the successful items with `fn(acc, answer, confidence, index)`.
pub fn reduce(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let items = successes(result_items("reduce", &args)?);
        let cb = callback_arg("reduce", &args, 1, "fn")?;
        let mut acc = args.get(2).cloned().unwrap_or(Value::Null);
        for (i, item) in items.iter().enumerate() {
            let call = [acc, item.answer.clone(), Value::from(item.confidence), Value::from(i)];
            acc = match cb.try_sync(&call) {
                Some(r) => r?,
                None => cb.invoke(&call).await?,
            };
        }
        if acc.is_confident() {
            return Ok(acc);
        }
        let confidence = if items.is_empty() { 1.0 } else { mean_confidence(&items) };
        Ok(Value::confident(acc, confidence))
    })
}

/// Σ answer × c / Σ c over the numeric answers.
pub fn weighted_mean(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = successes(result_items("weightedMean", args)?);
    let numeric: Vec<(f64, f64)> = items
        .iter()
        .filter_map(|i| i.answer.strip_confidence().as_number().map(|n| (n, i.confidence)))
        .filter(|(n, _)| n.is_finite())
        .collect();
    let weight: f64 = numeric.iter().map(|(_, c)| c).sum();
    if numeric.is_empty() || weight <= 0.0 {
        return Ok(nothing());
    }
    let mean = numeric.iter().map(|(n, c)| n * c).sum::<f64>() / weight;
    Ok(Value::confident(Value::from(mean), weight / numeric.len() as f64))
}

/// The most confident successful item, unchanged.
pub fn best(_ctx: &Ctx, args: &[Value]) -> PResult {
    let items = successes(result_items("best", args)?);
    let mut top: Option<&Item> = None;
    for item in &items {
        if top.is_none_or(|t| item.confidence > t.confidence) {
            top = Some(item);
        }
    }
    Ok(top.map_or_else(nothing, |t| t.original.clone()))
}
