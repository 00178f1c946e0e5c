//! The resolution's identifier table as the checker reads it: every identifier is looked up two
//! or three times, so lookups go through the resolution's fast (Fx) hash map.

use crate::resolve::{Resolution, Resolved};
use crate::span::Span;
use rustc_hash::FxHashMap;

pub struct Refs(FxHashMap<Span, Resolved>);

impl Refs {
    pub fn new(res: &Resolution) -> Self {
        Refs(res.refs.clone())
    }

    pub fn resolve(&self, span: Span) -> Resolved {
        self.0.get(&span).copied().unwrap_or(Resolved::Unresolved)
    }
}
