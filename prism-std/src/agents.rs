//! Calling agents from primitives: default task and data, one call with an optional deadline,
//! and finding an agent by id or capability for `escalate` and `delegate`.

use crate::items::{failed_result, option};
use crate::{Ctx, fail};
use prism_runtime::agents::{
    AgentDescriptor, AgentHandle, AgentSource, SourceConfig, default_task_and_data,
    globals::agent_result_json,
};
use prism_runtime::{Callback, PResult, Value, call_value, get_member, to_display_string};
use std::time::Duration;

/// The task and data of a call: `task` when given (strings as is, other values displayed),
/// else `input.task` or `"analyze"`; `data` when given and not null, else `input.data` or
/// `input` (PLATFORM.md §2.5 defaults).
pub fn task_and_data(ctx: &Ctx, task: Option<&Value>, data: Option<&Value>) -> (Value, Value) {
    let (default_task, default_data) = default_task_and_data(&ctx.input.to_json());
    let task = match task.map(Value::strip_confidence) {
        None | Some(Value::Null) => Value::from(default_task),
        Some(Value::Str(s)) => Value::Str(s.clone()),
        Some(other) => Value::from(to_display_string(other)),
    };
    let data = match data {
        Some(v) if !v.is_null() => v.clone(),
        _ => Value::from_json(&default_data),
    };
    (task, data)
}

/// The task and data of an execution primitive (`task` argument, `opts.data`).
pub fn call_inputs(
    ctx: &Ctx,
    args: &[Value],
    task_index: usize,
    opts_index: usize,
) -> (Value, Value) {
    let data = option(args.get(opts_index), "data");
    task_and_data(ctx, args.get(task_index), Some(&data))
}

/// Who an agent is, for failed results: `(id, name)` of a handle, `function #i` otherwise.
pub fn identity(agent: &Value, index: usize) -> (String, String) {
    if let Value::Object(o) = agent.strip_confidence() {
        let text = |k: &str| o.get(k).and_then(|v| v.as_str().map(str::to_string));
        if let Some(id) = text("id").or_else(|| text("agentId")) {
            let name = text("name").or_else(|| text("agentName")).unwrap_or_else(|| id.clone());
            return (id, name);
        }
    }
    let label = format!("function #{index}");
    (label.clone(), label)
}

/// Calls one agent handle (`analyze(task, data)`) or function (`fn(task, data)`, arguments
/// adapted to what it declares). With `deadline`, a call over time is cancelled and becomes a
/// failed AgentResult.
pub async fn call_agent(
    name: &str,
    agent: &Value,
    index: usize,
    task: Value,
    data: Value,
    deadline: Option<Duration>,
) -> PResult {
    let call = async {
        match agent.strip_confidence() {
            Value::Object(o) if o.contains_key("analyze") => {
                let analyze = get_member(agent.strip_confidence(), "analyze")?;
                call_value(&analyze, vec![task, data]).await
            }
            other => match Callback::from_value(other) {
                Some(cb) => cb.invoke(&[task, data]).await,
                None => fail(
                    name,
                    format!(
                        "agents must be agent handles (from `agents`) or functions, got {}",
                        other.type_name()
                    ),
                ),
            },
        }
    };
    match deadline {
        None => call.await,
        Some(limit) => match tokio::time::timeout(limit, call).await {
            Ok(result) => result,
            Err(_) => {
                let (id, agent_name) = identity(agent, index);
                Ok(failed_result(
                    &id,
                    &agent_name,
                    &format!("timed out after {} ms", limit.as_millis()),
                ))
            }
        },
    }
}

/// A deadline from an options field in milliseconds (null: none).
pub fn deadline(name: &str, opts: Option<&Value>, key: &str) -> PResult<Option<Duration>> {
    match option(opts, key) {
        Value::Null => Ok(None),
        Value::Number(ms) if ms.is_finite() && ms >= 0.0 => {
            Ok(Some(Duration::from_millis(ms as u64)))
        }
        other => fail(
            name,
            format!("opts.{key} must be a number of milliseconds, got {}", other.type_name()),
        ),
    }
}

/// How `escalate`/`delegate` match an agent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// By id, else by capability.
    IdOrCapability,
    Capability,
}

fn handle_fields(h: &Value) -> Option<(String, Vec<String>, f64)> {
    let Value::Object(o) = h.strip_confidence() else { return None };
    let id = o.get("id")?.as_str()?.to_string();
    let caps = match o.get("capabilities") {
        Some(Value::Array(a)) => {
            a.snapshot().iter().filter_map(|c| c.as_str().map(str::to_string)).collect()
        }
        _ => Vec::new(),
    };
    let expertise = o.get("expertise").and_then(|e| e.as_number()).unwrap_or(0.0);
    Some((id, caps, expertise))
}

/// The best of `candidates` for `target`: the one with that id (when allowed), else the one
/// with the capability and the highest expertise (the first on a tie).
fn pick<T>(
    candidates: &[T],
    target: &str,
    how: Match,
    fields: impl Fn(&T) -> Option<(String, Vec<String>, f64)>,
) -> Option<usize> {
    if how == Match::IdOrCapability
        && let Some(i) =
            candidates.iter().position(|c| fields(c).is_some_and(|(id, _, _)| id == target))
    {
        return Some(i);
    }
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in candidates.iter().enumerate() {
        if let Some((_, caps, expertise)) = fields(c)
            && caps.iter().any(|cap| cap == target)
            && best.is_none_or(|(_, e)| expertise > e)
        {
            best = Some((i, expertise));
        }
    }
    best.map(|(i, _)| i)
}

/// Calls the agent matching `target`: among the run's `agents` handles first, then among every
/// agent of the run's agent sources (as given to the run: `--local`, an agent file, etcd; else
/// `PARALLAX_LOCAL_AGENTS` and `PARALLAX_ETCD_ENDPOINTS`). No match
/// is a failed AgentResult, not an error (agent trouble never is, PLATFORM.md §2.8).
pub async fn call_matching(
    ctx: &Ctx,
    target: &str,
    how: Match,
    task: Value,
    data: Value,
) -> PResult {
    let handles = crate::items::elements(&ctx.agents).unwrap_or_default();
    if let Some(i) = pick(&handles, target, how, handle_fields) {
        return call_agent("escalate", &handles[i], i, task, data, None).await;
    }
    let descriptors: Vec<AgentDescriptor> = match AgentSource::resolve(
        &ctx.agent_source.clone().unwrap_or_else(SourceConfig::from_env),
    )
    .await
    {
        Ok(source) => source.agents(),
        Err(_) => Vec::new(),
    };
    let fields = |d: &AgentDescriptor| Some((d.id.clone(), d.capabilities.clone(), d.expertise));
    match pick(&descriptors, target, how, fields) {
        Some(i) => {
            let handle = AgentHandle::shared(descriptors[i].clone());
            let task_text = task.as_str().map_or_else(|| to_display_string(&task), str::to_string);
            let result = handle.analyze(&task_text, &data.to_json()).await;
            Ok(Value::from_json(&agent_result_json(&result)))
        }
        None => {
            let what = match how {
                Match::IdOrCapability => "id or capability",
                Match::Capability => "capability",
            };
            Ok(failed_result(target, target, &format!("no agent with {what} '{target}'")))
        }
    }
}
