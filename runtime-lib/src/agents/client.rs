//! The gRPC client that calls one agent: deadlines, bounded concurrency, retries on
//! transport errors, per-endpoint circuit breakers and cached connections.
//!
//! A call never fails with `Err` or a panic: whatever happens becomes an [`AgentResult`]
//! (confidence 0 and an `error` on failure), as in the reference's agent proxy.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use prost_types::Struct;
use serde_json::Value;
use tokio::sync::Semaphore;
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Status};

use super::breaker::BreakerRegistry;
use super::convert::json_to_request_data;
use super::error::AgentError;
use super::proto::confidence::confidence_agent_client::ConfidenceAgentClient;
use super::proto::confidence::{AgentRequest, Capabilities, ConfidenceResult, Health};
use super::types::{AgentDescriptor, AgentResult, now_ms};

/// Environment variable: per-agent call timeout in milliseconds (default 30000).
pub const ENV_AGENT_TIMEOUT: &str = "PARALLAX_AGENT_TIMEOUT";
/// Environment variable: retries after a transport error (default 2).
pub const ENV_AGENT_RETRIES: &str = "PARALLAX_AGENT_RETRIES";
/// Environment variable: agent calls in flight at once, per client (default 64).
pub const ENV_MAX_CONCURRENCY: &str = "PARALLAX_MAX_CONCURRENCY";

/// Upper bound on retries whatever the configuration says.
pub const MAX_RETRIES_CAP: u32 = 5;

/// Retry policy for transport errors (the agent could not be reached).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (capped at [`MAX_RETRIES_CAP`]).
    pub max_retries: u32,
    /// Wait before the first retry.
    pub initial_backoff: Duration,
    /// Growth factor of the wait.
    pub multiplier: f64,
    /// Longest wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            multiplier: 2.0,
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let factor = self.multiplier.max(1.0).powi(exp);
        let wait = self.initial_backoff.as_secs_f64() * factor;
        Duration::from_secs_f64(wait.min(self.max_backoff.as_secs_f64()).max(0.0))
    }
}

/// Client configuration.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Default per-call deadline (overridable per call).
    pub timeout: Duration,
    /// Longest time to establish a connection (also bounded by the call's deadline).
    pub connect_timeout: Duration,
    /// Calls in flight at once through this client.
    pub max_concurrency: usize,
    /// Retries on transport errors.
    pub retry: RetryPolicy,
    /// Circuit breakers, keyed by endpoint. Defaults to the process-wide registry.
    pub breakers: Arc<BreakerRegistry>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Duration::from_millis(30_000),
            connect_timeout: Duration::from_secs(5),
            max_concurrency: 64,
            retry: RetryPolicy::default(),
            breakers: BreakerRegistry::global(),
        }
    }
}

impl ClientConfig {
    /// Defaults overridden by `PARALLAX_AGENT_TIMEOUT`, `PARALLAX_AGENT_RETRIES` and
    /// `PARALLAX_MAX_CONCURRENCY` when they hold valid numbers; breakers from
    /// [`BreakerRegistry::global`] (which reads `PARALLAX_CB_*`).
    pub fn from_env() -> Self {
        let mut config = ClientConfig::default();
        if let Some(ms) = env_u64(ENV_AGENT_TIMEOUT).filter(|ms| *ms > 0) {
            config.timeout = Duration::from_millis(ms);
        }
        if let Some(n) = env_u64(ENV_AGENT_RETRIES) {
            config.retry.max_retries = u32::try_from(n).unwrap_or(MAX_RETRIES_CAP);
        }
        if let Some(n) = env_u64(ENV_MAX_CONCURRENCY).filter(|n| *n > 0) {
            config.max_concurrency = usize::try_from(n).unwrap_or(usize::MAX);
        }
        config
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Per-call options.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Deadline of the call, retries included (the client's default when `None`).
    pub timeout: Option<Duration>,
    /// `AgentRequest.context`.
    pub context: BTreeMap<String, String>,
    /// `AgentRequest.pattern_name`.
    pub pattern_name: String,
}

/// Calls agents. Cheap to share (`Arc`); one per process is the normal use
/// ([`AgentClient::shared`]).
#[derive(Debug)]
pub struct AgentClient {
    config: ClientConfig,
    channels: Mutex<HashMap<(tokio::runtime::Id, String), Channel>>,
    slots: Arc<Semaphore>,
}

/// Why one attempt failed.
enum AttemptError {
    Status(Status),
    Deadline,
}

impl AgentClient {
    /// A client with its own connection cache and concurrency bound.
    pub fn new(config: ClientConfig) -> Self {
        let slots =
            Arc::new(Semaphore::new(config.max_concurrency.clamp(1, Semaphore::MAX_PERMITS)));
        AgentClient { config, channels: Mutex::new(HashMap::new()), slots }
    }

    /// The process-wide client, configured from the environment on first use.
    pub fn shared() -> Arc<AgentClient> {
        static SHARED: OnceLock<Arc<AgentClient>> = OnceLock::new();
        Arc::clone(SHARED.get_or_init(|| Arc::new(AgentClient::new(ClientConfig::from_env()))))
    }

    /// This client's configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The circuit breakers this client consults.
    pub fn breakers(&self) -> &Arc<BreakerRegistry> {
        &self.config.breakers
    }

    /// The cached channel to `endpoint`, created (lazily connecting) on first use.
    ///
    /// Channels are cached per tokio runtime, because a channel's background tasks live on
    /// the runtime that created it.
    pub fn channel(&self, endpoint: &str) -> Result<Channel, AgentError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|e| AgentError::InvalidEndpoint {
                endpoint: endpoint.to_owned(),
                reason: format!("no tokio runtime: {e}"),
            })?
            .id();
        let key = (runtime, endpoint.to_owned());
        let mut map = self.channels.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(channel) = map.get(&key) {
            return Ok(channel.clone());
        }
        let channel = make_endpoint(endpoint, self.config.connect_timeout)?.connect_lazy();
        map.insert(key, channel.clone());
        Ok(channel)
    }

    /// Calls `Analyze` on `agent` with `data` converted to a `Struct`.
    pub async fn analyze(
        &self,
        agent: &AgentDescriptor,
        task: &str,
        data: &Value,
        options: &CallOptions,
    ) -> AgentResult {
        let data = json_to_request_data(data);
        self.analyze_struct(agent, task, data.as_ref(), options).await
    }

    /// Calls `Analyze` with already-converted data (used by the fan-out, which converts once).
    pub async fn analyze_struct(
        &self,
        agent: &AgentDescriptor,
        task: &str,
        data: Option<&Struct>,
        options: &CallOptions,
    ) -> AgentResult {
        let Ok(_slot) = self.slots.acquire().await else {
            return AgentResult::failure(agent, "agent client is shut down");
        };
        let started = Instant::now();
        let mut result = self.call(agent, task, data, options, started).await;
        result.duration = started.elapsed();
        result
    }

    async fn call(
        &self,
        agent: &AgentDescriptor,
        task: &str,
        data: Option<&Struct>,
        options: &CallOptions,
        started: Instant,
    ) -> AgentResult {
        let breaker = self.config.breakers.breaker(&agent.endpoint);
        let permit = match breaker.try_acquire() {
            Ok(permit) => permit,
            Err(open) => {
                return AgentResult::failure(
                    agent,
                    format!(
                        "circuit breaker open for {} (half-opens in {} ms)",
                        agent.endpoint,
                        open.retry_after.as_millis()
                    ),
                );
            }
        };
        let channel = match self.channel(&agent.endpoint) {
            Ok(channel) => channel,
            Err(e) => return AgentResult::failure(agent, e.to_string()),
        };
        let timeout = options.timeout.unwrap_or(self.config.timeout);
        let deadline = started + timeout;
        let task_id = uuid::Uuid::new_v4().to_string();
        let retry = self.config.retry;
        let max_retries = retry.max_retries.min(MAX_RETRIES_CAP);
        let mut attempts = 0u32;
        let outcome = loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                break Err(AttemptError::Deadline);
            }
            attempts += 1;
            let request = AgentRequest {
                task_id: task_id.clone(),
                task_description: task.to_owned(),
                data: data.cloned(),
                context: options.context.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                timeout_ms: i32::try_from(remaining.as_millis()).unwrap_or(i32::MAX).max(1),
                pattern_name: options.pattern_name.clone(),
            };
            let mut request = tonic::Request::new(request);
            request.set_timeout(remaining);
            let mut client = ConfidenceAgentClient::new(channel.clone());
            let attempt = tokio::time::timeout(remaining, client.analyze(request)).await;
            match attempt {
                Ok(Ok(response)) => break Ok(response.into_inner()),
                Err(_elapsed) => break Err(AttemptError::Deadline),
                Ok(Err(status)) if is_deadline(&status) => break Err(AttemptError::Deadline),
                Ok(Err(status)) => {
                    let retries_done = attempts - 1;
                    if !is_transport_error(&status) || retries_done >= max_retries {
                        break Err(AttemptError::Status(status));
                    }
                    let wait = retry.backoff(attempts);
                    if Instant::now() + wait >= deadline {
                        break Err(AttemptError::Status(status));
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        };
        match outcome {
            Ok(response) => {
                permit.success();
                let mut result = interpret_response(agent, response);
                result.attempts = attempts;
                result
            }
            Err(error) => {
                permit.failure();
                let message = match error {
                    AttemptError::Deadline => {
                        format!("deadline of {} ms exceeded", timeout.as_millis())
                    }
                    AttemptError::Status(status) => describe_status(&status),
                };
                let tries = if attempts > 1 {
                    format!(" after {attempts} attempts")
                } else {
                    String::new()
                };
                let mut result =
                    AgentResult::failure(agent, format!("{}: {message}{tries}", agent.endpoint));
                result.attempts = attempts;
                result
            }
        }
    }

    /// Calls `HealthCheck` (no retries, no breaker).
    pub async fn health_check(
        &self,
        agent: &AgentDescriptor,
        timeout: Duration,
    ) -> Result<Health, AgentError> {
        let channel = self.channel(&agent.endpoint)?;
        let mut request = tonic::Request::new(());
        request.set_timeout(timeout);
        let mut client = ConfidenceAgentClient::new(channel);
        unary_with_deadline(&agent.endpoint, timeout, client.health_check(request)).await
    }

    /// Calls `GetCapabilities` (no retries, no breaker).
    pub async fn capabilities(
        &self,
        agent: &AgentDescriptor,
        timeout: Duration,
    ) -> Result<Capabilities, AgentError> {
        let channel = self.channel(&agent.endpoint)?;
        let mut request = tonic::Request::new(());
        request.set_timeout(timeout);
        let mut client = ConfidenceAgentClient::new(channel);
        unary_with_deadline(&agent.endpoint, timeout, client.get_capabilities(request)).await
    }
}

async fn unary_with_deadline<T>(
    endpoint: &str,
    timeout: Duration,
    call: impl std::future::Future<Output = Result<tonic::Response<T>, Status>>,
) -> Result<T, AgentError> {
    match tokio::time::timeout(timeout, call).await {
        Ok(Ok(response)) => Ok(response.into_inner()),
        Ok(Err(status)) => {
            Err(AgentError::Rpc { endpoint: endpoint.to_owned(), status: Box::new(status) })
        }
        Err(_) => Err(AgentError::Rpc {
            endpoint: endpoint.to_owned(),
            status: Box::new(Status::deadline_exceeded(format!(
                "no answer within {} ms",
                timeout.as_millis()
            ))),
        }),
    }
}

/// The gRPC URI of an endpoint: `host:port` and `[v6]:port` get `http://`; `http://` and
/// `https://` URLs are kept; other schemes (`gateway://`, …) are not supported here.
pub fn endpoint_uri(endpoint: &str) -> Result<String, AgentError> {
    let endpoint = endpoint.trim();
    let invalid = |reason: &str| AgentError::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.to_owned(),
    };
    if endpoint.is_empty() {
        return Err(invalid("empty"));
    }
    if let Some((scheme, _)) = endpoint.split_once("://") {
        return match scheme {
            "http" | "https" => Ok(endpoint.to_owned()),
            other => Err(invalid(&format!("unsupported scheme `{other}://` (expected host:port)"))),
        };
    }
    Ok(format!("http://{endpoint}"))
}

fn make_endpoint(endpoint: &str, connect_timeout: Duration) -> Result<Endpoint, AgentError> {
    let uri = endpoint_uri(endpoint)?;
    let built = Endpoint::from_shared(uri).map_err(|e| AgentError::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(built
        .connect_timeout(connect_timeout)
        .tcp_nodelay(true)
        .http2_keep_alive_interval(Duration::from_secs(30))
        .keep_alive_timeout(Duration::from_secs(10)))
}

/// Whether a status means the call's deadline passed: `DeadlineExceeded`, or tonic's own
/// client-side timeout (`Cancelled` caused by [`tonic::TimeoutExpired`]).
pub fn is_deadline(status: &Status) -> bool {
    status.code() == Code::DeadlineExceeded
        || source_chain(status).any(|e| e.is::<tonic::TimeoutExpired>())
}

/// Whether a failed call is worth retrying: the agent could not be reached or the connection
/// broke — `Unavailable`, or an `Unknown`/`Internal`/`Cancelled` status caused by a
/// connect, transport or I/O error. Application errors and deadlines are not retried.
pub fn is_transport_error(status: &Status) -> bool {
    if is_deadline(status) {
        return false;
    }
    match status.code() {
        Code::Unavailable => true,
        Code::Unknown | Code::Internal | Code::Cancelled => source_chain(status).any(|e| {
            e.is::<tonic::ConnectError>()
                || e.is::<std::io::Error>()
                || e.is::<tonic::transport::Error>()
        }),
        _ => false,
    }
}

/// The error sources of a status (bounded depth).
fn source_chain(status: &Status) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    std::iter::successors(std::error::Error::source(status), |e| e.source()).take(16)
}

fn describe_status(status: &Status) -> String {
    let mut text = format!("{:?}: {}", status.code(), status.message());
    for err in source_chain(status) {
        let s = err.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
    }
    text
}

/// Turns an agent's answer into a result, validating what it sent:
/// a non-finite confidence makes it a failure; a finite one outside [0, 1] is clamped with a
/// warning; `value_json` that is not JSON is kept as a string (with a warning); an empty
/// `value_json` is `null`.
pub fn interpret_response(agent: &AgentDescriptor, response: ConfidenceResult) -> AgentResult {
    let mut result = AgentResult::failure(agent, String::new());
    result.error = None;
    result.reasoning = response.reasoning;
    result.uncertainties = response.uncertainties;
    result.metadata = response.metadata.into_iter().collect();
    result.timestamp_ms = now_ms();

    let confidence = response.confidence;
    if !confidence.is_finite() {
        result.error =
            Some(format!("agent {} returned a non-finite confidence ({confidence})", agent.id));
        return result;
    }
    result.confidence = if (0.0..=1.0).contains(&confidence) {
        confidence
    } else {
        let clamped = confidence.clamp(0.0, 1.0);
        result
            .warnings
            .push(format!("confidence {confidence} outside [0, 1], clamped to {clamped}"));
        clamped
    };

    let raw = response.value_json;
    result.value = if raw.trim().is_empty() {
        Value::Null
    } else {
        match serde_json::from_str::<Value>(&raw) {
            Ok(value) => value,
            Err(e) => {
                result
                    .warnings
                    .push(format!("value_json is not valid JSON ({e}); kept as a string"));
                Value::String(raw)
            }
        }
    };
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn agent() -> AgentDescriptor {
        AgentDescriptor::new("a", "A", "127.0.0.1:1", ["x"])
    }

    fn response(value_json: &str, confidence: f64) -> ConfidenceResult {
        ConfidenceResult {
            value_json: value_json.to_owned(),
            confidence,
            reasoning: "because".to_owned(),
            ..ConfidenceResult::default()
        }
    }

    #[test]
    fn endpoint_forms() {
        assert_eq!(endpoint_uri("127.0.0.1:5").expect("ok"), "http://127.0.0.1:5");
        assert_eq!(endpoint_uri("[::1]:5").expect("ok"), "http://[::1]:5");
        assert_eq!(endpoint_uri("http://h:5").expect("ok"), "http://h:5");
        assert!(endpoint_uri("gateway://x").is_err());
        assert!(endpoint_uri(" ").is_err());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(200));
        assert_eq!(p.backoff(30), Duration::from_secs(2));
    }

    #[test]
    fn interpretation_rules() {
        let ok = interpret_response(&agent(), response(r#"{"a":[1,2]}"#, 0.8));
        assert_eq!(ok.value, json!({"a": [1, 2]}));
        assert_eq!(ok.confidence, 0.8);
        assert!(ok.error.is_none() && ok.warnings.is_empty());

        let clamped = interpret_response(&agent(), response("1", 1.7));
        assert_eq!(clamped.confidence, 1.0);
        assert_eq!(clamped.warnings.len(), 1);

        let nan = interpret_response(&agent(), response("1", f64::NAN));
        assert_eq!(nan.confidence, 0.0);
        assert!(nan.error.as_deref().is_some_and(|e| e.contains("non-finite")));

        let text = interpret_response(&agent(), response("not json", 0.5));
        assert_eq!(text.value, json!("not json"));
        assert_eq!(text.warnings.len(), 1);

        let empty = interpret_response(&agent(), response("", 0.5));
        assert_eq!(empty.value, Value::Null);
    }

    #[test]
    fn only_transport_errors_are_retried() {
        assert!(is_transport_error(&Status::unavailable("down")));
        assert!(!is_transport_error(&Status::deadline_exceeded("slow")));
        assert!(!is_transport_error(&Status::internal("agent bug")));
        assert!(!is_transport_error(&Status::invalid_argument("bad")));
    }
}
