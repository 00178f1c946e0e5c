//! `arr.sort([comparator])` (D7): JavaScript's stable sort, in place, returning the array.
//!
//! Without a comparator the order is by text (UTF-16 code units). With one, a stable bottom-up
//! merge sort ([`MergeOrder`]) asks the comparator about pairs of elements; a result that is
//! not a positive number (NaN included) keeps the left element first.
//!
//! A comparator prismc recognised as `(a, b) => K(b) - K(a)` or `K(a) - K(b)`, with `K` a
//! chain of property reads ([`KeyComparator`]), is not called at all when every element's key
//! is a plain number: each key is read once, and the same merge sort compares the keys with the
//! same subtraction. The order is therefore exactly the one the calls would give, whatever the
//! keys (NaN, infinities). Any other key (confident, a string, a missing property) falls back to
//! calling the comparator, which then answers or fails exactly as it always did.

use crate::access::get_member_path_ref;
use crate::call::Callback;
use crate::collections::Array;
use crate::error::PResult;
use crate::function::KeyComparator;
use crate::text::to_display_string;
use crate::value::Value;

use super::{callback, js_to_number};

/// `arr.sort(args…)` on the array `arr` (`base` is the array value returned).
pub(crate) async fn sort(arr: &Array, base: &Value, args: &[Value]) -> PResult {
    let sorted = match args.first() {
        None | Some(Value::Null) => {
            let items = arr.snapshot();
            // JavaScript's default order: by text, UTF-16 code units, stable.
            let mut keyed: Vec<(Vec<u16>, Value)> = items
                .into_iter()
                .map(|v| (to_display_string(&v).encode_utf16().collect(), v))
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            keyed.into_iter().map(|(_, v)| v).collect()
        }
        Some(v) => {
            let cb = callback(
                Some(v),
                "The comparison function must be either a function or undefined",
            )?;
            let by_keys = cb.key_comparator().and_then(|comparator| {
                let items = arr.elements();
                let keys = number_keys(&items, comparator)?;
                Some(sort_by_keys(&items, keys, comparator))
            });
            match by_keys {
                Some(sorted) => sorted,
                None => merge_sort(arr.snapshot(), &cb).await?,
            }
        }
    };
    arr.replace_all(sorted);
    Ok(base.clone())
}

/// The number a sort comparator returned (NaN counts as 0).
fn comparator_result(v: &Value) -> f64 {
    let n = js_to_number(v);
    if n.is_nan() { 0.0 } else { n }
}

/// Every element's key with the element's position, if all keys are plain numbers (see the
/// module docs).
fn number_keys(items: &[Value], comparator: KeyComparator) -> Option<Vec<(f64, usize)>> {
    items.iter().zip(0..).map(|(item, i)| Some((number_key(item, comparator.path)?, i))).collect()
}

fn number_key(item: &Value, path: &[&str]) -> Option<f64> {
    get_member_path_ref(item, path).ok()?.as_number()
}

/// The order the comparator's calls would give, computed from the keys.
///
/// Without NaN keys, "the comparator returns more than 0" is exactly "the right key is larger"
/// (descending; "smaller" ascending): for two non-NaN doubles `y - x > 0` holds iff `y > x`
/// (a difference of distinct finite doubles is never 0, an overflow keeps its sign, and
/// `∞ - ∞` is NaN, counted as 0, for equal infinities). That is a consistent order, for which
/// every stable sort gives the same result as the merge sort, so the library's stable sort is
/// used. A NaN key makes the comparator inconsistent: the merge sort then replays the exact
/// comparisons the calls would have made.
fn sort_by_keys(
    items: &[Value],
    mut keyed: Vec<(f64, usize)>,
    comparator: KeyComparator,
) -> Vec<Value> {
    let element = |k: usize| items.get(k).cloned().unwrap_or_default();
    if !keyed.iter().any(|(key, _)| key.is_nan()) {
        // `-0` and `0` compare equal, as their difference is 0.
        let order = |a: &f64, b: &f64| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal);
        if comparator.descending {
            keyed.sort_by(|(a, _), (b, _)| order(b, a));
        } else {
            keyed.sort_by(|(a, _), (b, _)| order(a, b));
        }
        return keyed.into_iter().map(|(_, k)| element(k)).collect();
    }
    let mut order = MergeOrder::new(items.len());
    while let Some((x, y)) = order.next_pair() {
        let key = |k: usize| keyed.get(k).map_or(f64::NAN, |(key, _)| *key);
        let difference = if comparator.descending { key(y) - key(x) } else { key(x) - key(y) };
        // `difference` is what the comparator returns (a plain number); NaN counts as 0.
        order.answer(difference > 0.0);
    }
    order.src.into_iter().map(element).collect()
}

/// The merge sort driven by a fallible, possibly asynchronous comparator. The two compared
/// values are moved into the argument buffer and back (no reference counting per comparison).
async fn merge_sort(mut items: Vec<Value>, cb: &Callback) -> PResult<Vec<Value>> {
    let mut order = MergeOrder::new(items.len());
    let mut pair = [Value::Null, Value::Null];
    while let Some((x, y)) = order.next_pair() {
        // Swap the two values into the argument buffer and back: no clone, no drop.
        if let Some(slot) = items.get_mut(x) {
            std::mem::swap(slot, &mut pair[0]);
        }
        if let Some(slot) = items.get_mut(y) {
            std::mem::swap(slot, &mut pair[1]);
        }
        let r = match cb.try_sync(&pair) {
            Some(r) => r,
            None => cb.invoke(&pair).await,
        };
        if let Some(slot) = items.get_mut(x) {
            std::mem::swap(slot, &mut pair[0]);
        }
        if let Some(slot) = items.get_mut(y) {
            std::mem::swap(slot, &mut pair[1]);
        }
        order.answer(comparator_result(&r?) > 0.0);
    }
    Ok(order.apply(items))
}

/// A stable bottom-up merge sort of the positions `0..n`, driven from outside: it names the
/// next two positions to compare ([`MergeOrder::next_pair`]) and is told whether the right one
/// goes first ([`MergeOrder::answer`]). Both the comparator and the key paths of `sort` use it,
/// so they order identically. It terminates and never panics whatever the answers.
pub(crate) struct MergeOrder {
    n: usize,
    /// The order after the previous pass; runs of `width` positions are sorted.
    src: Vec<usize>,
    /// The order being built by this pass.
    dst: Vec<usize>,
    width: usize,
    /// The merge in progress: `src[i..mid]` with `src[j..end]`.
    i: usize,
    mid: usize,
    j: usize,
    end: usize,
    started: bool,
}

impl MergeOrder {
    pub(crate) fn new(n: usize) -> MergeOrder {
        MergeOrder {
            n,
            src: (0..n).collect(),
            dst: Vec::with_capacity(n),
            width: 1,
            i: 0,
            mid: 0,
            j: 0,
            end: 0,
            started: false,
        }
    }

    /// The next positions to compare (`x` from the left run, `y` from the right one), or
    /// `None` once sorted.
    pub(crate) fn next_pair(&mut self) -> Option<(usize, usize)> {
        loop {
            if self.i < self.mid
                && self.j < self.end
                && let (Some(&x), Some(&y)) = (self.src.get(self.i), self.src.get(self.j))
            {
                return Some((x, y));
            }
            // The merge in progress is over: the rest of either run follows in order.
            self.dst.extend_from_slice(self.src.get(self.i..self.mid).unwrap_or_default());
            self.dst.extend_from_slice(self.src.get(self.j..self.end).unwrap_or_default());
            let mut start = self.end;
            if !self.started || start >= self.n {
                if self.started {
                    std::mem::swap(&mut self.src, &mut self.dst);
                    self.width = self.width.saturating_mul(2);
                }
                self.started = true;
                if self.width >= self.n {
                    // Nothing more to merge; leave no merge in progress.
                    (self.i, self.mid, self.j, self.end) = (0, 0, 0, 0);
                    return None;
                }
                self.dst.clear();
                start = 0;
            }
            self.mid = start.saturating_add(self.width).min(self.n);
            self.end = start.saturating_add(self.width.saturating_mul(2)).min(self.n);
            self.i = start;
            self.j = self.mid;
        }
    }

    /// Records the comparison of the pair [`MergeOrder::next_pair`] named: `true` puts the right
    /// element first.
    pub(crate) fn answer(&mut self, right_first: bool) {
        let (k, next) = if right_first { (self.j, &mut self.j) } else { (self.i, &mut self.i) };
        if let Some(&p) = self.src.get(k) {
            self.dst.push(p);
        }
        *next += 1;
    }

    /// `items` in the sorted order.
    pub(crate) fn apply(self, mut items: Vec<Value>) -> Vec<Value> {
        self.src
            .into_iter()
            .map(|k| items.get_mut(k).map(std::mem::take).unwrap_or_default())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The original loop-nest formulation of the merge sort, for comparison.
    fn reference_order(n: usize, right_first: impl Fn(usize, usize) -> bool) -> Vec<usize> {
        let mut src: Vec<usize> = (0..n).collect();
        let mut dst = Vec::new();
        let mut width = 1;
        while width < n {
            dst.clear();
            let mut start = 0;
            while start < n {
                let mid = (start + width).min(n);
                let end = (start + 2 * width).min(n);
                let (mut i, mut j) = (start, mid);
                while i < mid && j < end {
                    if right_first(src[i], src[j]) {
                        dst.push(src[j]);
                        j += 1;
                    } else {
                        dst.push(src[i]);
                        i += 1;
                    }
                }
                dst.extend_from_slice(&src[i..mid]);
                dst.extend_from_slice(&src[j..end]);
                start = end;
            }
            std::mem::swap(&mut src, &mut dst);
            width *= 2;
        }
        src
    }

    fn driven_order(n: usize, right_first: impl Fn(usize, usize) -> bool) -> Vec<usize> {
        let mut order = MergeOrder::new(n);
        while let Some((x, y)) = order.next_pair() {
            order.answer(right_first(x, y));
        }
        order.src
    }

    #[test]
    fn merge_order_matches_the_loop_nest_for_any_answers() {
        for n in 0..70 {
            let keys: Vec<f64> = (0..n).map(|i| ((i * 37) % 11) as f64).collect();
            let by_key = |x: usize, y: usize| keys[y] < keys[x];
            assert_eq!(driven_order(n, by_key), reference_order(n, by_key), "n = {n}");
            // An inconsistent comparator must give the same (arbitrary) order too.
            let erratic = |x: usize, y: usize| (x * 7 + y * 3) % 5 < 2;
            assert_eq!(driven_order(n, erratic), reference_order(n, erratic), "n = {n}");
        }
    }

    #[test]
    fn number_keys_need_every_key_to_be_a_plain_number() {
        let item = |w: Value| Value::object([("weight", w)]);
        let comparator = KeyComparator::descending(&["weight"]);
        let plain = [item(Value::from(1.0)), item(Value::from(f64::NAN))];
        assert_eq!(number_keys(&plain, comparator).map(|k| k.len()), Some(2));
        let confident = [item(Value::from(1.0)), item(Value::confident(Value::from(2.0), 0.5))];
        assert!(number_keys(&confident, comparator).is_none());
        let missing = [item(Value::from(1.0)), Value::object([("w", Value::from(2.0))])];
        assert!(number_keys(&missing, comparator).is_none());
        let bare = [Value::from(3.0), Value::from(1.0)];
        assert_eq!(
            number_keys(&bare, KeyComparator::ascending(&[])),
            Some(vec![(3.0, 0), (1.0, 1)])
        );
    }
}
