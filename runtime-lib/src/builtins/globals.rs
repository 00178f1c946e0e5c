//! Output (`print`, `console.*`, B §4.12), asynchrony (`delay`/`sleep`, `Promise`, B §4.13,
//! §4.14), `llm` (present, failing with `No LLM provider configured`), and D7's conversion
//! functions `Number String Boolean parseInt parseFloat isNaN`, `Array.isArray`, `Date.now`.

use std::sync::Arc;
use std::time::Duration;

use super::{finish, js_to_number, text_arg, unwrap_args};
use crate::error::fail;
use crate::function::Function;
use crate::host::{Host, OutputStream};
use crate::number_format::{parse_float, parse_int};
use crate::promise::Promise;
use crate::text::{print_line, to_display_string};
use crate::value::Value;

/// Sleeps `ms` milliseconds: on the tokio timer inside a tokio runtime, by blocking the thread
/// otherwise (so a promise never panics for lack of a runtime).
pub(crate) async fn sleep_ms(ms: f64) {
    let ms = if ms.is_finite() && ms > 0.0 { ms.min(1e12) } else { 0.0 };
    let d = Duration::from_millis(ms as u64);
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::time::sleep(d).await;
    } else {
        std::thread::sleep(d);
    }
}

fn printer(
    name: &'static str,
    host: &Arc<Host>,
    stream: OutputStream,
    prefix: &'static str,
) -> Function {
    let host = host.clone();
    Function::builtin(name, move |args| {
        let line = print_line(args);
        if prefix.is_empty() {
            host.write_line(stream, &line);
        } else {
            host.write_line(stream, &format!("{prefix}{line}"));
        }
        Ok(Value::Null)
    })
}

/// `print(...)`: the print forms joined by spaces, to standard output; returns null.
pub fn print(host: &Arc<Host>) -> Function {
    printer("print", host, OutputStream::Stdout, "")
}

/// The `console` object: `log` and `debug` (prefixed `[DEBUG] `) to standard output, `warn`
/// and `error` to standard error.
pub fn console(host: &Arc<Host>) -> Value {
    Value::object([
        ("log", Value::Function(printer("log", host, OutputStream::Stdout, ""))),
        ("warn", Value::Function(printer("warn", host, OutputStream::Stderr, ""))),
        ("error", Value::Function(printer("error", host, OutputStream::Stderr, ""))),
        ("debug", Value::Function(printer("debug", host, OutputStream::Stdout, "[DEBUG] "))),
    ])
}

/// `delay(ms)` / `sleep(ms)`: a promise of null fulfilled after `ms` milliseconds.
pub fn delay() -> Function {
    Function::builtin("delay", |args| {
        if args.len() != 1 {
            return fail("delay() requires exactly one argument: milliseconds");
        }
        let Some(Value::Number(ms)) = args.first().map(|v| v.unwrap_one().0) else {
            return fail("delay() requires a number of milliseconds");
        };
        let ms = ms.floor();
        Ok(Value::Promise(Promise::new(async move {
            sleep_ms(ms).await;
            Ok(Value::Null)
        })))
    })
}

/// The `Promise` object: `resolve(v)`, `reject(v)` (rejects with the text of `v`), `all(arr)`
/// (awaits the promises of `arr` in order and returns the array of outcomes).
pub fn promise_object() -> Value {
    let resolve = Function::builtin("Promise.resolve", |args| {
        if args.len() != 1 {
            return fail("Promise.resolve() requires exactly one argument");
        }
        Ok(Value::Promise(Promise::resolved(args.first().cloned().unwrap_or_default())))
    });
    let reject = Function::builtin("Promise.reject", |args| {
        if args.len() != 1 {
            return fail("Promise.reject() requires exactly one argument");
        }
        Ok(Value::Promise(Promise::rejected(Value::from(text_arg(args.first())))))
    });
    let all = Function::builtin_async("Promise.all", |args| {
        Box::pin(async move {
            let items = match (args.len(), args.first()) {
                (1, Some(Value::Array(a))) => a.snapshot(),
                _ => return fail("Promise.all() requires an array of promises"),
            };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(crate::promise::await_value(item).await?);
            }
            Ok(Value::array(out))
        })
    });
    Value::object([
        ("resolve", Value::Function(resolve)),
        ("reject", Value::Function(reject)),
        ("all", Value::Function(all)),
    ])
}

/// `llm(prompt[, opts])` / `stream_llm(...)`: no provider can be configured in compiled
/// patterns, so a call fails with `No LLM provider configured` (after the prompt check).
pub fn llm(name: &'static str) -> Function {
    Function::builtin(name, move |args| match args.first().map(|v| v.unwrap_one().0) {
        Some(Value::Str(_)) => fail("No LLM provider configured"),
        _ => fail(format!("{name}() first argument must be a string")),
    })
}

/// A D7 conversion: unwraps confident arguments and applies their minimum confidence (D19).
fn converter(name: &'static str, f: fn(&[Value]) -> Value) -> Function {
    Function::builtin(name, move |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        Ok(finish(f(&args), conf))
    })
}

/// `Number(x)`: JavaScript `ToNumber` (`Number(null)` is 0, `Number("abc")` NaN, `Number()` 0).
pub fn number() -> Function {
    converter("Number", |a| Value::Number(a.first().map_or(0.0, js_to_number)))
}

/// `String(x)`: Prism's text form (D19); `String()` is `""`.
pub fn string() -> Function {
    converter("String", |a| Value::from(a.first().map_or_else(String::new, to_display_string)))
}

/// `Boolean(x)`: Prism truthiness (D19: NaN is truthy).
pub fn boolean() -> Function {
    converter("Boolean", |a| Value::Bool(a.first().is_some_and(Value::truthy)))
}

/// `parseInt(s[, radix])`.
pub fn parse_int_fn() -> Function {
    converter("parseInt", |a| {
        let radix = a.get(1).filter(|v| !v.is_null()).map(js_to_number);
        Value::Number(parse_int(&text_arg(a.first()), radix))
    })
}

/// `parseFloat(s)`.
pub fn parse_float_fn() -> Function {
    converter("parseFloat", |a| Value::Number(parse_float(&text_arg(a.first()))))
}

/// `isNaN(x)`: true if `ToNumber(x)` is NaN (`isNaN("12")` is false).
pub fn is_nan() -> Function {
    converter("isNaN", |a| Value::Bool(a.first().map_or(f64::NAN, js_to_number).is_nan()))
}

/// The `Array` object: `Array.isArray(x)`.
pub fn array_object() -> Value {
    let is_array =
        converter("isArray", |a| Value::Bool(matches!(a.first(), Some(Value::Array(_)))));
    Value::object([("isArray", Value::Function(is_array))])
}

/// The `Date` object: `Date.now()` from the host clock.
pub fn date_object(host: &Arc<Host>) -> Value {
    let host = host.clone();
    let now = Function::builtin("now", move |_| Ok(Value::Number(host.now_millis())));
    Value::object([("now", Value::Function(now))])
}
