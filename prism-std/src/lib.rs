//! prism-std: the primitive library (`@parallax/primitives/<category>`), implemented in Rust.
//!
//! A compiled pattern that writes `import { parallel } from "@parallax/primitives/execution"`
//! gets the exports object of [`module`]`("execution", &env)`: one Prism function per primitive,
//! bound to the run's environment (its `input`, its `agents` handles, its host). The compiler's
//! table (`prismc::primitives::PRIMITIVES`) gives their signatures, effects, confidence rules and
//! the reference page `docs/primitives.md`; a test checks that [`REGISTRY`] implements exactly
//! those names with the same argument counts.
//!
//! Every primitive is written in Rust because each one needs the runtime: agent calls and
//! cancellation (execution, control), concurrency (batch, dag), process-wide state (circuit,
//! cache) or the host's random source (sample); the pure data ones (aggregation, confidence,
//! transformation) are Rust as well so that they share one reading of result items
//! ([`items::Item`]) and run without per-element allocation.
//!
//! Primitives never panic: a wrong argument is a Prism runtime error (`consensus(): results must
//! be an array, got number`), which generated code locates at the call.

pub mod agents;
pub mod aggregation;
pub mod confidence;
pub mod control;
pub mod coordination;
pub mod execution;
pub mod items;
pub mod transformation;

use futures::future::BoxFuture;
use prism_runtime::agents::SourceConfig;
use prism_runtime::pattern::PatternEnv;
use prism_runtime::{Exception, Function, Host, PResult, Value};
use std::sync::Arc;

/// What a primitive can see of the pattern run that imported it.
pub struct Ctx {
    /// The `input` global (default task and data of agent calls).
    pub input: Value,
    /// The `agents` global: handles of the selected agents.
    pub agents: Value,
    pub host: Arc<Host>,
    /// The run's agent sources (`--local`, `--agents`, etcd, …) for agents beyond the selected
    /// ones; `None`: the process environment (`PARALLAX_LOCAL_AGENTS`, `PARALLAX_ETCD_ENDPOINTS`).
    pub agent_source: Option<SourceConfig>,
}

impl Ctx {
    pub fn new(input: Value, agents: Value, host: Arc<Host>) -> Arc<Ctx> {
        Arc::new(Ctx { input, agents, host, agent_source: None })
    }

    /// A context whose `escalate`/`delegate` search `source` instead of the environment.
    pub fn with_agent_source(
        input: Value,
        agents: Value,
        host: Arc<Host>,
        source: SourceConfig,
    ) -> Arc<Ctx> {
        Arc::new(Ctx { input, agents, host, agent_source: Some(source) })
    }

    pub fn from_env(env: &PatternEnv) -> Arc<Ctx> {
        Arc::new(Ctx {
            input: env.global("input"),
            agents: env.global("agents"),
            host: Arc::clone(env.host()),
            agent_source: env.agent_source().cloned(),
        })
    }
}

/// A synchronous primitive (no callbacks, never suspends).
pub type SyncImpl = fn(&Ctx, &[Value]) -> PResult;
/// A primitive that may suspend (always, or only through the callbacks it receives).
pub type AsyncImpl = fn(Arc<Ctx>, Vec<Value>) -> BoxFuture<'static, PResult>;

/// How a primitive runs.
#[derive(Clone, Copy)]
pub enum Body {
    Sync(SyncImpl),
    /// Suspends only by awaiting the functions it receives (completes synchronously when they
    /// are synchronous).
    Hybrid(AsyncImpl),
    Async(AsyncImpl),
}

/// One registered primitive.
#[derive(Clone, Copy)]
pub struct Entry {
    pub category: &'static str,
    pub name: &'static str,
    /// Fewest and most arguments (`None`: any number).
    pub min: usize,
    pub max: Option<usize>,
    pub body: Body,
}

const fn entry(
    category: &'static str,
    name: &'static str,
    min: usize,
    max: Option<usize>,
    body: Body,
) -> Entry {
    Entry { category, name, min, max, body }
}

/// Every primitive, by category.
pub static REGISTRY: &[Entry] = &[
    entry("execution", "parallel", 1, Some(3), Body::Async(execution::parallel)),
    entry("execution", "sequential", 1, Some(3), Body::Async(execution::sequential)),
    entry("execution", "race", 1, Some(3), Body::Async(execution::race)),
    entry("execution", "batch", 3, Some(3), Body::Hybrid(execution::batch)),
    entry("aggregation", "consensus", 1, Some(3), Body::Sync(aggregation::consensus)),
    entry("aggregation", "voting", 1, Some(2), Body::Sync(aggregation::voting)),
    entry("aggregation", "merge", 1, Some(2), Body::Sync(aggregation::merge)),
    entry("aggregation", "reduce", 3, Some(3), Body::Hybrid(aggregation::reduce)),
    entry("aggregation", "weightedMean", 1, Some(1), Body::Sync(aggregation::weighted_mean)),
    entry("aggregation", "best", 1, Some(1), Body::Sync(aggregation::best)),
    entry("confidence", "threshold", 2, Some(3), Body::Sync(confidence::threshold)),
    entry("confidence", "boost", 1, Some(2), Body::Sync(confidence::boost)),
    entry("confidence", "decay", 1, Some(3), Body::Sync(confidence::decay)),
    entry("confidence", "clamp", 1, Some(3), Body::Sync(confidence::clamp)),
    entry("confidence", "normalize", 1, Some(1), Body::Sync(confidence::normalize)),
    entry("confidence", "combineConfidence", 1, Some(3), Body::Sync(confidence::combine)),
    entry("control", "retry", 1, Some(2), Body::Async(control::retry)),
    entry("control", "fallback", 1, None, Body::Async(control::fallback)),
    entry("control", "timeout", 2, Some(3), Body::Async(control::timeout)),
    entry("control", "circuit", 2, Some(3), Body::Async(control::circuit)),
    entry("control", "escalate", 1, Some(3), Body::Async(control::escalate)),
    entry("control", "cache", 2, Some(3), Body::Async(control::cache)),
    entry("coordination", "quorum", 2, Some(3), Body::Sync(coordination::quorum)),
    entry("coordination", "delegate", 2, Some(3), Body::Async(coordination::delegate)),
    entry("coordination", "prioritize", 1, Some(2), Body::Hybrid(coordination::prioritize)),
    entry("coordination", "pipeline", 1, Some(3), Body::Async(coordination::pipeline)),
    entry("coordination", "dag", 1, Some(1), Body::Async(coordination::dag)),
    entry("transformation", "partition", 2, Some(2), Body::Hybrid(transformation::partition)),
    entry("transformation", "sample", 2, Some(3), Body::Sync(transformation::sample)),
    entry("transformation", "chunk", 2, Some(2), Body::Sync(transformation::chunk)),
    entry("transformation", "take", 2, Some(2), Body::Sync(transformation::take)),
    entry("transformation", "successful", 1, Some(2), Body::Sync(transformation::successful)),
];

/// Import paths that re-export some primitives of a category: (path, category, names), as in
/// the compiler's table.
pub const ALIASES: &[(&str, &str, &[&str])] = &[("workflow", "coordination", &["pipeline", "dag"])];

/// The exports object of a category for a pattern run: `{parallel: <function>, …}`; an
/// unknown category gives an empty object (the compiler rejects such imports).
pub fn module(category: &str, env: &PatternEnv) -> Value {
    module_for(category, &Ctx::from_env(env))
}

/// [`module`] for an explicit context (tests, embedders).
pub fn module_for(category: &str, ctx: &Arc<Ctx>) -> Value {
    Value::object(
        REGISTRY
            .iter()
            .filter(|e| {
                e.category == category
                    || ALIASES.iter().any(|(alias, of, names)| {
                        *alias == category && *of == e.category && names.contains(&e.name)
                    })
            })
            .map(|e| (e.name, Value::Function(function(e, ctx)))),
    )
}

/// The primitive `name` of any category as a Prism function bound to `ctx`.
pub fn primitive(name: &str, ctx: &Arc<Ctx>) -> Option<Value> {
    REGISTRY.iter().find(|e| e.name == name).map(|e| Value::Function(function(e, ctx)))
}

fn arity_error(e: &Entry, n: usize) -> Exception {
    let expected = match e.max {
        Some(max) if max == e.min => format!("{max}"),
        Some(max) => format!("{} to {max}", e.min),
        None => format!("at least {}", e.min),
    };
    Exception::error(format!(
        "{}() takes {expected} argument{}, got {n}",
        e.name,
        if expected == "1" { "" } else { "s" }
    ))
}

fn arity_ok(e: &Entry, n: usize) -> bool {
    n >= e.min && e.max.is_none_or(|max| n <= max)
}

fn function(e: &'static Entry, ctx: &Arc<Ctx>) -> Function {
    let ctx = Arc::clone(ctx);
    match e.body {
        Body::Sync(f) => Function::builtin(e.name, move |args: &[Value]| {
            if !arity_ok(e, args.len()) {
                return Err(arity_error(e, args.len()));
            }
            f(&ctx, args)
        }),
        Body::Hybrid(f) | Body::Async(f) => {
            let body = move |args: Vec<Value>| -> BoxFuture<'static, PResult> {
                if !arity_ok(e, args.len()) {
                    let err = arity_error(e, args.len());
                    return Box::pin(async move { Err(err) });
                }
                f(Arc::clone(&ctx), args)
            };
            match e.body {
                Body::Hybrid(_) => Function::builtin_hybrid(e.name, body),
                _ => Function::builtin_async(e.name, body),
            }
        }
    }
}

/// A runtime error `name(): message`.
pub(crate) fn fail<T>(name: &str, message: impl std::fmt::Display) -> PResult<T> {
    Err(Exception::error(format!("{name}(): {message}")))
}

/// The array argument `index` of primitive `name` (a confident array counts as its array).
pub(crate) fn array_arg(
    name: &str,
    args: &[Value],
    index: usize,
    what: &str,
) -> PResult<Vec<Value>> {
    let v = args.get(index).unwrap_or(&Value::Null);
    match items::elements(v) {
        Some(items) => Ok(items),
        None => fail(name, format!("{what} must be an array, got {}", v.type_name())),
    }
}

/// The number argument `index` (null or missing: `default`).
pub(crate) fn number_arg(
    name: &str,
    args: &[Value],
    index: usize,
    what: &str,
    default: f64,
) -> PResult<f64> {
    match items::number_or(args.get(index), default) {
        Some(n) if n.is_finite() => Ok(n),
        Some(n) => fail(name, format!("{what} must be a finite number, got {n}")),
        None => fail(
            name,
            format!(
                "{what} must be a number, got {}",
                args.get(index).map_or("null", Value::type_name)
            ),
        ),
    }
}

/// The callback argument `index`.
pub(crate) fn callback_arg(
    name: &str,
    args: &[Value],
    index: usize,
    what: &str,
) -> PResult<prism_runtime::Callback> {
    let v = args.get(index).unwrap_or(&Value::Null);
    match prism_runtime::Callback::from_value(v) {
        Some(cb) => Ok(cb),
        None => fail(name, format!("{what} must be a function, got {}", v.type_name())),
    }
}

/// The string argument `index` (null or missing: `default`).
pub(crate) fn string_arg(
    name: &str,
    args: &[Value],
    index: usize,
    what: &str,
    default: &str,
) -> PResult<String> {
    match args.get(index).map(Value::strip_confidence) {
        None | Some(Value::Null) => Ok(default.to_string()),
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(other) => fail(name, format!("{what} must be a string, got {}", other.type_name())),
    }
}
