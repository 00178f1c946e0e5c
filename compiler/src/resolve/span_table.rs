//! [`SpanTable`]: the map from identifier spans to what they refer to.
//!
//! Resolution records every identifier occurrence and the type checker looks each one up again,
//! several times. A hash map keyed by span scatters those accesses over a table larger than the
//! cache; this table instead finds an entry through a dense index by source position, and keeps
//! the entries in insertion order, which is source order for the walks that fill and read it.
//! So both the inserts and the look-ups of one walk touch memory almost sequentially.

use crate::span::Span;
use rustc_hash::FxHashMap;

/// A map from spans to values with the part of the `HashMap` interface its users need (`get`,
/// `insert`, `contains_key`, `iter`, `values`, `len`). Iteration is in insertion order.
#[derive(Clone)]
pub struct SpanTable<V> {
    /// By `span.start / 2`: 1 + the index in `entries` of the first span inserted that starts
    /// there, or 0. Two identifiers cannot start one byte apart (they would be one identifier),
    /// so halving the positions halves the index without making real collisions.
    slots: Vec<u32>,
    entries: Vec<(Span, V)>,
    /// Entries whose slot already holds another span (spans that start at the same position
    /// or one byte apart: synthesised ones) or lies beyond the index, by span.
    overflow: FxHashMap<Span, u32>,
}

impl<V> Default for SpanTable<V> {
    fn default() -> Self {
        SpanTable { slots: Vec::new(), entries: Vec::new(), overflow: FxHashMap::default() }
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for SpanTable<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> SpanTable<V> {
    /// A table sized for spans that start before `end`, with room for `entries` entries (it
    /// grows past both when needed).
    pub fn with_capacity(end: u32, entries: usize) -> Self {
        SpanTable {
            slots: vec![0; slot_of(end) + 1],
            entries: Vec::with_capacity(entries),
            overflow: FxHashMap::default(),
        }
    }

    /// The index of the entry of `span`, as [`SpanTable::insert`] returns it.
    pub fn position(&self, span: &Span) -> Option<usize> {
        if let Some(&slot) = self.slots.get(slot_of(span.start))
            && let Some(first) = slot.checked_sub(1)
            && let Some((first_span, _)) = self.entries.get(first as usize)
            && first_span == span
        {
            return Some(first as usize);
        }
        if self.overflow.is_empty() {
            return None;
        }
        self.overflow.get(span).map(|&i| i as usize)
    }

    pub fn get(&self, span: &Span) -> Option<&V> {
        let index = self.position(span)?;
        self.entries.get(index).map(|(_, v)| v)
    }

    pub fn contains_key(&self, span: &Span) -> bool {
        self.position(span).is_some()
    }

    /// Sets the value of `span`, replacing an earlier one; returns the index of its entry
    /// (stable: a later insert for the same span updates the entry in place).
    pub fn insert(&mut self, span: Span, value: V) -> usize {
        if let Some(index) = self.position(&span) {
            if let Some(entry) = self.entries.get_mut(index) {
                entry.1 = value;
            }
            return index;
        }
        let index = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let slot = slot_of(span.start);
        // The index grows to cover later positions, but by at most about twice its size at a
        // time, so that a stray far-off span cannot make it huge: such spans go to `overflow`.
        if slot >= self.slots.len() && slot <= self.slots.len() * 2 + MIN_GROWTH {
            let grown = (slot + 1).max(self.slots.len() * 2);
            self.slots.resize(grown, 0);
        }
        match self.slots.get_mut(slot) {
            Some(free @ 0) => *free = index.saturating_add(1),
            _ => {
                self.overflow.insert(span, index);
            }
        }
        self.entries.push((span, value));
        self.entries.len() - 1
    }

    /// The entry at an index [`SpanTable::insert`] returned.
    pub fn entry(&self, index: usize) -> Option<(Span, &V)> {
        self.entries.get(index).map(|(span, value)| (*span, value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Span, &V)> {
        self.entries.iter().map(|(span, value)| (span, value))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, value)| value)
    }
}

/// How far past its end the index grows at least when it has to grow.
const MIN_GROWTH: usize = 1 << 16;

/// `for (span, value) in &table`, as for a `HashMap`.
impl<'a, V> IntoIterator for &'a SpanTable<V> {
    type Item = (&'a Span, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (Span, V)>, fn(&'a (Span, V)) -> Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(span, value)| (span, value))
    }
}

fn slot_of(start: u32) -> usize {
    (start / 2) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_map_keyed_by_the_whole_span() {
        let mut table = SpanTable::with_capacity(4, 0);
        table.insert(Span::new(2, 3), 'a');
        table.insert(Span::new(2, 5), 'b'); // same start, other span
        table.insert(Span::new(3, 4), 'c'); // same slot
        table.insert(Span::new(100, 101), 'd'); // beyond the sized range
        table.insert(Span::new(u32::MAX - 1, u32::MAX), 'f'); // far beyond: not indexed
        table.insert(Span::new(2, 3), 'e'); // replaces 'a'
        assert_eq!(table.get(&Span::new(2, 3)), Some(&'e'));
        assert_eq!(table.get(&Span::new(2, 5)), Some(&'b'));
        assert_eq!(table.get(&Span::new(3, 4)), Some(&'c'));
        assert_eq!(table.get(&Span::new(100, 101)), Some(&'d'));
        assert_eq!(table.get(&Span::new(u32::MAX - 1, u32::MAX)), Some(&'f'));
        assert!(table.slots.len() < 1 << 20);
        assert_eq!(table.get(&Span::new(2, 4)), None);
        assert_eq!(table.get(&Span::new(1000, 1001)), None);
        assert!(table.contains_key(&Span::new(3, 4)));
        assert_eq!(table.len(), 5);
        assert_eq!(table.values().copied().collect::<String>(), "ebcdf");
        assert_eq!((&table).into_iter().count(), table.iter().count());
    }

    #[test]
    fn finds_spans_that_went_to_overflow_before_the_index_grew_over_them() {
        let mut table = SpanTable::with_capacity(0, 0);
        let far = Span::new(140_000, 140_001);
        table.insert(far, 1);
        table.insert(Span::new(130_000, 130_001), 2);
        table.insert(Span::new(132_000, 132_001), 3);
        assert!(table.slots.len() > 70_000, "the index now covers `far`'s slot");
        let same_start = Span::new(140_000, 140_005);
        table.insert(same_start, 4);
        table.insert(far, 5);
        assert_eq!(table.get(&far), Some(&5));
        assert_eq!(table.get(&same_start), Some(&4));
        assert_eq!(table.len(), 4);
    }
}
