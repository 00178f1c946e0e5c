//! The text form of values (`toString`, B §4.1, §4.12) and the print format.
//!
//! * numbers: JavaScript `Number#toString` ([`crate::number_format`]);
//! * strings: raw text (unquoted, also inside arrays);
//! * arrays: `[a, b]`; objects: `{ k: v, k2: v2 }` or `{}`;
//! * functions: `[Function: name]` (`[Function: lambda]` for lambdas); promises: `[Promise]`;
//! * a confident value: `<inner> (~85.0%)`, recursively for nested ones.
//!
//! [`print_line`] is what `print`/`console.*` write: arguments joined by one space, a top-level
//! confident argument as `<inner> ~> 0.85` (two decimals).
//!
//! Cycles (an array that contains itself, possible since D6) print as `[Circular]`, and
//! nesting deeper than [`MAX_DEPTH`] as `[...]`, so printing never overflows the stack.

use crate::number_format::{percent, to_fixed, write_number};
use crate::value::Value;

/// Nesting depth beyond which text, equality and JSON conversion stop descending.
pub const MAX_DEPTH: usize = 400;

/// The Prism text form of `v` (what interpolation, string `+` and `String(v)` use).
pub fn to_display_string(v: &Value) -> String {
    let mut out = String::new();
    write_display(&mut out, v);
    out
}

/// Appends the text form of `v` to `out`.
pub fn write_display(out: &mut String, v: &Value) {
    let mut path = Vec::new();
    write_inner(out, v, &mut path);
}

fn write_inner(out: &mut String, v: &Value, path: &mut Vec<usize>) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, *n),
        Value::Str(s) => out.push_str(s),
        Value::Function(f) => {
            out.push_str("[Function: ");
            out.push_str(f.name());
            out.push(']');
        }
        Value::Promise(_) => out.push_str("[Promise]"),
        Value::Confident(c) => {
            if path.len() >= MAX_DEPTH {
                out.push_str("[...]");
                return;
            }
            path.push(0);
            write_inner(out, c.value(), path);
            path.pop();
            out.push_str(" (~");
            out.push_str(&percent(c.confidence()));
            out.push(')');
        }
        Value::Array(a) => {
            let addr = a.addr();
            if path.contains(&addr) {
                out.push_str("[Circular]");
                return;
            }
            if path.len() >= MAX_DEPTH {
                out.push_str("[...]");
                return;
            }
            path.push(addr);
            out.push('[');
            let items = a.read();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inner(out, item, path);
            }
            drop(items);
            out.push(']');
            path.pop();
        }
        Value::Object(o) => {
            let addr = o.addr();
            if path.contains(&addr) {
                out.push_str("[Circular]");
                return;
            }
            if path.len() >= MAX_DEPTH {
                out.push_str("[...]");
                return;
            }
            let map = o.read();
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            path.push(addr);
            out.push_str("{ ");
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                write_inner(out, item, path);
            }
            drop(map);
            out.push_str(" }");
            path.pop();
        }
    }
}

/// The print form of one argument: a confident value as `<inner> ~> c` with two decimals
/// (`Score: 95 ~> 0.80`), anything else as its text form (B §4.12).
pub fn print_form(v: &Value) -> String {
    match v {
        Value::Confident(c) => {
            let mut s = to_display_string(c.value());
            s.push_str(" ~> ");
            s.push_str(&to_fixed(c.confidence(), 2));
            s
        }
        other => to_display_string(other),
    }
}

/// The line `print(...)`/`console.log(...)` writes: the print forms joined by single spaces
/// (empty for no arguments; no trailing newline).
pub fn print_line(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&print_form(a));
    }
    out
}
