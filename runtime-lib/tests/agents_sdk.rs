//! The Rust agent SDK: a served `Agent` answers all four `ConfidenceAgent` RPCs over real
//! gRPC on loopback, turns errors and panics into statuses, enforces the request's
//! `timeout_ms`, and shuts down gracefully.

mod agents_common;

use std::time::{Duration, Instant};

use agents_common::{client, lenient_breaker};
use prism_runtime::agents::proto::confidence::confidence_agent_client::ConfidenceAgentClient;
use prism_runtime::agents::proto::confidence::{AgentRequest, health};
use prism_runtime::agents::sdk::{
    Agent, AgentInfo, AgentResponse, AnalyzeError, HealthReport, HealthStatus, serve, serve_local,
};
use prism_runtime::agents::{AgentHandle, CallOptions, convert};
use serde_json::{Value, json};

/// Behaves according to the task: `echo`, `fail`, `panic`, `sleep`, `nan`, `clamp`.
struct Scripted;

impl Agent for Scripted {
    fn info(&self) -> AgentInfo {
        let mut info = AgentInfo::new("scripted-1", "Scripted", ["script", "echo"]);
        info.expertise = 0.9;
        info.capability_scores.insert("echo".into(), 0.95);
        info
    }

    async fn analyze(&self, task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        match task {
            "fail" => Err("the model is unavailable".into()),
            "panic" => panic!("scripted panic"),
            "sleep" => {
                tokio::time::sleep(Duration::from_secs(5)).await;
                Ok(AgentResponse::new(json!("late"), 0.5))
            }
            "nan" => Ok(AgentResponse::new(json!(1), f64::NAN)),
            "clamp" => Ok(AgentResponse::new(json!(1), 3.0)),
            _ => Ok(AgentResponse::new(json!({"task": task, "data": data}), 0.8)
                .with_reasoning("echoed the input")
                .with_uncertainties(["none really"])
                .with_metadata("kind", "echo")),
        }
    }

    async fn health(&self) -> HealthReport {
        HealthReport {
            status: HealthStatus::Degraded,
            message: "warming up".into(),
            details: [("cache".to_owned(), "cold".to_owned())].into(),
        }
    }
}

fn request(task: &str, data: &Value, timeout_ms: i32) -> AgentRequest {
    AgentRequest {
        task_id: "t-1".into(),
        task_description: task.into(),
        data: convert::json_to_request_data(data),
        timeout_ms,
        ..AgentRequest::default()
    }
}

#[tokio::test]
async fn all_four_rpcs() {
    let running = serve_local(Scripted).await.expect("serve");
    assert!(running.local_addr().ip().is_loopback() && running.local_addr().port() != 0);
    let mut raw = ConfidenceAgentClient::connect(format!("http://{}", running.endpoint()))
        .await
        .expect("connect");
    let data = json!({"text": "hi", "nested": {"n": [1, 2.5, null, true]}});

    let answer = raw.analyze(request("echo", &data, 5000)).await.expect("analyze").into_inner();
    let value: Value = serde_json::from_str(&answer.value_json).expect("json");
    assert_eq!(value, json!({"task": "echo", "data": data}));
    assert_eq!(answer.confidence, 0.8);
    assert_eq!(answer.agent_id, "scripted-1");
    assert_eq!(answer.reasoning, "echoed the input");
    assert_eq!(answer.uncertainties, vec!["none really".to_owned()]);
    assert_eq!(answer.metadata.get("kind").map(String::as_str), Some("echo"));
    assert!(answer.timestamp.is_some_and(|t| t.seconds > 1_600_000_000));

    let mut stream =
        raw.stream_analyze(request("echo", &data, 0)).await.expect("stream").into_inner();
    let first = stream.message().await.expect("message").expect("one result");
    assert_eq!(first.value_json, answer.value_json);
    assert!(stream.message().await.expect("end").is_none(), "exactly one message");

    let caps = raw.get_capabilities(()).await.expect("caps").into_inner();
    assert_eq!((caps.agent_id.as_str(), caps.name.as_str()), ("scripted-1", "Scripted"));
    assert_eq!(caps.capabilities, vec!["script".to_owned(), "echo".to_owned()]);
    assert_eq!(caps.expertise_level, 0.9);
    assert_eq!(caps.capability_scores.get("echo"), Some(&0.95));

    let health = raw.health_check(()).await.expect("health").into_inner();
    assert_eq!(health.status, health::Status::Degraded as i32);
    assert_eq!(health.message, "warming up");
    assert_eq!(health.details.get("cache").map(String::as_str), Some("cold"));
    assert!(health.last_check.is_some());
    running.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn errors_panics_timeouts_and_bad_confidences_become_statuses() {
    let running = serve_local(Scripted).await.expect("serve");
    let mut raw = ConfidenceAgentClient::connect(format!("http://{}", running.endpoint()))
        .await
        .expect("connect");
    let status = raw.analyze(request("fail", &json!({}), 0)).await.expect_err("fail");
    assert_eq!(status.code(), tonic::Code::Internal);
    assert!(status.message().contains("the model is unavailable"), "{status:?}");

    let status = raw.analyze(request("panic", &json!({}), 0)).await.expect_err("panic");
    assert_eq!(status.code(), tonic::Code::Internal);
    assert!(status.message().contains("panicked"), "{status:?}");

    let started = Instant::now();
    let status = raw.analyze(request("sleep", &json!({}), 200)).await.expect_err("timeout");
    assert_eq!(status.code(), tonic::Code::DeadlineExceeded);
    assert!(started.elapsed() < Duration::from_secs(2));

    let status = raw.analyze(request("nan", &json!({}), 0)).await.expect_err("nan");
    assert!(status.message().contains("non-finite"), "{status:?}");
    let clamped = raw.analyze(request("clamp", &json!({}), 0)).await.expect("clamp");
    assert_eq!(clamped.into_inner().confidence, 1.0);

    // The server still serves after a panic.
    assert!(raw.analyze(request("echo", &json!({}), 0)).await.is_ok());

    // Through the orchestrator client, failures are results with confidence 0.
    let handle = AgentHandle::new(
        running.descriptor(),
        client(Duration::from_secs(5), lenient_breaker()),
        CallOptions::default(),
    );
    let failed = handle.analyze("panic", &json!({})).await;
    assert_eq!(failed.confidence, 0.0);
    assert!(failed.error.as_deref().is_some_and(|e| e.contains("panicked")));
    let ok = handle.analyze("echo", &json!({"k": "v"})).await;
    assert_eq!(ok.value, json!({"task": "echo", "data": {"k": "v"}}));
    running.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn serves_on_a_given_address_and_shuts_down_gracefully() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let addr = format!("127.0.0.1:{port}").parse().expect("addr");
    let running = serve(Scripted, addr).await.expect("serve");
    assert_eq!(running.local_addr(), addr);
    assert_eq!(running.endpoint(), format!("127.0.0.1:{port}"));
    let descriptor = running.descriptor();
    assert_eq!(descriptor.capabilities, vec!["script".to_owned(), "echo".to_owned()]);
    let c = client(Duration::from_secs(2), lenient_breaker());
    assert!(
        c.analyze(&descriptor, "echo", &json!({}), &CallOptions::default()).await.error.is_none()
    );
    let started = Instant::now();
    running.shutdown().await.expect("shutdown");
    assert!(started.elapsed() < Duration::from_secs(6));
    // The port is free again and nothing answers.
    let after = c.analyze(&descriptor, "echo", &json!({}), &CallOptions::default()).await;
    assert!(after.error.is_some());
    let rebound = std::net::TcpListener::bind(addr);
    assert!(rebound.is_ok(), "the port was released");
}
