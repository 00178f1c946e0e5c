//! The resolution's identifier table re-keyed with a cheap hash: the checker looks up every
//! identifier two or three times, and SipHash of a span dominated its run time.

use crate::resolve::{Resolution, Resolved};
use crate::span::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hash (as in rustc's FxHash) for small fixed-size keys. Spans come from the
/// compiler itself, so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(SEED);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub struct Refs(HashMap<Span, Resolved, BuildHasherDefault<FxHasher>>);

impl Refs {
    pub fn new(res: &Resolution) -> Self {
        let mut map = HashMap::with_capacity_and_hasher(res.refs.len(), Default::default());
        map.extend(res.refs.iter().map(|(k, v)| (*k, *v)));
        Refs(map)
    }

    pub fn resolve(&self, span: Span) -> Resolved {
        self.0.get(&span).copied().unwrap_or(Resolved::Unresolved)
    }
}
