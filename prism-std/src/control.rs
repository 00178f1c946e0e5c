//! control: `retry`, `fallback`, `timeout`, `circuit`, `escalate`, `cache`.

use crate::agents::{Match, call_matching, task_and_data};
use crate::items::{Item, nothing, option};
use crate::{Ctx, callback_arg, fail, number_arg, string_arg};
use futures::future::BoxFuture;
use prism_runtime::{Callback, PResult, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// A result is acceptable when it did not fail and meets `min`.
fn acceptable(v: &Value, min: f64) -> bool {
    let item = Item::of(v);
    !item.failed && item.confidence >= min
}

/// Poisoning only means another thread panicked mid-update; the maps stay usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn opt_number(name: &str, opts: Option<&Value>, key: &str, default: f64) -> PResult<f64> {
    match option(opts, key) {
        Value::Null => Ok(default),
        Value::Number(n) if n.is_finite() => Ok(n),
        other => fail(name, format!("opts.{key} must be a number, got {}", other.type_name())),
    }
}

/// Calls `fn(attempt)` until an acceptable result, waiting between attempts.
pub fn retry(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let cb = callback_arg("retry", &args, 0, "fn")?;
        let opts = args.get(1);
        let attempts = opt_number("retry", opts, "maxAttempts", 3.0)?.max(1.0) as u32;
        let min = opt_number("retry", opts, "minConfidence", 0.0)?;
        let mut delay = opt_number("retry", opts, "delayMs", 100.0)?.max(0.0);
        let factor = match option(opts, "backoff") {
            Value::Null => 2.0,
            Value::Str(s) if s.as_str() == "exponential" => 2.0,
            Value::Str(s) if s.as_str() == "fixed" => 1.0,
            Value::Str(s) if s.as_str() == "none" => {
                delay = 0.0;
                1.0
            }
            other => {
                return fail(
                    "retry",
                    format!(
                        "opts.backoff must be \"exponential\", \"fixed\" or \"none\", got {}",
                        prism_runtime::to_display_string(&other)
                    ),
                );
            }
        };
        let mut last: PResult = Ok(nothing());
        for attempt in 0..attempts {
            last = cb.invoke(&[Value::from(attempt as f64 + 1.0)]).await;
            if matches!(&last, Ok(v) if acceptable(v, min)) {
                return last;
            }
            if attempt + 1 < attempts && delay > 0.0 {
                tokio::time::sleep(Duration::from_millis(delay as u64)).await;
                delay *= factor;
            }
        }
        last
    })
}

/// The first alternative that does not throw and does not fail.
pub fn fallback(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let mut last: PResult = Ok(nothing());
        for alternative in &args {
            last = match Callback::from_value(alternative) {
                Some(cb) => cb.invoke(&[]).await,
                None => Ok(alternative.clone()),
            };
            if matches!(&last, Ok(v) if Item::of(v).succeeded()) {
                return last;
            }
        }
        last
    })
}

/// `fn()` or, after `ms`, `fallback` (the call is cancelled).
pub fn timeout(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let cb = callback_arg("timeout", &args, 0, "fn")?;
        let ms = number_arg("timeout", &args, 1, "ms", 0.0)?.max(0.0);
        match tokio::time::timeout(Duration::from_millis(ms as u64), cb.invoke(&[])).await {
            Ok(result) => result,
            Err(_) => Ok(args.get(2).cloned().unwrap_or_else(nothing)),
        }
    })
}

#[derive(Default)]
struct Breaker {
    consecutive_failures: u32,
    open_until: Option<Instant>,
}

fn breakers() -> &'static Mutex<HashMap<String, Breaker>> {
    static BREAKERS: OnceLock<Mutex<HashMap<String, Breaker>>> = OnceLock::new();
    BREAKERS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// A named, process-wide circuit breaker around `fn()`.
pub fn circuit(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let name = string_arg("circuit", &args, 0, "name", "")?;
        let cb = callback_arg("circuit", &args, 1, "fn")?;
        let opts = args.get(2);
        let threshold = opt_number("circuit", opts, "failureThreshold", 5.0)?.max(1.0) as u32;
        let reset =
            Duration::from_millis(opt_number("circuit", opts, "resetMs", 30000.0)?.max(0.0) as u64);
        let min = opt_number("circuit", opts, "minConfidence", 0.0)?;
        let open = {
            let mut map = lock(breakers());
            let b = map.entry(name.clone()).or_default();
            match b.open_until {
                Some(until) if Instant::now() < until => true,
                Some(_) => {
                    // Half-open: this call is the trial; one more failure reopens at once.
                    b.open_until = None;
                    b.consecutive_failures = threshold.saturating_sub(1);
                    false
                }
                None => false,
            }
        };
        if open {
            return match option(opts, "fallback") {
                Value::Null if !has_key(opts, "fallback") => {
                    fail("circuit", format!("Circuit '{name}' is open"))
                }
                fallback => Ok(fallback),
            };
        }
        let result = cb.invoke(&[]).await;
        let ok = matches!(&result, Ok(v) if acceptable(v, min) && !Item::of(v).failed);
        let mut map = lock(breakers());
        let b = map.entry(name).or_default();
        if ok {
            b.consecutive_failures = 0;
        } else {
            b.consecutive_failures += 1;
            if b.consecutive_failures >= threshold {
                b.open_until = Some(Instant::now() + reset);
            }
        }
        result
    })
}

fn has_key(opts: Option<&Value>, key: &str) -> bool {
    matches!(opts.map(Value::strip_confidence), Some(Value::Object(o)) if o.contains_key(key))
}

/// The agent with id `target`, else the most expert one with capability `target`.
pub fn escalate(ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let target = string_arg("escalate", &args, 0, "target", "")?;
        if target.is_empty() {
            return fail("escalate", "target must be an agent id or a capability");
        }
        let (task, data) = task_and_data(&ctx, args.get(1), args.get(2));
        call_matching(&ctx, &target, Match::IdOrCapability, task, data).await
    })
}

fn cache_map() -> &'static Mutex<HashMap<String, (Instant, Value)>> {
    static CACHE: OnceLock<Mutex<HashMap<String, (Instant, Value)>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The value cached under `key` if younger than `ttlMs`, else `fn()` (cached when it succeeds).
pub fn cache(_ctx: Arc<Ctx>, args: Vec<Value>) -> BoxFuture<'static, PResult> {
    Box::pin(async move {
        let key = string_arg("cache", &args, 0, "key", "")?;
        let cb = callback_arg("cache", &args, 1, "fn")?;
        let ttl =
            Duration::from_millis(number_arg("cache", &args, 2, "ttlMs", 60000.0)?.max(0.0) as u64);
        if let Some((at, v)) = lock(cache_map()).get(&key)
            && at.elapsed() < ttl
        {
            return Ok(v.clone());
        }
        let v = cb.invoke(&[]).await?;
        if !Item::of(&v).failed {
            lock(cache_map()).insert(key, (Instant::now(), v.clone()));
        }
        Ok(v)
    })
}
