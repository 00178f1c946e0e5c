//! prism-runtime: what prismc-generated Rust links against.
//!
//! * the value model, operators and built-ins of Prism (LANGUAGE.md is the specification);
//! * [`agents`]: the gRPC transport to agents, the fan-out engine, agent selection and the
//!   registry (PLATFORM.md §1, §2, §6), and the SDK for writing agents in Rust.
//!
//! # The core API for generated code
//!
//! | Prism | Rust |
//! |---|---|
//! | literals | [`Value::Null`], `Value::from(1.5)`, `Value::from("s")`, [`Value::array`], [`Value::object`] |
//! | `a + b`, `a < b`, `a === b`, … | [`ops::add`], [`ops::lt`], [`ops::strict_eq`], … (B §4.3, §4.4) |
//! | `x ~> c`, `<~ x`, `a ~~ b`, … | [`ops::confidence`] (B §4.5) |
//! | `o.k`, `o?.k`, `o ~. k`, `o[i]` | [`get_member`], [`get_optional`], [`get_confident_member`], [`get_index`] |
//! | `o.k = v`, `o[i] = v` | [`set_member`], [`set_index`] |
//! | `f(args)` | [`call_value`] (async) / [`call_value_sync`] |
//! | `x.m(args)` | [`call_method`] (async) / [`try_call_method_sync`] |
//! | `[...xs]`, `f(...xs)`, `{...o}` | [`spread_array_literal`], [`spread_call_arg`], [`spread_object_literal`] |
//! | destructuring, `match` arms | [`destructure::destructure`], [`destructure::match_pattern`] |
//! | `uncertain if/while/for` | [`uncertain`] |
//! | `await e` | [`await_value`] |
//! | `throw v`, `catch (e)` | [`Exception::thrown`], [`Exception::catch_value`] |
//! | globals (`print`, `Math`, …) | [`Prelude::new`]`(`[`Host`]`)` then [`Prelude::get`] |
//! | errors with locations | `.at(LOC)` ([`At`]) |
//! | JSON in/out | [`Value::from_json`], [`Value::to_json`], [`json::result_to_json`], [`json::to_tagged_json`] |
//!
//! | functions, closures | [`Function::new_sync`] / [`Function::new_async`] with an [`Arity`]; captured variables in [`SharedCell`]s; arguments via [`arg_ref`] |
//! | string interpolation | [`text::write_display`] |
//!
//! Every fallible operation returns [`PResult`]; nothing in this crate panics on any input.
//!
//! A compiled `let total = results.reduce((s, r) => s + r.confidence, 0)`:
//!
//! ```
//! use prism_runtime::{ops, arg_ref, call_method, get_member, At, Arity, Function, Location, Value};
//! const LOC: &Location = &Location::new("main.prism", 1, 38);
//! # futures::executor::block_on(async {
//! let results = Value::from_json(&serde_json::json!([{"confidence": 0.5}, {"confidence": 0.25}]));
//! // A callback that cannot suspend is a synchronous function: `reduce` runs it in a tight loop.
//! let add_conf = Function::lambda(Arity::exact(2), |args| {
//!     ops::add(arg_ref(args, 0), &get_member(arg_ref(args, 1), "confidence").at(LOC)?).at(LOC)
//! });
//! let total = call_method(&results, "reduce", vec![add_conf.into(), Value::from(0.0)]).await?;
//! assert_eq!(total, Value::from(0.75));
//! # Ok::<(), prism_runtime::Exception>(())
//! # }).unwrap();
//! ```

pub mod agents;

pub mod access;
pub mod builtins;
pub mod call;
pub mod cell;
pub mod collections;
pub mod destructure;
pub mod error;
pub mod function;
pub mod host;
pub mod include;
pub mod json;
pub mod number_format;
pub mod object_map;
pub mod ops;
pub mod pattern;
pub mod prelude;
pub mod promise;
pub mod pstr;
pub mod text;
pub mod uncertain;
pub mod value;

pub use access::{
    get_confident_member, get_index, get_member, get_member_path, get_member_path_ref,
    get_optional, get_property, set_index, set_member,
};
pub use builtins::methods::{call_method, call_method_sync, try_call_method_sync};
pub use call::{
    Callback, apply_conf, call_value, call_value_sync, spread_array_literal, spread_call_arg,
    spread_object_literal,
};
pub use cell::{LocalCell, SharedCell};
pub use collections::{Array, Object, ObjectMap};
pub use error::{At, Exception, Location, PResult, RuntimeError, Thrown};
pub use function::{Arity, FnKind, Function, KeyComparator, arg, arg_ref, rest_args};
pub use host::{Clock, Host, MemorySink, OutputSink, OutputStream, StdioSink};
pub use object_map::LiteralKey;
pub use prelude::Prelude;
pub use promise::{Promise, await_value};
pub use pstr::Str;
pub use text::{print_line, to_display_string};
pub use value::{Conf, Value};

// Enabled by the crates prismc generates for pattern executables (see Cargo.toml).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
