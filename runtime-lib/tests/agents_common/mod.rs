//! Shared helpers of the `agents_*` integration tests: purpose-built (mis)behaving agents
//! served by real tonic servers on loopback, and client construction.
#![allow(dead_code)]

pub mod etcd_server;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use prism_runtime::agents::convert::struct_to_json;
use prism_runtime::agents::proto::confidence::confidence_agent_server::{
    ConfidenceAgent, ConfidenceAgentServer,
};
use prism_runtime::agents::proto::confidence::{
    AgentRequest, Capabilities, ConfidenceResult, Health,
};
use prism_runtime::agents::{
    AgentClient, AgentDescriptor, BreakerConfig, BreakerRegistry, ClientConfig, RetryPolicy,
};
use tokio::sync::oneshot;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status};

/// What a test agent does with `Analyze`.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// Answers `value_json` with `confidence` and a reasoning.
    Answer { value_json: String, confidence: f64 },
    /// Answers the request back: `{task, data, context, timeout_ms, task_id, pattern}`.
    Echo,
    /// Sleeps, then answers.
    Slow(Duration),
    /// Returns an error status.
    Fail(tonic::Code, String),
}

impl Behavior {
    pub fn answer(value_json: &str, confidence: f64) -> Self {
        Behavior::Answer { value_json: value_json.to_owned(), confidence }
    }
}

#[derive(Debug, Default)]
pub struct Counters {
    pub calls: AtomicUsize,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    pub connections: AtomicUsize,
}

#[derive(Debug, Clone)]
struct TestAgent {
    id: String,
    behavior: Arc<Mutex<Behavior>>,
    counters: Arc<Counters>,
}

struct InFlight<'a>(&'a Counters);

impl<'a> InFlight<'a> {
    fn enter(c: &'a Counters) -> Self {
        let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        c.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(c)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl TestAgent {
    async fn answer(&self, request: AgentRequest) -> Result<ConfidenceResult, Status> {
        self.counters.calls.fetch_add(1, Ordering::SeqCst);
        let _guard = InFlight::enter(&self.counters);
        let behavior = self.behavior.lock().expect("behavior lock").clone();
        let (value_json, confidence) = match behavior {
            Behavior::Answer { value_json, confidence } => (value_json, confidence),
            Behavior::Echo => {
                let data = request.data.as_ref().map(struct_to_json);
                let echoed = serde_json::json!({
                    "task": request.task_description,
                    "data": data,
                    "context": request.context,
                    "timeout_ms": request.timeout_ms,
                    "task_id": request.task_id,
                    "pattern": request.pattern_name,
                });
                (echoed.to_string(), 0.9)
            }
            Behavior::Slow(delay) => {
                tokio::time::sleep(delay).await;
                ("\"slow\"".to_owned(), 0.9)
            }
            Behavior::Fail(code, message) => return Err(Status::new(code, message)),
        };
        Ok(ConfidenceResult {
            value_json,
            confidence,
            agent_id: self.id.clone(),
            reasoning: format!("test agent {}", self.id),
            ..ConfidenceResult::default()
        })
    }
}

type ResultStream = std::pin::Pin<
    Box<dyn futures::Stream<Item = Result<ConfidenceResult, Status>> + Send + 'static>,
>;

#[tonic::async_trait]
impl ConfidenceAgent for TestAgent {
    async fn analyze(
        &self,
        request: Request<AgentRequest>,
    ) -> Result<Response<ConfidenceResult>, Status> {
        self.answer(request.into_inner()).await.map(Response::new)
    }

    async fn get_capabilities(&self, _: Request<()>) -> Result<Response<Capabilities>, Status> {
        Ok(Response::new(Capabilities {
            agent_id: self.id.clone(),
            name: self.id.clone(),
            capabilities: vec!["test".to_owned()],
            expertise_level: 0.5,
            ..Capabilities::default()
        }))
    }

    async fn health_check(&self, _: Request<()>) -> Result<Response<Health>, Status> {
        Ok(Response::new(Health { status: 1, ..Health::default() }))
    }

    type StreamAnalyzeStream = ResultStream;

    async fn stream_analyze(
        &self,
        request: Request<AgentRequest>,
    ) -> Result<Response<ResultStream>, Status> {
        let result = self.answer(request.into_inner()).await?;
        Ok(Response::new(Box::pin(futures::stream::once(async move { Ok(result) }))))
    }
}

/// A running test agent.
pub struct TestServer {
    pub id: String,
    pub addr: SocketAddr,
    pub counters: Arc<Counters>,
    behavior: Arc<Mutex<Behavior>>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestServer {
    pub fn endpoint(&self) -> String {
        self.addr.to_string()
    }

    pub fn descriptor(&self) -> AgentDescriptor {
        AgentDescriptor::new(&self.id, format!("Test {}", self.id), self.endpoint(), ["test"])
    }

    pub fn calls(&self) -> usize {
        self.counters.calls.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.counters.connections.load(Ordering::SeqCst)
    }

    pub fn max_in_flight(&self) -> usize {
        self.counters.max_in_flight.load(Ordering::SeqCst)
    }

    pub fn set_behavior(&self, behavior: Behavior) {
        *self.behavior.lock().expect("behavior lock") = behavior;
    }
}

/// Starts a test agent on 127.0.0.1 with an OS-assigned port.
pub async fn start_agent(id: &str, behavior: Behavior) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let counters = Arc::new(Counters::default());
    let behavior = Arc::new(Mutex::new(behavior));
    let agent = TestAgent {
        id: id.to_owned(),
        behavior: Arc::clone(&behavior),
        counters: Arc::clone(&counters),
    };
    let conn_counters = Arc::clone(&counters);
    let incoming = TcpListenerStream::new(listener).map(move |conn| {
        conn_counters.connections.fetch_add(1, Ordering::SeqCst);
        conn
    });
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(ConfidenceAgentServer::new(agent))
            .serve_with_incoming_shutdown(incoming, async {
                let _ = rx.await;
            }),
    );
    TestServer { id: id.to_owned(), addr, counters, behavior, shutdown: Some(tx) }
}

/// A raw TCP server that accepts connections and closes each as soon as the client has sent
/// something (the HTTP/2 preface and request), without answering. Returns the address and a
/// counter of accepted connections.
pub async fn start_connection_dropper() -> (SocketAddr, Arc<AtomicUsize>, oneshot::Sender<()>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    let (tx, mut rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut rx => break,
                conn = listener.accept() => {
                    let Ok((mut stream, _)) = conn else { break };
                    counter.fetch_add(1, Ordering::SeqCst);
                    let mut buf = [0u8; 256];
                    let _ = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buf)).await;
                    drop(stream);
                }
            }
        }
    });
    (addr, accepted, tx)
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("local addr").port()
}

/// A client with its own breakers, short backoff, and the given deadline and breaker.
pub fn client(timeout: Duration, breaker: BreakerConfig) -> Arc<AgentClient> {
    Arc::new(AgentClient::new(ClientConfig {
        timeout,
        connect_timeout: Duration::from_secs(2),
        max_concurrency: 64,
        retry: RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(20),
            multiplier: 2.0,
            max_backoff: Duration::from_millis(200),
        },
        breakers: Arc::new(BreakerRegistry::new(breaker)),
    }))
}

/// A breaker that never opens during a test.
pub fn lenient_breaker() -> BreakerConfig {
    BreakerConfig { failure_threshold: 1000, ..BreakerConfig::default() }
}
