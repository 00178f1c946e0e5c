//! Running cargo on a generated workspace and reading its JSON messages: progress for the bar,
//! artifact paths for copying, and rustc errors — which, in generated code, are compiler bugs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a cargo build produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CargoOutcome {
    /// Built executables by target name.
    pub executables: Vec<(String, PathBuf)>,
    /// rustc errors, rendered, with the file each points into (when known).
    pub errors: Vec<RustcError>,
    /// Whether cargo exited successfully.
    pub success: bool,
    /// cargo's own stderr (resolution, network, lock file problems), for when it fails without
    /// a rustc error.
    pub stderr: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustcError {
    pub rendered: String,
    pub file: Option<PathBuf>,
}

/// Options for one cargo run.
#[derive(Debug, Clone)]
pub struct CargoRun<'a> {
    pub manifest_path: &'a Path,
    pub target_dir: &'a Path,
    pub release: bool,
    /// Binary targets to build (all when empty).
    pub bins: &'a [String],
}

/// The cargo to run: `$CARGO` when prismc runs under cargo (build scripts, tests), else `cargo`.
pub fn cargo_command() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cargo build` and calls `on_progress(target_name)` for every compiled crate, so the
/// caller can drive a progress bar.
pub fn build(
    run: &CargoRun<'_>,
    mut on_progress: impl FnMut(&str),
) -> std::io::Result<CargoOutcome> {
    let mut cmd = cargo_command();
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(run.manifest_path)
        .arg("--message-format=json-render-diagnostics")
        .env("CARGO_TARGET_DIR", run.target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if run.release {
        cmd.arg("--release");
    }
    for bin in run.bins {
        cmd.arg("--bin").arg(bin);
    }
    let mut child = cmd.spawn()?;
    let stderr_pipe = child.stderr.take();
    // Drain stderr on a thread so a chatty cargo can never block on a full pipe.
    let stderr_thread = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr_pipe {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        }
        text
    });
    let mut outcome = CargoOutcome::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            handle_message(&line, &mut outcome, &mut on_progress);
        }
    }
    let status = child.wait()?;
    outcome.stderr = stderr_thread.join().unwrap_or_default();
    outcome.success = status.success();
    Ok(outcome)
}

fn handle_message(line: &str, outcome: &mut CargoOutcome, on_progress: &mut impl FnMut(&str)) {
    let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { return };
    match message["reason"].as_str() {
        Some("compiler-artifact") => {
            let name = message["target"]["name"].as_str().unwrap_or("?");
            on_progress(name);
            if let Some(exe) = message["executable"].as_str() {
                outcome.executables.push((name.to_string(), PathBuf::from(exe)));
            }
        }
        Some("compiler-message") => {
            let diag = &message["message"];
            if diag["level"].as_str() != Some("error") {
                return;
            }
            let rendered = diag["rendered"].as_str().unwrap_or("").to_string();
            let file = diag["spans"]
                .as_array()
                .and_then(|spans| spans.iter().find(|s| s["is_primary"].as_bool() == Some(true)))
                .and_then(|s| s["file_name"].as_str())
                .map(PathBuf::from);
            outcome.errors.push(RustcError { rendered, file });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_artifacts_and_errors_from_json_messages() {
        let mut outcome = CargoOutcome::default();
        let mut seen = Vec::new();
        let lines = [
            r#"{"reason":"compiler-artifact","target":{"name":"prism_runtime"},"executable":null}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"vote"},"executable":"/t/debug/vote"}"#,
            r#"{"reason":"compiler-message","message":{"level":"warning","rendered":"w","spans":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0308]","spans":[{"is_primary":true,"file_name":"src/bin/vote.rs"}]}}"#,
            "not json",
        ];
        for line in lines {
            handle_message(line, &mut outcome, &mut |name: &str| seen.push(name.to_string()));
        }
        assert_eq!(seen, ["prism_runtime", "vote"]);
        assert_eq!(outcome.executables, vec![("vote".to_string(), PathBuf::from("/t/debug/vote"))]);
        assert_eq!(outcome.errors.len(), 1);
        assert_eq!(outcome.errors[0].file.as_deref(), Some(Path::new("src/bin/vote.rs")));
    }
}
