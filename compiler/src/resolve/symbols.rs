//! Names as small integers within one resolution, so that each identifier is hashed once (when
//! it is interned) and everything the resolver knows about a name is an array access.

use super::{BUILTIN_GLOBALS, BindingId, BindingKind, PATTERN_GLOBALS};
use crate::ast::Name;
use rustc_hash::FxHashMap;

/// An interned name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sym(u32);

impl Sym {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// The innermost binding of a name in the open scopes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Visible {
    pub binding: BindingId,
    /// The depth of the scope that declares it (the outermost open scope is depth 1).
    pub depth: u32,
}

/// What the resolver and its pre-scans track per name.
#[derive(Debug)]
pub(super) struct SymInfo<'p> {
    pub name: &'p str,
    /// The same text, shared, for the bindings of this name.
    pub shared: Name,
    pub visible: Option<Visible>,
    /// For a pattern global or built-in: its kind, and its binding once something used it.
    pub global: Option<(BindingKind, Option<BindingId>)>,
    /// Some binding (of any scope) has this name: for "declared elsewhere" notes.
    pub known: bool,
    /// The implicit-declaration scan that last collected this name.
    pub collected_by_scan: u32,
    /// How many of the inner scopes the implicit-declaration scan is in declare this name.
    pub shadowed_in_scan: u32,
    /// The function-body pre-declaration that last declared this name.
    pub declared_by_body: u32,
}

/// The interned names of one file: the parser's symbols ([`Name::symbol`]) are indexes into
/// `infos`, so resolving a name hashes nothing.
#[derive(Debug, Default)]
pub(super) struct Symbols<'p> {
    infos: Vec<SymInfo<'p>>,
    /// Names that are not the program's own interned ones, by text (only a tree assembled from
    /// several parses would have them); filled with the program's names on first use.
    by_text: FxHashMap<&'p str, Sym>,
    /// The last stamp handed out by [`Symbols::next_stamp`].
    stamp: u32,
}

impl<'p> Symbols<'p> {
    /// The symbols of a program's names ([`crate::ast::Program::names`]).
    pub fn new(names: &'p [Name]) -> Self {
        let mut symbols = Symbols {
            infos: Vec::with_capacity(names.len()),
            by_text: FxHashMap::default(),
            stamp: 0,
        };
        for name in names {
            symbols.push(name.as_str(), name.clone());
        }
        symbols
    }

    fn push(&mut self, name: &'p str, shared: Name) -> Sym {
        let sym = Sym(u32::try_from(self.infos.len()).unwrap_or(u32::MAX));
        let global = if PATTERN_GLOBALS.contains(&name) {
            Some((BindingKind::PatternGlobal, None))
        } else if BUILTIN_GLOBALS.contains(&name) {
            Some((BindingKind::Builtin, None))
        } else {
            None
        };
        self.infos.push(SymInfo {
            name,
            shared,
            visible: None,
            global,
            known: false,
            collected_by_scan: 0,
            shadowed_in_scan: 0,
            declared_by_body: 0,
        });
        sym
    }

    pub fn intern(&mut self, name: &'p Name) -> Sym {
        // The program's own names share their text with the table, so comparing the text's
        // address is enough to know the symbol indexes this table.
        if let Some(info) = self.infos.get(name.symbol())
            && std::ptr::eq(info.name.as_ptr(), name.as_str().as_ptr())
            && info.name.len() == name.len()
        {
            return Sym(name.symbol() as u32);
        }
        self.intern_text(name.as_str())
    }

    #[cold]
    fn intern_text(&mut self, text: &'p str) -> Sym {
        if self.by_text.is_empty() {
            for (i, info) in self.infos.iter().enumerate() {
                self.by_text.entry(info.name).or_insert(Sym(i as u32));
            }
        }
        if let Some(&sym) = self.by_text.get(text) {
            return sym;
        }
        let sym = self.push(text, Name::new(text.into(), u32::MAX));
        self.by_text.insert(text, sym);
        sym
    }

    /// A fresh non-zero stamp, to mark names for one pass without clearing earlier marks.
    pub fn next_stamp(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1).max(1);
        self.stamp
    }

    // A `Sym` only comes from `intern` on this table, so indexing by it cannot fail.
    pub fn info(&self, sym: Sym) -> &SymInfo<'p> {
        &self.infos[sym.index()]
    }

    pub fn info_mut(&mut self, sym: Sym) -> &mut SymInfo<'p> {
        &mut self.infos[sym.index()]
    }

    pub fn name(&self, sym: Sym) -> &'p str {
        self.info(sym).name
    }
}
