//! Every Prism operator, as functions over [`Value`]s.
//!
//! * [`arith`]: `+ - * / % **`, unary `-`, `++`/`--` (B §4.3);
//! * [`compare`]: `< <= > >=` (numbers only);
//! * [`equality`]: `=== !==` (deep), the reference's loose `== !=` with D17's null rule, `??`;
//! * [`types`]: `!`, `typeof`, `instanceof`, truthiness;
//! * [`confidence`]: `~>`, `<~` and every `~` operator (B §4.5), levels.
//!
//! Ordinary binary operators propagate confidence (B §4.4): if either operand is confident,
//! both are unwrapped one layer, the operator is applied (recursively, so nested layers unwrap
//! again) and the result is wrapped with the minimum of the two confidences.
//!
//! The most used ones are re-exported here: `ops::add(&a, &b)`.

pub mod arith;
pub mod compare;
pub mod confidence;
pub mod equality;
pub mod types;

pub use arith::{add, decrement, div, increment, mul, neg, pow, rem, sub};
pub use compare::{ge, gt, le, lt};
pub use equality::{
    deep_equal, loose_eq, loose_ne, nullish, nullish_short_circuits, strict_eq, strict_ne,
};
pub use types::{instance_of, not, truthy, type_of};

use crate::error::PResult;
use crate::value::Value;

/// B §4.4: unwraps both operands one layer, applies `op`, wraps with `min(cL, cR)`; nested
/// layers unwrap again, each level wrapping its own minimum. Done with a loop, so even a value
/// wrapped thousands of times cannot overflow the stack.
pub(crate) fn with_min_confidence(
    a: &Value,
    b: &Value,
    op: fn(&Value, &Value) -> PResult,
) -> PResult {
    let mut mins = Vec::new();
    let (mut x, mut y) = (a, b);
    while x.is_confident() || y.is_confident() {
        let (vx, cx) = x.unwrap_one();
        let (vy, cy) = y.unwrap_one();
        mins.push(cx.min(cy));
        x = vx;
        y = vy;
    }
    let mut r = op(x, y)?;
    for c in mins.into_iter().rev() {
        r = Value::confident(r, c);
    }
    Ok(r)
}
