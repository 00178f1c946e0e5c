//! coordination and workflow: `quorum`, `delegate`, `prioritize`, `pipeline`, `dag`.

use crate::agents::{Match, call_agent, call_matching, task_and_data};
use crate::items::{Item, array, nothing, option};
use crate::{Ctx, array_arg, fail, number_arg, string_arg};
use futures::future::BoxFuture;
use prism_runtime::{Callback, ObjectMap, PResult, Str, Value};
use std::sync::Arc;

/// The items with confidence ≥ `minConfidence` when there are at least `n`.
pub fn quorum(_ctx: &Ctx, args: &[Value]) -> PResult {
    let all = array_arg("quorum", args, 0, "results")?;
    let n = number_arg("quorum", args, 1, "n", 1.0)?;
    let min = number_arg("quorum", args, 2, "minConfidence", 0.5)?;
    let members: Vec<Item> =
        all.iter().map(Item::of).filter(|i| i.succeeded() && i.confidence >= min).collect();
    if members.is_empty() || (members.len() as f64) < n {
        return Ok(nothing());
    }
    let mean = members.iter().map(|i| i.confidence).sum::<f64>() / members.len() as f64;
    Ok(Value::confident(array(members.into_iter().map(|i| i.original).collect()), mean))
}

/// The most expert agent with the capability gets the task.
pub fn delegate(ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let capability = string_arg("delegate", &args, 1, "capability", "")?;
        if capability.is_empty() {
            return fail("delegate", "capability must be a non-empty string");
        }
        let (task, data) = task_and_data(&ctx, args.first(), args.get(2));
        call_matching(&ctx, &capability, Match::Capability, task, data).await
    })
}

/// Sort key of an item: a number, or −∞ for anything else (sorted last).
fn score(v: &Value) -> f64 {
    v.strip_confidence().as_number().filter(|n| !n.is_nan()).unwrap_or(f64::NEG_INFINITY)
}

/// The items from highest to lowest by key (stable).
pub fn prioritize(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let all = array_arg("prioritize", &args, 0, "results")?;
        let key = args.get(1).cloned().unwrap_or(Value::Null);
        let mut scored: Vec<(f64, Value)> = Vec::with_capacity(all.len());
        for v in all {
            let item = Item::of(&v);
            let s = match key.strip_confidence() {
                Value::Null => {
                    if item.failed {
                        0.0
                    } else {
                        item.confidence
                    }
                }
                Value::Str(field) => {
                    let from = |x: &Value| match x.strip_confidence() {
                        Value::Object(o) => o.get(field.as_str()),
                        _ => None,
                    };
                    from(&item.answer).or_else(|| from(&v)).map_or(f64::NEG_INFINITY, |x| score(&x))
                }
                k => match Callback::from_value(k) {
                    Some(cb) => {
                        let call = [v.clone()];
                        let r = match cb.try_sync(&call) {
                            Some(r) => r?,
                            None => cb.invoke(&call).await?,
                        };
                        score(&r)
                    }
                    None => {
                        return fail(
                            "prioritize",
                            format!(
                                "key must be a field name or a function, got {}",
                                k.type_name()
                            ),
                        );
                    }
                },
            };
            scored.push((s, v));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(array(scored.into_iter().map(|(_, v)| v).collect()))
    })
}

/// The answer through every stage; confidence is the product of the stages'.
pub fn pipeline(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let stages = array_arg("pipeline", &args, 0, "stages")?;
        let mut value = args.get(1).cloned().unwrap_or(Value::Null);
        let opts = args.get(2);
        let min = match option(opts, "minConfidence") {
            Value::Null => 0.0,
            Value::Number(n) => n,
            other => {
                return fail(
                    "pipeline",
                    format!("opts.minConfidence must be a number, got {}", other.type_name()),
                );
            }
        };
        let task = match option(opts, "task") {
            Value::Null => Value::from("analyze"),
            t => t,
        };
        // The initial value may itself be confident: it starts the product.
        let first = Item::of(&value);
        let mut confidence = if value.is_confident() { first.confidence } else { 1.0 };
        value = first.answer;
        for (i, stage) in stages.iter().enumerate() {
            let out = match Callback::from_value(stage) {
                Some(cb) => cb.invoke(&[value.clone()]).await?,
                None => call_agent("pipeline", stage, i, task.clone(), value.clone(), None).await?,
            };
            let item = Item::of(&out);
            confidence *= if item.failed { 0.0 } else { item.confidence };
            value = item.answer;
            if confidence < min || item.failed {
                break;
            }
        }
        Ok(Value::confident(value, confidence))
    })
}

struct Node {
    name: Str,
    deps: Vec<Str>,
    run: Callback,
}

fn dag_nodes(tasks: &Value) -> PResult<Vec<Node>> {
    let Value::Object(o) = tasks.strip_confidence() else {
        return fail("dag", format!("tasks must be an object, got {}", tasks.type_name()));
    };
    let mut nodes = Vec::new();
    for (name, spec) in o.read().iter() {
        let (deps, run) = match spec.strip_confidence() {
            Value::Object(s) => {
                let deps = match s.get("deps") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(a)) => {
                        let mut out = Vec::new();
                        for d in a.snapshot() {
                            match d {
                                Value::Str(d) => out.push(d),
                                other => {
                                    return fail(
                                        "dag",
                                        format!(
                                            "task '{name}': deps must be task names, got {}",
                                            other.type_name()
                                        ),
                                    );
                                }
                            }
                        }
                        out
                    }
                    Some(other) => {
                        return fail(
                            "dag",
                            format!(
                                "task '{name}': deps must be an array, got {}",
                                other.type_name()
                            ),
                        );
                    }
                };
                (deps, s.get("run").unwrap_or(Value::Null))
            }
            other => (Vec::new(), other.clone()),
        };
        let Some(run) = Callback::from_value(&run) else {
            return fail("dag", format!("task '{name}' must be a function or {{deps, run}}"));
        };
        nodes.push(Node { name: name.clone(), deps, run });
    }
    for node in &nodes {
        if let Some(d) = node.deps.iter().find(|d| !nodes.iter().any(|n| n.name == **d)) {
            return fail("dag", format!("task '{}' depends on unknown task '{d}'", node.name));
        }
    }
    Ok(nodes)
}

/// Tasks in dependency order, the ready ones concurrently.
pub fn dag(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let nodes = dag_nodes(args.first().unwrap_or(&Value::Null))?;
        let mut done: Vec<Option<Value>> = vec![None; nodes.len()];
        let index = |name: &Str| nodes.iter().position(|n| n.name == *name);
        while done.iter().any(Option::is_none) {
            let ready: Vec<usize> = (0..nodes.len())
                .filter(|&i| {
                    done[i].is_none()
                        && nodes[i].deps.iter().all(|d| index(d).is_some_and(|j| done[j].is_some()))
                })
                .collect();
            if ready.is_empty() {
                let stuck: Vec<&str> = (0..nodes.len())
                    .filter(|&i| done[i].is_none())
                    .map(|i| nodes[i].name.as_str())
                    .collect();
                return fail("dag", format!("dependency cycle among {}", stuck.join(", ")));
            }
            let calls = ready.iter().map(|&i| {
                let mut inputs = ObjectMap::new();
                for d in &nodes[i].deps {
                    if let Some(v) = index(d).and_then(|j| done[j].clone()) {
                        inputs.insert(d.clone(), v);
                    }
                }
                nodes[i].run.clone().invoke_owned(vec![Value::object_from_map(inputs)])
            });
            let results = futures::future::join_all(calls).await;
            for (&i, r) in ready.iter().zip(results) {
                done[i] = Some(r?);
            }
        }
        let mut out = ObjectMap::new();
        for (node, v) in nodes.iter().zip(done) {
            out.insert(node.name.clone(), v.unwrap_or(Value::Null));
        }
        Ok(Value::object_from_map(out))
    })
}
