//! execution: `parallel`, `sequential`, `race`, `batch`.

use crate::agents::{call_agent, call_inputs, deadline};
use crate::items::{Item, array, nothing, option};
use crate::{Ctx, array_arg, callback_arg, fail, number_arg};
use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;
use prism_runtime::{ObjectMap, PResult, Str, Value};
use std::sync::Arc;

/// Every agent gets the task concurrently (at most `opts.maxConcurrency` at once, each bounded
/// by `opts.timeoutMs`); one result per agent, in order.
pub fn parallel(ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let agents = array_arg("parallel", &args, 0, "agents")?;
        let (task, data) = call_inputs(&ctx, &args, 1, 2);
        let limit = deadline("parallel", args.get(2), "timeoutMs")?;
        let width = match option(args.get(2), "maxConcurrency") {
            Value::Null => agents.len().max(1),
            Value::Number(n) if n >= 1.0 => n as usize,
            other => {
                return fail(
                    "parallel",
                    format!("opts.maxConcurrency must be a number ≥ 1, got {}", other.type_name()),
                );
            }
        };
        // Owned inputs per call: the boxed future must not borrow from this frame.
        let calls = agents.into_iter().enumerate().map(|(i, agent)| {
            let (task, data) = (task.clone(), data.clone());
            async move { call_agent("parallel", &agent, i, task, data, limit).await }
        });
        // `buffered` keeps dispatch order while running at most `width` calls at once.
        let results: Vec<PResult> = futures::stream::iter(calls).buffered(width).collect().await;
        Ok(array(results.into_iter().collect::<PResult<Vec<_>>>()?))
    })
}

/// Each agent gets the previous answer as its data; stops at the first failure.
pub fn sequential(ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let agents = array_arg("sequential", &args, 0, "agents")?;
        let (task, mut data) = call_inputs(&ctx, &args, 1, 2);
        let limit = deadline("sequential", args.get(2), "timeoutMs")?;
        let mut steps = Vec::with_capacity(agents.len());
        let mut weakest = 1.0f64;
        for (i, agent) in agents.iter().enumerate() {
            let result = call_agent("sequential", agent, i, task.clone(), data, limit).await?;
            let item = Item::of(&result);
            weakest = weakest.min(if item.failed { 0.0 } else { item.confidence });
            data = item.answer.clone();
            steps.push(result);
            if !item.succeeded() {
                break;
            }
        }
        let Some(last) = steps.last() else { return Ok(nothing()) };
        let mut map = match last.strip_confidence() {
            Value::Object(o) if o.contains_key("confidence") => o.read().clone(),
            _ => {
                let mut m = ObjectMap::new();
                m.insert(Str::from("result"), Item::of(last).answer);
                m
            }
        };
        map.insert(Str::from("confidence"), Value::from(weakest));
        map.insert(Str::from("steps"), array(steps));
        Ok(Value::object_from_map(map))
    })
}

/// The first successful result meeting `opts.minConfidence`; the other calls are cancelled by
/// dropping their futures (tonic then resets the streams).
pub fn race(ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let agents = array_arg("race", &args, 0, "agents")?;
        let (task, data) = call_inputs(&ctx, &args, 1, 2);
        let min = match option(args.get(2), "minConfidence") {
            Value::Null => 0.0,
            Value::Number(n) => n,
            other => {
                return fail(
                    "race",
                    format!("opts.minConfidence must be a number, got {}", other.type_name()),
                );
            }
        };
        let limit = deadline("race", args.get(2), "timeoutMs")?;
        let mut pending: FuturesUnordered<_> = agents
            .into_iter()
            .enumerate()
            .map(|(i, agent)| {
                let (task, data) = (task.clone(), data.clone());
                async move { call_agent("race", &agent, i, task, data, None).await }
            })
            .collect();
        let mut best: Option<Item> = None;
        let contest = async {
            while let Some(result) = pending.next().await {
                let item = Item::of(&result?);
                if item.succeeded() && item.confidence >= min {
                    return Ok(Some(item.original));
                }
                if best.as_ref().is_none_or(|b| item.confidence > b.confidence) {
                    best = Some(item);
                }
            }
            Ok(None)
        };
        let winner: PResult<Option<Value>> = match limit {
            Some(limit) => tokio::time::timeout(limit, contest).await.unwrap_or(Ok(None)),
            None => contest.await,
        };
        Ok(match winner? {
            Some(v) => v,
            None => best.map_or_else(nothing, |b| b.original),
        })
    })
}

/// `fn(item, index)` for every item, `size` concurrent calls at a time.
pub fn batch(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let items = array_arg("batch", &args, 0, "items")?;
        let size = number_arg("batch", &args, 1, "size", 1.0)?;
        if size < 1.0 {
            return fail("batch", format!("size must be at least 1, got {size}"));
        }
        let cb = callback_arg("batch", &args, 2, "fn")?;
        let mut out = Vec::with_capacity(items.len());
        for (k, group) in items.chunks(size as usize).enumerate() {
            let base = k * size as usize;
            let calls = group.iter().enumerate().map(|(i, item)| {
                cb.clone().invoke_owned(vec![item.clone(), Value::from(base + i)])
            });
            for result in futures::future::join_all(calls).await {
                out.push(result?);
            }
        }
        Ok(array(out))
    })
}
