//! The `Object` object (D7): `keys`, `values`, `entries`, `assign`, in insertion order.
//! `Object.values` and `Object.entries` keep confident property values as they are (D19); a
//! confident argument gives the result its confidence.

use super::{finish, unwrap_args};
use crate::error::{PResult, fail};
use crate::function::Function;
use crate::value::Value;

/// The `(key, value)` pairs JavaScript would enumerate for `v`.
fn own_entries(v: &Value) -> PResult<Vec<(Value, Value)>> {
    Ok(match v {
        Value::Object(o) => o.entries().into_iter().map(|(k, v)| (Value::Str(k), v)).collect(),
        Value::Array(a) => a
            .snapshot()
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i.to_string()), v))
            .collect(),
        Value::Str(s) => {
            let len = s.utf16_len();
            (0..len)
                .map(|i| (Value::from(i.to_string()), Value::from(s.utf16_slice(i, i + 1))))
                .collect()
        }
        Value::Null => return fail("Cannot convert undefined or null to object"),
        _ => Vec::new(),
    })
}

fn enumerator(name: &'static str, shape: fn((Value, Value)) -> Value) -> Value {
    Value::Function(Function::builtin(name, move |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        let target = args.first().cloned().unwrap_or(Value::Null);
        let items = own_entries(&target)?.into_iter().map(shape).collect();
        Ok(finish(Value::array(items), conf))
    }))
}

/// `Object.assign(target, ...sources)`: copies the properties of each source (null sources are
/// skipped) into `target`, in order, and returns `target`.
fn assign() -> Value {
    Value::Function(Function::builtin("assign", |args| {
        let target = args.first().cloned().unwrap_or(Value::Null);
        let Value::Object(t) = target.unwrap_one().0 else {
            return match target.unwrap_one().0 {
                Value::Null => fail("Cannot convert undefined or null to object"),
                _ => fail("Object.assign() target must be an object"),
            };
        };
        for source in args.iter().skip(1) {
            let source = source.unwrap_one().0;
            if source.is_null() {
                continue;
            }
            for (k, v) in own_entries(source)? {
                if let Value::Str(k) = k {
                    t.insert(k, v);
                }
            }
        }
        Ok(target.clone())
    }))
}

/// The `Object` object.
pub fn object_object() -> Value {
    Value::object([
        ("keys", enumerator("keys", |(k, _)| k)),
        ("values", enumerator("values", |(_, v)| v)),
        ("entries", enumerator("entries", |(k, v)| Value::array(vec![k, v]))),
        ("assign", assign()),
    ])
}
