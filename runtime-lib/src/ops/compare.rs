//! Relational operators `< <= > >=` (B §4.3, D8): numbers only; anything else, strings
//! included, is `Cannot compare A and B`. Confident operands propagate the minimum
//! confidence (B §4.4).

use super::with_min_confidence;
use crate::error::{PResult, fail};
use crate::value::Value;

macro_rules! relational {
    ($(#[$doc:meta])* $name:ident, $op:tt) => {
        $(#[$doc])*
        pub fn $name(a: &Value, b: &Value) -> PResult {
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => Ok(Value::Bool(x $op y)),
                _ if a.is_confident() || b.is_confident() => with_min_confidence(a, b, $name),
                _ => fail(format!("Cannot compare {} and {}", a.type_name(), b.type_name())),
            }
        }
    };
}

relational!(
    /// `a < b`.
    lt, <
);
relational!(
    /// `a <= b`.
    le, <=
);
relational!(
    /// `a > b`.
    gt, >
);
relational!(
    /// `a >= b`.
    ge, >=
);
