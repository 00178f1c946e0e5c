//! Agent selection: `PARALLAX_LOCAL_AGENTS` parsing, explicit-list files (TOML and JSON),
//! source priority, the capability AND filter, `minAgents`/`maxAgents`, `minConfidence`, and
//! the pattern globals built from the results.

use std::path::{Path, PathBuf};
use std::time::Duration;

use prism_runtime::agents::{
    AgentDescriptor, AgentRequirements, AgentResult, AgentSource, PatternInfo, SourceConfig,
    load_agent_file, parse_local_agents, pattern_globals, select_agents,
};
use serde_json::json;

/// A file in its own temp directory, removed (with the directory, once empty) on drop.
struct TempFile(PathBuf);

impl std::ops::Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn temp_file(name: &str, contents: &str) -> TempFile {
    let dir =
        std::env::temp_dir().join(format!("parallax-agents-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    TempFile(path)
}

/// `(id, name, endpoint, capabilities)`.
type Row = (String, String, String, Vec<String>);
/// The expected parse of one `PARALLAX_LOCAL_AGENTS` value.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str, &'a str, Vec<&'a str>)>);

fn summary(agents: &[AgentDescriptor]) -> Vec<Row> {
    agents
        .iter()
        .map(|a| (a.id.clone(), a.name.clone(), a.endpoint.clone(), a.capabilities.clone()))
        .collect()
}

fn caps(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn local_agents_forms() {
    let table: Vec<Case<'_>> = vec![
        // The documented form (the reference parser got it wrong).
        (
            "sentiment-1:Sentiment:localhost:50061:sentiment,text-analysis",
            vec![(
                "sentiment-1",
                "Sentiment",
                "localhost:50061",
                vec!["sentiment", "text-analysis"],
            )],
        ),
        // Without capabilities.
        ("a:Agent A:127.0.0.1:7000", vec![("a", "Agent A", "127.0.0.1:7000", vec![])]),
        // Empty capability list and whitespace.
        (" a : A : 10.0.0.1 : 80 : ", vec![("a", "A", "10.0.0.1:80", vec![])]),
        // Lists with `;`, a trailing separator, `|` and newlines.
        (
            "a:A:h1:1:x;b:B:h2:2:x,y;",
            vec![("a", "A", "h1:1", vec!["x"]), ("b", "B", "h2:2", vec!["x", "y"])],
        ),
        ("a:A:h1:1|b:B:h2:2:z", vec![("a", "A", "h1:1", vec![]), ("b", "B", "h2:2", vec!["z"])]),
        ("a:A:h1:1:x\nb:B:h2:2", vec![("a", "A", "h1:1", vec!["x"]), ("b", "B", "h2:2", vec![])]),
        // IPv6 literal.
        ("v6:Six:[::1]:50061:x,y", vec![("v6", "Six", "[::1]:50061", vec!["x", "y"])]),
        ("v6:Six:[fe80::1]:9", vec![("v6", "Six", "[fe80::1]:9", vec![])]),
        // Capabilities with spaces around commas, duplicates of empty items dropped.
        ("a:A:h:1: x , ,y ", vec![("a", "A", "h:1", vec!["x", "y"])]),
        ("", vec![]),
        (" ; ; ", vec![]),
    ];
    for (spec, expected) in table {
        let parsed = parse_local_agents(spec).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        let expected: Vec<Row> = expected
            .into_iter()
            .map(|(i, n, e, c)| (i.to_owned(), n.to_owned(), e.to_owned(), caps(&c)))
            .collect();
        assert_eq!(summary(&parsed), expected, "{spec:?}");
        assert!(parsed.iter().all(|a| a.expertise == 0.7));
    }
}

#[test]
fn local_agents_errors_name_the_entry() {
    let table = [
        ("a:A", "entry 1 (`a:A`): too few fields"),
        ("a:A:localhost", "missing port after host `localhost`"),
        // The reference's own (3-field endpoint) reading of a caps entry: no port.
        ("a:A:localhost:sentiment", "`sentiment` is not a port number"),
        ("a:A:h:0:x", "`0` is not a port number"),
        ("a:A:h:99999", "`99999` is not a port number"),
        ("ok:O:h:1;bad:B:h:x:y:z", "entry 2 (`bad:B:h:x:y:z`)"),
        ("a:A:h:1:x:y", "too many `:`-separated fields"),
        ("a:A:[::1:5", "unclosed `[`"),
        ("a:A:[::1]5", "missing `:port` after [::1]"),
        (":A:h:1", "invalid id ``"),
        ("a::h:1", "empty name"),
        ("a:A::1", "empty host"),
        ("a:A:h:1;a:B:h:2", "duplicate agent id `a`"),
    ];
    for (spec, needle) in table {
        let err = parse_local_agents(spec).expect_err(spec).to_string();
        assert!(err.starts_with("PARALLAX_LOCAL_AGENTS entry"), "{spec:?}: {err}");
        assert!(err.contains(needle), "{spec:?}: {err} (expected `{needle}`)");
        assert!(err.contains("id:name:host:port") || err.contains("duplicate"), "{err}");
    }
}

#[test]
fn toml_agent_file() {
    let path = temp_file(
        "agents.toml",
        r#"
[[agents]]
id = "sent-1"
name = "Sentiment"
endpoint = "127.0.0.1:50061"
capabilities = ["sentiment", "text"]
expertise = 0.9

[[agents]]
id = "num-1"
name = "Numbers"
endpoint = "[::1]:50062"
historical_confidence = 0.6
labels = { region = "eu" }
"#,
    );
    let agents = load_agent_file(&path).expect("toml file");
    assert_eq!(agents.len(), 2);
    assert_eq!(agents[0].capabilities, caps(&["sentiment", "text"]));
    assert_eq!(agents[0].expertise, 0.9);
    assert_eq!(agents[1].expertise, 0.7);
    assert_eq!(agents[1].historical_confidence, 0.6);
    assert_eq!(agents[1].labels.get("region").map(String::as_str), Some("eu"));
}

#[test]
fn json_agent_files_in_both_shapes() {
    let list = temp_file(
        "list.json",
        r#"[{"id": "a", "name": "A", "endpoint": "127.0.0.1:1", "capabilities": ["x"]}]"#,
    );
    let table = temp_file(
        "table.json",
        r#"{"agents": [{"id": "b", "name": "B", "endpoint": "127.0.0.1:2",
            "historicalConfidence": 0.5}]}"#,
    );
    let a = load_agent_file(&list).expect("list");
    assert_eq!(summary(&a), vec![("a".into(), "A".into(), "127.0.0.1:1".into(), caps(&["x"]))]);
    let b = load_agent_file(&table).expect("table");
    assert_eq!(b[0].historical_confidence, 0.5);
    // No extension: sniffed.
    let sniffed =
        temp_file("agents-list", "[[agents]]\nid = \"c\"\nname = \"C\"\nendpoint = \"h:3\"\n");
    assert_eq!(load_agent_file(&sniffed).expect("sniffed toml")[0].id, "c");
}

#[test]
fn agent_file_errors_are_clear() {
    let missing = load_agent_file(&std::env::temp_dir().join("no-such-parallax-file.toml"))
        .expect_err("missing");
    assert!(missing.to_string().contains("no-such-parallax-file.toml"), "{missing}");
    let typo = temp_file("typo.toml", "[[agents]]\nid = \"a\"\nname = \"A\"\nendpont = \"h:1\"\n");
    let err = load_agent_file(&typo).expect_err("typo").to_string();
    assert!(err.contains("endpont") || err.contains("endpoint"), "{err}");
    let dup = temp_file(
        "dup.json",
        r#"[{"id": "a", "name": "A", "endpoint": "h:1"}, {"id": "a", "name": "B", "endpoint": "h:2"}]"#,
    );
    assert!(load_agent_file(&dup).expect_err("dup").to_string().contains("duplicate agent id `a`"));
    let bad_endpoint =
        temp_file("bad.json", r#"[{"id": "a", "name": "A", "endpoint": "gateway://a"}]"#);
    let err = load_agent_file(&bad_endpoint).expect_err("scheme").to_string();
    assert!(err.contains("unsupported scheme"), "{err}");
}

#[tokio::test]
async fn source_priority() {
    let explicit = vec![AgentDescriptor::new("x", "X", "127.0.0.1:1", ["a"])];
    let file = temp_file("prio.json", r#"[{"id": "f", "name": "F", "endpoint": "127.0.0.1:2"}]"#);
    let mut config = SourceConfig {
        agents: Some(explicit),
        agents_file: Some(file.to_path_buf()),
        local_agents: Some("l:L:127.0.0.1:3:a".into()),
        // Unreachable etcd: must not even be contacted while a higher source exists.
        etcd_endpoints: vec!["127.0.0.1:1".into()],
    };
    let ids = |s: &AgentSource| s.agents().into_iter().map(|a| a.id).collect::<Vec<_>>();
    let source = AgentSource::resolve(&config).await.expect("explicit");
    assert_eq!(ids(&source), ["x"]);
    config.agents = None;
    let source = AgentSource::resolve(&config).await.expect("file");
    assert_eq!(ids(&source), ["f"]);
    config.agents_file = None;
    let source = AgentSource::resolve(&config).await.expect("env");
    assert!(matches!(source, AgentSource::LocalEnv(_)));
    assert_eq!(ids(&source), ["l"]);
    config.local_agents = None;
    config.etcd_endpoints.clear();
    let source = AgentSource::resolve(&config).await.expect("none");
    assert!(matches!(source, AgentSource::None) && source.agents().is_empty());
    // A malformed env list is an error, not an empty list.
    config.local_agents = Some("broken".into());
    assert!(AgentSource::resolve(&config).await.is_err());
}

#[tokio::test]
async fn unreachable_etcd_is_a_bounded_error() {
    let config = SourceConfig {
        etcd_endpoints: vec![format!("127.0.0.1:{}", closed_port())],
        ..SourceConfig::default()
    };
    let started = std::time::Instant::now();
    let err = AgentSource::resolve(&config).await.expect_err("no etcd");
    assert!(err.to_string().starts_with("etcd:"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(12), "{:?}", started.elapsed());
}

fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn registry() -> Vec<AgentDescriptor> {
    parse_local_agents(
        "agent-x:X:127.0.0.1:50061:a,b;agent-y:Y:127.0.0.1:50062:a;agent-z:Z:127.0.0.1:50063:b,a,c;\
         agent-w:W:127.0.0.1:50064:c",
    )
    .expect("registry")
}

fn req(capabilities: &[&str], min: usize, max: Option<usize>) -> AgentRequirements {
    AgentRequirements {
        capabilities: caps(capabilities),
        min_agents: min,
        max_agents: max,
        min_confidence: None,
    }
}

#[test]
fn capability_and_filter_min_and_max() {
    let all = registry();
    let ids = |v: Vec<AgentDescriptor>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(select_agents(&all, &req(&["a", "b"], 0, None)).expect("ok")),
        ["agent-x", "agent-z"]
    );
    assert_eq!(ids(select_agents(&all, &req(&["a", "b", "c"], 1, None)).expect("ok")), ["agent-z"]);
    assert_eq!(ids(select_agents(&all, &req(&[], 0, None)).expect("all")).len(), 4);
    assert_eq!(
        ids(select_agents(&all, &req(&["a"], 2, Some(2))).expect("max")),
        ["agent-x", "agent-y"]
    );
    assert!(select_agents(&all, &req(&["nope"], 0, None)).expect("zero ok").is_empty());
}

#[test]
fn min_agents_error_names_what_was_found() {
    let all = registry();
    let one = vec![all[0].clone()];
    let err = select_agents(&one, &req(&["a", "b"], 2, None)).expect_err("too few");
    assert_eq!(
        err.to_string(),
        "Not enough agents available for capabilities [a, b]: required 2, found 1 (agent-x at 127.0.0.1:50061)"
    );
    let err = select_agents(&all, &req(&["c", "d"], 1, None)).expect_err("none");
    assert_eq!(
        err.to_string(),
        "Not enough agents available for capabilities [c, d]: required 1, found 0 (of 4 registered agents, none has them all)"
    );
}

fn result(agent: &AgentDescriptor, value: serde_json::Value, confidence: f64) -> AgentResult {
    let mut r = AgentResult::failure(agent, "");
    r.error = None;
    r.value = value;
    r.confidence = confidence;
    r.reasoning = format!("{} thinks so", agent.id);
    r.timestamp_ms = 1_700_000_000_000;
    r
}

#[test]
fn globals_have_the_reference_shapes() {
    let agents = registry()[..3].to_vec();
    let mut failed =
        AgentResult::failure(&agents[2], "127.0.0.1:50063: deadline of 30000 ms exceeded");
    failed.timestamp_ms = 1_700_000_000_002;
    let results = vec![
        result(&agents[0], json!({"label": "positive"}), 0.9),
        result(&agents[1], json!("meh"), 0.4),
        failed,
    ];
    let requirements =
        AgentRequirements { min_confidence: Some(0.5), ..AgentRequirements::default() };
    let pattern = PatternInfo { name: "SentimentConsensus".into(), version: "1.0.0".into() };
    let globals = pattern_globals(&agents, &results, &pattern, requirements.min_confidence);
    let keys: Vec<&str> = globals.keys().map(String::as_str).collect();
    assert_eq!(keys, ["agentList", "agentResults", "successfulResults", "agentCount", "pattern"]);
    assert_eq!(globals["agentCount"], json!(3));
    assert_eq!(globals["pattern"], json!({"name": "SentimentConsensus", "version": "1.0.0"}));
    assert_eq!(
        globals["agentList"][0],
        json!({"id": "agent-x", "name": "X", "capabilities": ["a", "b"], "expertise": 0.7,
               "historicalConfidence": 0.75})
    );
    assert_eq!(
        globals["agentResults"][0],
        json!({"agentId": "agent-x", "agentName": "X", "capabilities": ["a", "b"],
               "expertise": 0.7, "result": {"label": "positive"}, "confidence": 0.9,
               "reasoning": "agent-x thinks so", "timestamp": 1_700_000_000_000_i64})
    );
    assert_eq!(
        globals["agentResults"][2],
        json!({"agentId": "agent-z", "agentName": "Z", "capabilities": ["b", "a", "c"],
               "expertise": 0.7, "result": null, "confidence": 0.0,
               "reasoning": "Agent failed to respond", "timestamp": 1_700_000_000_002_i64,
               "error": "127.0.0.1:50063: deadline of 30000 ms exceeded"})
    );
    // minConfidence 0.5 drops agent-y (0.4) as well as the failure.
    let successful = globals["successfulResults"].as_array().expect("array");
    assert_eq!(successful.len(), 1);
    assert_eq!(successful[0]["agentId"], "agent-x");
    // Without minConfidence: every confidence > 0.
    let globals = pattern_globals(&agents, &results, &pattern, None);
    assert_eq!(globals["successfulResults"].as_array().map(Vec::len), Some(2));
}
