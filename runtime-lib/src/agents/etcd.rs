//! The etcd registry (PLATFORM.md §6): key layout `/parallax/services/agent/<id>`, JSON
//! `ServiceRegistration` values.
//!
//! * [`EtcdDiscovery`] (orchestrator side) reads the prefix once and keeps an in-memory view
//!   current with an etcd watch in a background task.
//! * [`EtcdRegistration`] (agent side) puts the agent's record under a lease that **the
//!   agent** keeps alive, so a dead agent disappears within its TTL — unlike the reference,
//!   where the control plane kept every lease alive (Appendix #3) — and deletes it on
//!   graceful shutdown.
//!
//! Both talk to etcd through [`EtcdClient`] ([`client`]), our own minimal etcd v3 gRPC client
//! generated from `proto/etcd/*.proto` by `build.rs` (pure Rust, no `protoc`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::error::AgentError;
use super::types::{AgentDescriptor, DEFAULT_EXPERTISE, DEFAULT_HISTORICAL_CONFIDENCE};
use super::wallclock::rfc3339_now;

pub mod client;

pub use client::{EtcdClient, EventType, KeyValue, LeaseKeeper, Watcher, prefix_range_end};

/// The key prefix of agent registrations.
pub const AGENT_PREFIX: &str = "/parallax/services/agent/";

/// The etcd key of agent `id`.
pub fn agent_key(id: &str) -> String {
    format!("{AGENT_PREFIX}{id}")
}

/// Prefixes the message of an etcd error with what was being done.
fn doing(what: &'static str) -> impl FnOnce(AgentError) -> AgentError {
    move |e| match e {
        AgentError::Etcd(message) => AgentError::Etcd(format!("{what}: {message}")),
        other => other,
    }
}

/// Connects to etcd (`host:port` or `http://host:port` endpoints); see
/// [`EtcdClient::connect`].
pub async fn connect(endpoints: &[String]) -> Result<EtcdClient, AgentError> {
    EtcdClient::connect(endpoints).await
}

/// The JSON value stored for an agent (PLATFORM.md §6 `ServiceRegistration`).
pub fn registration_json(agent: &AgentDescriptor, ttl: Option<Duration>) -> Value {
    let now = rfc3339_now();
    let mut metadata = Map::new();
    metadata.insert("capabilities".into(), json!(agent.capabilities));
    metadata.insert("expertise".into(), json!(agent.expertise));
    metadata.insert("historicalConfidence".into(), json!(agent.historical_confidence));
    metadata.insert("protocol".into(), json!("grpc"));
    if !agent.labels.is_empty() {
        metadata.insert("labels".into(), json!(agent.labels));
    }
    let mut record = json!({
        "id": agent.id,
        "name": agent.name,
        "type": "agent",
        "endpoint": agent.endpoint,
        "metadata": metadata,
        "health": {"status": "healthy", "lastCheck": now, "checkInterval": 30000},
        "registeredAt": now,
    });
    if let (Some(ttl), Some(obj)) = (ttl, record.as_object_mut()) {
        obj.insert("ttl".into(), json!(ttl.as_secs()));
    }
    record
}

/// Reads an agent record (leniently: unknown fields are ignored, missing optional ones take
/// the reference's defaults). `None` when it is not an agent record with an endpoint.
pub fn descriptor_from_record(key: &str, record: &Value) -> Option<AgentDescriptor> {
    let obj = record.as_object()?;
    if obj.get("type").and_then(Value::as_str).is_some_and(|t| t != "agent") {
        return None;
    }
    let key_id = key.strip_prefix(AGENT_PREFIX).unwrap_or(key);
    let id = obj.get("id").and_then(Value::as_str).unwrap_or(key_id).to_owned();
    let endpoint = obj.get("endpoint").and_then(Value::as_str)?.to_owned();
    let name = obj.get("name").and_then(Value::as_str).unwrap_or(&id).to_owned();
    let empty = Map::new();
    let metadata = obj.get("metadata").and_then(Value::as_object).unwrap_or(&empty);
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let mut capabilities = strings(metadata.get("capabilities"));
    if capabilities.is_empty() {
        capabilities = strings(obj.get("capabilities"));
    }
    let number = |name: &str, default: f64| {
        metadata.get(name).and_then(Value::as_f64).filter(|n| n.is_finite()).unwrap_or(default)
    };
    let labels: BTreeMap<String, String> = metadata
        .get("labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                .collect()
        })
        .unwrap_or_default();
    Some(AgentDescriptor {
        id,
        name,
        endpoint,
        capabilities,
        expertise: number("expertise", DEFAULT_EXPERTISE),
        historical_confidence: number("historicalConfidence", DEFAULT_HISTORICAL_CONFIDENCE),
        labels,
    })
}

#[derive(Debug)]
struct View {
    agents: RwLock<BTreeMap<String, AgentDescriptor>>,
    version: watch::Sender<u64>,
}

impl View {
    fn replace(&self, agents: BTreeMap<String, AgentDescriptor>) {
        *self.agents.write().unwrap_or_else(std::sync::PoisonError::into_inner) = agents;
        self.version.send_modify(|v| *v += 1);
    }

    fn apply(&self, changes: Vec<(String, Option<AgentDescriptor>)>) {
        {
            let mut map = self.agents.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (key, agent) in changes {
                match agent {
                    Some(agent) => map.insert(key, agent),
                    None => map.remove(&key),
                };
            }
        }
        self.version.send_modify(|v| *v += 1);
    }
}

/// A live view of the agents registered in etcd.
#[derive(Debug)]
pub struct EtcdDiscovery {
    endpoints: Vec<String>,
    view: Arc<View>,
    task: JoinHandle<()>,
}

impl Drop for EtcdDiscovery {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Every agent record under [`AGENT_PREFIX`] and the revision they were read at.
async fn list(client: &EtcdClient) -> Result<(BTreeMap<String, AgentDescriptor>, i64), AgentError> {
    let (kvs, revision) = client.get_prefix(AGENT_PREFIX).await.map_err(doing("listing agents"))?;
    let mut agents = BTreeMap::new();
    for kv in kvs {
        if let Some((key, agent)) = agent_of(&kv) {
            agents.insert(key, agent);
        }
    }
    Ok((agents, revision))
}

/// The key of `kv` and the agent its value describes, if it is an agent record.
fn agent_of(kv: &KeyValue) -> Option<(String, AgentDescriptor)> {
    let key = std::str::from_utf8(&kv.key).ok()?;
    let value = serde_json::from_slice::<Value>(&kv.value).ok()?;
    descriptor_from_record(key, &value).map(|agent| (key.to_owned(), agent))
}

impl EtcdDiscovery {
    /// Connects, reads every agent record once, and starts the watch that keeps the view
    /// current (reconnecting and re-reading with bounded backoff if the watch breaks).
    pub async fn connect(endpoints: &[String]) -> Result<Self, AgentError> {
        let client = connect(endpoints).await?;
        let (agents, revision) = list(&client).await?;
        let (version, _) = watch::channel(0);
        let view = Arc::new(View { agents: RwLock::new(agents), version });
        let task = tokio::spawn(watch_loop(client, Arc::clone(&view), revision));
        Ok(EtcdDiscovery { endpoints: endpoints.to_vec(), view, task })
    }

    /// The etcd endpoints.
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// The agents currently registered, in key order.
    pub fn agents(&self) -> Vec<AgentDescriptor> {
        let map = self.view.agents.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.values().cloned().collect()
    }

    /// A receiver that changes whenever the view changes.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.view.version.subscribe()
    }

    /// Waits (at most `timeout`) until `predicate` holds for the current agents; returns
    /// whether it did.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        mut predicate: impl FnMut(&[AgentDescriptor]) -> bool,
    ) -> bool {
        let mut changes = self.changes();
        let wait = async {
            loop {
                if predicate(&self.agents()) {
                    return true;
                }
                if changes.changed().await.is_err() {
                    return predicate(&self.agents());
                }
            }
        };
        tokio::time::timeout(timeout, wait).await.unwrap_or(false)
    }
}

/// Keeps `view` current: watches [`AGENT_PREFIX`] from the revision after the one the view
/// was read at; when the watch ends (etcd restarted or unreachable, the revision compacted),
/// backs off (100 ms doubling to 5 s), re-reads everything and watches again.
async fn watch_loop(client: EtcdClient, view: Arc<View>, revision: i64) {
    let mut next_revision = revision + 1;
    let mut backoff = Duration::from_millis(100);
    loop {
        if let Ok(mut watcher) = client.watch_prefix(AGENT_PREFIX, next_revision).await {
            backoff = Duration::from_millis(100);
            while let Ok(Some(response)) = watcher.next().await {
                if response.canceled || response.compact_revision > 0 {
                    break;
                }
                let mut changes = Vec::new();
                for event in &response.events {
                    let Some(kv) = &event.kv else { continue };
                    next_revision = next_revision.max(kv.mod_revision + 1);
                    let Ok(key) = std::str::from_utf8(&kv.key) else { continue };
                    let agent = match EventType::try_from(event.r#type) {
                        Ok(EventType::Put) => agent_of(kv).map(|(_, agent)| agent),
                        // DELETE (and, defensively, an unknown type): the record is gone.
                        _ => None,
                    };
                    changes.push((key.to_owned(), agent));
                }
                if !changes.is_empty() {
                    view.apply(changes);
                }
            }
        }
        // The watch ended: back off, re-read everything and watch again from the new
        // revision (the re-read covers whatever happened while no watch was running).
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
        if let Ok((agents, revision)) = list(&client).await {
            view.replace(agents);
            next_revision = revision + 1;
        }
    }
}

/// Options of an agent's registration.
#[derive(Debug, Clone, Copy)]
pub struct RegistrationOptions {
    /// Lease TTL (whole seconds, at least 1): the agent's record disappears this long after
    /// its last keepalive.
    pub ttl: Duration,
    /// Keepalive period (default TTL/3).
    pub keepalive_interval: Option<Duration>,
}

impl Default for RegistrationOptions {
    fn default() -> Self {
        RegistrationOptions { ttl: Duration::from_secs(10), keepalive_interval: None }
    }
}

/// An agent's registration in etcd, kept alive by a background task of the agent.
///
/// [`unregister`](Self::unregister) deletes the key and revokes the lease; dropping the
/// registration (or [`abandon`](Self::abandon)) only stops the keepalive, so the record
/// expires within the TTL — as when the agent process dies.
pub struct EtcdRegistration {
    client: EtcdClient,
    key: String,
    lease: Arc<AtomicI64>,
    keepalive: JoinHandle<()>,
}

impl std::fmt::Debug for EtcdRegistration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EtcdRegistration")
            .field("key", &self.key)
            .field("lease", &self.lease_id())
            .finish_non_exhaustive()
    }
}

impl Drop for EtcdRegistration {
    fn drop(&mut self) {
        self.keepalive.abort();
    }
}

/// Grants a lease, records its id in `current` (before the key appears, so whoever sees the
/// key also sees the lease), and puts the key under it.
async fn grant_and_put(
    client: &EtcdClient,
    key: &str,
    value: &str,
    ttl_secs: i64,
    current: &AtomicI64,
) -> Result<i64, AgentError> {
    let lease = client.lease_grant(ttl_secs).await?;
    current.store(lease, Ordering::SeqCst);
    client.put(key, value, lease).await.map_err(doing("registering the agent"))?;
    Ok(lease)
}

impl EtcdRegistration {
    /// Registers `agent` under `/parallax/services/agent/<id>` with a lease of `options.ttl`
    /// and starts keeping the lease alive every `keepalive_interval` (TTL/3 by default). If
    /// the lease is ever lost while the agent lives (e.g. etcd was unreachable longer than
    /// the TTL, or the lease was revoked), the task registers again under a new lease.
    pub async fn register(
        endpoints: &[String],
        agent: &AgentDescriptor,
        options: RegistrationOptions,
    ) -> Result<Self, AgentError> {
        let client = connect(endpoints).await?;
        let ttl_secs = i64::try_from(options.ttl.as_secs().max(1)).unwrap_or(i64::MAX);
        let key = agent_key(&agent.id);
        let ttl = Duration::from_secs(ttl_secs.unsigned_abs());
        let value = registration_json(agent, Some(ttl)).to_string();
        let lease = Arc::new(AtomicI64::new(0));
        grant_and_put(&client, &key, &value, ttl_secs, &lease).await?;
        let interval =
            options.keepalive_interval.unwrap_or(ttl / 3).max(Duration::from_millis(100));
        let keepalive = tokio::spawn(keepalive_loop(
            client.clone(),
            key.clone(),
            value,
            ttl_secs,
            Arc::clone(&lease),
            interval,
        ));
        Ok(EtcdRegistration { client, key, lease, keepalive })
    }

    /// The registration's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The current lease id.
    pub fn lease_id(&self) -> i64 {
        self.lease.load(Ordering::SeqCst)
    }

    /// Stops the keepalive, deletes the key and revokes the lease.
    pub async fn unregister(self) -> Result<(), AgentError> {
        self.keepalive.abort();
        self.client.delete(self.key.as_str()).await.map_err(doing("unregistering the agent"))?;
        // The key is gone; a failed revoke only leaves an empty lease to expire.
        let _ = self.client.lease_revoke(self.lease_id()).await;
        Ok(())
    }

    /// Stops the keepalive without unregistering, as if the agent had died: the record
    /// expires when the lease's TTL runs out.
    pub fn abandon(self) {
        self.keepalive.abort();
    }
}

/// Renews the current lease every `interval` over a keepalive stream (reopened after
/// failures, every second at most); when etcd answers that the lease no longer exists,
/// registers again under a new lease.
async fn keepalive_loop(
    client: EtcdClient,
    key: String,
    value: String,
    ttl_secs: i64,
    lease: Arc<AtomicI64>,
    interval: Duration,
) {
    loop {
        let id = lease.load(Ordering::SeqCst);
        let mut expired = false;
        match client.lease_keep_alive(id).await {
            Ok((_, 0)) => expired = true,
            Ok((mut keeper, _)) => loop {
                tokio::time::sleep(interval).await;
                match keeper.keep_alive().await {
                    Ok(0) => {
                        expired = true;
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            },
            Err(_) => {}
        }
        if expired {
            // The lease is gone while the agent still runs: register again.
            if grant_and_put(&client, &key, &value, ttl_secs, &lease).await.is_ok() {
                continue;
            }
        }
        tokio::time::sleep(interval.min(Duration::from_secs(1))).await;
    }
}
