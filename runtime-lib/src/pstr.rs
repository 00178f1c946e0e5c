//! Prism strings: immutable, shared, cheap to clone ([`Str`]).
//!
//! JavaScript measures and indexes strings in UTF-16 code units (`"é".length` is 1, an emoji is
//! 2), and so does Prism (D7 string methods, `s[i]`). Text is stored as UTF-8; each string
//! remembers whether it is ASCII, in which case byte and UTF-16 indexes coincide and every
//! length and index operation is O(1).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

struct StrInner {
    text: Box<str>,
    ascii: bool,
}

/// An immutable, reference-counted string (8 bytes; clone is a refcount bump).
///
/// Hashes and compares like `str`, so it can key maps looked up by `&str`.
#[derive(Clone)]
pub struct Str(Arc<StrInner>);

impl Str {
    /// A string from any text.
    pub fn new(text: impl Into<Box<str>>) -> Str {
        let text = text.into();
        let ascii = text.is_ascii();
        Str(Arc::new(StrInner { text, ascii }))
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// True if the text is pure ASCII (byte index = UTF-16 index).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.0.ascii
    }

    /// The JavaScript `length`: the number of UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        if self.0.ascii { self.0.text.len() } else { self.0.text.encode_utf16().count() }
    }

    /// True if both handles share the same storage.
    #[inline]
    pub fn ptr_eq(a: &Str, b: &Str) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The UTF-16 code units of the text.
    pub fn to_utf16(&self) -> Vec<u16> {
        self.0.text.encode_utf16().collect()
    }

    /// The substring between UTF-16 indexes `start..end` (clamped to the length; an empty
    /// string if `start >= end`). A surrogate pair cut in half becomes U+FFFD, as JavaScript
    /// would print a lone surrogate.
    pub fn utf16_slice(&self, start: usize, end: usize) -> String {
        if self.0.ascii {
            let len = self.0.text.len();
            let (s, e) = (start.min(len), end.min(len));
            if s >= e {
                return String::new();
            }
            return self.0.text.get(s..e).unwrap_or_default().to_string();
        }
        let units = self.to_utf16();
        let (s, e) = (start.min(units.len()), end.min(units.len()));
        if s >= e {
            return String::new();
        }
        String::from_utf16_lossy(units.get(s..e).unwrap_or_default())
    }

    /// The UTF-16 index of the first occurrence of `needle` at or after UTF-16 index `from`.
    pub fn utf16_index_of(&self, needle: &str, from: usize) -> Option<usize> {
        if self.0.ascii && needle.is_ascii() {
            let hay = &self.0.text;
            if from > hay.len() {
                return if needle.is_empty() { Some(hay.len()) } else { None };
            }
            return hay.get(from..).and_then(|tail| tail.find(needle)).map(|i| i + from);
        }
        let hay = self.to_utf16();
        let pat: Vec<u16> = needle.encode_utf16().collect();
        utf16_find(&hay, &pat, from)
    }

    /// The UTF-16 index of the last occurrence of `needle` starting at or before `from`.
    pub fn utf16_last_index_of(&self, needle: &str, from: usize) -> Option<usize> {
        let hay = self.to_utf16();
        let pat: Vec<u16> = needle.encode_utf16().collect();
        if pat.len() > hay.len() {
            return None;
        }
        let last_start = (hay.len() - pat.len()).min(from);
        (0..=last_start).rev().find(|&i| hay.get(i..i + pat.len()) == Some(&pat[..]))
    }
}

/// Finds `pat` in `hay` at or after `from` (UTF-16 units).
pub(crate) fn utf16_find(hay: &[u16], pat: &[u16], from: usize) -> Option<usize> {
    if from > hay.len() {
        return if pat.is_empty() { Some(hay.len()) } else { None };
    }
    if pat.is_empty() {
        return Some(from);
    }
    if pat.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - pat.len()).find(|&i| hay.get(i..i + pat.len()) == Some(pat))
}

impl Deref for Str {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0.text
    }
}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq for Str {
    #[inline]
    fn eq(&self, other: &Str) -> bool {
        Str::ptr_eq(self, other) || self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str::new(s)
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::new(s)
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str::new(s.as_str())
    }
}

impl From<Box<str>> for Str {
    fn from(s: Box<str>) -> Str {
        Str::new(s)
    }
}

impl Default for Str {
    fn default() -> Str {
        Str::new("")
    }
}

/// A [`Str`] for a string literal, allocated once per call site and then shared (a reference
/// count bump per use). (The literal keys of object literals, which a callback may build 10,000
/// times, use [`static_key!`](crate::static_key), which does not even count references.)
#[macro_export]
macro_rules! static_str {
    ($text:literal) => {{
        static TEXT: ::std::sync::OnceLock<$crate::Str> = ::std::sync::OnceLock::new();
        TEXT.get_or_init(|| $crate::Str::from($text)).clone()
    }};
}
