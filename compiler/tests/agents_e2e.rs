//! Compiled patterns talking to real agents: the example agents run in this test process on
//! 127.0.0.1, the pattern executables built by `prismc build` find them through
//! `PARALLAX_LOCAL_AGENTS`, exactly as a deployment would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let target =
        exe.parent().and_then(Path::parent).and_then(Path::parent).expect("target directory");
    let dir = target.join("prismc-e2e").join(name);
    let _ = std::fs::remove_dir_all(dir.join("out"));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Fans out to every code-review agent before the body runs (the body reads `agentResults`).
const REVIEW: &str = r#"/**
 * @name ReviewSummary
 * @input {"type": "object", "properties": {"task": {"type": "string"}, "data": {"type": "object"}}, "required": ["data"]}
 * @agents {"capabilities": ["code-review"]}
 * @minAgents 3
 */
answered = agentResults.filter(r => r.confidence > 0)
failed = agentResults.filter(r => r.confidence == 0)
mean = answered.reduce((sum, r) => sum + r.confidence, 0) / answered.length
summary = {
  reviewers: answered.map(r => r.agentName),
  failed: failed.map(r => r.agentId),
  errors: failed.map(r => r.error != null),
  total: agentCount
}
summary ~> mean
"#;

/// Calls one agent explicitly; never reads `agentResults`, so no agent is called up front.
const STATS: &str = r#"/**
 * @name ExplicitStats
 * @input {"type": "object", "properties": {"values": {"type": "array", "items": {"type": "number"}}}, "required": ["values"]}
 * @agents {"capabilities": ["numeric"]}
 * @minAgents 1
 */
answer = agents[0].analyze("statistics", { values: input.values })
answer.result.mean ~> answer.confidence
"#;

/// Fans out to agents with the `keywords` capability: the Python example agent.
const KEYWORDS: &str = r#"/**
 * @name Keywords
 * @agents {"capabilities": ["keywords"]}
 * @minAgents 1
 */
answered = agentResults.filter(r => r.confidence > 0)
result = {
  top: answered.map(r => r.result.keywords[0].word),
  agents: answered.map(r => r.agentId),
  words: answered[0].result.words
}
result ~> answered[0].confidence
"#;

/// Builds the patterns once for all tests of this file; returns the scratch directory.
fn built() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch("agents");
        let review = dir.join("review.prism");
        let stats = dir.join("stats.prism");
        let keywords = dir.join("keywords.prism");
        std::fs::write(&review, REVIEW).expect("write pattern");
        std::fs::write(&stats, STATS).expect("write pattern");
        std::fs::write(&keywords, KEYWORDS).expect("write pattern");
        build(&dir, &[review, stats, keywords]);
        dir
    })
}

fn build(dir: &Path, files: &[PathBuf]) {
    let out = Command::new(env!("CARGO_BIN_EXE_prismc"))
        .arg("build")
        .args(files)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .arg("--build-dir")
        .arg(dir.join("build"))
        .output()
        .expect("prismc runs");
    assert!(out.status.success(), "prismc build failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

fn run(dir: &Path, name: &str, input: &str, agents: &str) -> Output {
    let input_path = dir.join(format!("{name}.input.json"));
    std::fs::write(&input_path, input).expect("write input");
    Command::new(dir.join("out").join(name))
        .args(["run", "--input"])
        .arg(&input_path)
        .env("PARALLAX_LOCAL_AGENTS", agents)
        .env_remove("PARALLAX_ETCD_ENDPOINTS")
        .output()
        .expect("pattern executable runs")
}

fn stdout_json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

#[test]
fn compiled_patterns_fan_out_to_real_agents_and_survive_a_dead_one() {
    let dir = built();

    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let agents = runtime
        .block_on(parallax_example_agents::start_local_agents())
        .expect("example agents start");
    // A code reviewer that is registered but not listening: the pattern must still complete.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let env =
        format!("{};ghost-1:Ghost:127.0.0.1:{dead_port}:code-review", agents.local_agents_env());

    let code = serde_json::json!({
        "task": "review",
        "data": {"code": "const password = \"hunter2\"\nquery(\"SELECT * FROM users WHERE id = \" + id)\nfor (a of xs) { for (b of ys) { eval(b) } }\n"}
    });
    let review_out = stdout_json(&run(dir, "review", &code.to_string(), &env));
    let value = &review_out["value"];
    let mut reviewers: Vec<String> = value["reviewers"]
        .as_array()
        .expect("reviewers")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    reviewers.sort();
    let expected: Vec<String> = agents
        .descriptors()
        .iter()
        .filter(|d| d.capabilities.iter().any(|c| c == "code-review"))
        .map(|d| d.name.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(reviewers, expected, "every live code reviewer answered");
    assert_eq!(value["failed"], serde_json::json!(["ghost-1"]));
    assert_eq!(value["errors"], serde_json::json!([true]));
    assert_eq!(value["total"], serde_json::json!(expected.len() + 1));
    let confidence = review_out["confidence"].as_f64().expect("confidence");
    assert!(confidence > 0.0 && confidence <= 1.0, "{review_out}");

    let stats_out = stdout_json(&run(dir, "stats", r#"{"values": [1, 2, 3, 4]}"#, &env));
    assert_eq!(stats_out["value"], serde_json::json!(2.5));
    let confidence = stats_out["confidence"].as_f64().expect("confidence");
    assert!(confidence > 0.0 && confidence <= 1.0, "{stats_out}");

    // Too few agents is a clear failure, not a crash.
    let only_ghost = format!("ghost-1:Ghost:127.0.0.1:{dead_port}:code-review");
    let starved = run(dir, "review", &code.to_string(), &only_ghost);
    assert_eq!(starved.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&starved.stderr);
    assert!(stderr.contains("Not enough agents"), "{stderr}");

    runtime.block_on(agents.shutdown()).expect("agents stop");
}

#[test]
fn describe_tells_which_patterns_call_agents_up_front() {
    let dir = built();
    let describe = |name: &str| -> serde_json::Value {
        let out = Command::new(dir.join("out").join(name)).arg("describe").output().expect("runs");
        serde_json::from_slice(&out.stdout).expect("describe prints JSON")
    };
    assert_eq!(describe("review")["agents"]["calledBeforeBody"], serde_json::json!(true));
    assert_eq!(describe("stats")["agents"]["calledBeforeBody"], serde_json::json!(false));
    assert_eq!(describe("stats")["name"], serde_json::json!("ExplicitStats"));
}

#[test]
fn compiled_pattern_fans_out_to_the_python_agent() {
    let dir = built();
    let python = parallax_example_agents::python::start_python_agent("py-e2e")
        .unwrap_or_else(|e| panic!("{e}"));
    let input = serde_json::json!({
        "task": "extract keywords",
        "data": {"text": "Rust compilers compile Rust patterns. Patterns call agents; agents answer with confidence."}
    });
    let out = stdout_json(&run(dir, "keywords", &input.to_string(), &python.entry));
    assert_eq!(out["value"]["agents"], serde_json::json!(["py-e2e"]));
    assert_eq!(out["value"]["top"], serde_json::json!(["rust"]));
    assert_eq!(out["value"]["words"], serde_json::json!(12));
    let confidence = out["confidence"].as_f64().expect("confidence");
    assert!(confidence > 0.0 && confidence <= 1.0, "{out}");
}
