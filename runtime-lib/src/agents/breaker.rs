//! Circuit breakers, one per agent endpoint, living as long as the process.
//!
//! The reference recreated each agent's breaker on every execution, so it could never trip
//! across calls (PLATFORM.md §7, Appendix #4). Here a [`BreakerRegistry`] keyed by endpoint
//! holds one breaker per endpoint for the life of the registry; [`BreakerRegistry::global`] is
//! the process-wide one.
//!
//! States: **closed** (calls pass; `failure_threshold` consecutive failures open it),
//! **open** (calls are rejected without a network attempt until `reset_timeout` has passed),
//! **half-open** (up to `half_open_max_calls` trial calls at a time; `success_threshold`
//! consecutive successes close it, any failure re-opens it for another `reset_timeout`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// Environment variable: consecutive failures that open a breaker (default 5).
pub const ENV_FAILURE_THRESHOLD: &str = "PARALLAX_CB_FAILURE_THRESHOLD";
/// Environment variable: milliseconds a breaker stays open before half-opening (default 30000).
pub const ENV_RESET_TIMEOUT: &str = "PARALLAX_CB_RESET_TIMEOUT";

/// Breaker tuning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker (≥ 1).
    pub failure_threshold: u32,
    /// How long the breaker stays open before letting a trial call through.
    pub reset_timeout: Duration,
    /// Consecutive half-open successes that close the breaker (≥ 1).
    pub success_threshold: u32,
    /// Trial calls allowed at the same time while half-open (≥ 1).
    pub half_open_max_calls: u32,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_threshold: 5,
            reset_timeout: Duration::from_millis(30_000),
            success_threshold: 2,
            half_open_max_calls: 1,
        }
    }
}

impl BreakerConfig {
    /// The defaults, overridden by `PARALLAX_CB_FAILURE_THRESHOLD` and
    /// `PARALLAX_CB_RESET_TIMEOUT` (milliseconds) when they hold valid positive numbers.
    pub fn from_env() -> Self {
        let mut config = BreakerConfig::default();
        if let Some(n) = env_u64(ENV_FAILURE_THRESHOLD).and_then(|n| u32::try_from(n).ok()) {
            config.failure_threshold = n.max(1);
        }
        if let Some(ms) = env_u64(ENV_RESET_TIMEOUT) {
            config.reset_timeout = Duration::from_millis(ms);
        }
        config
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// The observable state of a breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls pass.
    Closed,
    /// Calls are rejected.
    Open,
    /// A limited number of trial calls pass.
    HalfOpen,
}

#[derive(Debug)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { in_flight: u32, successes: u32 },
}

/// A call was rejected because the breaker is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerOpen {
    /// Time until the breaker half-opens.
    pub retry_after: Duration,
}

/// One endpoint's breaker.
#[derive(Debug)]
pub struct CircuitBreaker {
    config: BreakerConfig,
    state: Mutex<State>,
}

impl CircuitBreaker {
    /// A closed breaker.
    pub fn new(config: BreakerConfig) -> Self {
        CircuitBreaker {
            config: BreakerConfig {
                failure_threshold: config.failure_threshold.max(1),
                success_threshold: config.success_threshold.max(1),
                half_open_max_calls: config.half_open_max_calls.max(1),
                reset_timeout: config.reset_timeout,
            },
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// This breaker's configuration.
    pub fn config(&self) -> BreakerConfig {
        self.config
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means another thread panicked mid-update; the state is a
        // plain enum that is always valid, so keep using it.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The current state (an open breaker whose reset time has passed reports half-open).
    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { until } if Instant::now() < until => BreakerState::Open,
            State::Open { .. } | State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// Asks to make a call. On success the returned permit must be resolved with
    /// [`BreakerPermit::success`] or [`BreakerPermit::failure`]; dropping it unresolved
    /// (e.g. the caller was cancelled) counts as neither.
    pub fn try_acquire(self: &Arc<Self>) -> Result<BreakerPermit, BreakerOpen> {
        let mut state = self.lock();
        let now = Instant::now();
        match *state {
            State::Closed { .. } => {}
            State::Open { until } => {
                if now < until {
                    return Err(BreakerOpen { retry_after: until - now });
                }
                *state = State::HalfOpen { in_flight: 1, successes: 0 };
                return Ok(BreakerPermit { breaker: Arc::clone(self), trial: true, done: false });
            }
            State::HalfOpen { ref mut in_flight, .. } => {
                if *in_flight >= self.config.half_open_max_calls {
                    return Err(BreakerOpen { retry_after: Duration::ZERO });
                }
                *in_flight += 1;
                return Ok(BreakerPermit { breaker: Arc::clone(self), trial: true, done: false });
            }
        }
        Ok(BreakerPermit { breaker: Arc::clone(self), trial: false, done: false })
    }

    fn record(&self, trial: bool, success: bool) {
        let mut state = self.lock();
        let now = Instant::now();
        let next = match (&*state, success) {
            (State::Closed { .. }, true) => State::Closed { failures: 0 },
            (State::Closed { failures }, false) => {
                let failures = failures + 1;
                if failures >= self.config.failure_threshold {
                    State::Open { until: now + self.config.reset_timeout }
                } else {
                    State::Closed { failures }
                }
            }
            (State::HalfOpen { in_flight, successes }, true) if trial => {
                let successes = successes + 1;
                if successes >= self.config.success_threshold {
                    State::Closed { failures: 0 }
                } else {
                    State::HalfOpen { in_flight: in_flight.saturating_sub(1), successes }
                }
            }
            (State::HalfOpen { .. }, false) => {
                State::Open { until: now + self.config.reset_timeout }
            }
            // A call admitted while closed finishing after the state changed, or a success
            // from a non-trial call: no transition.
            (State::HalfOpen { in_flight, successes }, true) => {
                State::HalfOpen { in_flight: *in_flight, successes: *successes }
            }
            (State::Open { until }, _) => State::Open { until: *until },
        };
        *state = next;
    }

    fn release(&self) {
        let mut state = self.lock();
        if let State::HalfOpen { ref mut in_flight, .. } = *state {
            *in_flight = in_flight.saturating_sub(1);
        }
    }
}

/// Permission for one call; resolve it with the call's outcome.
#[derive(Debug)]
pub struct BreakerPermit {
    breaker: Arc<CircuitBreaker>,
    trial: bool,
    done: bool,
}

impl BreakerPermit {
    /// The call succeeded.
    pub fn success(mut self) {
        self.done = true;
        self.breaker.record(self.trial, true);
    }

    /// The call failed.
    pub fn failure(mut self) {
        self.done = true;
        self.breaker.record(self.trial, false);
    }
}

impl Drop for BreakerPermit {
    fn drop(&mut self) {
        if !self.done && self.trial {
            self.breaker.release();
        }
    }
}

/// Breakers keyed by endpoint, created on first use with the registry's configuration.
#[derive(Debug)]
pub struct BreakerRegistry {
    config: BreakerConfig,
    breakers: Mutex<HashMap<String, Arc<CircuitBreaker>>>,
}

impl BreakerRegistry {
    /// An empty registry whose breakers use `config`.
    pub fn new(config: BreakerConfig) -> Self {
        BreakerRegistry { config, breakers: Mutex::new(HashMap::new()) }
    }

    /// The process-wide registry, configured from the environment on first use
    /// ([`BreakerConfig::from_env`]).
    pub fn global() -> Arc<BreakerRegistry> {
        static GLOBAL: OnceLock<Arc<BreakerRegistry>> = OnceLock::new();
        Arc::clone(GLOBAL.get_or_init(|| Arc::new(BreakerRegistry::new(BreakerConfig::from_env()))))
    }

    /// The configuration new breakers get.
    pub fn config(&self) -> BreakerConfig {
        self.config
    }

    /// The breaker of `endpoint`, created closed on first use.
    pub fn breaker(&self, endpoint: &str) -> Arc<CircuitBreaker> {
        let mut map = self.breakers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(b) = map.get(endpoint) {
            return Arc::clone(b);
        }
        let b = Arc::new(CircuitBreaker::new(self.config));
        map.insert(endpoint.to_owned(), Arc::clone(&b));
        b
    }

    /// The state of `endpoint`'s breaker (closed if it has none yet).
    pub fn state(&self, endpoint: &str) -> BreakerState {
        let map = self.breakers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(endpoint).map_or(BreakerState::Closed, |b| b.state())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(reset_ms: u64) -> Arc<CircuitBreaker> {
        Arc::new(CircuitBreaker::new(BreakerConfig {
            failure_threshold: 3,
            reset_timeout: Duration::from_millis(reset_ms),
            success_threshold: 2,
            half_open_max_calls: 1,
        }))
    }

    #[test]
    fn opens_after_consecutive_failures_only() {
        let b = breaker(10_000);
        b.try_acquire().expect("closed").failure();
        b.try_acquire().expect("closed").failure();
        b.try_acquire().expect("closed").success();
        b.try_acquire().expect("closed").failure();
        b.try_acquire().expect("closed").failure();
        assert_eq!(b.state(), BreakerState::Closed);
        b.try_acquire().expect("closed").failure();
        assert_eq!(b.state(), BreakerState::Open);
        let rejected = b.try_acquire().expect_err("open");
        assert!(rejected.retry_after > Duration::from_secs(9));
    }

    #[test]
    fn half_open_admits_one_trial_and_closes_after_successes() {
        let b = breaker(20);
        for _ in 0..3 {
            b.try_acquire().expect("closed").failure();
        }
        assert!(b.try_acquire().is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(b.state(), BreakerState::HalfOpen);
        let trial = b.try_acquire().expect("trial");
        assert!(b.try_acquire().is_err(), "only one trial at a time");
        trial.success();
        assert_eq!(b.state(), BreakerState::HalfOpen);
        b.try_acquire().expect("second trial").success();
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[test]
    fn half_open_failure_reopens_and_dropped_trial_frees_the_slot() {
        let b = breaker(20);
        for _ in 0..3 {
            b.try_acquire().expect("closed").failure();
        }
        std::thread::sleep(Duration::from_millis(30));
        drop(b.try_acquire().expect("trial"));
        b.try_acquire().expect("slot freed").failure();
        assert_eq!(b.state(), BreakerState::Open);
    }

    #[test]
    fn registry_returns_the_same_breaker_per_endpoint() {
        let r = BreakerRegistry::new(BreakerConfig::default());
        assert!(Arc::ptr_eq(&r.breaker("a:1"), &r.breaker("a:1")));
        assert!(!Arc::ptr_eq(&r.breaker("a:1"), &r.breaker("a:2")));
    }
}
