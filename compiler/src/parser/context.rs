//! State shared by the layout pass and the grammar actions of one file's parse: node ids,
//! diagnostics, prepared template strings and pending object-literal checks.
//!
//! The generated parser hands its actions a shared reference, so mutable parts use `Cell` and
//! `RefCell`; no borrow is held across a call that could re-enter the parser (holes).

use super::implicits::{FunctionParts, ImplicitLog};
use super::tokens::Triple;
use crate::ast::{AssignedNames, Expr, ExprKind, Name, NodeId};
use crate::diagnostics::{Diagnostic, codes};
use crate::lexer::Quote;
use crate::span::{FileId, Span};
use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell, RefMut};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Syntax errors reported per file before giving up (P0099).
pub const MAX_ERRORS: u32 = 50;

/// How many expression nodes pipeline substitution may create in one file; `_` copies the left
/// side, so chained pipelines with several `_` grow exponentially.
pub const MAX_PIPELINE_COPIES: usize = 200_000;

/// The answer to a request for pipeline copies. Nested pipelines over the limit are refused one
/// after another, and only the first refusal is worth a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipelineBudget {
    Granted,
    ExhaustedNow,
    AlreadyExhausted,
}

/// A string with interpolation holes, split by the layout pass.
#[derive(Debug)]
pub struct TemplateSource<'s> {
    pub quote: Quote,
    pub pieces: Vec<TemplatePiece<'s>>,
}

#[derive(Debug)]
pub enum TemplatePiece<'s> {
    /// Literal text, absolute byte range of its source.
    Text(Range<usize>),
    /// A hole: the tokens of its text (starting with `HoleStart`) and its absolute range.
    Hole { tokens: Vec<Triple<'s>>, range: Range<usize> },
}

/// Defaults and thresholds written inside an object literal (`{a = 1}`, `{a ~> 0.5}`): valid
/// only if the literal turns out to be a destructuring pattern.
#[derive(Debug, Clone)]
pub struct CoverEntry {
    /// Index of the property in the literal.
    pub prop: usize,
    /// The `= default`, if any.
    pub default: Option<Expr>,
    /// The span of the part that is not valid in an object literal.
    pub span: Span,
}

pub struct ParseCtx<'s> {
    pub file: FileId,
    pub src: &'s str,
    next_id: Cell<u32>,
    diagnostics: RefCell<Vec<Diagnostic>>,
    errors: Cell<u32>,
    gave_up: Cell<bool>,
    last_syntax_error: Cell<Option<usize>>,
    templates: RefCell<Vec<Option<TemplateSource<'s>>>>,
    covers: RefCell<HashMap<NodeId, Vec<CoverEntry>>>,
    pipeline_copies: Cell<usize>,
    /// The symbol of each name interned so far (its index in `names`).
    interned: RefCell<FxHashMap<&'s str, u32>>,
    names: RefCell<Vec<Name>>,
    implicits: RefCell<ImplicitLog>,
    /// The grammar reported a syntax error (and may have dropped nodes it had built).
    grammar_failed: Cell<bool>,
}

impl<'s> ParseCtx<'s> {
    pub fn new(file: FileId, src: &'s str) -> Self {
        ParseCtx {
            file,
            src,
            next_id: Cell::new(0),
            diagnostics: RefCell::new(Vec::new()),
            errors: Cell::new(0),
            gave_up: Cell::new(false),
            last_syntax_error: Cell::new(None),
            templates: RefCell::new(Vec::new()),
            covers: RefCell::new(HashMap::new()),
            pipeline_copies: Cell::new(0),
            // About one distinct name per 48 bytes of typical source: rarely grown.
            interned: RefCell::new(FxHashMap::with_capacity_and_hasher(
                src.len() / 48,
                Default::default(),
            )),
            names: RefCell::new(Vec::new()),
            implicits: RefCell::new(ImplicitLog::default()),
            grammar_failed: Cell::new(false),
        }
    }

    pub fn fresh_id(&self) -> NodeId {
        let id = self.next_id.get();
        self.next_id.set(id.saturating_add(1));
        NodeId(id)
    }

    pub fn span(&self, l: usize, r: usize) -> Span {
        Span::from_range(l..r)
    }

    pub fn expr(&self, kind: ExprKind, l: usize, r: usize) -> Expr {
        Expr { id: self.fresh_id(), kind, span: self.span(l, r) }
    }

    /// Source text of a span, empty if the span is not in the file.
    pub fn text(&self, span: Span) -> &'s str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// Records a diagnostic; after [`MAX_ERRORS`] errors only P0099 is added, once.
    pub fn report(&self, diagnostic: Diagnostic) {
        if !diagnostic.is_error() {
            self.diagnostics.borrow_mut().push(diagnostic);
            return;
        }
        if self.gave_up.get() {
            return;
        }
        let count = self.errors.get() + 1;
        self.errors.set(count);
        if count > MAX_ERRORS {
            self.gave_up.set(true);
            let at = diagnostic.primary_label().map_or(Span::default(), |l| l.span);
            self.diagnostics.borrow_mut().push(
                Diagnostic::error(codes::TOO_MANY_ERRORS, "too many syntax errors; giving up")
                    .with_primary(self.file, at, "parsing stopped here")
                    .with_note(format!("only the first {MAX_ERRORS} errors are shown")),
            );
            return;
        }
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    /// Records a syntax error from the parser, unless another one was already reported on the
    /// same line: after an error the parser resynchronises at the next token that can start a
    /// statement, and the rest of a broken line mostly produces follow-on noise.
    pub fn report_syntax(&self, at: usize, diagnostic: Diagnostic) {
        if let Some(previous) = self.last_syntax_error.get() {
            let (lo, hi) = (previous.min(at), previous.max(at));
            if !self.src.get(lo..hi).is_some_and(|between| between.contains('\n')) {
                return;
            }
        }
        self.last_syntax_error.set(Some(at));
        self.report(diagnostic);
    }

    /// Records an error found while building the tree, unless a syntax error was already
    /// reported on the same line: after recovery such errors are usually its echo.
    pub fn report_semantic(&self, diagnostic: Diagnostic) {
        let at = diagnostic.primary_label().map_or(0, |l| l.span.start as usize);
        if let Some(previous) = self.last_syntax_error.get() {
            let (lo, hi) = (previous.min(at), previous.max(at));
            if !self.src.get(lo..hi).is_some_and(|between| between.contains('\n')) {
                return;
            }
        }
        self.report(diagnostic);
    }

    pub fn gave_up(&self) -> bool {
        self.gave_up.get()
    }

    /// The interned name of an identifier's text (see [`Name`]).
    pub fn name(&self, text: &'s str) -> Name {
        let mut names = self.names.borrow_mut();
        let mut interned = self.interned.borrow_mut();
        if let Some(name) = interned.get(text).and_then(|&symbol| names.get(symbol as usize)) {
            return name.clone();
        }
        let symbol = u32::try_from(names.len()).unwrap_or(u32::MAX);
        let name = Name::new(Rc::from(text), symbol);
        names.push(name.clone());
        interned.insert(text, symbol);
        name
    }

    /// The log of assigned and declared names (see [`ImplicitLog`]). Callers hold it only for
    /// the call they make on it.
    pub fn implicits(&self) -> RefMut<'_, ImplicitLog> {
        self.implicits.borrow_mut()
    }

    /// The assigned names of a function (or the top level) whose nodes have all been built.
    pub fn claim_assigned(&self, parts: &FunctionParts) -> AssignedNames {
        let exact = !self.grammar_failed.get();
        self.implicits.borrow_mut().claim(parts, exact)
    }

    pub fn note_grammar_error(&self) {
        self.grammar_failed.set(true);
    }

    /// Every name interned so far, indexed by symbol.
    pub fn take_names(&self) -> Vec<Name> {
        std::mem::take(&mut *self.names.borrow_mut())
    }

    pub fn take_diagnostics(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.diagnostics.borrow_mut())
    }

    pub fn add_template(&self, template: TemplateSource<'s>) -> u32 {
        let mut templates = self.templates.borrow_mut();
        templates.push(Some(template));
        u32::try_from(templates.len() - 1).unwrap_or(u32::MAX)
    }

    pub fn take_template(&self, index: u32) -> Option<TemplateSource<'s>> {
        self.templates.borrow_mut().get_mut(index as usize).and_then(Option::take)
    }

    pub fn add_cover(&self, object: NodeId, entries: Vec<CoverEntry>) {
        self.covers.borrow_mut().insert(object, entries);
    }

    /// Takes the defaults of an object literal that is being turned into a pattern.
    pub fn take_cover(&self, object: NodeId) -> Vec<CoverEntry> {
        self.covers.borrow_mut().remove(&object).unwrap_or_default()
    }

    /// Object literals that kept pattern-only syntax (P0017), in source order.
    pub fn leftover_covers(&self) -> Vec<CoverEntry> {
        let mut all: Vec<CoverEntry> =
            self.covers.borrow_mut().drain().flat_map(|(_, entries)| entries).collect();
        all.sort_by_key(|entry| entry.span.start);
        all
    }

    /// Reserves room for `count` more nodes created by pipeline substitution.
    pub fn reserve_pipeline_copies(&self, count: usize) -> PipelineBudget {
        let before = self.pipeline_copies.get();
        if before > MAX_PIPELINE_COPIES {
            return PipelineBudget::AlreadyExhausted;
        }
        let used = before.saturating_add(count);
        self.pipeline_copies.set(used);
        if used > MAX_PIPELINE_COPIES {
            PipelineBudget::ExhaustedNow
        } else {
            PipelineBudget::Granted
        }
    }
}
