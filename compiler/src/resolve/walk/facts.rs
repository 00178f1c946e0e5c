//! The facts about uses of variables that the type checker needs before it walks the program
//! (`Resolution::escapes` and `Resolution::assign_sites`), collected during the resolving walk
//! so that the checker does not walk the whole tree an extra time for them.
//!
//! They are recorded as `refs` entries and turned into bindings at the end: an entry holds the
//! final resolution of its span (the same identifier can be resolved more than once, e.g. in
//! the copies of a pipeline's left side, and the last resolution is the one that counts).

use super::Resolver;
use crate::resolve::*;

impl Resolver<'_, '_> {
    /// The use recorded in `refs` entry `entry` lets its value escape.
    pub(super) fn record_escape(&mut self, entry: usize) {
        if self.in_match_pattern == 0 {
            self.escaping_refs.push(entry);
        }
    }

    /// The identifier at `entry` is assigned or declared from a value.
    pub(super) fn record_site(&mut self, entry: usize) {
        if self.in_match_pattern == 0 {
            self.site_refs.push(entry);
        }
    }

    /// The identifier declared at `span` is declared from a value.
    pub(super) fn record_declaration_site(&mut self, span: Span) {
        if let Some(entry) = self.out.refs.position(&span) {
            self.record_site(entry);
        }
    }

    pub(super) fn finish_facts(&mut self) {
        let refs = &self.out.refs;
        let mut escapes = vec![false; self.out.bindings.len()];
        for &entry in &self.escaping_refs {
            if let Some((_, Resolved::Binding(b))) = refs.entry(entry)
                && let Some(slot) = escapes.get_mut(b.0 as usize)
            {
                *slot = true;
            }
        }
        let mut sites: Vec<(u32, BindingId)> = self
            .site_refs
            .iter()
            .filter_map(|&entry| match refs.entry(entry) {
                Some((span, Resolved::Binding(b))) => Some((span.start, *b)),
                _ => None,
            })
            .collect();
        // Recorded in walk order, which is almost source order: the stable sort finds the
        // sorted runs (and equal keys are equal entries, so stability changes nothing else).
        sites.sort_by_key(|(position, b)| (*position, b.0));
        self.out.escapes = escapes;
        self.out.assign_sites = sites;
    }
}
