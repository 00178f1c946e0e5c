//! The Python example agent (`examples/python-agent/agent.py`, grpcio, stubs generated at
//! startup from our proto) started with `python3` on a free loopback port and called through
//! the Rust client: all four RPCs, a nested Struct round trip, and a fan-out mixing it with
//! a Rust agent. Fails with a clear message when python3 or grpcio is missing.

use std::sync::Arc;
use std::time::Duration;

use parallax_example_agents::python::start_python_agent;
use parallax_example_agents::start_local_agents;
use prism_runtime::agents::proto::confidence::confidence_agent_client::ConfidenceAgentClient;
use prism_runtime::agents::{
    AgentClient, BreakerConfig, BreakerRegistry, CallOptions, ClientConfig, FanOutOptions, convert,
    fan_out, parse_local_agents,
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_agent_over_grpc() {
    let python = start_python_agent("py-1").unwrap_or_else(|e| panic!("{e}"));
    let agents = parse_local_agents(&python.entry).expect("READY line is a local-agents entry");
    let agent = agents[0].clone();
    assert_eq!(agent.id, "py-1");
    assert_eq!(agent.capabilities, ["keywords", "text-analysis"]);

    // Analyze with nested data: the Struct arrives intact (Appendix #1).
    let data = json!({
        "text": "Rust compilers compile Rust patterns. Patterns call agents; agents answer \
                 with confidence.",
        "options": {"limit": 5, "weights": [0.5, 1, -2.25], "strict": true, "none": null},
        "tags": ["a", {"b": [1, 2, {"c": "d"}]}]
    });
    let c = Arc::new(AgentClient::new(ClientConfig {
        timeout: Duration::from_secs(10),
        breakers: Arc::new(BreakerRegistry::new(BreakerConfig {
            failure_threshold: 1000,
            ..BreakerConfig::default()
        })),
        ..ClientConfig::default()
    }));
    let mut call = CallOptions::default();
    call.context.insert("tenant".into(), "t1".into());
    let result = c.analyze(&agent, "extract keywords", &data, &call).await;
    assert_eq!(result.error, None, "{result:?}");
    assert_eq!(result.value["received"], data);
    assert_eq!(result.value["task"], "extract keywords");
    assert_eq!(result.value["words"], 12);
    assert_eq!(result.value["sentences"], 2);
    let top: Vec<&str> = result.value["keywords"]
        .as_array()
        .expect("keywords")
        .iter()
        .filter_map(|k| k["word"].as_str())
        .collect();
    assert_eq!(&top[..3], ["rust", "patterns", "agents"]);
    assert!(result.confidence > 0.4 && result.confidence < 0.9, "{}", result.confidence);
    assert!(result.reasoning.contains("top keywords: rust"), "{}", result.reasoning);
    assert_eq!(result.metadata.get("language").map(String::as_str), Some("python"));
    assert_eq!(result.uncertainties.len(), 1);

    // GetCapabilities and HealthCheck.
    let caps = c.capabilities(&agent, Duration::from_secs(5)).await.expect("capabilities");
    assert_eq!((caps.agent_id.as_str(), caps.expertise_level), ("py-1", 0.6));
    assert_eq!(caps.capability_scores.get("keywords"), Some(&0.7));
    let health = c.health_check(&agent, Duration::from_secs(5)).await.expect("health");
    assert_eq!(health.status, 1);
    assert!(health.last_check.is_some());

    // StreamAnalyze: exactly one result.
    let mut raw = ConfidenceAgentClient::connect(format!("http://{}", agent.endpoint))
        .await
        .expect("connect");
    let request = prism_runtime::agents::proto::confidence::AgentRequest {
        task_id: "stream-1".into(),
        task_description: "stream".into(),
        data: convert::json_to_request_data(&json!({"text": "hello world"})),
        ..Default::default()
    };
    let mut stream = raw.stream_analyze(request).await.expect("stream").into_inner();
    let first = stream.message().await.expect("message").expect("a result");
    assert!(first.value_json.contains("\"words\": 2"), "{}", first.value_json);
    assert!(stream.message().await.expect("end").is_none());

    // A fan-out mixing the Python agent with a Rust one, in dispatch order.
    let local = start_local_agents().await.expect("example agents start");
    let numeric = local
        .descriptors()
        .iter()
        .find(|d| d.capabilities.iter().any(|c| c == "numeric"))
        .cloned()
        .expect("a numeric example agent");
    let options = FanOutOptions { client: Some(c), ..FanOutOptions::default() };
    let numbers = json!({"values": [1, 2, 3, 4]});
    let results = fan_out(&[numeric, agent.clone()], "statistics", &numbers, &options).await;
    assert_eq!(results[0].error, None, "{:?}", results[0]);
    assert_eq!(results[0].value["mean"], json!(2.5));
    assert_eq!(results[1].value["received"], numbers);
    local.shutdown().await.expect("example agents stop");
}
