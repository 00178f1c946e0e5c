//! Running a compiled pattern: the steps around the generated body (ARCHITECTURE.md, "Data flow
//! of one pattern run").
//!
//! input JSON → validate against `@input` → select agents → fan out (only when the pattern reads
//! `agentResults`/`successfulResults`) → globals → the compiled body → result and confidence.
//!
//! prismc emits a [`PatternSpec`] and a body function per pattern; [`cli::main`] is the whole
//! `main` of a pattern executable, and [`run`] the same steps as a library call (used by the
//! `parallax` binary, `build.rs` users and tests).

pub mod cli;
pub mod schema;
pub mod tagged;

use crate::agents::{
    self, AgentDescriptor, AgentHandle, AgentRequirements, AgentSource, FanOutOptions, PatternInfo,
    SourceConfig,
};
use crate::error::{Exception, PResult};
use crate::function::Function;
use crate::host::Host;
use crate::prelude::Prelude;
use crate::value::Value;
use futures::future::BoxFuture;
use indexmap::IndexMap;
use serde_json::{Value as Json, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What prismc knows about a pattern at compile time (from its header and its body).
#[derive(Debug, Clone, Copy)]
pub struct PatternSpec {
    /// `@name`, or the file stem.
    pub name: &'static str,
    /// `@version` (default `1.0.0`).
    pub version: &'static str,
    pub description: &'static str,
    /// The Prism source file, for messages.
    pub source_file: &'static str,
    /// `@input`, as JSON text.
    pub input_schema: Option<&'static str>,
    /// `@agents.capabilities`.
    pub capabilities: &'static [&'static str],
    pub min_agents: Option<u32>,
    pub max_agents: Option<u32>,
    /// `@agents.minConfidence`.
    pub min_confidence: Option<f64>,
    /// Whether agents are selected at all (`@agents` or `@minAgents ≥ 1`, PLATFORM.md §2.4).
    pub uses_agents: bool,
    /// Whether the body reads `agentResults` or `successfulResults`: only then are the agents
    /// called before the body runs, so a pattern that calls them itself does not pay twice.
    pub reads_agent_results: bool,
    /// The whole header as JSON text (for `describe`).
    pub header_json: &'static str,
}

impl PatternSpec {
    fn requirements(&self) -> AgentRequirements {
        AgentRequirements {
            capabilities: self.capabilities.iter().map(|c| (*c).to_string()).collect(),
            min_agents: self.min_agents.map_or(0, |n| n as usize),
            max_agents: self.max_agents.map(|n| n as usize),
            min_confidence: self.min_confidence,
        }
    }

    /// The `describe` output: name, version, description, requirements, input schema.
    pub fn describe(&self) -> Json {
        json!({
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "source": self.source_file,
            "input": self.input_schema.and_then(|s| serde_json::from_str::<Json>(s).ok()),
            "agents": {
                "capabilities": self.capabilities,
                "minAgents": self.min_agents,
                "maxAgents": self.max_agents,
                "minConfidence": self.min_confidence,
                "calledBeforeBody": self.uses_agents && self.reads_agent_results,
            },
            "header": serde_json::from_str::<Json>(self.header_json).unwrap_or(Json::Null),
        })
    }
}

/// The generated body of a pattern.
pub type PatternBody = fn(Arc<PatternEnv>) -> BoxFuture<'static, PResult<Value>>;

/// Everything a running body can see besides its own names: the built-ins and the pattern
/// globals (D12, PLATFORM.md §2.5).
pub struct PatternEnv {
    pub prelude: Prelude,
    globals: IndexMap<String, Value>,
    /// Where the run found its agents; primitives that reach agents beyond the selected ones
    /// (`escalate`, `delegate`) look there too. `None`: the process environment.
    agent_source: Option<SourceConfig>,
}

impl PatternEnv {
    pub fn new(prelude: Prelude, globals: IndexMap<String, Value>) -> Self {
        PatternEnv { prelude, globals, agent_source: None }
    }

    /// The same environment, with the agent sources of the run.
    pub fn with_agent_source(mut self, source: SourceConfig) -> Self {
        self.agent_source = Some(source);
        self
    }

    /// The agent sources of the run, if it was given any.
    pub fn agent_source(&self) -> Option<&SourceConfig> {
        self.agent_source.as_ref()
    }

    /// A pattern global (`input`, `agentResults`, …), then a built-in; null when neither exists
    /// (the compiler only asks for names it resolved to one of the two).
    pub fn global(&self, name: &str) -> Value {
        self.globals.get(name).cloned().or_else(|| self.prelude.get(name)).unwrap_or(Value::Null)
    }

    pub fn host(&self) -> &Arc<Host> {
        self.prelude.host()
    }
}

/// How to find agents for a run.
#[derive(Debug, Clone, Default)]
pub struct AgentSelection {
    pub source: SourceConfig,
    /// Per-agent timeout in milliseconds (default: `PARALLAX_AGENT_TIMEOUT` or 30 s).
    pub timeout_ms: Option<u64>,
}

/// One run's inputs.
#[derive(Debug, Clone, Default)]
pub struct RunRequest {
    pub input: Json,
    /// Globals given directly (tests, `--globals`): they replace what agent selection would
    /// produce, and no agents are called for names given here.
    pub globals: serde_json::Map<String, Json>,
    pub agents: AgentSelection,
}

/// Why a run did not produce a result.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input does not match the `@input` schema (exit code 2).
    #[error("input does not match the pattern's @input schema:\n{}", .0.iter().map(|v| format!("  - {v}")).collect::<Vec<_>>().join("\n"))]
    InvalidInput(Vec<schema::SchemaViolation>),
    /// Agents could not be found or too few match (exit code 1).
    #[error("{0}")]
    Agents(String),
    /// The body raised an error (exit code 1).
    #[error("{}", describe_exception(.0))]
    Runtime(Exception),
}

fn describe_exception(e: &Exception) -> String {
    match e.location() {
        Some(loc) => format!("{loc}: {}", e.message()),
        None => e.message(),
    }
}

/// A finished run: the result and its confidence (PLATFORM.md §2.6).
#[derive(Debug, Clone)]
pub struct RunOutput {
    pub value: Value,
    pub confidence: f64,
    /// Agents selected for this run (empty when the pattern uses none).
    pub agents: Vec<AgentDescriptor>,
}

impl RunOutput {
    /// `{"value": …, "confidence": …}`, the line a pattern executable prints.
    pub fn to_json(&self) -> Json {
        json!({"value": unwrap_confident(&self.value).to_json(), "confidence": self.confidence})
    }
}

fn unwrap_confident(v: &Value) -> &Value {
    let mut v = v;
    while let Value::Confident(c) = v {
        v = c.value();
    }
    v
}

/// The confidence of a pattern's final value (PLATFORM.md §2.6): a confident value gives its
/// (outermost) confidence; a plain object with a numeric `confidence` (or `_confidence`) field
/// gives that, clamped to [0, 1]; anything else 0.5, as the reference engine did.
pub fn result_confidence(v: &Value) -> f64 {
    match v {
        Value::Confident(c) => c.confidence(),
        Value::Object(o) => ["confidence", "_confidence"]
            .iter()
            .find_map(|k| match o.get(k) {
                Some(Value::Number(n)) if n.is_finite() => Some(n.clamp(0.0, 1.0)),
                _ => None,
            })
            .unwrap_or(0.5),
        _ => 0.5,
    }
}

/// Runs a pattern: validates the input, selects and calls agents as the spec says, runs the
/// body with the resulting globals and extracts the result's confidence.
pub async fn run(
    spec: &PatternSpec,
    body: PatternBody,
    host: Arc<Host>,
    request: RunRequest,
) -> Result<RunOutput, RunError> {
    validate_input(spec, &request)?;
    let (globals, selected) = prepare_globals(spec, &request).await?;
    let env = Arc::new(
        PatternEnv::new(Prelude::new(host), globals).with_agent_source(request.agents.source),
    );
    let value = body(env).await.map_err(RunError::Runtime)?;
    let confidence = result_confidence(&value);
    Ok(RunOutput { value, confidence, agents: selected })
}

/// How long the body of a pattern took over several runs (see [`bench`]).
#[derive(Debug, Clone)]
pub struct BenchReport {
    pub iterations: usize,
    pub min: Duration,
    pub median: Duration,
    pub mean: Duration,
    /// The result of the last run.
    pub output: RunOutput,
}

impl BenchReport {
    pub fn to_json(&self) -> Json {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        json!({
            "iterations": self.iterations,
            "min_ms": ms(self.min),
            "median_ms": ms(self.median),
            "mean_ms": ms(self.mean),
            "result": self.output.to_json(),
        })
    }
}

/// Runs the body `iterations` times and times the body alone. Each run gets freshly built
/// globals (a body may sort `agentResults` in place), and building them — reading the input,
/// calling agents when the globals do not replace them — is not part of the time.
pub async fn bench(
    spec: &PatternSpec,
    body: PatternBody,
    host: Arc<Host>,
    request: RunRequest,
    iterations: usize,
) -> Result<BenchReport, RunError> {
    validate_input(spec, &request)?;
    let iterations = iterations.max(1);
    let mut times = Vec::with_capacity(iterations);
    let mut last = None;
    for _ in 0..iterations {
        let (globals, selected) = prepare_globals(spec, &request).await?;
        let env = Arc::new(
            PatternEnv::new(Prelude::new(Arc::clone(&host)), globals)
                .with_agent_source(request.agents.source.clone()),
        );
        // Kept alive past the timer: dropping the globals is preparation, not the body's work.
        let keep = Arc::clone(&env);
        let started = Instant::now();
        let value = body(env).await.map_err(RunError::Runtime)?;
        times.push(started.elapsed());
        drop(keep);
        let confidence = result_confidence(&value);
        last = Some(RunOutput { value, confidence, agents: selected });
    }
    times.sort();
    let total: Duration = times.iter().sum();
    let output = last.ok_or_else(|| RunError::Agents("no run took place".to_string()))?;
    Ok(BenchReport {
        iterations,
        min: times[0],
        median: times[times.len() / 2],
        mean: total / u32::try_from(iterations).unwrap_or(u32::MAX),
        output,
    })
}

fn validate_input(spec: &PatternSpec, request: &RunRequest) -> Result<(), RunError> {
    if let Some(text) = spec.input_schema
        && let Ok(schema_json) = serde_json::from_str::<Json>(text)
    {
        let violations = schema::validate(&schema_json, &request.input);
        if !violations.is_empty() {
            return Err(RunError::InvalidInput(violations));
        }
    }
    Ok(())
}

/// The globals a body sees (D12, PLATFORM.md §2.5), calling the agents first when the pattern
/// reads their results; globals given in the request replace the computed ones.
async fn prepare_globals(
    spec: &PatternSpec,
    request: &RunRequest,
) -> Result<(IndexMap<String, Value>, Vec<AgentDescriptor>), RunError> {
    let mut globals: IndexMap<String, Value> = IndexMap::new();
    let mut selected = Vec::new();
    let given = |name: &str| request.globals.contains_key(name);
    if spec.uses_agents && !(given("agentResults") && given("agentList")) {
        let source = AgentSource::resolve(&request.agents.source)
            .await
            .map_err(|e| RunError::Agents(e.to_string()))?;
        selected = agents::select_agents(&source.agents(), &spec.requirements())
            .map_err(|e| RunError::Agents(format!("{e} (agent source: {})", source.describe())))?;
        let results = if spec.reads_agent_results && !given("agentResults") {
            let (task, data) = agents::default_task_and_data(&request.input);
            let mut options = FanOutOptions::default();
            options.call.timeout = request.agents.timeout_ms.map(std::time::Duration::from_millis);
            options.call.pattern_name = spec.name.to_string();
            agents::fan_out(&selected, &task, &data, &options).await
        } else {
            Vec::new()
        };
        let info = PatternInfo { name: spec.name.to_string(), version: spec.version.to_string() };
        let json_globals = agents::pattern_globals(&selected, &results, &info, spec.min_confidence);
        for (k, v) in json_globals {
            globals.insert(k, Value::from_json(&v));
        }
        globals.insert("agents".to_string(), agent_handles(&selected));
    } else {
        for name in ["agentResults", "successfulResults", "agentList"] {
            globals.insert(name.to_string(), Value::array(Vec::new()));
        }
        globals.insert("agentCount".to_string(), Value::from(0.0));
        globals.insert("agents".to_string(), Value::array(Vec::new()));
        globals.insert(
            "pattern".to_string(),
            Value::from_json(&json!({"name": spec.name, "version": spec.version})),
        );
    }
    globals.insert("input".to_string(), Value::from_json(&request.input));
    globals.insert("workspace".to_string(), Value::Null);
    globals.insert("parallax".to_string(), parallax_global(spec, &selected));
    for (name, value) in &request.globals {
        globals.insert(name.clone(), tagged::from_tagged_json(value));
    }
    Ok((globals, selected))
}

/// The `parallax` global (PLATFORM.md §2.5), minus the script text the reference embedded.
fn parallax_global(spec: &PatternSpec, selected: &[AgentDescriptor]) -> Value {
    let agent_list: Vec<Json> = selected
        .iter()
        .map(|a| json!({"id": a.id, "name": a.name, "capabilities": a.capabilities, "expertise": a.expertise}))
        .collect();
    let mut patterns = serde_json::Map::new();
    patterns.insert(
        spec.name.to_string(),
        json!({
            "name": spec.name,
            "version": spec.version,
            "description": spec.description,
            "input": spec.input_schema.and_then(|s| serde_json::from_str::<Json>(s).ok()),
            "minAgents": spec.min_agents.unwrap_or(0),
            "maxAgents": spec.max_agents.unwrap_or(999),
        }),
    );
    Value::from_json(&json!({"agentList": agent_list, "patterns": patterns, "confidence": {}}))
}

/// The `agents` global: one object per selected agent, with `analyze(task, data?)` calling it
/// (explicit-call style). The call result has the shape of an `agentResults` entry.
fn agent_handles(selected: &[AgentDescriptor]) -> Value {
    let handles = selected
        .iter()
        .map(|descriptor| {
            let handle = Arc::new(AgentHandle::shared(descriptor.clone()));
            let analyze = Function::builtin_async("analyze", move |args: Vec<Value>| {
                let handle = Arc::clone(&handle);
                Box::pin(async move {
                    let task = match args.first() {
                        Some(Value::Str(s)) => s.to_string(),
                        Some(Value::Null) | None => "analyze".to_string(),
                        Some(other) => crate::text::to_display_string(other),
                    };
                    let data = args.get(1).map_or(Json::Null, Value::to_json);
                    let result = handle.analyze(&task, &data).await;
                    Ok(Value::from_json(&agents::globals::agent_result_json(&result)))
                }) as BoxFuture<'static, PResult<Value>>
            });
            Value::object([
                ("id", Value::from(descriptor.id.as_str())),
                ("name", Value::from(descriptor.name.as_str())),
                (
                    "capabilities",
                    Value::array(
                        descriptor.capabilities.iter().map(|c| Value::from(c.as_str())).collect(),
                    ),
                ),
                ("expertise", Value::from(descriptor.expertise)),
                ("analyze", Value::Function(analyze)),
            ])
        })
        .collect();
    Value::array(handles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Conf;

    #[test]
    fn confidence_follows_the_reference_extraction() {
        let confident = Value::Confident(Conf::new(Value::from(1.0), 0.8));
        assert_eq!(result_confidence(&confident), 0.8);
        let nested = Value::Confident(Conf::new(confident.clone(), 0.6));
        assert_eq!(result_confidence(&nested), 0.6);
        let object = Value::object([("confidence", Value::from(0.3))]);
        assert_eq!(result_confidence(&object), 0.3);
        let underscored = Value::object([("_confidence", Value::from(1.7))]);
        assert_eq!(result_confidence(&underscored), 1.0);
        assert_eq!(result_confidence(&Value::from("plain")), 0.5);
        let out = RunOutput { value: nested, confidence: 0.6, agents: vec![] };
        assert_eq!(out.to_json(), json!({"value": 1, "confidence": 0.6}));
    }
}
