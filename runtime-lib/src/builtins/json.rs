//! The `JSON` object (D7): `JSON.stringify(v[, replacer[, space]])` and `JSON.parse(text)`.
//! See [`crate::json`] for the formats.

use super::{finish, js_to_number, unwrap_args};
use crate::error::fail;
use crate::function::Function;
use crate::json::{StringifyOptions, parse, stringify};
use crate::value::Value;

fn options(
    replacer: Option<&Value>,
    space: Option<&Value>,
) -> crate::error::PResult<StringifyOptions> {
    let allow_keys = match replacer {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(
            a.snapshot()
                .iter()
                .filter_map(|k| match k {
                    Value::Str(s) => Some(s.as_str().to_string()),
                    Value::Number(n) => Some(crate::number_format::number_to_string(*n)),
                    _ => None,
                })
                .collect(),
        ),
        Some(Value::Function(_)) => {
            return fail("JSON.stringify() replacer functions are not supported");
        }
        Some(_) => None,
    };
    let gap = match space {
        Some(Value::Number(_)) => {
            let n = js_to_number(space.unwrap_or(&Value::Null)).clamp(0.0, 10.0) as usize;
            " ".repeat(n)
        }
        Some(Value::Str(s)) => s.chars().take(10).collect(),
        _ => String::new(),
    };
    Ok(StringifyOptions { gap, allow_keys })
}

/// The `JSON` object.
pub fn json_object() -> Value {
    let stringify_fn = Function::builtin("stringify", |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        let opts = options(args.get(1), args.get(2))?;
        let text = stringify(args.first().unwrap_or(&Value::Null), &opts)?;
        Ok(finish(text.map_or(Value::Null, Value::from), conf))
    });
    let parse_fn = Function::builtin("parse", |args| {
        let (args, conf) = unwrap_args(args.to_vec());
        let text = match args.first() {
            Some(Value::Str(s)) => s.as_str().to_string(),
            Some(other) => crate::text::to_display_string(other),
            None => "undefined".to_string(),
        };
        Ok(finish(parse(&text)?, conf))
    });
    Value::object([
        ("stringify", Value::Function(stringify_fn)),
        ("parse", Value::Function(parse_fn)),
    ])
}
