//! Comparing a case's actual outcome with its expectation (conformance README, "Comparing
//! values"): numbers exactly unless a tolerance is given, a plain value never equals a confident
//! one, objects by keys and values, arrays element-wise.
//!
//! Values use the tagged JSON encoding of the README: `{"$confident": v, "confidence": c}` for a
//! confident value, `{"$number": "NaN" | "Infinity" | "-Infinity"}`, `{"$function": true}`.

use super::cases::Expect;
use serde_json::Value as Json;

/// What running (or checking) a case produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The program's result, already unwrapped once when confident (as in `Expect::Value`).
    Value { value: Json, confidence: Option<f64>, stdout: Vec<String> },
    /// A run-time error with its message, and what was printed before it.
    RuntimeError { message: String, stdout: Vec<String> },
    /// The checker rejected the program; the messages of its error diagnostics.
    CompileError { messages: Vec<String> },
    /// The checker accepted the program (for `compile_ok`/`compile_error` cases, which do not run).
    CompileOk,
}

impl Outcome {
    /// A one-line rendering for failure reports.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Value { value, confidence, stdout } => {
                let conf = confidence.map_or("null".to_string(), |c| c.to_string());
                if stdout.is_empty() {
                    format!("value {value} confidence {conf}")
                } else {
                    format!("value {value} confidence {conf}, printed {stdout:?}")
                }
            }
            Outcome::RuntimeError { message, .. } => format!("runtime error: {message}"),
            Outcome::CompileError { messages } => {
                format!("compile error: {}", messages.join(" | "))
            }
            Outcome::CompileOk => "compiled without errors".to_string(),
        }
    }
}

/// Renders an expectation for failure reports.
pub fn describe_expect(expect: &Expect) -> String {
    match expect {
        Expect::Value { value, confidence, tolerance } => {
            let conf = confidence.map_or("null".to_string(), |c| c.to_string());
            let tol = tolerance.map_or(String::new(), |t| format!(" (tolerance {t})"));
            format!("value {value} confidence {conf}{tol}")
        }
        Expect::Output { lines } => format!("output {lines:?}"),
        Expect::Error { message_contains: Some(m) } => format!("an error containing {m:?}"),
        Expect::Error { message_contains: None } => "an error".to_string(),
        Expect::CompileError { category } => {
            format!("a compile error ({})", category.as_deref().unwrap_or("any"))
        }
        Expect::CompileOk => "no compile error".to_string(),
    }
}

/// Whether `outcome` satisfies `expect`.
pub fn matches(expect: &Expect, outcome: &Outcome) -> bool {
    match (expect, outcome) {
        (
            Expect::Value { value, confidence, tolerance },
            Outcome::Value { value: got, confidence: got_c, .. },
        ) => {
            let tol = tolerance.unwrap_or(0.0);
            let conf_ok = match (confidence, got_c) {
                (None, None) => true,
                (Some(a), Some(b)) => numbers_equal(*a, *b, tol),
                _ => false,
            };
            conf_ok && json_equal(value, got, tol)
        }
        (Expect::Output { lines }, Outcome::Value { stdout, .. }) => lines == stdout,
        (Expect::Error { message_contains }, Outcome::RuntimeError { message, .. }) => {
            contains_ci(std::slice::from_ref(message), message_contains.as_deref())
        }
        (Expect::Error { message_contains }, Outcome::CompileError { messages }) => {
            contains_ci(messages, message_contains.as_deref())
        }
        (Expect::CompileError { .. }, Outcome::CompileError { .. }) => true,
        (Expect::CompileOk, Outcome::CompileOk) => true,
        _ => false,
    }
}

fn contains_ci(messages: &[String], needle: Option<&str>) -> bool {
    let Some(needle) = needle else { return true };
    let needle = needle.to_lowercase();
    messages.iter().any(|m| m.to_lowercase().contains(&needle))
}

fn numbers_equal(a: f64, b: f64, tolerance: f64) -> bool {
    a == b || (a - b).abs() <= tolerance
}

/// The README's value equality over the tagged encoding.
pub fn json_equal(expected: &Json, got: &Json, tolerance: f64) -> bool {
    match (expected, got) {
        (Json::Number(a), Json::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => numbers_equal(a, b, tolerance),
            _ => false,
        },
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_equal(x, y, tolerance))
        }
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| json_equal(v, w, tolerance)))
        }
        _ => expected == got,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(v: Json, c: Option<f64>) -> Outcome {
        Outcome::Value { value: v, confidence: c, stdout: vec![] }
    }

    #[test]
    fn numbers_compare_exactly_unless_tolerance() {
        let exact = Expect::Value { value: json!(0.3), confidence: None, tolerance: None };
        assert!(!matches(&exact, &value(json!(0.30000000000000004), None)));
        let loose = Expect::Value { value: json!(0.3), confidence: None, tolerance: Some(1e-9) };
        assert!(matches(&loose, &value(json!(0.30000000000000004), None)));
        assert!(json_equal(&json!(1), &json!(1.0), 0.0));
    }

    #[test]
    fn plain_never_equals_confident() {
        let plain = Expect::Value { value: json!(5), confidence: None, tolerance: None };
        assert!(!matches(&plain, &value(json!(5), Some(1.0))));
        let nested = json!({"$confident": 5, "confidence": 0.5});
        assert!(!json_equal(&json!(5), &nested, 0.0));
    }

    #[test]
    fn objects_ignore_key_order_but_not_extra_keys() {
        assert!(json_equal(&json!({"a": 1, "b": 2}), &json!({"b": 2, "a": 1}), 0.0));
        assert!(!json_equal(&json!({"a": 1}), &json!({"a": 1, "b": 2}), 0.0));
    }

    #[test]
    fn errors_match_message_case_insensitively_at_either_stage() {
        let e = Expect::Error { message_contains: Some("division by zero".into()) };
        let run = Outcome::RuntimeError { message: "Division by zero".into(), stdout: vec![] };
        assert!(matches(&e, &run));
        let compile = Outcome::CompileError { messages: vec!["Division by zero".into()] };
        assert!(matches(&e, &compile));
        assert!(!matches(
            &e,
            &Outcome::RuntimeError { message: "Modulo by zero".into(), stdout: vec![] }
        ));
    }

    #[test]
    fn output_compares_lines_exactly() {
        let e = Expect::Output { lines: vec!["a".into(), "b ~> 0.50".into()] };
        let ok = Outcome::Value {
            value: json!(null),
            confidence: None,
            stdout: vec!["a".into(), "b ~> 0.50".into()],
        };
        assert!(matches(&e, &ok));
        let bad = Outcome::Value { value: json!(null), confidence: None, stdout: vec!["a".into()] };
        assert!(!matches(&e, &bad));
    }
}
