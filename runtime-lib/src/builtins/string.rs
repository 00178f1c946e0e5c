//! String methods (D7) and number methods, with JavaScript behaviour: indexes and lengths in
//! UTF-16 code units, `replace` replacing the first occurrence (with `$&`-style substitutions
//! or a callback), `split` with an optional limit. A confident receiver or argument gives the
//! result the minimum confidence (D19).

use super::{callback, finish, min_conf, relative_index, text_arg, to_integer, unwrap_args};
use crate::error::{PResult, fail};
use crate::number_format::{is_js_whitespace, to_fixed, to_radix_string};
use crate::pstr::{Str, utf16_find};
use crate::value::Value;

/// The longest string a built-in will build (in UTF-16 units), as JavaScript engines limit it.
pub const MAX_STRING_LENGTH: usize = 1 << 29;

/// Runs string method `name` of `receiver` (a string, possibly confident).
pub(crate) async fn call(receiver: &Value, name: &str, args: Vec<Value>) -> PResult {
    let recv_conf = receiver.confidence();
    let Value::Str(s) = receiver.unwrap_one().0 else {
        return fail(format!("Cannot access property '{name}' on {}", receiver.type_name()));
    };
    let (args, arg_conf) = unwrap_args(args);
    let conf = min_conf(recv_conf, arg_conf);
    let r = match name {
        "replace" | "replaceAll" => replace(s, &args, name == "replaceAll").await?,
        _ => plain_method(s, name, &args)?,
    };
    Ok(finish(r, conf))
}

/// A position argument clamped to `0..=len` (`ToIntegerOrInfinity`, then clamp).
fn clamp_pos(v: Option<&Value>, len: usize, default: usize) -> usize {
    match v {
        None | Some(Value::Null) => default,
        Some(v) => to_integer(Some(v)).clamp(0.0, len as f64) as usize,
    }
}

fn plain_method(s: &Str, name: &str, args: &[Value]) -> PResult {
    let len = s.utf16_len();
    Ok(match name {
        "includes" => {
            let from = clamp_pos(args.get(1), len, 0);
            Value::Bool(s.utf16_index_of(&text_arg(args.first()), from).is_some())
        }
        "startsWith" => {
            let pos = clamp_pos(args.get(1), len, 0);
            let needle = text_arg(args.first());
            Value::Bool(s.utf16_slice(pos, len).starts_with(needle.as_str()))
        }
        "endsWith" => {
            let end = clamp_pos(args.get(1), len, len);
            let needle = text_arg(args.first());
            Value::Bool(s.utf16_slice(0, end).ends_with(needle.as_str()))
        }
        "indexOf" => {
            let from = clamp_pos(args.get(1), len, 0);
            s.utf16_index_of(&text_arg(args.first()), from).map_or(Value::Number(-1.0), Value::from)
        }
        "lastIndexOf" => {
            let from = match args.get(1) {
                None | Some(Value::Null) => len,
                Some(v) => {
                    let n = super::js_to_number(v);
                    if n.is_nan() { len } else { n.trunc().clamp(0.0, len as f64) as usize }
                }
            };
            s.utf16_last_index_of(&text_arg(args.first()), from)
                .map_or(Value::Number(-1.0), Value::from)
        }
        "slice" => {
            let start = relative_index(args.first(), len, 0);
            let end = relative_index(args.get(1), len, len);
            Value::from(s.utf16_slice(start, end))
        }
        "substring" => {
            let a = clamp_pos(args.first(), len, 0);
            let b = clamp_pos(args.get(1), len, len);
            Value::from(s.utf16_slice(a.min(b), a.max(b)))
        }
        "split" => split(s, args),
        "trim" => Value::from(s.trim_matches(is_js_whitespace)),
        "trimStart" => Value::from(s.trim_start_matches(is_js_whitespace)),
        "trimEnd" => Value::from(s.trim_end_matches(is_js_whitespace)),
        "toUpperCase" => Value::from(s.to_uppercase()),
        "toLowerCase" => Value::from(s.to_lowercase()),
        "repeat" => {
            let n = to_integer(args.first());
            if n < 0.0 || n.is_infinite() {
                return fail(format!(
                    "Invalid count value: {}",
                    crate::number_format::number_to_string(n)
                ));
            }
            if len as f64 * n > MAX_STRING_LENGTH as f64 {
                return fail("Invalid string length");
            }
            Value::from(s.repeat(n as usize))
        }
        "padStart" | "padEnd" => pad(s, len, args, name == "padStart")?,
        "charAt" => {
            let i = to_integer(args.first());
            if i >= 0.0 && i < len as f64 {
                Value::from(s.utf16_slice(i as usize, i as usize + 1))
            } else {
                Value::from("")
            }
        }
        other => return fail(format!("Property '{other}' does not exist")),
    })
}

fn split(s: &Str, args: &[Value]) -> Value {
    let limit = match args.get(1) {
        None | Some(Value::Null) => usize::MAX,
        Some(v) => {
            let n = super::js_to_number(v);
            if n.is_nan() || n <= 0.0 { 0 } else { n.min(u32::MAX as f64) as usize }
        }
    };
    let parts: Vec<Value> = match args.first() {
        None => vec![Value::Str(s.clone())],
        Some(sep) => {
            let sep = text_arg(Some(sep));
            if sep.is_empty() {
                let units = s.to_utf16();
                units.iter().map(|u| Value::from(String::from_utf16_lossy(&[*u]))).collect()
            } else if s.is_empty() {
                vec![Value::from("")]
            } else {
                s.split(sep.as_str()).map(Value::from).collect()
            }
        }
    };
    Value::array(parts.into_iter().take(limit).collect())
}

fn pad(s: &Str, len: usize, args: &[Value], at_start: bool) -> PResult {
    let target = to_integer(args.first());
    let filler = match args.get(1) {
        None | Some(Value::Null) => " ".to_string(),
        Some(v) => text_arg(Some(v)),
    };
    if target <= len as f64 || filler.is_empty() {
        return Ok(Value::Str(s.clone()));
    }
    if target > MAX_STRING_LENGTH as f64 {
        return fail("Invalid string length");
    }
    let missing = target as usize - len;
    let fill_units: Vec<u16> = filler.encode_utf16().collect();
    let pad_units: Vec<u16> = fill_units.iter().copied().cycle().take(missing).collect();
    let pad_text = String::from_utf16_lossy(&pad_units);
    Ok(Value::from(if at_start { format!("{pad_text}{s}") } else { format!("{s}{pad_text}") }))
}

/// Expands `$$`, `$&`, `` $` `` and `$'` in a replacement string (JavaScript GetSubstitution
/// without capture groups).
fn substitute(template: &str, matched: &str, before: &str, after: &str) -> String {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('$') => {
                out.push('$');
                chars.next();
            }
            Some('&') => {
                out.push_str(matched);
                chars.next();
            }
            Some('`') => {
                out.push_str(before);
                chars.next();
            }
            Some('\'') => {
                out.push_str(after);
                chars.next();
            }
            _ => out.push('$'),
        }
    }
    out
}

async fn replace(s: &Str, args: &[Value], all: bool) -> PResult {
    let pattern: Vec<u16> = text_arg(args.first()).encode_utf16().collect();
    let hay = s.to_utf16();
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(p) = utf16_find(&hay, &pattern, from) {
        positions.push(p);
        if !all {
            break;
        }
        from = p + pattern.len().max(1);
        if from > hay.len() {
            break;
        }
    }
    if positions.is_empty() {
        return Ok(Value::Str(s.clone()));
    }
    let text = |a: usize, b: usize| String::from_utf16_lossy(hay.get(a..b).unwrap_or_default());
    let replacer = args.get(1);
    let cb = match replacer {
        Some(v) if crate::call::Callback::from_value(v).is_some() => Some(callback(Some(v), "")?),
        _ => None,
    };
    let template = text_arg(replacer);
    let mut out = String::new();
    let mut last = 0;
    for p in positions {
        let end = p + pattern.len();
        out.push_str(&text(last, p));
        let matched = text(p, end);
        let rep = match &cb {
            Some(cb) => {
                let args = [Value::from(matched.as_str()), Value::from(p), Value::Str(s.clone())];
                crate::text::to_display_string(&cb.invoke(&args).await?)
            }
            None => substitute(&template, &matched, &text(0, p), &text(end, hay.len())),
        };
        out.push_str(&rep);
        last = end;
    }
    out.push_str(&text(last, hay.len()));
    if out.len() > MAX_STRING_LENGTH * 3 {
        return fail("Invalid string length");
    }
    Ok(Value::from(out))
}

/// Number methods: `toFixed(digits)` (0..=100, JavaScript rounding) and `toString([radix])`.
pub(crate) fn call_number(receiver: &Value, name: &str, args: Vec<Value>) -> PResult {
    let recv_conf = receiver.confidence();
    let Value::Number(x) = receiver.unwrap_one().0 else {
        return fail(format!("Cannot access property '{name}' on {}", receiver.type_name()));
    };
    let (args, arg_conf) = unwrap_args(args);
    let conf = min_conf(recv_conf, arg_conf);
    let r = match name {
        "toFixed" => {
            let d = to_integer(args.first());
            if !(0.0..=100.0).contains(&d) {
                return fail("toFixed() digits argument must be between 0 and 100");
            }
            Value::from(to_fixed(*x, d as u32))
        }
        "toString" => {
            let radix = match args.first() {
                None | Some(Value::Null) => 10.0,
                Some(v) => to_integer(Some(v)),
            };
            if !(2.0..=36.0).contains(&radix) {
                return fail("toString() radix must be between 2 and 36");
            }
            Value::from(to_radix_string(*x, radix as u32))
        }
        other => return fail(format!("Cannot access property '{other}' on number")),
    };
    Ok(finish(r, conf))
}
