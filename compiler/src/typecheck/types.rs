//! The type lattice of the checker.
//!
//! `Dynamic` is the top: anything, including confident values. Every other type describes the
//! value exactly as far as it goes; the checker reports an error only for operations that fail
//! for every value of a (non-union, non-dynamic) type.

use crate::span::Span;
use std::rc::Rc;

/// How many members a union keeps before it becomes `Dynamic`.
const MAX_UNION: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// Unknown: data from agents, schemaless input, parameters, anything the checker cannot follow.
    Dynamic,
    /// A number, with its value when it is a known constant.
    Number(Option<f64>),
    String,
    Bool,
    Null,
    Array(Rc<ArrayTy>),
    Object(Rc<Shape>),
    Function(Rc<FnTy>),
    /// A confident value, with its confidence when known.
    Confident(Rc<Ty>, Option<f64>),
    /// One of several types (never nested, never containing `Dynamic`).
    Union(Rc<Vec<Ty>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArrayTy {
    pub elem: Ty,
    /// The exact length, when the array is a literal nobody can have changed.
    pub len: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Object keys are mostly identifiers, whose text the parser shares.
    pub fields: Vec<(Rc<str>, Ty)>,
    /// Closed: exactly these keys (an object literal of this file, or `@input` with
    /// `additionalProperties: false`). Open: at least these.
    pub closed: bool,
    /// Where the shape comes from (an object literal, the header), for secondary labels.
    pub origin: Option<Span>,
    pub what: &'static str,
}

/// A callable: user function, lambda or built-in.
#[derive(Debug, Clone, PartialEq)]
pub struct FnTy {
    pub min: usize,
    /// `None`: a rest parameter.
    pub max: Option<usize>,
    pub kind: FnKind,
    pub ret: Ty,
    /// The user function's id (for liveness), by resolution.
    pub function: Option<crate::resolve::FunctionId>,
    /// Where it is declared (secondary label).
    pub decl: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnKind {
    Function,
    Lambda,
    /// A built-in; the message on a wrong count is its own (signature table).
    Builtin(&'static str),
}

impl Ty {
    pub fn array(elem: Ty, len: Option<usize>) -> Ty {
        Ty::Array(Rc::new(ArrayTy { elem, len }))
    }

    pub fn confident(inner: Ty, c: Option<f64>) -> Ty {
        match inner {
            Ty::Dynamic => Ty::Dynamic,
            other => Ty::Confident(Rc::new(other), c),
        }
    }

    pub fn object(fields: Vec<(Rc<str>, Ty)>, closed: bool, origin: Option<Span>) -> Ty {
        Ty::Object(Rc::new(Shape { fields, closed, origin, what: "object" }))
    }

    pub fn number() -> Ty {
        Ty::Number(None)
    }

    /// The run-time type name used in messages (`number string boolean null array object
    /// function confident`), or `None` when not a single known kind.
    pub fn kind_name(&self) -> Option<&'static str> {
        Some(match self {
            Ty::Number(_) => "number",
            Ty::String => "string",
            Ty::Bool => "boolean",
            Ty::Null => "null",
            Ty::Array(_) => "array",
            Ty::Object(_) => "object",
            Ty::Function(_) => "function",
            Ty::Confident(..) => "confident",
            Ty::Dynamic | Ty::Union(_) => return None,
        })
    }

    /// The value with every confidence layer removed, for the ordinary operators that unwrap
    /// their operands (B §4.4).
    pub fn base(&self) -> &Ty {
        let mut t = self;
        while let Ty::Confident(inner, _) = t {
            t = inner;
        }
        t
    }

    /// Whether a value of this type may be confident (at its outer layer).
    pub fn may_be_confident(&self) -> bool {
        match self {
            Ty::Dynamic | Ty::Confident(..) => true,
            Ty::Union(members) => members.iter().any(Ty::may_be_confident),
            _ => false,
        }
    }

    /// Whether every value of this type is confident.
    pub fn is_confident(&self) -> bool {
        match self {
            Ty::Confident(..) => true,
            Ty::Union(members) => members.iter().all(Ty::is_confident),
            _ => false,
        }
    }

    /// A known constant number.
    pub fn const_number(&self) -> Option<f64> {
        match self {
            Ty::Number(v) => *v,
            _ => None,
        }
    }

    fn members(&self) -> &[Ty] {
        match self {
            Ty::Union(members) => members,
            other => std::slice::from_ref(other),
        }
    }

    pub fn may_be_null(&self) -> bool {
        matches!(self, Ty::Dynamic) || self.members().iter().any(|m| matches!(m, Ty::Null))
    }

    /// Removes `null` (after `x != null`, `if (x)`, `x ?? d`, `x?.k`).
    pub fn non_null(&self) -> Ty {
        match self {
            Ty::Null => Ty::Dynamic,
            Ty::Union(members) => {
                let rest: Vec<Ty> =
                    members.iter().filter(|m| !matches!(m, Ty::Null)).cloned().collect();
                union_of(rest)
            }
            other => other.clone(),
        }
    }

    /// Keeps the members whose `typeof` may be `name` (B §4.1); `Dynamic` stays dynamic.
    pub fn narrow_typeof(&self, name: &str, keep: bool) -> Ty {
        match self {
            Ty::Union(members) => {
                let rest: Vec<Ty> = members
                    .iter()
                    .filter(|m| match typeof_name(m) {
                        Some(n) => (n == name) == keep,
                        None => true,
                    })
                    .cloned()
                    .collect();
                if rest.is_empty() { Ty::Dynamic } else { union_of(rest) }
            }
            other => other.clone(),
        }
    }

    /// The type as seen through an alias that may have been mutated: arrays lose their
    /// length and element types, objects become open with no known fields.
    pub fn opened(&self) -> Ty {
        match self {
            Ty::Array(_) => Ty::array(Ty::Dynamic, None),
            Ty::Object(shape) => Ty::Object(Rc::new(Shape {
                fields: Vec::new(),
                closed: false,
                origin: None,
                what: shape.what,
            })),
            Ty::Confident(inner, c) => Ty::Confident(Rc::new(inner.opened()), *c),
            Ty::Union(members) => union_of(members.iter().map(Ty::opened).collect()),
            other => other.clone(),
        }
    }

    /// The type stored in a container: values that could be aliased become dynamic, so only
    /// the variable holding a literal keeps its exact shape.
    pub fn stored(&self) -> Ty {
        match self {
            Ty::Array(_) | Ty::Object(_) => Ty::Dynamic,
            Ty::Confident(inner, c) => match inner.stored() {
                Ty::Dynamic => Ty::Dynamic,
                t => Ty::Confident(Rc::new(t), *c),
            },
            Ty::Union(members)
                if members.iter().any(|m| matches!(m, Ty::Array(_) | Ty::Object(_))) =>
            {
                Ty::Dynamic
            }
            other => other.clone(),
        }
    }
}

/// `typeof` of a value of this type, when known.
pub fn typeof_name(t: &Ty) -> Option<&'static str> {
    match t {
        Ty::Confident(inner, _) => match &**inner {
            Ty::Confident(..) => Some("unknown"),
            other => typeof_name(other),
        },
        Ty::Dynamic | Ty::Union(_) => None,
        other => other.kind_name(),
    }
}

fn union_of(mut members: Vec<Ty>) -> Ty {
    match members.len() {
        0 => Ty::Dynamic,
        1 => members.pop().unwrap_or(Ty::Dynamic),
        _ => Ty::Union(Rc::new(members)),
    }
}

/// The least upper bound: a value of either type.
pub fn join(a: &Ty, b: &Ty) -> Ty {
    if a == b {
        return a.clone();
    }
    match (a, b) {
        (Ty::Dynamic, _) | (_, Ty::Dynamic) => Ty::Dynamic,
        (Ty::Number(_), Ty::Number(_)) => Ty::Number(None),
        (Ty::Confident(x, c1), Ty::Confident(y, c2)) => {
            let c = if c1 == c2 { *c1 } else { None };
            match join(x, y) {
                Ty::Dynamic => Ty::Dynamic,
                inner => Ty::Confident(Rc::new(inner), c),
            }
        }
        (Ty::Array(x), Ty::Array(y)) => {
            let len = if x.len == y.len { x.len } else { None };
            Ty::array(join(&x.elem, &y.elem), len)
        }
        _ => {
            let mut members: Vec<Ty> = a.members().to_vec();
            for m in b.members() {
                if let Some(slot) = members.iter_mut().find(|x| same_kind(x, m)) {
                    *slot = join_same(slot, m);
                } else {
                    members.push(m.clone());
                }
            }
            if members.len() > MAX_UNION { Ty::Dynamic } else { union_of(members) }
        }
    }
}

fn same_kind(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Object(_), Ty::Object(_)) => false,
        (Ty::Function(x), Ty::Function(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

fn join_same(a: &Ty, b: &Ty) -> Ty {
    match (a, b) {
        (Ty::Union(_), _) | (_, Ty::Union(_)) => Ty::Dynamic,
        _ => join(a, b),
    }
}

/// A property of a shape: `Some(ty)` when present, `None` when certainly absent (closed shape),
/// `Some(Dynamic)` when unknown.
pub fn shape_field(shape: &Shape, key: &str) -> Option<Ty> {
    match shape.fields.iter().find(|(k, _)| **k == *key) {
        Some((_, t)) => Some(t.clone()),
        None if shape.closed => None,
        None => Some(Ty::Dynamic),
    }
}
