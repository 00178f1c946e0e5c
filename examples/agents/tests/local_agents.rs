//! The example agents served in-process (`start_local_agents`) and as the `example-agent`
//! binary, called over real gRPC on loopback through the orchestrator's fan-out.

use std::io::BufRead;
use std::time::{Duration, Instant};

use parallax_example_agents::start_local_agents;
use prism_runtime::agents::{
    AgentRequirements, AgentSource, FanOutOptions, PatternInfo, SourceConfig,
    default_task_and_data, fan_out, parse_local_agents, pattern_globals, select_agents,
    select_and_fan_out,
};
use serde_json::{Value, json};

fn requirements(caps: &[&str]) -> AgentRequirements {
    AgentRequirements {
        capabilities: caps.iter().map(|c| (*c).to_owned()).collect(),
        min_agents: 1,
        ..AgentRequirements::default()
    }
}

fn rules(value: &Value) -> Vec<(String, u64)> {
    value["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| {
                    (
                        x["rule"].as_str().unwrap_or_default().to_owned(),
                        x["line"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

const CODE: &str = r#"def handler(request, db, users):
    token = "ghp_abcdefghijklmnop"
    query = "SELECT * FROM orders WHERE user = '" + request.user + "'"
    for u in users:
        for o in db.orders():
            db.execute("UPDATE stats SET n = n + 1")
    # TODO: pagination
    while True:
        process(request)
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fan_out_to_the_local_set_returns_correct_results_in_order() {
    let local = start_local_agents().await.expect("start local agents");
    let all = local.descriptors().to_vec();
    let ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids[..5],
        [
            "sentiment-1",
            "code-review-security-1",
            "code-review-quality-1",
            "code-review-performance-1",
            "numeric-1"
        ]
    );
    // Then the pattern library's agents, in catalogue order.
    let library: Vec<String> =
        parallax_example_agents::catalog::LIBRARY_KINDS.iter().map(|k| format!("{k}-1")).collect();
    assert_eq!(ids[5..], library.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    assert!(all.iter().all(|d| d.endpoint.starts_with("127.0.0.1:")));

    // Code review: the three perspectives, in dispatch order.
    let reviewers = select_agents(&all, &requirements(&["code-review"])).expect("reviewers");
    assert_eq!(reviewers.len(), 3);
    let input = json!({"task": "review this change", "data": {"code": CODE, "language": "python"}});
    let (task, data) = default_task_and_data(&input);
    let results = fan_out(&reviewers, &task, &data, &FanOutOptions::default()).await;
    let perspectives: Vec<&str> =
        results.iter().map(|r| r.value["perspective"].as_str().unwrap_or_default()).collect();
    assert_eq!(perspectives, ["security", "quality", "performance"]);
    assert!(results.iter().all(|r| r.error.is_none() && r.confidence > 0.5), "{results:?}");
    assert_eq!(
        rules(&results[0].value),
        [("hardcoded-secret".to_owned(), 2), ("sql-concatenation".to_owned(), 3)]
    );
    assert_eq!(results[0].value["verdict"], "request_changes");
    assert_eq!(rules(&results[1].value), [("todo".to_owned(), 7)]);
    assert_eq!(results[1].value["verdict"], "comment");
    assert_eq!(
        rules(&results[2].value),
        [
            ("nested-loops".to_owned(), 5),
            ("io-in-loop".to_owned(), 6),
            ("unbounded-loop".to_owned(), 8)
        ]
    );
    assert!(results[2].reasoning.starts_with("performance review of 9 lines"));

    // Sentiment, with the reference's default task/data (the whole input as data).
    let sentiment = select_agents(&all, &requirements(&["sentiment"])).expect("sentiment");
    let (task, data) =
        default_task_and_data(&json!({"text": "The new release is great, I love it"}));
    assert_eq!(task, "analyze");
    let r = fan_out(&sentiment, &task, &data, &FanOutOptions::default()).await;
    assert_eq!(r[0].value["label"], "positive");
    assert!(r[0].confidence > 0.6);
    assert!(r[0].reasoning.contains("great") && r[0].reasoning.contains("love"));

    // Statistics.
    let numeric = select_agents(&all, &requirements(&["statistics"])).expect("numeric");
    let values = json!({"values": [10, 12, 11, 13, 12, 95, 11, 12, "n/a"]});
    let r = fan_out(&numeric, "analyze", &values, &FanOutOptions::default()).await;
    assert_eq!(r[0].value["count"], 8);
    assert_eq!(r[0].value["mean"], 22.0);
    assert_eq!(r[0].value["median"], 12.0);
    assert_eq!(r[0].value["outliers"], json!([{"index": 5, "value": 95.0}]));
    assert_eq!(r[0].value["skipped"], json!([8]));

    // The first five at once: agents that cannot handle the data fail as results, in order.
    let first = &all[..5];
    let results =
        fan_out(first, "analyze", &json!({"text": "bad"}), &FanOutOptions::default()).await;
    let ok: Vec<bool> = results.iter().map(|r| r.error.is_none()).collect();
    assert_eq!(ok, [true, false, false, false, false]);
    assert!(results[4].error.as_deref().is_some_and(|e| e.contains("no numbers")), "{results:?}");
    let globals = pattern_globals(
        first,
        &results,
        &PatternInfo { name: "All".into(), version: "1".into() },
        None,
    );
    assert_eq!(globals["agentCount"], 5);
    assert_eq!(globals["successfulResults"].as_array().map(Vec::len), Some(1));
    assert_eq!(globals["agentResults"][1]["reasoning"], "Agent failed to respond");

    // The set round-trips through PARALLAX_LOCAL_AGENTS.
    let parsed = parse_local_agents(&local.local_agents_env()).expect("env form");
    let key = |d: &prism_runtime::agents::AgentDescriptor| {
        (d.id.clone(), d.endpoint.clone(), d.capabilities.clone())
    };
    assert_eq!(parsed.iter().map(key).collect::<Vec<_>>(), all.iter().map(key).collect::<Vec<_>>());
    local.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_and_fan_out_from_a_source() {
    let local = start_local_agents().await.expect("start local agents");
    let config =
        SourceConfig { local_agents: Some(local.local_agents_env()), ..SourceConfig::default() };
    let source = AgentSource::resolve(&config).await.expect("source");
    let mut requirements = requirements(&["code-review"]);
    requirements.min_agents = 3;
    requirements.max_agents = Some(2);
    let input = json!({"task": "review", "data": {"code": "x = eval(y)\n"}});
    let dispatch = select_and_fan_out(&source, &requirements, &input, &FanOutOptions::default())
        .await
        .expect("dispatch");
    let ids: Vec<&str> = dispatch.agents.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["code-review-security-1", "code-review-quality-1"]);
    assert_eq!(dispatch.results.len(), 2);
    assert_eq!(dispatch.results[0].value["findings"][0]["rule"], "dynamic-code-execution");
    assert_eq!(dispatch.results[1].value["verdict"], "approve");

    requirements.min_agents = 4;
    let err = select_and_fan_out(&source, &requirements, &input, &FanOutOptions::default())
        .await
        .expect_err("only three reviewers");
    assert!(
        err.to_string().starts_with(
            "Not enough agents available for capabilities [code-review]: required 4, found 3 \
             (code-review-security-1 at 127.0.0.1:"
        ),
        "{err}"
    );
    local.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn example_agent_binary_serves_and_stops_on_sigint() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_example-agent"))
        .args(["--kind", "numeric", "--port", "0", "--id", "num-bin"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn example-agent");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(20)).expect("the agent printed its entry");
    let agents = parse_local_agents(line.trim()).expect("a PARALLAX_LOCAL_AGENTS entry");
    assert_eq!(agents[0].id, "num-bin");
    assert_eq!(agents[0].capabilities, ["numeric", "statistics"]);

    let r =
        fan_out(&agents, "analyze", &json!({"values": [1, 2, 3]}), &FanOutOptions::default()).await;
    assert_eq!(r[0].value["mean"], 2.0, "{:?}", r[0]);

    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let status = status.expect("the agent exited after SIGINT");
    assert!(status.success(), "graceful exit, got {status:?}");
}

#[test]
fn example_agent_binary_rejects_bad_arguments() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_example-agent"))
        .args(["--kind", "poetry"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown kind `poetry`") && err.contains("sentiment|"), "{err}");
}
