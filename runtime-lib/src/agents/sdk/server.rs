//! The tonic server behind [`Agent`]: all four `ConfidenceAgent` RPCs, serving on an address
//! (or an OS-assigned loopback port), optional etcd registration, graceful shutdown.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::{Stream, StreamExt};
use prost_types::Timestamp;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status};

use super::{Agent, AgentInfo, AgentResponse, HealthStatus};
use crate::agents::convert::struct_to_json;
use crate::agents::error::AgentError;
use crate::agents::etcd::{EtcdRegistration, RegistrationOptions};
use crate::agents::proto::confidence::confidence_agent_server::{
    ConfidenceAgent, ConfidenceAgentServer,
};
use crate::agents::proto::confidence::{
    AgentRequest, Capabilities, ConfidenceResult, Health, health,
};
use crate::agents::types::AgentDescriptor;

/// Environment variable: the host an agent advertises in its registration.
pub const ENV_AGENT_HOST: &str = "PARALLAX_AGENT_HOST";
/// Environment variable: the port an agent advertises (e.g. behind NAT).
pub const ENV_AGENT_PORT: &str = "PARALLAX_AGENT_PORT";

/// How long a graceful shutdown waits for in-flight calls before aborting.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

fn now_timestamp() -> Timestamp {
    let since =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Timestamp {
        seconds: i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        nanos: i32::try_from(since.subsec_nanos()).unwrap_or(0),
    }
}

/// The tonic service wrapping an [`Agent`] (usable directly with a custom tonic server).
#[derive(Debug)]
pub struct AgentService<A> {
    agent: Arc<A>,
    info: Arc<AgentInfo>,
}

impl<A: Agent> AgentService<A> {
    /// Wraps `agent`.
    pub fn new(agent: A) -> Self {
        let info = Arc::new(agent.info());
        AgentService { agent: Arc::new(agent), info }
    }

    /// As a tonic server.
    pub fn into_server(self) -> ConfidenceAgentServer<Self> {
        ConfidenceAgentServer::new(self)
    }

    async fn run_analyze(&self, request: AgentRequest) -> Result<ConfidenceResult, Status> {
        let agent = Arc::clone(&self.agent);
        let task = request.task_description;
        let data = request.data.as_ref().map_or(serde_json::Value::Null, struct_to_json);
        let handle = tokio::spawn(async move { agent.analyze(&task, &data).await });
        let abort = handle.abort_handle();
        // A caller that goes away (a lost `race`, a client deadline) resets the stream and tonic
        // drops this future: the spawned analysis must stop with it, not run to the end.
        let _cancel_on_drop = AbortOnDrop(abort.clone());
        let joined = if request.timeout_ms > 0 {
            let limit = Duration::from_millis(request.timeout_ms.unsigned_abs().into());
            match tokio::time::timeout(limit, handle).await {
                Ok(joined) => joined,
                Err(_) => {
                    abort.abort();
                    return Err(Status::deadline_exceeded(format!(
                        "analyze did not finish within {} ms",
                        request.timeout_ms
                    )));
                }
            }
        } else {
            handle.await
        };
        let response = match joined {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Err(Status::internal(format!("analyze failed: {e}"))),
            Err(e) if e.is_panic() => return Err(Status::internal("agent panicked in analyze")),
            Err(_) => return Err(Status::cancelled("analyze was cancelled")),
        };
        self.to_wire(response)
    }

    fn to_wire(&self, response: AgentResponse) -> Result<ConfidenceResult, Status> {
        if !response.confidence.is_finite() {
            return Err(Status::internal(format!(
                "agent produced a non-finite confidence ({})",
                response.confidence
            )));
        }
        let value_json = serde_json::to_string(&response.value)
            .map_err(|e| Status::internal(format!("answer is not serializable: {e}")))?;
        Ok(ConfidenceResult {
            value_json,
            confidence: response.confidence.clamp(0.0, 1.0),
            agent_id: self.info.id.clone(),
            timestamp: Some(now_timestamp()),
            uncertainties: response.uncertainties,
            reasoning: response.reasoning,
            metadata: response.metadata.into_iter().collect(),
        })
    }
}

type ResultStream = Pin<Box<dyn Stream<Item = Result<ConfidenceResult, Status>> + Send + 'static>>;

#[tonic::async_trait]
impl<A: Agent> ConfidenceAgent for AgentService<A> {
    async fn analyze(
        &self,
        request: Request<AgentRequest>,
    ) -> Result<Response<ConfidenceResult>, Status> {
        self.run_analyze(request.into_inner()).await.map(Response::new)
    }

    async fn get_capabilities(
        &self,
        _request: Request<()>,
    ) -> Result<Response<Capabilities>, Status> {
        Ok(Response::new(self.agent.capabilities()))
    }

    async fn health_check(&self, _request: Request<()>) -> Result<Response<Health>, Status> {
        let report = self.agent.health().await;
        let status = match report.status {
            HealthStatus::Healthy => health::Status::Healthy,
            HealthStatus::Degraded => health::Status::Degraded,
            HealthStatus::Unhealthy => health::Status::Unhealthy,
        };
        Ok(Response::new(Health {
            status: status.into(),
            message: report.message,
            last_check: Some(now_timestamp()),
            details: report.details.into_iter().collect(),
        }))
    }

    type StreamAnalyzeStream = ResultStream;

    async fn stream_analyze(
        &self,
        request: Request<AgentRequest>,
    ) -> Result<Response<Self::StreamAnalyzeStream>, Status> {
        // The single analyze result is the only (and last) message.
        let result = self.run_analyze(request.into_inner()).await?;
        let stream: ResultStream = Box::pin(futures::stream::once(async move { Ok(result) }));
        Ok(Response::new(stream))
    }
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to bind (port 0: OS-assigned).
    pub addr: SocketAddr,
    /// Host to advertise in the endpoint (default: `PARALLAX_AGENT_HOST`, else the bound IP,
    /// else `127.0.0.1` when bound to an unspecified address).
    pub advertise_host: Option<String>,
    /// etcd endpoints to register with (none: no registration).
    pub etcd_endpoints: Vec<String>,
    /// Lease options of the registration.
    pub registration: RegistrationOptions,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            advertise_host: None,
            etcd_endpoints: Vec::new(),
            registration: RegistrationOptions::default(),
        }
    }
}

/// A served agent: its address, and the handle to stop it.
#[derive(Debug)]
pub struct RunningAgent {
    addr: SocketAddr,
    endpoint: String,
    info: AgentInfo,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<Result<(), tonic::transport::Error>>,
    registration: Option<EtcdRegistration>,
}

impl Drop for RunningAgent {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Serves `agent` on `addr` (port 0 for an OS-assigned port).
pub async fn serve<A: Agent>(agent: A, addr: SocketAddr) -> Result<RunningAgent, AgentError> {
    serve_with(agent, ServeOptions { addr, ..ServeOptions::default() }).await
}

/// Serves `agent` on `127.0.0.1` with an OS-assigned port.
pub async fn serve_local<A: Agent>(agent: A) -> Result<RunningAgent, AgentError> {
    serve_with(agent, ServeOptions::default()).await
}

/// Serves `agent` with `options`, registering in etcd when endpoints are given.
pub async fn serve_with<A: Agent>(
    agent: A,
    options: ServeOptions,
) -> Result<RunningAgent, AgentError> {
    let service = AgentService::new(agent);
    let info = (*service.info).clone();
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| AgentError::Serve(format!("binding {}: {e}", options.addr)))?;
    let addr = listener.local_addr()?;
    let incoming = TcpListenerStream::new(listener).map(|conn| {
        conn.inspect(|stream| {
            // Small gRPC frames must not wait for Nagle's algorithm.
            let _ = stream.set_nodelay(true);
        })
    });
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(service.into_server())
            .serve_with_incoming_shutdown(incoming, async {
                let _ = rx.await;
            }),
    );
    let endpoint = advertised_endpoint(addr, options.advertise_host.as_deref());
    let mut running =
        RunningAgent { addr, endpoint, info, shutdown: Some(tx), server, registration: None };
    if !options.etcd_endpoints.is_empty()
        && let Err(e) = running.register_etcd(&options.etcd_endpoints, options.registration).await
    {
        let _ = running.stop_server().await;
        return Err(e);
    }
    Ok(running)
}

fn advertised_endpoint(addr: SocketAddr, host: Option<&str>) -> String {
    let env_host = std::env::var(ENV_AGENT_HOST).ok().filter(|h| !h.trim().is_empty());
    let env_port = std::env::var(ENV_AGENT_PORT).ok().and_then(|p| p.trim().parse::<u16>().ok());
    let port = env_port.unwrap_or(addr.port());
    let host = host.map(str::to_owned).or(env_host).unwrap_or_else(|| {
        if addr.ip().is_unspecified() { "127.0.0.1".to_owned() } else { addr.ip().to_string() }
    });
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

impl RunningAgent {
    /// The bound socket address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint callers use (`host:port`).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The agent's identity.
    pub fn info(&self) -> &AgentInfo {
        &self.info
    }

    /// The descriptor an orchestrator uses to call this agent.
    pub fn descriptor(&self) -> AgentDescriptor {
        self.info.descriptor(self.endpoint.clone())
    }

    /// The etcd registration, if any.
    pub fn registration(&self) -> Option<&EtcdRegistration> {
        self.registration.as_ref()
    }

    /// Registers in etcd under a lease this agent keeps alive (replacing an earlier
    /// registration of this handle, which is unregistered first).
    pub async fn register_etcd(
        &mut self,
        endpoints: &[String],
        options: RegistrationOptions,
    ) -> Result<(), AgentError> {
        if let Some(old) = self.registration.take() {
            old.unregister().await?;
        }
        let registration =
            EtcdRegistration::register(endpoints, &self.descriptor(), options).await?;
        self.registration = Some(registration);
        Ok(())
    }

    /// Stops keeping the etcd lease alive without unregistering (as a crash would): the
    /// record expires within its TTL. The server keeps serving.
    pub fn abandon_registration(&mut self) {
        if let Some(registration) = self.registration.take() {
            registration.abandon();
        }
    }

    /// Graceful shutdown: unregister from etcd (the key disappears at once), stop accepting,
    /// let in-flight calls finish (at most 5 s), then stop.
    pub async fn shutdown(mut self) -> Result<(), AgentError> {
        let unregistered = match self.registration.take() {
            Some(registration) => registration.unregister().await,
            None => Ok(()),
        };
        let stopped = self.stop_server().await;
        unregistered.and(stopped)
    }

    async fn stop_server(&mut self) -> Result<(), AgentError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut self.server).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(e))) => Err(AgentError::Serve(e.to_string())),
            Ok(Err(e)) => Err(AgentError::Serve(format!("server task failed: {e}"))),
            Err(_) => {
                self.server.abort();
                Ok(())
            }
        }
    }

    /// Serves until `signal` completes (e.g. Ctrl-C), then shuts down gracefully. Returns
    /// early with an error if the server stops on its own.
    pub async fn run_until(
        mut self,
        signal: impl std::future::Future<Output = ()>,
    ) -> Result<(), AgentError> {
        tokio::select! {
            () = signal => self.shutdown().await,
            ended = &mut self.server => {
                let reason = match ended {
                    Ok(Ok(())) => "server stopped".to_owned(),
                    Ok(Err(e)) => e.to_string(),
                    Err(e) => e.to_string(),
                };
                Err(AgentError::Serve(reason))
            }
        }
    }
}

/// Aborts a spawned task when dropped (aborting a finished task does nothing).
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
