//! The global bindings every Prism program starts with (B §4.13, D7), created from a
//! [`Host`].
//!
//! Generated code builds one [`Prelude`] per run and reads each global it uses by name:
//!
//! ```
//! use prism_runtime::{Host, Prelude};
//! let prelude = Prelude::new(Host::stdio());
//! let math = prelude.get("Math").unwrap();
//! assert!(prelude.get("console").is_some() && prelude.get("nope").is_none());
//! # let _ = math;
//! ```
//!
//! Globals are ordinary values: a program may shadow or reassign them (D12).

use std::sync::Arc;

use indexmap::IndexMap;

use crate::builtins::{globals, json, math, object, reference};
use crate::host::Host;
use crate::value::Value;

/// Every global name the prelude defines, in a stable order.
pub const GLOBAL_NAMES: &[&str] = &[
    "print",
    "console",
    "map",
    "filter",
    "reduce",
    "max",
    "min",
    "confidence",
    "threshold",
    "consensus",
    "aggregate",
    "sortBy",
    "groupBy",
    "debounce",
    "delay",
    "sleep",
    "Promise",
    "llm",
    "stream_llm",
    "Math",
    "JSON",
    "Object",
    "Array",
    "Number",
    "String",
    "Boolean",
    "parseInt",
    "parseFloat",
    "isNaN",
    "Date",
];

/// The globals of one program run, bound to a host.
#[derive(Debug)]
pub struct Prelude {
    host: Arc<Host>,
    globals: IndexMap<&'static str, Value>,
}

impl Prelude {
    /// Creates every global, bound to `host` (output, randomness, time).
    pub fn new(host: Arc<Host>) -> Prelude {
        let f = Value::Function;
        let delay = f(globals::delay());
        let entries: Vec<(&'static str, Value)> = vec![
            ("print", f(globals::print(&host))),
            ("console", globals::console(&host)),
            ("map", f(reference::map())),
            ("filter", f(reference::filter())),
            ("reduce", f(reference::reduce())),
            ("max", f(reference::max())),
            ("min", f(reference::min())),
            ("confidence", f(reference::confidence())),
            ("threshold", f(reference::threshold())),
            ("consensus", f(reference::consensus())),
            ("aggregate", f(reference::aggregate())),
            ("sortBy", f(reference::sort_by())),
            ("groupBy", f(reference::group_by())),
            ("debounce", f(reference::debounce())),
            ("delay", delay.clone()),
            ("sleep", delay),
            ("Promise", globals::promise_object()),
            ("llm", f(globals::llm("llm"))),
            ("stream_llm", f(globals::llm("stream_llm"))),
            ("Math", math::math_object(&host)),
            ("JSON", json::json_object()),
            ("Object", object::object_object()),
            ("Array", globals::array_object()),
            ("Number", f(globals::number())),
            ("String", f(globals::string())),
            ("Boolean", f(globals::boolean())),
            ("parseInt", f(globals::parse_int_fn())),
            ("parseFloat", f(globals::parse_float_fn())),
            ("isNaN", f(globals::is_nan())),
            ("Date", globals::date_object(&host)),
        ];
        Prelude { host, globals: entries.into_iter().collect() }
    }

    /// The global `name`, if the prelude defines it (a clone of the shared value).
    pub fn get(&self, name: &str) -> Option<Value> {
        self.globals.get(name).cloned()
    }

    /// The defined names, in [`GLOBAL_NAMES`] order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.globals.keys().copied()
    }

    /// The host the prelude is bound to.
    pub fn host(&self) -> &Arc<Host> {
        &self.host
    }
}
