//! The agent client against real (mis)behaving tonic servers on loopback: deadlines, error
//! statuses, dropped connections, refused connections, invalid answers, retries, the circuit
//! breaker, concurrency bound and connection reuse.

mod agents_common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use agents_common::{
    Behavior, client, closed_port, lenient_breaker, start_agent, start_connection_dropper,
};
use prism_runtime::agents::{
    AgentDescriptor, BreakerConfig, BreakerState, CallOptions, FanOutOptions, fan_out,
};
use serde_json::json;
use tonic::Code;

fn opts() -> CallOptions {
    CallOptions::default()
}

#[tokio::test]
async fn data_reaches_the_agent_as_a_full_struct() {
    let agent = start_agent("echo", Behavior::Echo).await;
    let c = client(Duration::from_secs(5), lenient_breaker());
    let data = json!({
        "text": "hello", "n": 3, "ratio": 0.25, "flag": false, "none": null,
        "nested": {"list": [1, "two", {"three": [true, null]}], "empty": {}}
    });
    let mut call = opts();
    call.context.insert("user".into(), "alice".into());
    call.pattern_name = "Demo".into();
    let result = c.analyze(&agent.descriptor(), "summarize", &data, &call).await;
    assert_eq!(result.error, None, "{result:?}");
    assert_eq!(result.value["data"], data);
    assert_eq!(result.value["task"], "summarize");
    assert_eq!(result.value["context"], json!({"user": "alice"}));
    assert_eq!(result.value["pattern"], "Demo");
    let timeout_ms = result.value["timeout_ms"].as_i64().expect("timeout_ms");
    assert!((4000..=5000).contains(&timeout_ms), "timeout_ms {timeout_ms}");
    let task_id = result.value["task_id"].as_str().expect("task id");
    assert!(uuid::Uuid::parse_str(task_id).is_ok(), "task_id {task_id} is a uuid");
    assert_eq!(result.confidence, 0.9);
    assert_eq!(result.reasoning, "test agent echo");
    assert_eq!(result.attempts, 1);
}

#[tokio::test]
async fn slow_agent_fails_at_the_deadline_without_retry() {
    let agent = start_agent("slow", Behavior::Slow(Duration::from_secs(10))).await;
    let c = client(Duration::from_millis(300), lenient_breaker());
    let started = Instant::now();
    let result = c.analyze(&agent.descriptor(), "t", &json!({}), &opts()).await;
    let elapsed = started.elapsed();
    assert_eq!(result.confidence, 0.0);
    let error = result.error.as_deref().expect("error");
    assert!(error.contains("deadline") || error.contains("Deadline"), "{error}");
    assert!(elapsed >= Duration::from_millis(290), "returned too early: {elapsed:?}");
    // Well before the agent's 10 s: the call is cut at the deadline (slack for a loaded CI box).
    assert!(elapsed < Duration::from_millis(800), "returned late: {elapsed:?}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(agent.calls(), 1, "a deadline after the agent got the request is not retried");
}

#[tokio::test]
async fn per_call_timeout_overrides_the_default() {
    let agent = start_agent("slow2", Behavior::Slow(Duration::from_secs(10))).await;
    let c = client(Duration::from_secs(30), lenient_breaker());
    let call = CallOptions { timeout: Some(Duration::from_millis(200)), ..opts() };
    let started = Instant::now();
    let result = c.analyze(&agent.descriptor(), "t", &json!({}), &call).await;
    assert!(result.error.is_some());
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
}

#[tokio::test]
async fn application_errors_fail_without_retry() {
    let agent = start_agent("err", Behavior::Fail(Code::Internal, "model exploded".into())).await;
    let c = client(Duration::from_secs(5), lenient_breaker());
    let result = c.analyze(&agent.descriptor(), "t", &json!({}), &opts()).await;
    assert_eq!(result.confidence, 0.0);
    let error = result.error.as_deref().expect("error");
    assert!(error.contains("model exploded"), "{error}");
    assert_eq!(result.value, serde_json::Value::Null);
    assert_eq!(agent.calls(), 1);
    assert_eq!(result.attempts, 1);
}

#[tokio::test]
async fn unavailable_status_is_retried_a_bounded_number_of_times() {
    let agent = start_agent("busy", Behavior::Fail(Code::Unavailable, "overloaded".into())).await;
    let c = client(Duration::from_secs(5), lenient_breaker());
    let result = c.analyze(&agent.descriptor(), "t", &json!({}), &opts()).await;
    assert!(result.error.as_deref().is_some_and(|e| e.contains("overloaded")));
    assert_eq!(agent.calls(), 3, "1 attempt + 2 retries");
    assert_eq!(result.attempts, 3);
}

#[tokio::test]
async fn dropped_connections_are_retried_then_fail() {
    let (addr, accepted, _stop) = start_connection_dropper().await;
    let c = client(Duration::from_secs(5), lenient_breaker());
    let agent = AgentDescriptor::new("dropper", "Dropper", addr.to_string(), ["test"]);
    let started = Instant::now();
    let result = c.analyze(&agent, "t", &json!({}), &opts()).await;
    assert_eq!(result.confidence, 0.0);
    assert!(result.error.is_some(), "{result:?}");
    assert_eq!(result.attempts, 3, "{result:?}");
    let error = result.error.as_deref().unwrap_or_default();
    assert!(error.contains("after 3 attempts"), "{error}");
    assert!(accepted.load(Ordering::SeqCst) >= 2, "the client reconnected to retry");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn refused_connections_are_retried_then_fail_quickly() {
    let endpoint = format!("127.0.0.1:{}", closed_port());
    let agent = AgentDescriptor::new("nobody", "Nobody", endpoint.clone(), ["test"]);
    let c = client(Duration::from_secs(5), lenient_breaker());
    let started = Instant::now();
    let result = c.analyze(&agent, "t", &json!({}), &opts()).await;
    let error = result.error.as_deref().expect("error");
    assert!(error.starts_with(&endpoint), "{error}");
    assert_eq!(result.attempts, 3);
    // Two backoffs (20 ms, 40 ms) plus three refused connects.
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn invalid_answers_are_validated() {
    let bad_json = start_agent("text", Behavior::answer("this is not json", 0.6)).await;
    let nan = start_agent("nan", Behavior::answer("42", f64::NAN)).await;
    let inf = start_agent("inf", Behavior::answer("42", f64::INFINITY)).await;
    let high = start_agent("high", Behavior::answer("{\"ok\":true}", 1.7)).await;
    let low = start_agent("low", Behavior::answer("1", -0.2)).await;
    let empty = start_agent("empty", Behavior::answer("", 0.4)).await;
    let c = client(Duration::from_secs(5), lenient_breaker());

    let r = c.analyze(&bad_json.descriptor(), "t", &json!({}), &opts()).await;
    assert_eq!((r.value, r.confidence, r.error), (json!("this is not json"), 0.6, None));
    assert_eq!(r.warnings.len(), 1);

    for agent in [&nan, &inf] {
        let r = c.analyze(&agent.descriptor(), "t", &json!({}), &opts()).await;
        assert_eq!(r.confidence, 0.0);
        assert!(r.error.as_deref().is_some_and(|e| e.contains("non-finite")), "{r:?}");
        assert!(!r.is_successful(None));
    }

    let r = c.analyze(&high.descriptor(), "t", &json!({}), &opts()).await;
    assert_eq!((r.confidence, r.value, r.error), (1.0, json!({"ok": true}), None));
    assert_eq!(r.warnings, vec!["confidence 1.7 outside [0, 1], clamped to 1".to_owned()]);

    let r = c.analyze(&low.descriptor(), "t", &json!({}), &opts()).await;
    assert_eq!(r.confidence, 0.0);
    assert_eq!(r.warnings.len(), 1);

    let r = c.analyze(&empty.descriptor(), "t", &json!({}), &opts()).await;
    assert_eq!((r.value, r.confidence), (serde_json::Value::Null, 0.4));
}

#[tokio::test]
async fn fan_out_completes_with_the_healthy_agents_in_dispatch_order() {
    let good1 = start_agent("good1", Behavior::answer("{\"v\":1}", 0.8)).await;
    let slow = start_agent("slow", Behavior::Slow(Duration::from_secs(10))).await;
    let failing = start_agent("failing", Behavior::Fail(Code::Internal, "boom".into())).await;
    let good2 = start_agent("good2", Behavior::answer("{\"v\":2}", 0.6)).await;
    let nan = start_agent("nan", Behavior::answer("1", f64::NAN)).await;
    let refused = AgentDescriptor::new(
        "refused",
        "Refused",
        format!("127.0.0.1:{}", closed_port()),
        ["test"],
    );
    let agents = vec![
        good1.descriptor(),
        slow.descriptor(),
        failing.descriptor(),
        refused,
        good2.descriptor(),
        nan.descriptor(),
    ];
    let options = FanOutOptions {
        client: Some(client(Duration::from_millis(400), lenient_breaker())),
        ..FanOutOptions::default()
    };
    let started = Instant::now();
    let results = fan_out(&agents, "analyze", &json!({"x": 1}), &options).await;
    let elapsed = started.elapsed();
    let ids: Vec<&str> = results.iter().map(|r| r.agent_id.as_str()).collect();
    assert_eq!(ids, ["good1", "slow", "failing", "refused", "good2", "nan"]);
    assert_eq!(results[0].value, json!({"v": 1}));
    assert_eq!(results[0].confidence, 0.8);
    assert_eq!(results[4].value, json!({"v": 2}));
    assert_eq!(results[4].confidence, 0.6);
    for failed in [1, 2, 3, 5] {
        assert_eq!(results[failed].confidence, 0.0, "{:?}", results[failed]);
        assert!(results[failed].error.is_some(), "{:?}", results[failed]);
    }
    let successful: Vec<&str> =
        results.iter().filter(|r| r.is_successful(None)).map(|r| r.agent_id.as_str()).collect();
    assert_eq!(successful, ["good1", "good2"]);
    assert!(
        successful.len() == 2 && results.iter().filter(|r| r.is_successful(Some(0.7))).count() == 1
    );
    // Bounded by the 400 ms deadline, not by the 10 s agent (slack for a loaded CI box).
    assert!(elapsed < Duration::from_millis(1500), "fan-out took {elapsed:?}");
}

#[tokio::test]
async fn breaker_opens_rejects_without_network_and_half_opens_after_reset() {
    let agent = start_agent("flaky", Behavior::Fail(Code::Internal, "down".into())).await;
    let breaker = BreakerConfig {
        failure_threshold: 3,
        reset_timeout: Duration::from_millis(300),
        success_threshold: 2,
        half_open_max_calls: 1,
    };
    let c = client(Duration::from_secs(5), breaker);
    let d = agent.descriptor();
    for _ in 0..3 {
        let r = c.analyze(&d, "t", &json!({}), &opts()).await;
        assert!(r.error.as_deref().is_some_and(|e| e.contains("down")));
    }
    assert_eq!(agent.calls(), 3);
    assert_eq!(c.breakers().state(&d.endpoint), BreakerState::Open);

    let started = Instant::now();
    let rejected = c.analyze(&d, "t", &json!({}), &opts()).await;
    assert!(started.elapsed() < Duration::from_millis(50), "fails fast");
    let error = rejected.error.as_deref().expect("error");
    assert!(error.contains("circuit breaker open"), "{error}");
    assert_eq!(rejected.attempts, 0);
    assert_eq!(agent.calls(), 3, "no network attempt while open");

    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(c.breakers().state(&d.endpoint), BreakerState::HalfOpen);
    // A failing trial re-opens it.
    let trial = c.analyze(&d, "t", &json!({}), &opts()).await;
    assert!(trial.error.as_deref().is_some_and(|e| e.contains("down")));
    assert_eq!(agent.calls(), 4);
    assert_eq!(c.breakers().state(&d.endpoint), BreakerState::Open);

    // After the next reset, two successful trials close it.
    agent.set_behavior(Behavior::answer("\"up\"", 0.9));
    tokio::time::sleep(Duration::from_millis(350)).await;
    let first = c.analyze(&d, "t", &json!({}), &opts()).await;
    assert_eq!((first.value, first.error), (json!("up"), None));
    assert_eq!(c.breakers().state(&d.endpoint), BreakerState::HalfOpen);
    let second = c.analyze(&d, "t", &json!({}), &opts()).await;
    assert_eq!(second.error, None);
    assert_eq!(c.breakers().state(&d.endpoint), BreakerState::Closed);
    assert_eq!(agent.calls(), 6);
}

#[tokio::test]
async fn breaker_outlives_executions_sharing_the_registry() {
    // Two "executions" (fan-outs) through the same client: failures accumulate across them.
    let agent = start_agent("dead", Behavior::Fail(Code::Internal, "dead".into())).await;
    let breaker = BreakerConfig {
        failure_threshold: 2,
        reset_timeout: Duration::from_secs(60),
        ..BreakerConfig::default()
    };
    let options = FanOutOptions {
        client: Some(client(Duration::from_secs(5), breaker)),
        ..FanOutOptions::default()
    };
    let agents = vec![agent.descriptor()];
    for _ in 0..4 {
        let results = fan_out(&agents, "t", &json!({}), &options).await;
        assert_eq!(results[0].confidence, 0.0);
    }
    assert_eq!(agent.calls(), 2, "executions 3 and 4 were rejected by the open breaker");
}

#[tokio::test]
async fn concurrency_is_bounded_and_connections_are_reused() {
    let agent = start_agent("busy", Behavior::Slow(Duration::from_millis(100))).await;
    let c = std::sync::Arc::new(prism_runtime::agents::AgentClient::new(
        prism_runtime::agents::ClientConfig {
            max_concurrency: 2,
            timeout: Duration::from_secs(5),
            breakers: std::sync::Arc::new(prism_runtime::agents::BreakerRegistry::new(
                lenient_breaker(),
            )),
            ..prism_runtime::agents::ClientConfig::default()
        },
    ));
    let agents: Vec<AgentDescriptor> = (0..6)
        .map(|i| {
            let mut d = agent.descriptor();
            d.id = format!("busy-{i}");
            d
        })
        .collect();
    let options = FanOutOptions { client: Some(c), ..FanOutOptions::default() };
    let started = Instant::now();
    let results = fan_out(&agents, "t", &json!({}), &options).await;
    assert!(results.iter().all(|r| r.error.is_none()), "{results:?}");
    assert_eq!(agent.max_in_flight(), 2);
    assert!(started.elapsed() >= Duration::from_millis(290), "3 waves of 2");
    let again = fan_out(&agents, "t", &json!({}), &options).await;
    assert!(again.iter().all(|r| r.error.is_none()));
    assert_eq!(agent.connections(), 1, "one cached channel per endpoint");
}

#[tokio::test]
async fn health_and_capabilities_calls() {
    let agent = start_agent("caps", Behavior::Echo).await;
    let c = client(Duration::from_secs(5), lenient_breaker());
    let health = c.health_check(&agent.descriptor(), Duration::from_secs(2)).await.expect("health");
    assert_eq!(health.status, 1);
    let caps = c.capabilities(&agent.descriptor(), Duration::from_secs(2)).await.expect("caps");
    assert_eq!(caps.capabilities, vec!["test".to_owned()]);
    let nowhere = AgentDescriptor::new("x", "x", format!("127.0.0.1:{}", closed_port()), ["t"]);
    assert!(c.health_check(&nowhere, Duration::from_millis(500)).await.is_err());
}

#[tokio::test]
async fn unsupported_endpoints_fail_as_results() {
    let c = client(Duration::from_secs(1), lenient_breaker());
    let gateway = AgentDescriptor::new("g", "G", "gateway://g", ["t"]);
    let r = c.analyze(&gateway, "t", &json!({}), &opts()).await;
    assert!(r.error.as_deref().is_some_and(|e| e.contains("unsupported scheme")), "{r:?}");
}
