//! The host environment of built-ins that touch the outside world: output (`print`,
//! `console.*`), randomness (`Math.random`) and time (`Date.now`). There are no process
//! globals: the prelude is created from an `Arc<Host>` ([`crate::Prelude::new`]), so a test can
//! capture output and fix the random seed and the clock.
//!
//! ```
//! use prism_runtime::{Host, Prelude, Value};
//! let (host, out) = Host::capturing();
//! let prelude = Prelude::new(host);
//! let print = prelude.get("print").unwrap();
//! prism_runtime::call_value_sync(&print, &[Value::from("hi"), Value::confident(Value::from(2.0), 0.8)]);
//! assert_eq!(out.stdout_lines(), vec!["hi 2 ~> 0.80".to_string()]);
//! ```

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where a line of output goes (B §4.12): `print`, `console.log` and `console.debug` write to
/// standard output, `console.warn` and `console.error` to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputStream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// A receiver of printed lines (without the trailing newline).
pub trait OutputSink: Send + Sync {
    /// Writes one line to `stream`.
    fn write_line(&self, stream: OutputStream, line: &str);
}

/// Writes to the process's stdout/stderr (what pattern executables use). Write errors such as
/// a closed pipe are ignored.
#[derive(Debug, Default)]
pub struct StdioSink;

impl OutputSink for StdioSink {
    fn write_line(&self, stream: OutputStream, line: &str) {
        let _ = match stream {
            OutputStream::Stdout => writeln!(std::io::stdout().lock(), "{line}"),
            OutputStream::Stderr => writeln!(std::io::stderr().lock(), "{line}"),
        };
    }
}

/// Keeps every line in memory (for tests and for hosts that return output to a caller).
#[derive(Debug, Default)]
pub struct MemorySink {
    lines: Mutex<Vec<(OutputStream, String)>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        MemorySink::default()
    }

    /// Every line written so far, with its stream, in order.
    pub fn lines(&self) -> Vec<(OutputStream, String)> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The lines written to standard output, in order.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.stream_lines(OutputStream::Stdout)
    }

    /// The lines written to standard error, in order.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stream_lines(OutputStream::Stderr)
    }

    fn stream_lines(&self, stream: OutputStream) -> Vec<String> {
        let lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        lines.iter().filter(|(s, _)| *s == stream).map(|(_, l)| l.clone()).collect()
    }
}

impl OutputSink for MemorySink {
    fn write_line(&self, stream: OutputStream, line: &str) {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).push((stream, line.to_string()));
    }
}

/// A small, fast, seedable generator (SplitMix64) for `Math.random`. Not cryptographic.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator with a fixed seed.
    pub fn seeded(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The source of `Date.now()`.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The system clock.
    System,
    /// Always this many milliseconds since the Unix epoch (tests).
    Fixed(f64),
}

/// The host: output sink, random generator and clock. Shared by `Arc`.
pub struct Host {
    output: Arc<dyn OutputSink>,
    rng: Mutex<Rng>,
    clock: Clock,
}

impl Host {
    /// A host writing to `output`, with a time-seeded generator and the system clock.
    pub fn new(output: Arc<dyn OutputSink>) -> Host {
        let seed =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0x5EED, |d| d.as_nanos() as u64);
        Host { output, rng: Mutex::new(Rng::seeded(seed)), clock: Clock::System }
    }

    /// The host of pattern executables: process stdout/stderr.
    pub fn stdio() -> Arc<Host> {
        Arc::new(Host::new(Arc::new(StdioSink)))
    }

    /// A host capturing output in memory, with seed 42 and the system clock; returns the sink
    /// to read the lines back.
    pub fn capturing() -> (Arc<Host>, Arc<MemorySink>) {
        let sink = Arc::new(MemorySink::new());
        let host = Host::new(sink.clone()).with_seed(42);
        (Arc::new(host), sink)
    }

    /// Replaces the random seed (deterministic `Math.random`).
    pub fn with_seed(self, seed: u64) -> Host {
        Host { rng: Mutex::new(Rng::seeded(seed)), ..self }
    }

    /// Replaces the clock.
    pub fn with_clock(self, clock: Clock) -> Host {
        Host { clock, ..self }
    }

    /// Writes one line of output.
    pub fn write_line(&self, stream: OutputStream, line: &str) {
        self.output.write_line(stream, line);
    }

    /// The next `Math.random()` value in [0, 1).
    pub fn random(&self) -> f64 {
        self.rng.lock().unwrap_or_else(|e| e.into_inner()).next_f64()
    }

    /// `Date.now()`: milliseconds since the Unix epoch.
    pub fn now_millis(&self) -> f64 {
        match self.clock {
            Clock::Fixed(ms) => ms,
            Clock::System => {
                SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64)
            }
        }
    }
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host").field("clock", &self.clock).finish_non_exhaustive()
    }
}
