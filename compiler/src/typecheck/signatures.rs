//! The signature table of the built-ins (B §4.13, D7): global functions, namespace members
//! (`Math`, `JSON`, `Object`, `Array`, `console`, `Promise`, `Date`) and the methods of arrays
//! and strings. It is plain data so the primitive library can add entries: a name, its
//! parameters (type, optional, rest), the result type and, for built-ins that check their
//! argument count at run time, the run-time message.

use super::types::{FnKind, FnTy, Ty};
use std::rc::Rc;

/// The type of a parameter or a result, as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Any,
    Number,
    String,
    Bool,
    Null,
    Array,
    StringArray,
    Object,
    Function,
    /// A confident value of any kind.
    Confident,
}

impl T {
    pub fn ty(self) -> Ty {
        match self {
            T::Any | T::Function | T::Confident => Ty::Dynamic,
            T::Number => Ty::number(),
            T::String => Ty::String,
            T::Bool => Ty::Bool,
            T::Null => Ty::Null,
            T::Array => Ty::array(Ty::Dynamic, None),
            T::StringArray => Ty::array(Ty::String, None),
            T::Object => Ty::object(Vec::new(), false, None),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub ty: T,
    pub optional: bool,
    pub rest: bool,
}

const fn p(name: &'static str, ty: T) -> Param {
    Param { name, ty, optional: false, rest: false }
}
const fn opt(name: &'static str, ty: T) -> Param {
    Param { name, ty, optional: true, rest: false }
}
const fn rest(name: &'static str, ty: T) -> Param {
    Param { name, ty, optional: true, rest: true }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    pub name: &'static str,
    pub params: &'static [Param],
    pub ret: T,
    /// The run-time message of a wrong argument count, for built-ins that check their count;
    /// `None`: extra arguments are ignored and missing ones are null, as in JavaScript.
    pub arity_message: Option<&'static str>,
}

const fn sig(name: &'static str, params: &'static [Param], ret: T) -> Signature {
    Signature { name, params, ret, arity_message: None }
}
const fn strict(
    name: &'static str,
    params: &'static [Param],
    ret: T,
    message: &'static str,
) -> Signature {
    Signature { name, params, ret, arity_message: Some(message) }
}

impl Signature {
    /// Fewest and most arguments (`None`: any number).
    pub fn arity(&self) -> (usize, Option<usize>) {
        let min = self.params.iter().filter(|p| !p.optional).count();
        let max = if self.params.iter().any(|p| p.rest) { None } else { Some(self.params.len()) };
        (min, max)
    }

    /// The function type of this built-in.
    pub fn fn_ty(&self) -> Ty {
        let (min, max) = self.arity();
        let kind = match self.arity_message {
            Some(message) => FnKind::Builtin(message),
            // Not checked: accept any count.
            None => {
                return Ty::Function(Rc::new(FnTy {
                    min: 0,
                    max: None,
                    kind: FnKind::Builtin(""),
                    ret: self.ret.ty(),
                    function: None,
                    decl: None,
                }));
            }
        };
        Ty::Function(Rc::new(FnTy {
            min,
            max,
            kind,
            ret: self.ret.ty(),
            function: None,
            decl: None,
        }))
    }
}

/// Global built-in functions (B §4.13 and D7).
pub static GLOBALS: &[Signature] = &[
    sig("print", &[rest("values", T::Any)], T::Null),
    strict(
        "map",
        &[p("array", T::Array), p("fn", T::Function)],
        T::Array,
        "map() requires exactly 2 arguments: array and function",
    ),
    strict(
        "filter",
        &[p("array", T::Array), p("fn", T::Function)],
        T::Array,
        "filter() requires exactly 2 arguments: array and predicate",
    ),
    strict(
        "reduce",
        &[p("array", T::Array), p("fn", T::Function), opt("init", T::Any)],
        T::Any,
        "reduce() requires 2 or 3 arguments: array, reducer, and optional initial value",
    ),
    strict(
        "max",
        &[p("first", T::Number), rest("more", T::Number)],
        T::Any,
        "max() requires at least one argument",
    ),
    strict(
        "min",
        &[p("first", T::Number), rest("more", T::Number)],
        T::Any,
        "min() requires at least one argument",
    ),
    strict(
        "confidence",
        &[p("threshold", T::Number)],
        T::Function,
        "confidence() requires exactly one argument: threshold",
    ),
    strict(
        "threshold",
        &[p("min", T::Number)],
        T::Function,
        "threshold() requires exactly one argument: minimum confidence",
    ),
    sig("consensus", &[p("array", T::Array), opt("options", T::Object)], T::Any),
    sig("aggregate", &[p("array", T::Array), opt("options", T::Object)], T::Confident),
    strict(
        "sortBy",
        &[p("key", T::Any), opt("direction", T::String)],
        T::Function,
        "sortBy() requires 1-2 arguments: key [, direction]",
    ),
    strict(
        "groupBy",
        &[p("key", T::Any)],
        T::Function,
        "groupBy() requires exactly one argument: key or function",
    ),
    strict(
        "debounce",
        &[p("ms", T::Number)],
        T::Function,
        "debounce() requires exactly one argument: delay in milliseconds",
    ),
    strict(
        "delay",
        &[p("ms", T::Number)],
        T::Any,
        "delay() requires exactly one argument: milliseconds",
    ),
    strict(
        "sleep",
        &[p("ms", T::Number)],
        T::Any,
        "sleep() requires exactly one argument: milliseconds",
    ),
    sig("llm", &[p("prompt", T::String), opt("options", T::Object)], T::Confident),
    sig("stream_llm", &[rest("args", T::Any)], T::Any),
    sig("Number", &[opt("value", T::Any)], T::Number),
    sig("String", &[opt("value", T::Any)], T::String),
    sig("Boolean", &[opt("value", T::Any)], T::Bool),
    sig("parseInt", &[p("text", T::Any), opt("radix", T::Number)], T::Number),
    sig("parseFloat", &[p("text", T::Any)], T::Number),
    sig("isNaN", &[p("value", T::Any)], T::Bool),
];

/// Members of the built-in namespaces: (namespace, member).
pub static MEMBERS: &[(&str, Signature)] = &[
    ("console", sig("log", &[rest("values", T::Any)], T::Null)),
    ("console", sig("warn", &[rest("values", T::Any)], T::Null)),
    ("console", sig("error", &[rest("values", T::Any)], T::Null)),
    ("console", sig("debug", &[rest("values", T::Any)], T::Null)),
    ("console", sig("info", &[rest("values", T::Any)], T::Null)),
    ("Math", sig("abs", &[p("x", T::Number)], T::Number)),
    ("Math", sig("min", &[rest("values", T::Number)], T::Number)),
    ("Math", sig("max", &[rest("values", T::Number)], T::Number)),
    ("Math", sig("floor", &[p("x", T::Number)], T::Number)),
    ("Math", sig("ceil", &[p("x", T::Number)], T::Number)),
    ("Math", sig("round", &[p("x", T::Number)], T::Number)),
    ("Math", sig("sqrt", &[p("x", T::Number)], T::Number)),
    ("Math", sig("pow", &[p("x", T::Number), p("y", T::Number)], T::Number)),
    ("Math", sig("log", &[p("x", T::Number)], T::Number)),
    ("Math", sig("exp", &[p("x", T::Number)], T::Number)),
    ("Math", sig("random", &[], T::Number)),
    (
        "JSON",
        sig(
            "stringify",
            &[p("value", T::Any), opt("replacer", T::Any), opt("indent", T::Any)],
            T::String,
        ),
    ),
    ("JSON", sig("parse", &[p("text", T::String)], T::Any)),
    ("Object", sig("keys", &[p("object", T::Object)], T::StringArray)),
    ("Object", sig("values", &[p("object", T::Object)], T::Array)),
    ("Object", sig("entries", &[p("object", T::Object)], T::Array)),
    ("Object", sig("assign", &[p("target", T::Object), rest("sources", T::Object)], T::Any)),
    ("Array", sig("isArray", &[p("value", T::Any)], T::Bool)),
    ("Date", sig("now", &[], T::Number)),
    (
        "Promise",
        strict(
            "resolve",
            &[p("value", T::Any)],
            T::Any,
            "Promise.resolve() requires exactly one argument",
        ),
    ),
    (
        "Promise",
        strict(
            "reject",
            &[p("value", T::Any)],
            T::Any,
            "Promise.reject() requires exactly one argument",
        ),
    ),
    ("Promise", sig("all", &[p("promises", T::Array)], T::Any)),
];

/// Methods of arrays (B §4.6, D6, D7).
pub static ARRAY_METHODS: &[Signature] = &[
    strict(
        "map",
        &[p("fn", T::Function)],
        T::Array,
        "Array.map() requires exactly 1 argument: function",
    ),
    strict(
        "filter",
        &[p("fn", T::Function)],
        T::Array,
        "Array.filter() requires exactly 1 argument: predicate",
    ),
    strict(
        "forEach",
        &[p("fn", T::Function)],
        T::Null,
        "Array.forEach() requires exactly 1 argument: function",
    ),
    strict(
        "reduce",
        &[p("fn", T::Function), opt("init", T::Any)],
        T::Any,
        "Array.reduce() requires 1 or 2 arguments: reducer and optional initial value",
    ),
    strict(
        "join",
        &[opt("separator", T::String)],
        T::String,
        "Array.join() requires 0 or 1 argument",
    ),
    sig("push", &[rest("items", T::Any)], T::Array),
    sig("pop", &[], T::Any),
    sig("shift", &[], T::Any),
    sig("unshift", &[rest("items", T::Any)], T::Number),
    sig("find", &[p("fn", T::Function)], T::Any),
    sig("findIndex", &[p("fn", T::Function)], T::Number),
    sig("some", &[p("fn", T::Function)], T::Bool),
    sig("every", &[p("fn", T::Function)], T::Bool),
    sig("includes", &[p("value", T::Any)], T::Bool),
    sig("indexOf", &[p("value", T::Any)], T::Number),
    sig("lastIndexOf", &[p("value", T::Any)], T::Number),
    sig("slice", &[opt("start", T::Number), opt("end", T::Number)], T::Array),
    sig("concat", &[rest("items", T::Any)], T::Array),
    sig("sort", &[opt("compare", T::Function)], T::Array),
    sig("reverse", &[], T::Array),
    sig("flat", &[opt("depth", T::Number)], T::Array),
    sig("flatMap", &[p("fn", T::Function)], T::Array),
];

/// Methods of strings (D7).
pub static STRING_METHODS: &[Signature] = &[
    sig("includes", &[p("text", T::String)], T::Bool),
    sig("startsWith", &[p("text", T::String)], T::Bool),
    sig("endsWith", &[p("text", T::String)], T::Bool),
    sig("indexOf", &[p("text", T::String)], T::Number),
    sig("slice", &[opt("start", T::Number), opt("end", T::Number)], T::String),
    sig("substring", &[opt("start", T::Number), opt("end", T::Number)], T::String),
    sig("split", &[opt("separator", T::String)], T::StringArray),
    sig("trim", &[], T::String),
    sig("toUpperCase", &[], T::String),
    sig("toLowerCase", &[], T::String),
    sig("replace", &[p("from", T::Any), p("to", T::Any)], T::String),
    sig("replaceAll", &[p("from", T::Any), p("to", T::Any)], T::String),
    sig("repeat", &[p("count", T::Number)], T::String),
    sig("padStart", &[p("length", T::Number), opt("fill", T::String)], T::String),
    sig("padEnd", &[p("length", T::Number), opt("fill", T::String)], T::String),
    sig("charAt", &[p("index", T::Number)], T::String),
];

/// Array methods that change the receiver in place (D6): a variable whose array is passed to
/// one of them loses its literal length.
pub const MUTATING_METHODS: &[&str] =
    &["push", "pop", "shift", "unshift", "sort", "reverse", "splice", "fill"];

pub fn global(name: &str) -> Option<&'static Signature> {
    GLOBALS.iter().find(|s| s.name == name)
}

pub fn member(namespace: &str, name: &str) -> Option<&'static Signature> {
    MEMBERS.iter().find(|(ns, s)| *ns == namespace && s.name == name).map(|(_, s)| s)
}

pub fn array_method(name: &str) -> Option<&'static Signature> {
    ARRAY_METHODS.iter().find(|s| s.name == name)
}

pub fn string_method(name: &str) -> Option<&'static Signature> {
    STRING_METHODS.iter().find(|s| s.name == name)
}
