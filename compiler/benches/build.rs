//! End-to-end figures of `prismc build` and of the executables it makes, printed as a table:
//!
//! - a cold build of ten bundled patterns (`patterns/`, fresh build directory, release);
//! - a rebuild with no change, and a rebuild after touching one pattern;
//! - size and start-up time (`describe`) of a pattern executable;
//! - the body of a compiled consensus pattern over 10,000 `agentResults` (filter, map, sort,
//!   reduce, then `~>`), timed by the executable's own `bench` command.
//!
//! Run with `cargo bench -p prismc --bench build` (several minutes: the cold build compiles the
//! runtime and its dependencies in release mode). Set `PRISMC_BENCH_DIR` to keep the work
//! directory elsewhere.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn prismc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_prismc"))
}

fn build(patterns: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let status = prismc()
        .arg("build")
        .arg(patterns)
        .arg("--out-dir")
        .arg(out)
        .arg("--release")
        .status()
        .expect("run prismc build");
    assert!(status.success(), "prismc build failed");
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// `n` agent results in the reference's shape, with answers that mostly agree.
fn agent_results(n: usize) -> Value {
    let answers = ["approve", "approve", "approve", "request-changes", "reject"];
    let results: Vec<Value> = (0..n)
        .map(|i| {
            let confidence = 0.3 + 0.7 * ((i * 7919) % 1000) as f64 / 1000.0;
            json!({
                "agent": format!("agent-{i}"),
                "agentId": format!("agent-{i}"),
                "agentName": format!("Agent {i}"),
                "result": {"answer": answers[i % answers.len()], "quality": 0.5 + (i % 50) as f64 / 100.0},
                "confidence": confidence,
                "timestamp": 1_700_000_000_000u64 + i as u64,
            })
        })
        .collect();
    let list: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("agent-{i}"), "name": format!("Agent {i}"), "capabilities": ["analysis"]}))
        .collect();
    json!({"agentResults": results, "agentList": list})
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (e.g. `cargo test --benches`) only checks
    // that this target builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = std::env::var_os("PRISMC_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("build-bench"));
    let _ = std::fs::remove_dir_all(&work);
    let patterns = work.join("patterns");
    std::fs::create_dir_all(&patterns).expect("create the work directory");
    let mut bundled: Vec<PathBuf> = std::fs::read_dir(root.join("../patterns"))
        .expect("the bundled patterns")
        .map(|entry| entry.expect("pattern").path())
        .filter(|path| path.extension().is_some_and(|e| e == "prism"))
        .collect();
    bundled.sort();
    bundled.truncate(10);
    for path in &bundled {
        std::fs::copy(path, patterns.join(path.file_name().expect("name"))).expect("copy");
    }
    let count = bundled.len();
    let out = work.join("bin");

    let cold = build(&patterns, &out);
    let unchanged = build(&patterns, &out);
    let touched_name = bundled[0].file_stem().expect("stem").to_string_lossy().into_owned();
    let touched_file = patterns.join(format!("{touched_name}.prism"));
    let text = std::fs::read_to_string(&touched_file).expect("read");
    // A change to the code, not just a comment: prismc skips work when the generated code is
    // unchanged.
    let header_end = text.find("*/").map_or(0, |i| i + 2);
    let edited = format!(
        "{}\nconsole.log(\"rebuild benchmark\")\n{}",
        &text[..header_end],
        &text[header_end..]
    );
    std::fs::write(&touched_file, edited).expect("touch");
    let touched = build(&patterns, &out);

    let exe = out.join(format!("{touched_name}{}", std::env::consts::EXE_SUFFIX));
    let size = std::fs::metadata(&exe).expect("executable").len();
    let startup = median(
        (0..21)
            .map(|_| {
                let started = Instant::now();
                let output = Command::new(&exe).arg("describe").output().expect("describe");
                assert!(output.status.success());
                started.elapsed()
            })
            .collect(),
    );

    let consensus_dir = work.join("consensus");
    std::fs::create_dir_all(&consensus_dir).expect("dir");
    let consensus = root.join("benches/patterns/consensus-10k.prism");
    build(&consensus, &out);
    let globals = consensus_dir.join("globals.json");
    std::fs::write(&globals, agent_results(10_000).to_string()).expect("globals");
    let output = Command::new(out.join(format!("consensus-10k{}", std::env::consts::EXE_SUFFIX)))
        .args(["bench", "--iterations", "200", "--globals"])
        .arg(&globals)
        .output()
        .expect("run the consensus benchmark");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("bench report");

    println!("prismc build, {count} patterns, release:");
    println!("  cold build                      {:>9.1} s", cold.as_secs_f64());
    println!("  rebuild, no change              {:>9.3} s", unchanged.as_secs_f64());
    println!("  rebuild, one pattern touched    {:>9.1} s", touched.as_secs_f64());
    println!("pattern executable ({touched_name}):");
    println!("  size                            {:>9.1} MiB", size as f64 / (1024.0 * 1024.0));
    println!("  start-up (`describe`, median)   {:>9.2} ms", startup.as_secs_f64() * 1e3);
    println!("consensus over 10,000 agentResults (body only, 200 runs):");
    for key in ["min_ms", "median_ms", "mean_ms"] {
        println!("  {key:<32}{:>9.3} ms", report[key].as_f64().unwrap_or(f64::NAN));
    }
    println!("  result                          {}", report["result"]);
}
