//! A minimal etcd v3 client on the tonic stubs generated from `proto/etcd/*.proto` (so the
//! build needs no `protoc`): prefix reads, puts under a lease, deletes, lease grant / revoke
//! / keepalive streams and prefix watches — what agent discovery and registration need.
//!
//! Every unary call is bounded by [`REQUEST_TIMEOUT`], connecting by [`CONNECT_TIMEOUT`];
//! long-lived streams (watches, keepalives) are protected by HTTP/2 keepalive pings, so a
//! dead connection ends them with an error instead of hanging. Errors are
//! [`AgentError::Etcd`] naming what was being done.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Streaming;
use tonic::transport::{Channel, Endpoint};

use crate::agents::error::AgentError;
use crate::agents::proto::etcd::etcdserverpb::kv_client::KvClient;
use crate::agents::proto::etcd::etcdserverpb::lease_client::LeaseClient;
use crate::agents::proto::etcd::etcdserverpb::watch_client::WatchClient;
use crate::agents::proto::etcd::etcdserverpb::watch_request::RequestUnion;
use crate::agents::proto::etcd::etcdserverpb::{
    DeleteRangeRequest, LeaseGrantRequest, LeaseKeepAliveRequest, LeaseKeepAliveResponse,
    LeaseRevokeRequest, PutRequest, RangeRequest, ResponseHeader, WatchCancelRequest,
    WatchCreateRequest, WatchRequest, WatchResponse,
};

pub use crate::agents::proto::etcd::mvccpb::event::EventType;
pub use crate::agents::proto::etcd::mvccpb::{Event, KeyValue};

/// Bound on every unary etcd request (and on each keepalive answer).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Bound on connecting to etcd.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// HTTP/2 ping period on connections with open streams (etcd's default enforcement
/// minimum is 5 s).
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
/// A ping unanswered this long closes the connection (and so its streams).
const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(5);

fn etcd_err(context: &str, e: impl std::fmt::Display) -> AgentError {
    AgentError::Etcd(format!("{context}: {e}"))
}

fn status_err(context: &str, status: &tonic::Status) -> AgentError {
    let mut message = format!("{:?}: {}", status.code(), status.message());
    let mut source = std::error::Error::source(status);
    while let Some(e) = source {
        message.push_str(&format!(" ({e})"));
        source = e.source();
    }
    etcd_err(context, message)
}

/// Runs one etcd call with [`REQUEST_TIMEOUT`].
async fn call<T>(
    context: &str,
    fut: impl Future<Output = Result<tonic::Response<T>, tonic::Status>>,
) -> Result<T, AgentError> {
    match tokio::time::timeout(REQUEST_TIMEOUT, fut).await {
        Ok(Ok(response)) => Ok(response.into_inner()),
        Ok(Err(status)) => Err(status_err(context, &status)),
        Err(_) => {
            Err(etcd_err(context, format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())))
        }
    }
}

fn revision_of(header: Option<&ResponseHeader>) -> i64 {
    header.map_or(0, |h| h.revision)
}

/// The `range_end` that makes a range cover every key starting with `prefix`: the prefix
/// with its last byte below `0xff` incremented and everything after it dropped (`"a/"` →
/// `"a0"`, `"a\xff"` → `"b"`). A prefix of only `0xff` bytes (or an empty one) has no
/// upper bound: `"\0"`, which etcd reads as "every key from `key` on".
pub fn prefix_range_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0]
}

/// `host:port` or `http://host:port` (a comma-separated list in one item is split too).
fn endpoint_urls(endpoints: &[String]) -> Vec<String> {
    endpoints
        .iter()
        .flat_map(|e| e.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| if e.contains("://") { e.to_owned() } else { format!("http://{e}") })
        .collect()
}

/// A connection to an etcd cluster (cheap to clone: the clones share the HTTP/2
/// connection, which reconnects by itself after failures).
#[derive(Debug, Clone)]
pub struct EtcdClient {
    kv: KvClient<Channel>,
    lease: LeaseClient<Channel>,
    watch: WatchClient<Channel>,
}

impl EtcdClient {
    /// Connects to etcd. Endpoints are `host:port` or `http://host:port`. With one endpoint
    /// the connection is made now (bounded by [`CONNECT_TIMEOUT`]) so an unreachable etcd is
    /// reported at once; with several, calls are balanced over those that answer.
    pub async fn connect(endpoints: &[String]) -> Result<Self, AgentError> {
        let urls = endpoint_urls(endpoints);
        let context = format!("connecting to {}", urls.join(","));
        let mut parsed = Vec::with_capacity(urls.len());
        for url in &urls {
            let endpoint = Endpoint::from_shared(url.clone())
                .map_err(|e| etcd_err(&context, format!("invalid endpoint `{url}`: {e}")))?
                .connect_timeout(CONNECT_TIMEOUT)
                .http2_keep_alive_interval(KEEPALIVE_INTERVAL)
                .keep_alive_timeout(KEEPALIVE_TIMEOUT)
                .keep_alive_while_idle(false);
            parsed.push(endpoint);
        }
        let channel = match parsed.len() {
            0 => return Err(AgentError::Etcd("no etcd endpoints given".to_owned())),
            1 => {
                let endpoint = parsed.remove(0);
                match tokio::time::timeout(CONNECT_TIMEOUT, endpoint.connect()).await {
                    Ok(Ok(channel)) => channel,
                    Ok(Err(e)) => {
                        let mut message = e.to_string();
                        let mut source = std::error::Error::source(&e);
                        while let Some(s) = source {
                            message.push_str(&format!(": {s}"));
                            source = s.source();
                        }
                        return Err(etcd_err(&context, message));
                    }
                    Err(_) => {
                        return Err(etcd_err(
                            &context,
                            format!("no connection within {} s", CONNECT_TIMEOUT.as_secs()),
                        ));
                    }
                }
            }
            _ => Channel::balance_list(parsed.into_iter()),
        };
        Ok(EtcdClient {
            kv: KvClient::new(channel.clone()),
            lease: LeaseClient::new(channel.clone()),
            watch: WatchClient::new(channel),
        })
    }

    /// The key `key`, if it exists.
    pub async fn get(&self, key: impl Into<Vec<u8>>) -> Result<Option<KeyValue>, AgentError> {
        let request = RangeRequest { key: key.into(), ..RangeRequest::default() };
        let response = call("reading a key", self.kv.clone().range(request)).await?;
        Ok(response.kvs.into_iter().next())
    }

    /// Every key starting with `prefix`, in key order, and the store revision they were
    /// read at (watch from the revision after it to miss nothing).
    pub async fn get_prefix(
        &self,
        prefix: impl Into<Vec<u8>>,
    ) -> Result<(Vec<KeyValue>, i64), AgentError> {
        let key = prefix.into();
        let range_end = prefix_range_end(&key);
        let request = RangeRequest { key, range_end, ..RangeRequest::default() };
        let response = call("reading a prefix", self.kv.clone().range(request)).await?;
        Ok((response.kvs, revision_of(response.header.as_ref())))
    }

    /// Writes `key` (attached to `lease` unless it is 0); returns the new store revision.
    pub async fn put(
        &self,
        key: impl Into<Vec<u8>>,
        value: impl Into<Vec<u8>>,
        lease: i64,
    ) -> Result<i64, AgentError> {
        let request = PutRequest { key: key.into(), value: value.into(), lease };
        let response = call("writing a key", self.kv.clone().put(request)).await?;
        Ok(revision_of(response.header.as_ref()))
    }

    /// Deletes `key`; returns how many keys were deleted (0 or 1).
    pub async fn delete(&self, key: impl Into<Vec<u8>>) -> Result<i64, AgentError> {
        let request = DeleteRangeRequest { key: key.into(), range_end: Vec::new() };
        let response = call("deleting a key", self.kv.clone().delete_range(request)).await?;
        Ok(response.deleted)
    }

    /// Grants a lease of `ttl_secs` seconds; returns its id.
    pub async fn lease_grant(&self, ttl_secs: i64) -> Result<i64, AgentError> {
        let request = LeaseGrantRequest { ttl: ttl_secs, id: 0 };
        let response = call("granting a lease", self.lease.clone().lease_grant(request)).await?;
        if !response.error.is_empty() {
            return Err(etcd_err("granting a lease", response.error));
        }
        Ok(response.id)
    }

    /// Revokes lease `id`, deleting every key attached to it.
    pub async fn lease_revoke(&self, id: i64) -> Result<(), AgentError> {
        let request = LeaseRevokeRequest { id };
        call("revoking a lease", self.lease.clone().lease_revoke(request)).await?;
        Ok(())
    }

    /// Opens a keepalive stream for lease `id` and renews the lease once; returns the stream
    /// (each [`LeaseKeeper::keep_alive`] renews again) and the TTL of that first renewal
    /// (0: the lease no longer exists).
    pub async fn lease_keep_alive(&self, id: i64) -> Result<(LeaseKeeper, i64), AgentError> {
        let context = "opening a lease keepalive stream";
        let (tx, rx) = mpsc::channel(1);
        // etcd answers (and so sends the response headers the call waits for) only once it
        // has read a request: queue the first renewal before the call.
        tx.send(LeaseKeepAliveRequest { id }).await.map_err(|e| etcd_err(context, e))?;
        let mut lease = self.lease.clone();
        let stream = call(context, lease.lease_keep_alive(ReceiverStream::new(rx))).await?;
        let mut keeper = LeaseKeeper { id, tx, stream };
        let ttl = keeper.answer(context).await?;
        Ok((keeper, ttl))
    }

    /// Watches every key starting with `prefix`, reporting changes from `start_revision` on
    /// (0: from now on). Returns once etcd has confirmed the watch.
    pub async fn watch_prefix(
        &self,
        prefix: impl Into<Vec<u8>>,
        start_revision: i64,
    ) -> Result<Watcher, AgentError> {
        let context = "creating a watch";
        let key = prefix.into();
        let range_end = prefix_range_end(&key);
        let create = WatchCreateRequest { key, range_end, start_revision };
        let (tx, rx) = mpsc::channel(2);
        // Queued before the call so the request stream is never empty when etcd reads it.
        tx.send(WatchRequest { request_union: Some(RequestUnion::CreateRequest(create)) })
            .await
            .map_err(|e| etcd_err(context, e))?;
        let mut watch = self.watch.clone();
        let mut stream = call(context, watch.watch(ReceiverStream::new(rx))).await?;
        let first = match tokio::time::timeout(REQUEST_TIMEOUT, stream.message()).await {
            Ok(Ok(Some(first))) => first,
            Ok(Ok(None)) => return Err(etcd_err(context, "the stream ended")),
            Ok(Err(status)) => return Err(status_err(context, &status)),
            Err(_) => return Err(etcd_err(context, "no confirmation within 5 s")),
        };
        if first.canceled {
            let reason = if first.compact_revision > 0 {
                format!(
                    "revision {start_revision} is compacted (oldest {})",
                    first.compact_revision
                )
            } else {
                first.cancel_reason.clone()
            };
            return Err(etcd_err(context, format!("canceled by etcd: {reason}")));
        }
        let watch_id = first.watch_id;
        // A create confirmation carries no events; anything else is queued for `next`.
        let pending = (!first.created).then_some(first);
        Ok(Watcher { watch_id, tx, stream, pending })
    }
}

/// A lease keepalive stream.
#[derive(Debug)]
pub struct LeaseKeeper {
    id: i64,
    tx: mpsc::Sender<LeaseKeepAliveRequest>,
    stream: Streaming<LeaseKeepAliveResponse>,
}

impl LeaseKeeper {
    /// The lease id.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// Renews the lease and waits (at most [`REQUEST_TIMEOUT`]) for etcd's answer: the
    /// lease's new TTL in seconds, 0 if the lease no longer exists (expired or revoked).
    /// An error means the stream is unusable.
    pub async fn keep_alive(&mut self) -> Result<i64, AgentError> {
        let context = "keeping a lease alive";
        self.tx
            .send(LeaseKeepAliveRequest { id: self.id })
            .await
            .map_err(|_| etcd_err(context, "the keepalive stream is closed"))?;
        self.answer(context).await
    }

    async fn answer(&mut self, context: &str) -> Result<i64, AgentError> {
        match tokio::time::timeout(REQUEST_TIMEOUT, self.stream.message()).await {
            Ok(Ok(Some(response))) => Ok(response.ttl),
            Ok(Ok(None)) => Err(etcd_err(context, "the keepalive stream ended")),
            Ok(Err(status)) => Err(status_err(context, &status)),
            Err(_) => {
                Err(etcd_err(context, format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())))
            }
        }
    }
}

/// A confirmed etcd watch.
#[derive(Debug)]
pub struct Watcher {
    watch_id: i64,
    tx: mpsc::Sender<WatchRequest>,
    stream: Streaming<WatchResponse>,
    pending: Option<WatchResponse>,
}

impl Watcher {
    /// The watch id etcd assigned.
    pub fn watch_id(&self) -> i64 {
        self.watch_id
    }

    /// The next response of the watch (events in revision order; a response with
    /// `canceled` set is the last). Waits as long as nothing changes; `Ok(None)` or an error
    /// when the stream ended (etcd went away: the connection's keepalive pings bound how
    /// long that takes to notice).
    pub async fn next(&mut self) -> Result<Option<WatchResponse>, AgentError> {
        if let Some(pending) = self.pending.take() {
            return Ok(Some(pending));
        }
        self.stream.message().await.map_err(|status| status_err("watching", &status))
    }

    /// Cancels the watch and waits (at most [`REQUEST_TIMEOUT`]) for etcd to confirm.
    pub async fn cancel(mut self) -> Result<(), AgentError> {
        let context = "canceling a watch";
        let cancel = WatchCancelRequest { watch_id: self.watch_id };
        self.tx
            .send(WatchRequest { request_union: Some(RequestUnion::CancelRequest(cancel)) })
            .await
            .map_err(|_| etcd_err(context, "the watch stream is closed"))?;
        let confirmed = async {
            loop {
                match self.stream.message().await {
                    Ok(Some(response)) if response.canceled => return Ok(()),
                    Ok(Some(_)) => {}
                    Ok(None) => return Ok(()),
                    Err(status) => return Err(status_err(context, &status)),
                }
            }
        };
        match tokio::time::timeout(REQUEST_TIMEOUT, confirmed).await {
            Ok(result) => result,
            Err(_) => Err(etcd_err(context, "no confirmation within 5 s")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_range_end_increments_the_last_byte_below_ff() {
        assert_eq!(prefix_range_end(b"/parallax/services/agent/"), b"/parallax/services/agent0");
        assert_eq!(prefix_range_end(b"a"), b"b");
        assert_eq!(prefix_range_end(b"a\xff"), b"b");
        assert_eq!(prefix_range_end(b"a\xfe\xff\xff"), b"a\xff");
        assert_eq!(prefix_range_end(b"\xff\xff"), b"\0");
        assert_eq!(prefix_range_end(b""), b"\0");
    }

    #[test]
    fn endpoints_get_a_scheme_and_lists_are_split() {
        let given = ["127.0.0.1:2379".to_owned(), "http://a:1, b:2,".to_owned()];
        assert_eq!(endpoint_urls(&given), ["http://127.0.0.1:2379", "http://a:1", "http://b:2"]);
    }
}
