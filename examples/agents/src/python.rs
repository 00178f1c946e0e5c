//! Starts the Python example agent (`examples/python-agent/agent.py`, grpcio) as a child
//! process on a free loopback port, for tests that prove an agent in another language works
//! with our client and with compiled patterns.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running Python agent; stopped (SIGTERM, then SIGKILL) when dropped.
pub struct PythonAgent {
    child: Child,
    stderr_path: PathBuf,
    /// Its `PARALLAX_LOCAL_AGENTS` entry (`id:name:host:port:capabilities`).
    pub entry: String,
}

impl Drop for PythonAgent {
    fn drop(&mut self) {
        // SIGTERM first, so the agent stops gracefully and removes its generated stubs.
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

/// The agent script in this repository.
pub fn python_agent_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../python-agent/agent.py")
}

/// Checks that `python3` with grpcio, grpcio-tools and protobuf is available, saying how to
/// install what is missing.
pub fn check_python() -> Result<(), String> {
    let probe =
        Command::new("python3").args(["-c", "import grpc, grpc_tools, google.protobuf"]).output();
    match probe {
        Err(e) => Err(format!(
            "python3 is required for the Python agent but could not be run ({e}); install \
             Python 3 and run scripts/install-test-deps.sh"
        )),
        Ok(out) if !out.status.success() => Err(format!(
            "python3 lacks grpcio/grpcio-tools/protobuf ({}); run \
             scripts/install-test-deps.sh or `python3 -m pip install grpcio grpcio-tools protobuf`",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(_) => Ok(()),
    }
}

/// Starts the agent with the given id on a free 127.0.0.1 port and waits (up to 30 s) for the
/// `READY <entry>` line it prints once it serves.
pub fn start_python_agent(id: &str) -> Result<PythonAgent, String> {
    check_python()?;
    let script = python_agent_script();
    if !script.is_file() {
        return Err(format!("missing {}", script.display()));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))?;
    let stderr_path =
        std::env::temp_dir().join(format!("parallax-py-agent-{}-{port}.log", std::process::id()));
    let stderr = std::fs::File::create(&stderr_path)
        .map_err(|e| format!("{}: {e}", stderr_path.display()))?;
    let mut child = Command::new("python3")
        .arg("-u")
        .arg(&script)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--id", id])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(stderr))
        .spawn()
        .map_err(|e| format!("cannot start python3: {e}"))?;
    let stdout = child.stdout.take();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Some(stdout) = stdout else { return };
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
        Ok(entry) if entry.contains(&format!("127.0.0.1:{port}")) => {
            agent.entry = entry;
            Ok(agent)
        }
        Ok(entry) => Err(format!("the Python agent reported an unexpected address: {entry}")),
        Err(_) => {
            let log = std::fs::read_to_string(&agent.stderr_path).unwrap_or_default();
            Err(format!("the Python agent did not report READY within 30 s; stderr:\n{log}"))
        }
    }
}
