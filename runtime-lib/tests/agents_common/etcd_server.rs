//! A real `etcd` (Debian package `etcd-server`) on free loopback ports in a temporary data
//! directory, killed and cleaned up on drop.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use prism_runtime::agents::etcd::EtcdClient;

pub struct EtcdServer {
    child: Child,
    dir: PathBuf,
    peer_url: String,
    pub client_url: String,
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    l.local_addr().expect("local addr").port()
}

fn etcd_binary() -> String {
    if let Ok(path) = std::env::var("ETCD_BIN") {
        return path;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join("etcd")).find(|p| p.is_file())
    });
    match found {
        Some(path) => path.display().to_string(),
        None => panic!(
            "the `etcd` binary was not found on PATH: these tests need a real etcd. Install it \
             with `apt-get install -y etcd-server` (or run scripts/install-test-deps.sh), or \
             set ETCD_BIN to its path."
        ),
    }
}

/// Starts etcd on `client_url`/`peer_url` with its data in `dir/data`, logging (appending)
/// to `dir/etcd.log`.
fn spawn_etcd(dir: &std::path::Path, client_url: &str, peer_url: &str) -> Child {
    let binary = etcd_binary();
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("etcd.log"))
        .expect("etcd log file");
    let log_err = log.try_clone().expect("etcd log file");
    Command::new(&binary)
        .arg("--name=test")
        .arg(format!("--data-dir={}", dir.join("data").display()))
        .arg(format!("--listen-client-urls={client_url}"))
        .arg(format!("--advertise-client-urls={client_url}"))
        .arg(format!("--listen-peer-urls={peer_url}"))
        .arg(format!("--initial-advertise-peer-urls={peer_url}"))
        .arg(format!("--initial-cluster=test={peer_url}"))
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err))
        .spawn()
        .unwrap_or_else(|e| panic!("could not start etcd ({binary}): {e}"))
}

impl EtcdServer {
    /// Starts etcd and waits (at most 15 s) until it answers.
    pub async fn start() -> EtcdServer {
        let (client_port, peer_port) = (free_port(), free_port());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir()
            .join(format!("parallax-etcd-test-{}-{client_port}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create etcd temp dir");
        let client_url = format!("http://127.0.0.1:{client_port}");
        let peer_url = format!("http://127.0.0.1:{peer_port}");
        let child = spawn_etcd(&dir, &client_url, &peer_url);
        let server = EtcdServer { child, dir, peer_url, client_url };
        server.wait_ready().await;
        server
    }

    /// Kills etcd (SIGKILL, as a crash), keeps it down for `down`, then starts it again on
    /// the same ports and data directory and waits until it answers.
    pub async fn restart(&mut self, down: Duration) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        tokio::time::sleep(down).await;
        self.child = spawn_etcd(&self.dir, &self.client_url, &self.peer_url);
        self.wait_ready().await;
    }

    async fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last_error = String::new();
        while Instant::now() < deadline {
            let attempt = tokio::time::timeout(Duration::from_secs(2), async {
                let client = EtcdClient::connect(&self.endpoints()).await?;
                client.get("/readiness").await
            })
            .await;
            match attempt {
                Ok(Ok(_)) => return,
                Ok(Err(e)) => last_error = e.to_string(),
                Err(_) => last_error = "timed out".to_owned(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let log = std::fs::read_to_string(self.dir.join("etcd.log")).unwrap_or_default();
        panic!("etcd did not become ready within 15 s ({last_error}); log:\n{log}");
    }

    pub fn endpoints(&self) -> Vec<String> {
        vec![self.client_url.clone()]
    }
}

impl Drop for EtcdServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
