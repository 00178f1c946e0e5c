//! The Python example agent (`examples/python-agent/agent.py`, grpcio, stubs generated at
//! startup from our proto) started with `python3` on a free loopback port and called through
//! the Rust client: all four RPCs, a nested Struct round trip, and a fan-out mixing it with
//! a Rust agent. Fails with a clear message when python3 or grpcio is missing.

mod agents_common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use agents_common::{Behavior, client, lenient_breaker, start_agent};
use prism_runtime::agents::proto::confidence::confidence_agent_client::ConfidenceAgentClient;
use prism_runtime::agents::{CallOptions, FanOutOptions, convert, fan_out, parse_local_agents};
use serde_json::json;

struct PythonAgent {
    child: Child,
    stderr_path: PathBuf,
    entry: String,
}

impl Drop for PythonAgent {
    fn drop(&mut self) {
        // SIGTERM first, so the agent stops gracefully and removes its generated stubs;
        // SIGKILL if it has not exited within 5 s.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        for _ in 0..50 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.stderr_path);
    }
}

fn require_python() {
    let probe =
        Command::new("python3").args(["-c", "import grpc, grpc_tools, google.protobuf"]).output();
    match probe {
        Err(e) => panic!(
            "python3 is required for the Python agent test but could not be run ({e}); \
             install Python 3 and run scripts/install-test-deps.sh"
        ),
        Ok(out) if !out.status.success() => panic!(
            "python3 lacks grpcio/grpcio-tools/protobuf, required for the Python agent test \
             ({}); run scripts/install-test-deps.sh or `python3 -m pip install grpcio \
             grpcio-tools protobuf`",
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Ok(_) => {}
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn start_python_agent() -> PythonAgent {
    require_python();
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/python-agent/agent.py");
    assert!(script.is_file(), "missing {}", script.display());
    let port = free_port();
    let stderr_path =
        std::env::temp_dir().join(format!("parallax-py-agent-{}-{port}.log", std::process::id()));
    let stderr = std::fs::File::create(&stderr_path).expect("stderr file");
    let mut child = Command::new("python3")
        .arg("-u")
        .arg(&script)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--id", "py-1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("spawn python3");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(entry) = line.strip_prefix("READY ") {
                let _ = tx.send(entry.to_owned());
                break;
            }
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(30));
    let mut agent = PythonAgent { child, stderr_path, entry: String::new() };
    match ready {
        Ok(entry) => agent.entry = entry,
        Err(_) => {
            let _ = agent.child.kill();
            let log = std::fs::read_to_string(&agent.stderr_path).unwrap_or_default();
            panic!("the Python agent did not report READY within 30 s; stderr:\n{log}");
        }
    }
    assert!(agent.entry.contains(&format!("127.0.0.1:{port}")), "{}", agent.entry);
    agent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_agent_over_grpc() {
    let python = start_python_agent();
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
    let c = client(Duration::from_secs(10), lenient_breaker());
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
    let rust = start_agent("rust-1", Behavior::answer("{\"lang\":\"rust\"}", 0.7)).await;
    let options = FanOutOptions { client: Some(c), ..FanOutOptions::default() };
    let results = fan_out(&[rust.descriptor(), agent.clone()], "analyze", &data, &options).await;
    assert_eq!(results[0].value, json!({"lang": "rust"}));
    assert_eq!(results[1].value["received"], data);
}
