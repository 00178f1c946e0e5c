//! Confidence levels and `uncertain if / while / for` (B §3.8, §4.9, D1).
//!
//! Levels: **high** if c ≥ 0.7, **medium** if 0.5 ≤ c < 0.7, **low** below. A level with no
//! branch runs `default` if present (a high value never falls to `medium`); otherwise
//! `uncertain if` does nothing (value 0) and the loops exit.
//!
//! Generated code for `uncertain if (cond) { high {…} low {…} }`:
//!
//! ```
//! use prism_runtime::uncertain::{self, Branch, Branches};
//! use prism_runtime::Value;
//! const BRANCHES: Branches = Branches { high: true, medium: false, low: true, default: false };
//! let cond = Value::confident(Value::from("go"), 0.55);
//! let taken = BRANCHES.select(uncertain::if_level(&cond).unwrap());
//! assert_eq!(taken, None); // medium, no medium branch and no default: nothing runs
//! ```

use crate::error::{PResult, fail};
use crate::value::Value;

/// The lowest confidence that is high.
pub const HIGH: f64 = 0.7;
/// The lowest confidence that is medium.
pub const MEDIUM: f64 = 0.5;

/// A confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// c ≥ 0.7.
    High,
    /// 0.5 ≤ c < 0.7.
    Medium,
    /// c < 0.5.
    Low,
}

/// The level of confidence `c`.
pub fn level_of(c: f64) -> Level {
    if c >= HIGH {
        Level::High
    } else if c >= MEDIUM {
        Level::Medium
    } else {
        Level::Low
    }
}

/// The branch an uncertain statement runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// The `high` branch.
    High,
    /// The `medium` branch.
    Medium,
    /// The `low` branch.
    Low,
    /// The `default` branch.
    Default,
}

/// Which branches an uncertain statement has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Branches {
    /// Has a `high` branch.
    pub high: bool,
    /// Has a `medium` branch.
    pub medium: bool,
    /// Has a `low` branch.
    pub low: bool,
    /// Has a `default` branch.
    pub default: bool,
}

impl Branches {
    /// The branch to run at `level`: the level's own branch, else `default`, else none.
    pub fn select(&self, level: Level) -> Option<Branch> {
        let own = match level {
            Level::High if self.high => Some(Branch::High),
            Level::Medium if self.medium => Some(Branch::Medium),
            Level::Low if self.low => Some(Branch::Low),
            _ => None,
        };
        own.or(if self.default { Some(Branch::Default) } else { None })
    }
}

/// The level of an `uncertain if` condition, which must be confident (else
/// `Uncertain if requires a confidence expression`).
pub fn if_level(cond: &Value) -> PResult<Level> {
    match cond {
        Value::Confident(c) => Ok(level_of(c.confidence())),
        _ => fail("Uncertain if requires a confidence expression"),
    }
}

/// One evaluation of an uncertain loop's condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoopStep {
    /// False: leave the loop (the condition, unwrapped, is falsy).
    pub proceed: bool,
    /// The level that picks this iteration's branch.
    pub level: Level,
}

/// `uncertain while cond`: a confident condition gives its level and the truthiness of its
/// inner value; a plain one counts as 1.0 (high).
pub fn while_step(cond: &Value) -> LoopStep {
    let (v, c) = cond.unwrap_one();
    LoopStep { proceed: v.truthy(), level: level_of(c) }
}

/// The state of an `uncertain for`: its confidence starts at 1.0 and changes only when the
/// condition is confident (a plain condition keeps the previous confidence, B §4.9).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForLoop {
    confidence: f64,
}

impl Default for ForLoop {
    fn default() -> Self {
        ForLoop::new()
    }
}

impl ForLoop {
    /// A loop at confidence 1.0.
    pub fn new() -> ForLoop {
        ForLoop { confidence: 1.0 }
    }

    /// Evaluates one condition (an absent condition is `Value::Bool(true)`).
    pub fn step(&mut self, cond: &Value) -> LoopStep {
        if let Value::Confident(c) = cond {
            self.confidence = c.confidence();
        }
        LoopStep { proceed: cond.truthy(), level: level_of(self.confidence) }
    }

    /// The current loop confidence.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }
}
