//! The etcd registry against a real `etcd` on loopback: an agent registers under a lease it
//! keeps alive, discovery sees it through its watch, a dead agent (keepalive stopped, no
//! unregister) disappears within its TTL, and a graceful shutdown removes the key at once.
//! Fails with a clear message when the `etcd` binary is missing.

mod agents_common;

use std::time::{Duration, Instant};

use agents_common::etcd_server::EtcdServer;
use prism_runtime::agents::etcd::{EtcdClient, agent_key};
use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError, ServeOptions};
use prism_runtime::agents::{
    AgentDescriptor, AgentSource, EtcdDiscovery, FanOutOptions, RegistrationOptions, SourceConfig,
    fan_out,
};
use serde_json::{Value, json};

struct Named(&'static str);

impl Agent for Named {
    fn info(&self) -> AgentInfo {
        AgentInfo::new(self.0, format!("Agent {}", self.0), ["etcd-test", "echo"])
            .with_expertise(0.85)
    }

    async fn analyze(&self, task: &str, _data: &Value) -> Result<AgentResponse, AnalyzeError> {
        Ok(AgentResponse::new(json!({"agent": self.0, "task": task}), 0.75))
    }
}

fn has(agents: &[AgentDescriptor], id: &str) -> bool {
    agents.iter().any(|a| a.id == id)
}

async fn serve_registered(
    etcd: &EtcdServer,
    id: &'static str,
    ttl: Duration,
) -> prism_runtime::agents::sdk::RunningAgent {
    let options = ServeOptions {
        etcd_endpoints: etcd.endpoints(),
        registration: RegistrationOptions { ttl, keepalive_interval: None },
        ..ServeOptions::default()
    };
    prism_runtime::agents::sdk::serve_with(Named(id), options).await.expect("serve and register")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_watch_expiry_and_graceful_shutdown() {
    let etcd = EtcdServer::start().await;
    let source = AgentSource::resolve(&SourceConfig {
        etcd_endpoints: etcd.endpoints(),
        ..SourceConfig::default()
    })
    .await
    .expect("etcd source");
    let AgentSource::Etcd(discovery) = &source else { panic!("expected the etcd source") };
    assert!(discovery.agents().is_empty());

    // An agent registers with a 2 s TTL; the watch delivers it.
    let ttl = Duration::from_secs(2);
    let mut dying = serve_registered(&etcd, "dying", ttl).await;
    assert!(
        discovery.wait_until(Duration::from_secs(5), |a| has(a, "dying")).await,
        "discovery did not see the registration"
    );
    let found = discovery.agents().into_iter().find(|a| a.id == "dying").expect("dying");
    assert_eq!(found.endpoint, dying.endpoint());
    assert_eq!(found.name, "Agent dying");
    assert_eq!(found.capabilities, vec!["etcd-test".to_owned(), "echo".to_owned()]);
    assert_eq!(found.expertise, 0.85);

    // The discovered descriptor is callable.
    let results =
        fan_out(std::slice::from_ref(&found), "ping", &json!({}), &FanOutOptions::default()).await;
    assert_eq!(results[0].value, json!({"agent": "dying", "task": "ping"}));

    // The agent keeps its own lease alive: still registered well past the TTL.
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert!(has(&discovery.agents(), "dying"), "the lease expired although the agent lives");

    // A second agent with a long TTL, to show graceful shutdown does not wait for expiry.
    let graceful = serve_registered(&etcd, "graceful", Duration::from_secs(30)).await;
    assert!(discovery.wait_until(Duration::from_secs(5), |a| has(a, "graceful")).await);

    // "Kill" the first agent: its keepalive stops and nobody unregisters it.
    dying.abandon_registration();
    let killed = Instant::now();
    assert!(
        discovery.wait_until(Duration::from_secs(6), |a| !has(a, "dying")).await,
        "a dead agent stayed registered"
    );
    let gone_after = killed.elapsed();
    eprintln!("a killed agent (TTL {ttl:?}) disappeared after {gone_after:?}");
    // The lease was last renewed at most TTL/3 before the kill, so it expires within the
    // TTL; etcd checks expiry every 500 ms, and the watch event follows.
    assert!(gone_after <= ttl + Duration::from_millis(1_000), "expired after {gone_after:?}");
    assert!(has(&discovery.agents(), "graceful"));

    // Graceful shutdown deletes the key immediately (its TTL is 30 s).
    let stopped = Instant::now();
    graceful.shutdown().await.expect("graceful shutdown");
    assert!(discovery.wait_until(Duration::from_secs(3), |a| !has(a, "graceful")).await);
    assert!(stopped.elapsed() < Duration::from_secs(2), "{:?}", stopped.elapsed());
    dying.shutdown().await.expect("stop the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_layout_and_reference_records() {
    let etcd = EtcdServer::start().await;
    let raw = EtcdClient::connect(&etcd.endpoints()).await.expect("etcd client");

    // Our registration's key and JSON value follow PLATFORM.md §6.
    let agent = serve_registered(&etcd, "layout", Duration::from_secs(10)).await;
    let kv = raw.get("/parallax/services/agent/layout").await.expect("get").expect("the key");
    assert_ne!(kv.lease, 0, "the key is attached to a lease");
    assert_eq!(kv.lease, agent.registration().expect("registered").lease_id());
    let record: Value = serde_json::from_slice(&kv.value).expect("JSON value");
    assert_eq!(record["id"], "layout");
    assert_eq!(record["name"], "Agent layout");
    assert_eq!(record["type"], "agent");
    assert_eq!(record["endpoint"], agent.endpoint());
    assert_eq!(record["metadata"]["capabilities"], json!(["etcd-test", "echo"]));
    assert_eq!(record["metadata"]["expertise"], json!(0.85));
    assert_eq!(record["health"]["status"], "healthy");
    assert!(record["registeredAt"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert_eq!(record["ttl"], json!(10));

    // Records written by the reference control plane (no lease, extra fields) are read, and
    // changes to them are watched.
    let discovery = EtcdDiscovery::connect(&etcd.endpoints()).await.expect("discovery");
    let reference = json!({
        "id": "ts-agent", "name": "TS agent", "type": "agent", "endpoint": "10.1.2.3:50070",
        "metadata": {"capabilities": ["review"], "version": "1", "labels": {"runId": "r1"},
                     "default_confidence": 0.8},
        "health": {"status": "healthy", "lastCheck": "2026-01-01T00:00:00.000Z",
                   "checkInterval": 30000},
        "registeredAt": "2026-01-01T00:00:00.000Z"
    });
    raw.put("/parallax/services/agent/ts-agent", reference.to_string(), 0).await.expect("put");
    raw.put("/parallax/services/agent/garbage", "not json", 0).await.expect("put");
    raw.put(
        "/parallax/services/pattern/p1",
        json!({"id": "p1", "name": "P", "type": "pattern", "endpoint": "x:1"}).to_string(),
        0,
    )
    .await
    .expect("put");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| has(a, "ts-agent")).await);
    let ts = discovery.agents().into_iter().find(|a| a.id == "ts-agent").expect("ts-agent");
    assert_eq!(ts.capabilities, vec!["review".to_owned()]);
    assert_eq!((ts.expertise, ts.historical_confidence), (0.7, 0.75));
    assert_eq!(ts.labels.get("runId").map(String::as_str), Some("r1"));
    let ids: Vec<String> = discovery.agents().into_iter().map(|a| a.id).collect();
    assert_eq!(ids, ["layout", "ts-agent"], "key order; garbage and non-agent keys skipped");

    assert_eq!(raw.delete("/parallax/services/agent/ts-agent").await.expect("delete"), 1);
    assert!(discovery.wait_until(Duration::from_secs(5), |a| !has(a, "ts-agent")).await);
    agent.shutdown().await.expect("shutdown");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| a.is_empty()).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_lease_is_re_registered_while_the_agent_lives() {
    let etcd = EtcdServer::start().await;
    let discovery = EtcdDiscovery::connect(&etcd.endpoints()).await.expect("discovery");
    let options = RegistrationOptions {
        ttl: Duration::from_secs(3),
        keepalive_interval: Some(Duration::from_millis(300)),
    };
    let mut agent = prism_runtime::agents::sdk::serve_local(Named("phoenix")).await.expect("serve");
    agent.register_etcd(&etcd.endpoints(), options).await.expect("register");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| has(a, "phoenix")).await);
    let first_lease = agent.registration().expect("registered").lease_id();

    // Someone revokes the lease (as an operator or a lost etcd member might).
    let raw = EtcdClient::connect(&etcd.endpoints()).await.expect("client");
    raw.lease_revoke(first_lease).await.expect("revoke");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| !has(a, "phoenix")).await);
    assert!(
        discovery.wait_until(Duration::from_secs(5), |a| has(a, "phoenix")).await,
        "the agent did not register again"
    );
    assert_ne!(agent.registration().expect("registered").lease_id(), first_lease);
    agent.shutdown().await.expect("shutdown");
}

fn reference_record(id: &str, endpoint: &str, capabilities: &[&str]) -> String {
    json!({
        "id": id, "name": format!("Ref {id}"), "type": "agent", "endpoint": endpoint,
        "metadata": {"capabilities": capabilities},
        "health": {"status": "healthy", "lastCheck": "2026-01-01T00:00:00.000Z",
                   "checkInterval": 30000},
        "registeredAt": "2026-01-01T00:00:00.000Z"
    })
    .to_string()
}

fn endpoint_of(agents: &[AgentDescriptor], id: &str) -> Option<String> {
    agents.iter().find(|a| a.id == id).map(|a| a.endpoint.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watch_follows_modifications_and_deletions() {
    let etcd = EtcdServer::start().await;
    let raw = EtcdClient::connect(&etcd.endpoints()).await.expect("client");
    let key = "/parallax/services/agent/mutable";
    raw.put(key, reference_record("mutable", "10.0.0.1:1", &["a"]), 0).await.expect("put");
    let discovery = EtcdDiscovery::connect(&etcd.endpoints()).await.expect("discovery");
    assert_eq!(endpoint_of(&discovery.agents(), "mutable").as_deref(), Some("10.0.0.1:1"));

    // MODIFIED: the same key gets a new value; the view follows without a new record.
    raw.put(key, reference_record("mutable", "10.0.0.2:2", &["a", "b"]), 0).await.expect("put");
    assert!(
        discovery
            .wait_until(Duration::from_secs(5), |a| {
                endpoint_of(a, "mutable").as_deref() == Some("10.0.0.2:2")
            })
            .await,
        "the modification was not seen"
    );
    let agents = discovery.agents();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0].capabilities, vec!["a".to_owned(), "b".to_owned()]);

    // A modification that makes the value unreadable removes the agent from the view.
    raw.put(key, "{broken", 0).await.expect("put");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| a.is_empty()).await);
    raw.put(key, reference_record("mutable", "10.0.0.3:3", &["a"]), 0).await.expect("put");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| has(a, "mutable")).await);

    // DELETED, and the watch keeps going: a re-created key and a new key are seen.
    assert_eq!(raw.delete(key).await.expect("delete"), 1);
    assert!(
        discovery.wait_until(Duration::from_secs(5), |a| !has(a, "mutable")).await,
        "the deletion was not seen"
    );
    raw.put(key, reference_record("mutable", "10.0.0.4:4", &["a"]), 0).await.expect("put");
    let other = "/parallax/services/agent/other";
    raw.put(other, reference_record("other", "10.0.0.5:5", &["a"]), 0).await.expect("put");
    assert!(
        discovery
            .wait_until(Duration::from_secs(5), |a| {
                endpoint_of(a, "mutable").as_deref() == Some("10.0.0.4:4") && has(a, "other")
            })
            .await,
        "the watch stopped after a deletion"
    );
    assert_eq!(raw.delete(other).await.expect("delete"), 1);
    assert_eq!(raw.delete(other).await.expect("delete again"), 0);
    assert!(discovery.wait_until(Duration::from_secs(5), |a| !has(a, "other")).await);
    assert!(has(&discovery.agents(), "mutable"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_and_registration_survive_an_etcd_restart() {
    let mut etcd = EtcdServer::start().await;
    let discovery = EtcdDiscovery::connect(&etcd.endpoints()).await.expect("discovery");
    let options = RegistrationOptions {
        ttl: Duration::from_secs(3),
        keepalive_interval: Some(Duration::from_millis(500)),
    };
    let mut agent = prism_runtime::agents::sdk::serve_local(Named("durable")).await.expect("serve");
    agent.register_etcd(&etcd.endpoints(), options).await.expect("register");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| has(a, "durable")).await);

    // etcd crashes and comes back after a second (same data directory).
    etcd.restart(Duration::from_secs(1)).await;

    // The watch is re-established: a record written after the restart is seen...
    let raw = EtcdClient::connect(&etcd.endpoints()).await.expect("client");
    let key = "/parallax/services/agent/after-restart";
    raw.put(key, reference_record("after-restart", "10.0.0.9:9", &["x"]), 0).await.expect("put");
    assert!(
        discovery.wait_until(Duration::from_secs(10), |a| has(a, "after-restart")).await,
        "discovery did not recover from the restart"
    );
    // ...and the agent's keepalive resumed: it is still registered well past its TTL.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert!(has(&discovery.agents(), "durable"), "the registration was lost in the restart");
    let kv = raw.get(agent_key("durable")).await.expect("get").expect("still registered");
    assert_eq!(kv.lease, agent.registration().expect("registered").lease_id());

    agent.shutdown().await.expect("shutdown");
    assert!(discovery.wait_until(Duration::from_secs(5), |a| !has(a, "durable")).await);
}
