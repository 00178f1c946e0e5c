//! Function values (B §3.5, §4.7, D5, D7): user functions and lambdas compiled by prismc, and
//! built-ins.
//!
//! A function holds either a **synchronous** body (`Fn(&[Value]) -> PResult`) or an
//! **asynchronous** one (`Fn(Vec<Value>) -> BoxFuture<PResult>`), plus its name, its declared
//! [`Arity`] and its [`FnKind`]. [`Function::call`] works for both; [`Function::try_call_sync`]
//! is the synchronous fast path. Higher-order built-ins are *hybrid*: asynchronous in general,
//! but they complete without suspending when every function they receive is synchronous, so
//! they can also be called synchronously.
//!
//! The body receives the arguments after the arity check (strict for direct calls,
//! [`Function::call_checked`]) or after adaptation by a built-in (D7: extra arguments dropped,
//! missing ones padded with null). A body with default parameters (D5) may still receive fewer
//! arguments than it declares: read arguments with [`arg`] / [`arg_ref`], which give null for a
//! missing one.

use std::fmt;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;

use crate::error::{Exception, PResult, fail};
use crate::pstr::Str;
use crate::value::Value;

/// A synchronous function body.
pub type SyncFn = dyn Fn(&[Value]) -> PResult + Send + Sync;
/// An asynchronous function body.
pub type AsyncFn = dyn Fn(Vec<Value>) -> BoxFuture<'static, PResult> + Send + Sync;

/// What kind of function this is; decides the wording of arity errors (B §4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnKind {
    /// A lambda or function expression: `Lambda expects N arguments, got M`.
    Lambda,
    /// A named function declaration: `Function expects N arguments, got M`.
    Named,
    /// A built-in: checks its own argument count.
    Builtin,
}

/// The declared parameters of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arity {
    /// Parameters without a default value (D5); a direct call needs at least this many.
    pub required: usize,
    /// Declared parameters before any rest parameter (with or without default).
    pub params: usize,
    /// True if there is a final `...rest` parameter.
    pub rest: bool,
}

impl Arity {
    /// Exactly `n` parameters.
    pub const fn exact(n: usize) -> Arity {
        Arity { required: n, params: n, rest: false }
    }

    /// `n` parameters followed by a rest parameter.
    pub const fn with_rest(n: usize) -> Arity {
        Arity { required: n, params: n, rest: true }
    }

    /// `params` parameters of which the first `required` have no default value (D5).
    pub const fn with_defaults(required: usize, params: usize) -> Arity {
        Arity { required, params, rest: false }
    }

    /// Any number of arguments (built-ins that check their own count).
    pub const fn variadic() -> Arity {
        Arity { required: 0, params: 0, rest: true }
    }

    /// How many of `provided` arguments a built-in passes to a callback with this arity (D7:
    /// callbacks may declare fewer or more parameters than are passed).
    #[inline]
    pub fn adapt(&self, provided: usize) -> usize {
        if self.rest { provided } else { provided.min(self.params) }
    }
}

enum Body {
    Sync(Box<SyncFn>),
    Async(Box<AsyncFn>),
    Hybrid(Box<AsyncFn>),
}

struct FnInner {
    name: Str,
    kind: FnKind,
    arity: Arity,
    body: Body,
    key_comparator: Option<KeyComparator>,
    key_sum: Option<&'static [&'static str]>,
}

/// What a comparator of the form `(a, b) => K(b) - K(a)` (descending) or `(a, b) => K(a) - K(b)`
/// (ascending) computes, where `K(x)` reads the property chain `path` of `x` (`x.weight`,
/// `x.result.score`; an empty path is `x` itself). prismc attaches it to such lambdas so that
/// `sort` can read every element's key once instead of twice per comparison; `sort` still
/// calls the lambda itself unless every key is a plain number, so the description only has to
/// be right for plain-number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyComparator {
    /// The property names read from each argument, outermost first.
    pub path: &'static [&'static str],
    /// True for `K(b) - K(a)`, false for `K(a) - K(b)`.
    pub descending: bool,
}

impl KeyComparator {
    /// `(a, b) => K(a) - K(b)`.
    pub const fn ascending(path: &'static [&'static str]) -> KeyComparator {
        KeyComparator { path, descending: false }
    }

    /// `(a, b) => K(b) - K(a)`.
    pub const fn descending(path: &'static [&'static str]) -> KeyComparator {
        KeyComparator { path, descending: true }
    }
}

/// A Prism function value. Clone is a refcount bump.
#[derive(Clone)]
pub struct Function(Arc<FnInner>);

impl Function {
    fn make(name: impl Into<Str>, kind: FnKind, arity: Arity, body: Body) -> Function {
        let name = name.into();
        Function(Arc::new(FnInner { name, kind, arity, body, key_comparator: None, key_sum: None }))
    }

    /// The same function, declared to compute `comparator` (see [`KeyComparator`]). Only for a
    /// function just made (a shared one is returned unchanged).
    pub fn with_key_comparator(mut self, comparator: KeyComparator) -> Function {
        if let Some(inner) = Arc::get_mut(&mut self.0) {
            inner.key_comparator = Some(comparator);
        }
        self
    }

    /// What this function computes as a comparator, if prismc recognised it.
    #[inline]
    pub fn key_comparator(&self) -> Option<KeyComparator> {
        self.0.key_comparator
    }

    /// The same function, declared to be the reducer `(acc, x) => acc + K(x)`, where `K(x)`
    /// reads the property chain `path` of `x` (`x.weight`): `reduce` may then add the keys
    /// itself, calling the function only for an element whose key or sum fails (to raise its
    /// error). Only for a function just made (a shared one is returned unchanged).
    pub fn with_key_sum(mut self, path: &'static [&'static str]) -> Function {
        if let Some(inner) = Arc::get_mut(&mut self.0) {
            inner.key_sum = Some(path);
        }
        self
    }

    /// The property chain this function sums as a reducer, if prismc recognised it.
    #[inline]
    pub fn key_sum(&self) -> Option<&'static [&'static str]> {
        self.0.key_sum
    }

    /// A synchronous user function or lambda. `name` is the declared name, `lambda` for
    /// lambdas (their text form is `[Function: lambda]`).
    pub fn new_sync<F>(name: impl Into<Str>, kind: FnKind, arity: Arity, f: F) -> Function
    where
        F: Fn(&[Value]) -> PResult + Send + Sync + 'static,
    {
        Function::make(name, kind, arity, Body::Sync(Box::new(f)))
    }

    /// An asynchronous user function or lambda (its body may suspend on agent I/O).
    pub fn new_async<F>(name: impl Into<Str>, kind: FnKind, arity: Arity, f: F) -> Function
    where
        F: Fn(Vec<Value>) -> BoxFuture<'static, PResult> + Send + Sync + 'static,
    {
        Function::make(name, kind, arity, Body::Async(Box::new(f)))
    }

    /// A synchronous lambda named `lambda`.
    pub fn lambda<F>(arity: Arity, f: F) -> Function
    where
        F: Fn(&[Value]) -> PResult + Send + Sync + 'static,
    {
        Function::new_sync("lambda", FnKind::Lambda, arity, f)
    }

    /// A synchronous built-in taking any number of arguments.
    pub fn builtin<F>(name: impl Into<Str>, f: F) -> Function
    where
        F: Fn(&[Value]) -> PResult + Send + Sync + 'static,
    {
        Function::new_sync(name, FnKind::Builtin, Arity::variadic(), f)
    }

    /// An asynchronous built-in (its future may suspend, e.g. on a promise or an agent).
    pub fn builtin_async<F>(name: impl Into<Str>, f: F) -> Function
    where
        F: Fn(Vec<Value>) -> BoxFuture<'static, PResult> + Send + Sync + 'static,
    {
        Function::make(name, FnKind::Builtin, Arity::variadic(), Body::Async(Box::new(f)))
    }

    /// A higher-order built-in: asynchronous, but it suspends only by awaiting the functions
    /// it receives as arguments, so it completes synchronously when they are all synchronous.
    pub fn builtin_hybrid<F>(name: impl Into<Str>, f: F) -> Function
    where
        F: Fn(Vec<Value>) -> BoxFuture<'static, PResult> + Send + Sync + 'static,
    {
        Function::make(name, FnKind::Builtin, Arity::variadic(), Body::Hybrid(Box::new(f)))
    }

    /// The name (`lambda` for lambdas).
    pub fn name(&self) -> &str {
        self.0.name.as_str()
    }

    /// The name as a shared string.
    pub fn name_str(&self) -> &Str {
        &self.0.name
    }

    /// The kind.
    pub fn kind(&self) -> FnKind {
        self.0.kind
    }

    /// The declared arity.
    pub fn arity(&self) -> Arity {
        self.0.arity
    }

    /// True if the body is synchronous (always completes without suspending).
    pub fn is_sync(&self) -> bool {
        matches!(self.0.body, Body::Sync(_))
    }

    /// True if the body may suspend whatever its arguments (a plain async body).
    pub fn is_async(&self) -> bool {
        matches!(self.0.body, Body::Async(_))
    }

    /// The synchronous body, if any.
    #[inline]
    pub fn sync_fn(&self) -> Option<&SyncFn> {
        match &self.0.body {
            Body::Sync(f) => Some(&**f),
            _ => None,
        }
    }

    /// True if both handles are the same function object.
    pub fn ptr_eq(a: &Function, b: &Function) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// Checks a direct call's argument count (B §4.7, D5): exact for plain parameters, at least
    /// `required` with a rest parameter or defaults. Built-ins are not checked here.
    pub fn check_arity(&self, provided: usize) -> PResult<()> {
        let a = self.0.arity;
        let who = match self.0.kind {
            FnKind::Builtin => return Ok(()),
            FnKind::Lambda => "Lambda",
            FnKind::Named => "Function",
        };
        if a.rest {
            if provided < a.required {
                return fail(format!(
                    "{who} expects at least {} arguments, got {provided}",
                    a.required
                ));
            }
        } else if a.required == a.params {
            if provided != a.params {
                return fail(format!("{who} expects {} arguments, got {provided}", a.params));
            }
        } else if provided < a.required {
            return fail(format!(
                "{who} expects at least {} arguments, got {provided}",
                a.required
            ));
        } else if provided > a.params {
            return fail(format!("{who} expects at most {} arguments, got {provided}", a.params));
        }
        Ok(())
    }

    /// Calls the body with `args`, no arity check (works for sync and async bodies).
    pub async fn call(&self, args: Vec<Value>) -> PResult {
        match &self.0.body {
            Body::Sync(f) => f(&args),
            Body::Async(f) | Body::Hybrid(f) => f(args).await,
        }
    }

    /// Calls the body with borrowed `args` (no vector is allocated for a synchronous body).
    pub async fn call_slice(&self, args: &[Value]) -> PResult {
        match &self.0.body {
            Body::Sync(f) => f(args),
            Body::Async(f) | Body::Hybrid(f) => f(args.to_vec()).await,
        }
    }

    /// A direct call: checks the arity strictly ([`Function::check_arity`]), then calls.
    pub async fn call_checked(&self, args: Vec<Value>) -> PResult {
        self.check_arity(args.len())?;
        self.call(args).await
    }

    /// The synchronous fast path: `Some(result)` if the call can complete without suspending
    /// (a sync body, or a hybrid built-in whose function arguments are all synchronous),
    /// `None` if it must be awaited with [`Function::call`]. No arity check.
    pub fn try_call_sync(&self, args: &[Value]) -> Option<PResult> {
        match &self.0.body {
            Body::Sync(f) => Some(f(args)),
            Body::Async(_) => None,
            Body::Hybrid(f) => {
                if args.iter().any(holds_async_function) {
                    return None;
                }
                Some(f(args.to_vec()).now_or_never().unwrap_or_else(|| {
                    Err(Exception::error("internal error: a synchronous call suspended"))
                }))
            }
        }
    }

    /// True if calling this with `args` may suspend (see [`Function::try_call_sync`]).
    pub fn may_suspend_with(&self, args: &[Value]) -> bool {
        match &self.0.body {
            Body::Sync(_) => false,
            Body::Async(_) => true,
            Body::Hybrid(_) => args.iter().any(holds_async_function),
        }
    }
}

/// True if `v` is, wraps, or directly contains (array element or object property) a function
/// that may suspend.
pub(crate) fn holds_async_function(v: &Value) -> bool {
    fn is_async_fn(v: &Value) -> bool {
        match v.strip_confidence() {
            Value::Function(f) => !f.is_sync(),
            _ => false,
        }
    }
    match v.strip_confidence() {
        Value::Function(f) => !f.is_sync(),
        Value::Array(a) => a.read().iter().any(is_async_fn),
        Value::Object(o) => o.read().values().any(is_async_fn),
        _ => false,
    }
}

static NULL: Value = Value::Null;

/// Argument `i`, or `null` if it was not passed (missing arguments read as null).
#[inline]
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

/// Argument `i` borrowed (`null` if it was not passed): no reference count is touched, which
/// matters in callbacks run 10,000 times by `reduce` or `sort`. Clone it only to store it.
#[inline]
pub fn arg_ref(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&NULL)
}

/// The arguments from index `from` on, as a new array value (a rest parameter).
pub fn rest_args(args: &[Value], from: usize) -> Value {
    Value::array(args.get(from..).map(<[Value]>::to_vec).unwrap_or_default())
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[Function: {}]", self.name())
    }
}
