//! The error channel of Prism code: run-time errors with the reference's messages, and values
//! thrown by `throw` (LANGUAGE.md D5, B §4.11).
//!
//! Every fallible runtime entry point returns [`PResult`]. Generated code attaches the Prism
//! source location of the operation with [`Exception::at`] or the [`At`] extension trait:
//!
//! ```
//! use prism_runtime::{ops, At, Location, Value};
//! const LOC: &Location = &Location::new("main.prism", 3, 7);
//! let err = ops::div(&Value::from(1.0), &Value::from(0.0)).at(LOC).unwrap_err();
//! assert_eq!(err.to_string(), "main.prism:3:7: Division by zero");
//! assert_eq!(err.message(), "Division by zero");
//! ```
//!
//! The first location attached wins: an error raised inside a called function keeps the
//! location of the failing operation, not the call site.

use std::fmt;

use crate::value::Value;

/// A position in a Prism source file, supplied by generated code (1-based line and column by
/// convention; the runtime prints what it is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// The Prism file, as the compiler names it (e.g. `patterns/consensus.prism`).
    pub file: &'static str,
    /// Line number.
    pub line: u32,
    /// Column number.
    pub column: u32,
}

impl Location {
    /// A location; `const` so generated code can keep one per operation in a `const`.
    pub const fn new(file: &'static str, line: u32, column: u32) -> Self {
        Location { file, line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A run-time error of the Prism language: a message in the reference's wording (B §4.11,
/// §4.5) and, once attached, the Prism location where it happened.
///
/// `Display` prints `file:line:column: message` when a location is known, else the bare
/// message; [`RuntimeError::message`] is always the bare message, which is what a Prism
/// `catch (e)` receives (D5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    message: String,
    location: Option<Location>,
}

impl RuntimeError {
    /// A new error without location.
    pub fn new(message: impl Into<String>) -> Self {
        RuntimeError { message: message.into(), location: None }
    }

    /// The bare message (no location), exactly as the reference words it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The location, if one was attached.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// Attaches `loc` unless a location is already known (the innermost location wins).
    pub fn at(mut self, loc: &Location) -> Self {
        if self.location.is_none() {
            self.location = Some(*loc);
        }
        self
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for RuntimeError {}

/// A value thrown by a Prism `throw` statement (D5), with the location of the `throw`.
#[derive(Debug, Clone)]
pub struct Thrown {
    /// The thrown value, bound unchanged by `catch (e)`.
    pub value: Value,
    /// Where it was thrown, once known.
    pub location: Option<Location>,
}

/// Everything that can unwind Prism code: a run-time error or a thrown value.
///
/// Both are caught by Prism `try`/`catch`; [`Exception::catch_value`] gives the value the
/// catch variable receives. Boxed so that `Result<Value, Exception>` stays small.
#[derive(Debug, Clone)]
pub enum Exception {
    /// A run-time error raised by an operator or built-in.
    Error(Box<RuntimeError>),
    /// A value raised by `throw v`.
    Thrown(Box<Thrown>),
}

/// The result type of every fallible runtime operation.
pub type PResult<T = Value> = Result<T, Exception>;

impl Exception {
    /// A run-time error with `message` (no location yet).
    pub fn error(message: impl Into<String>) -> Self {
        Exception::Error(Box::new(RuntimeError::new(message)))
    }

    /// The exception raised by `throw value` (D5).
    pub fn thrown(value: Value) -> Self {
        Exception::Thrown(Box::new(Thrown { value, location: None }))
    }

    /// Attaches `loc` unless a location is already known (the innermost location wins).
    pub fn at(self, loc: &Location) -> Self {
        match self {
            Exception::Error(e) => Exception::Error(Box::new((*e).at(loc))),
            Exception::Thrown(mut t) => {
                if t.location.is_none() {
                    t.location = Some(*loc);
                }
                Exception::Thrown(t)
            }
        }
    }

    /// The location, if one was attached.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Exception::Error(e) => e.location(),
            Exception::Thrown(t) => t.location.as_ref(),
        }
    }

    /// The bare message: the error's message, or the text form (B §4.12) of a thrown value.
    pub fn message(&self) -> String {
        match self {
            Exception::Error(e) => e.message().to_string(),
            Exception::Thrown(t) => crate::text::to_display_string(&t.value),
        }
    }

    /// The value a Prism `catch (e)` binds: the bare message string for a run-time error (as
    /// in the reference, D5), the thrown value itself for `throw`.
    pub fn catch_value(&self) -> Value {
        match self {
            Exception::Error(e) => Value::from(e.message()),
            Exception::Thrown(t) => t.value.clone(),
        }
    }

    /// The run-time error, if this is one.
    pub fn as_runtime_error(&self) -> Option<&RuntimeError> {
        match self {
            Exception::Error(e) => Some(e),
            Exception::Thrown(_) => None,
        }
    }

    /// True for a value raised by `throw`.
    pub fn is_thrown(&self) -> bool {
        matches!(self, Exception::Thrown(_))
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exception::Error(e) => fmt::Display::fmt(e, f),
            Exception::Thrown(t) => {
                if let Some(loc) = &t.location {
                    write!(f, "{loc}: ")?;
                }
                write!(f, "Uncaught {}", crate::text::to_display_string(&t.value))
            }
        }
    }
}

impl std::error::Error for Exception {}

impl From<RuntimeError> for Exception {
    fn from(e: RuntimeError) -> Self {
        Exception::Error(Box::new(e))
    }
}

/// `.at(LOC)` on a result: attaches the location to the error, if any (see [`Exception::at`]).
pub trait At {
    /// Attaches `loc` to the error of this result unless it already has a location.
    fn at(self, loc: &Location) -> Self;
}

impl<T> At for Result<T, Exception> {
    #[inline]
    fn at(self, loc: &Location) -> Self {
        match self {
            Ok(v) => Ok(v),
            Err(e) => Err(e.at(loc)),
        }
    }
}

impl<T> At for Result<T, RuntimeError> {
    #[inline]
    fn at(self, loc: &Location) -> Self {
        match self {
            Ok(v) => Ok(v),
            Err(e) => Err(e.at(loc)),
        }
    }
}

/// Shorthand for `Err(Exception::error(message))`.
pub(crate) fn fail<T>(message: impl Into<String>) -> PResult<T> {
    Err(Exception::error(message))
}
