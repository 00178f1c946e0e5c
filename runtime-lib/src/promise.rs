//! Promises (B §4.14): what `delay`, `sleep`, `Promise.resolve/reject` and debounced functions
//! return. `await e` waits for a promise and returns any other value unchanged
//! ([`await_value`]). A promise can be awaited any number of times; it runs once.

use std::future::Future;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};

use crate::error::{Exception, PResult};
use crate::value::Value;

/// A shared, lazily driven future of a Prism value. Its text form is `[Promise]`, `typeof`
/// gives `unknown`, it is always truthy and never equal to anything.
#[derive(Clone)]
pub struct Promise(Arc<Shared<BoxFuture<'static, PResult>>>);

impl Promise {
    /// A promise of the outcome of `fut`.
    pub fn new(fut: impl Future<Output = PResult> + Send + 'static) -> Promise {
        Promise(Arc::new(fut.boxed().shared()))
    }

    /// A promise fulfilled with `v` (`Promise.resolve(v)`).
    pub fn resolved(v: Value) -> Promise {
        Promise::new(futures::future::ready(Ok(v)))
    }

    /// A promise rejected with `reason` (`Promise.reject(v)`; awaiting it throws `reason`).
    pub fn rejected(reason: Value) -> Promise {
        Promise::new(futures::future::ready(Err(Exception::thrown(reason))))
    }

    /// Waits for the outcome.
    pub async fn wait(&self) -> PResult {
        (*self.0).clone().await
    }
}

/// `await v`: the promise's outcome if `v` is a promise, `v` itself otherwise (B §4.14).
pub async fn await_value(v: Value) -> PResult {
    match v {
        Value::Promise(p) => p.wait().await,
        other => Ok(other),
    }
}
