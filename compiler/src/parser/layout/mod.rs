//! The layout pass: turns lexical tokens into the grammar's [`Tok`]s, deciding from the
//! surrounding tokens what each ambiguous one means. This is what keeps the LR grammar free of
//! conflicts while statements need no separators (B §1.8, D15):
//!
//! * `(`, `[`, `-`, `++`, `--` right after a token that can end an expression continue it (call,
//!   index, binary minus, postfix update); anywhere else they start something new. So
//!   `f\n(x)` is a call and `x = 5\n-3` is `x = 5 - 3`, as in the reference, while a statement
//!   after a block may start with `[` or `(`. `++`/`--` after a line break are prefix (D15).
//! * `{` opens a block or an object literal: bodies after `)`, `else`, `=>`, … and after the
//!   header of `for`/`while`/`function`/`in context` are blocks; after an operator it is an
//!   object; at the start of a statement the reference's heuristic decides (B §3.1).
//! * `(` whose `)` is followed by `=>` opens lambda parameters; `=>` directly inside a `match`
//!   body is an arm arrow; an assignment operator inside a lambda's expression body is marked.
//! * Contextual words (D4) become keywords only in their own place; keywords after `.` and as
//!   object keys become identifiers; `function name` at the start of a statement is a
//!   declaration; `return` with no value in sight is a bare return.
//! * `;` before `else`, `catch`, `finally` or do-while's `while` is dropped (D4).
//!
//! It also bounds nesting: the parser itself uses no recursion, but later stages walk the tree
//! recursively, so input whose tree would be deeper than [`MAX_NESTING`] is rejected.

use super::context::{ParseCtx, TemplatePiece, TemplateSource};
use super::tokens::{StrTok, Tok, Triple};
use crate::diagnostics::{Diagnostic, codes};
use crate::lexer::{self, Token, strings};
use crate::span::Span;
use std::borrow::Cow;
use std::collections::VecDeque;

mod brackets;
mod classes;
mod templates;
mod words;

use classes::{continues_expression, is_assignment, nests, simple, starts_expression};
use words::is_keyword;

/// Deepest nesting accepted: brackets plus the operators that nest inside one statement.
pub const MAX_NESTING: u32 = 500;

/// Input nested beyond [`MAX_NESTING`]; the position where it was noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub at: usize,
}

/// What the previous emitted token allows next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of input or of a statement (`;`, a block brace, `break`).
    Start,
    /// A token that can end an expression.
    End,
    /// An operator or keyword that expects an operand.
    Operand,
    /// A name being declared (`let x`, `function f`): nothing continues it.
    Binding,
    /// A token a body follows: `)` of a statement header, `else`, `do`, `try`, `=>`, ….
    BodyIntro,
}

/// The body the next `{` of a frame belongs to, announced by a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Block,
    /// A `for` body: survives the `;`s of a header without parentheses.
    ForBody,
    Uncertain,
    Match,
    Agents,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Root,
    Paren { header: bool, for_header: bool },
    Bracket,
    Object,
    Block,
    MatchBody,
    UncertainBody,
    AgentsBody,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    kind: FrameKind,
    pending: Option<Pending>,
    /// Inside the expression body of a lambda whose `=>` is directly in this frame.
    lambda_body: bool,
    /// In a match body: whether the next `=>` ends an arm's pattern.
    expect_arm_arrow: bool,
    /// A block opened right after an arm's `=>`: closing it ends the arm.
    arm_body: bool,
    /// Nesting of the frame's contents.
    base: u32,
    /// Operators since the last separator, an upper bound on the depth they add.
    ops: u32,
}

impl Frame {
    fn new(kind: FrameKind, base: u32) -> Self {
        Frame {
            kind,
            pending: None,
            lambda_body: false,
            expect_arm_arrow: kind == FrameKind::MatchBody,
            arm_body: false,
            base,
            ops: 0,
        }
    }

    /// After `,`, `;` or a statement boundary.
    fn separate(&mut self) {
        self.lambda_body = false;
        self.ops = 0;
        if self.kind == FrameKind::MatchBody {
            self.expect_arm_arrow = true;
        }
    }
}

/// Runs the pass over one token stream to the end (used for interpolation holes, whose
/// nesting starts at `base_depth`).
pub fn run<'s>(
    ctx: &ParseCtx<'s>,
    raw: &[(Token<'s>, Span)],
    base_depth: u32,
) -> Result<Vec<Triple<'s>>, TooDeep> {
    let raw = without_doc_comments(raw);
    Layout::new(ctx, &raw, base_depth).collect()
}

/// The tokens without doc comments, which the pass must not see in its lookahead. Usually
/// only a header comment at the very start is present, so no copy is made.
pub fn without_doc_comments<'s, 'r>(raw: &'r [(Token<'s>, Span)]) -> Cow<'r, [(Token<'s>, Span)]> {
    let body = match raw.first() {
        Some((Token::DocComment, _)) => &raw[1..],
        _ => raw,
    };
    if body.iter().any(|(t, _)| *t == Token::DocComment) {
        Cow::Owned(body.iter().copied().filter(|(t, _)| *t != Token::DocComment).collect())
    } else {
        Cow::Borrowed(body)
    }
}

/// Sentinel of [`match_brackets`] for a bracket without partner.
const UNMATCHED: u32 = u32::MAX;

/// For each bracket, the index of its partner ([`UNMATCHED`] when there is none).
fn match_brackets(raw: &[(Token<'_>, Span)]) -> Vec<u32> {
    let mut matching = vec![UNMATCHED; raw.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, (token, _)) in raw.iter().enumerate() {
        let opener = match token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                open.push(i);
                continue;
            }
            Token::RParen => Token::LParen,
            Token::RBracket => Token::LBracket,
            Token::RBrace => Token::LBrace,
            _ => continue,
        };
        if let Some(&top) = open.last()
            && raw[top].0 == opener
        {
            open.pop();
            matching[top] = u32::try_from(i).unwrap_or(UNMATCHED);
            matching[i] = u32::try_from(top).unwrap_or(UNMATCHED);
        }
    }
    matching
}

/// The pass, as an iterator of the grammar's tokens: the parser pulls them one at a time, so no
/// token vector of the whole file is built.
pub struct Layout<'s, 'c, 'r> {
    ctx: &'c ParseCtx<'s>,
    raw: &'r [(Token<'s>, Span)],
    matching: Vec<u32>,
    /// Index of the next raw token to process.
    next_raw: usize,
    /// Tokens produced but not yet handed out (one raw token yields zero to two).
    ready: VecDeque<Triple<'s>>,
    /// The last four tokens produced, most recent first.
    recent: [Option<Tok<'s>>; 4],
    failed: bool,
    frames: Vec<Frame>,
    prev: Prev,
    /// Whether the last `async` stood where a declaration may start.
    async_starts_statement: bool,
    /// Whether the last `in` begins an `in context` statement.
    statement_in: bool,
    /// Inside an `import`/`export` statement, where `from` is a keyword.
    module_statement: bool,
    top_level: bool,
}

impl<'s, 'c, 'r> Layout<'s, 'c, 'r> {
    pub fn new(ctx: &'c ParseCtx<'s>, raw: &'r [(Token<'s>, Span)], base_depth: u32) -> Self {
        Layout {
            ctx,
            raw,
            matching: match_brackets(raw),
            next_raw: 0,
            ready: VecDeque::with_capacity(4),
            recent: [None; 4],
            failed: false,
            frames: vec![Frame::new(FrameKind::Root, base_depth)],
            prev: Prev::Start,
            async_starts_statement: false,
            statement_in: false,
            module_statement: false,
            top_level: base_depth == 0,
        }
    }
}

impl<'s> Iterator for Layout<'s, '_, '_> {
    type Item = Result<Triple<'s>, TooDeep>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.ready.is_empty() {
            if self.failed || self.next_raw >= self.raw.len() {
                return None;
            }
            let i = self.next_raw;
            self.next_raw += 1;
            if let Err(too_deep) = self.token(i) {
                self.failed = true;
                return Some(Err(too_deep));
            }
        }
        self.ready.pop_front().map(Ok)
    }
}

impl<'s> Layout<'s, '_, '_> {
    fn raw_at(&self, i: usize) -> Option<Token<'s>> {
        self.raw.get(i).map(|(t, _)| *t)
    }

    /// Index of the bracket matching the one at `i` (`usize::MAX` when there is none).
    fn partner(&self, i: usize) -> usize {
        match self.matching.get(i) {
            Some(&j) if j != UNMATCHED => j as usize,
            _ => usize::MAX,
        }
    }

    fn text(&self, span: Span) -> &'s str {
        self.ctx.text(span)
    }

    fn frame(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn frame_kind(&self) -> FrameKind {
        self.frames.last().map_or(FrameKind::Root, |f| f.kind)
    }

    fn previous(&self) -> Option<Tok<'s>> {
        self.recent[0]
    }

    /// The token `n` places before the last one (`n` < 4).
    fn previous_but(&self, n: usize) -> Option<Tok<'s>> {
        self.recent.get(n).copied().flatten()
    }

    fn push(&mut self, triple: Triple<'s>) {
        self.recent.rotate_right(1);
        self.recent[0] = Some(triple.1);
        self.ready.push_back(triple);
    }

    fn emit(&mut self, tok: Tok<'s>, span: Span, prev: Prev) {
        self.push((span.start as usize, tok, span.end as usize));
        self.prev = prev;
        if prev == Prev::Start {
            self.module_statement = false;
        }
    }

    /// Counts one nesting operator in the current frame.
    fn nest(&mut self, at: Span) -> Result<(), TooDeep> {
        let frame = self.frame();
        frame.ops += 1;
        if frame.base + frame.ops > MAX_NESTING {
            return Err(TooDeep { at: at.start as usize });
        }
        Ok(())
    }

    /// Opens a bracket; the level it adds also stands for the literal or group it creates.
    /// Calls and indexes also nest their callee, which their openers count separately.
    fn push_frame(&mut self, kind: FrameKind, at: Span) -> Result<(), TooDeep> {
        let parent = self.frame();
        let base = parent.base + parent.ops + 1;
        if base > MAX_NESTING {
            return Err(TooDeep { at: at.start as usize });
        }
        self.frames.push(Frame::new(kind, base));
        Ok(())
    }

    /// Pops the frame a closer ends, if the innermost frame was opened by its partner.
    fn pop_frame(&mut self, closer: Token<'_>) -> Option<Frame> {
        let top = self.frames.last()?.kind;
        let fits = match closer {
            Token::RParen => matches!(top, FrameKind::Paren { .. }),
            Token::RBracket => top == FrameKind::Bracket,
            _ => !matches!(top, FrameKind::Root | FrameKind::Paren { .. } | FrameKind::Bracket),
        };
        if fits { self.frames.pop() } else { None }
    }

    fn token(&mut self, i: usize) -> Result<(), TooDeep> {
        let (token, span) = self.raw[i];
        let newline_before = i > 0 && {
            let previous_end = self.raw[i - 1].1.end;
            self.ctx
                .src
                .get(previous_end as usize..span.start as usize)
                .is_some_and(|gap| gap.contains('\n'))
        };
        let boundary = newline_before && self.prev == Prev::End && !continues_expression(token);
        if boundary {
            self.statement_boundary();
        }
        // A new statement in a block starts with no operators around it; `else`, `catch`,
        // `finally` and do-while's `while` continue the statement before.
        if self.prev == Prev::Start
            && !matches!(token, Token::Else | Token::Catch | Token::Finally | Token::While)
        {
            self.frame().ops = 0;
        }
        if let Some(tok) = self.keyword_as_name(token, i, span) {
            self.emit(tok, span, Prev::End);
            return Ok(());
        }
        match token {
            Token::Ident(word) => self.word(i, word, span, boundary),
            Token::String(string) => {
                let tok = self.string(string, span)?;
                // A module path or context name ends its statement; it is not an operand.
                let ends_statement =
                    matches!(self.previous(), Some(Tok::From | Tok::Import | Tok::ContextArrow));
                self.emit(tok, span, if ends_statement { Prev::Start } else { Prev::End });
            }
            Token::LParen => self.open_paren(i, span)?,
            Token::LBracket => {
                let tok = if self.prev == Prev::End {
                    // `a[i][j]…` chains without growing the frame stack, so count the index.
                    self.nest(span)?;
                    Tok::IndexBracket
                } else {
                    Tok::ArrayBracket
                };
                self.push_frame(FrameKind::Bracket, span)?;
                self.emit(tok, span, Prev::Operand);
            }
            Token::LBrace => self.open_brace(i, span)?,
            Token::RParen => {
                let header = matches!(
                    self.pop_frame(token),
                    Some(Frame { kind: FrameKind::Paren { header: true, .. }, .. })
                );
                self.emit(Tok::RParen, span, if header { Prev::BodyIntro } else { Prev::End });
            }
            Token::RBracket => {
                self.pop_frame(token);
                self.emit(Tok::RBracket, span, Prev::End);
            }
            Token::RBrace => {
                let closed = self.pop_frame(token);
                let prev = match closed.as_ref().map(|f| f.kind) {
                    Some(FrameKind::Object | FrameKind::MatchBody) => Prev::End,
                    _ => Prev::Start,
                };
                if closed.is_some_and(|f| f.arm_body) && self.frame_kind() == FrameKind::MatchBody {
                    self.frame().expect_arm_arrow = true;
                }
                self.emit(Tok::RBrace, span, prev);
            }
            Token::Arrow => {
                let frame = self.frame();
                if frame.kind == FrameKind::MatchBody && frame.expect_arm_arrow {
                    frame.expect_arm_arrow = false;
                    self.emit(Tok::ArmArrow, span, Prev::BodyIntro);
                } else {
                    if self.raw_at(i + 1) != Some(Token::LBrace) {
                        self.frame().lambda_body = true;
                    }
                    self.nest(span)?;
                    self.emit(Tok::Arrow, span, Prev::BodyIntro);
                }
            }
            Token::Comma => {
                self.frame().separate();
                self.emit(Tok::Comma, span, Prev::Operand);
            }
            Token::Semi => {
                if matches!(
                    self.raw_at(i + 1),
                    Some(Token::Else | Token::Catch | Token::Finally | Token::While)
                ) {
                    return Ok(());
                }
                let frame = self.frame();
                frame.separate();
                if frame.pending == Some(Pending::Block) {
                    frame.pending = None;
                }
                self.emit(Tok::Semi, span, Prev::Start);
            }
            Token::Minus => {
                let tok = if self.prev == Prev::End { Tok::Minus } else { Tok::Neg };
                self.nest(span)?;
                self.emit(tok, span, Prev::Operand);
            }
            Token::PlusPlus | Token::MinusMinus => {
                let postfix = self.prev == Prev::End && !newline_before;
                let tok = match (token, postfix) {
                    (Token::PlusPlus, true) => Tok::PostInc,
                    (Token::PlusPlus, false) => Tok::PreInc,
                    (_, true) => Tok::PostDec,
                    (_, false) => Tok::PreDec,
                };
                self.nest(span)?;
                self.emit(tok, span, if postfix { Prev::End } else { Prev::Operand });
            }
            Token::Return => {
                let has_value = self.raw_at(i + 1).is_some_and(starts_expression);
                let tok = if has_value { Tok::Return } else { Tok::ReturnBare };
                self.nest(span)?;
                self.emit(tok, span, if has_value { Prev::Operand } else { Prev::Start });
            }
            Token::Function => {
                let declares = matches!(self.raw_at(i + 1), Some(Token::Ident(_)))
                    && (matches!(self.prev, Prev::Start | Prev::End)
                        || self.previous() == Some(Tok::Export)
                        || (self.previous() == Some(Tok::Async) && self.async_starts_statement));
                self.frame().pending = Some(Pending::Block);
                self.nest(span)?;
                let tok = if declares { Tok::FunctionDecl } else { Tok::Function };
                self.emit(tok, span, Prev::Operand);
            }
            Token::Async => {
                self.async_starts_statement = matches!(self.prev, Prev::Start | Prev::End)
                    || self.previous() == Some(Tok::Export);
                self.emit(Tok::Async, span, Prev::Operand);
            }
            Token::For | Token::While => {
                if self.previous() != Some(Tok::Uncertain) {
                    let pending =
                        if token == Token::For { Pending::ForBody } else { Pending::Block };
                    self.frame().pending = Some(pending);
                }
                self.nest(span)?;
                let tok = if token == Token::For { Tok::For } else { Tok::While };
                self.emit(tok, span, Prev::Operand);
            }
            Token::Uncertain => {
                self.frame().pending = Some(Pending::Uncertain);
                self.emit(Tok::Uncertain, span, Prev::Operand);
            }
            Token::In => {
                let for_in = matches!(
                    (self.previous_but(1), self.previous_but(3)),
                    (Some(Tok::For), _) | (Some(Tok::Comma), Some(Tok::For))
                );
                self.statement_in = !for_in;
                if !for_in && matches!(self.raw_at(i + 1), Some(Token::Ident("context"))) {
                    self.frame().pending = Some(Pending::Block);
                }
                self.emit(Tok::In, span, Prev::Operand);
            }
            Token::Import | Token::Export => {
                let at_top = self.top_level
                    && self.frames.len() == 1
                    && matches!(self.prev, Prev::Start | Prev::End);
                if !at_top {
                    self.misplaced_module_item(token, span);
                }
                let tok = if token == Token::Import { Tok::Import } else { Tok::Export };
                self.emit(tok, span, Prev::Operand);
                self.module_statement = true;
            }
            Token::Number(value) => self.emit(Tok::Number(value), span, Prev::End),
            Token::DocComment => {}
            other => {
                let (tok, prev) = simple(other);
                if is_assignment(tok) && self.frame().lambda_body {
                    let at = span.start as usize;
                    self.push((at, Tok::LambdaAssign, at));
                }
                if nests(tok) {
                    self.nest(span)?;
                }
                self.emit(tok, span, prev);
            }
        }
        Ok(())
    }

    /// At a line break where the statement before cannot go on (D15).
    fn statement_boundary(&mut self) {
        let frame = self.frame();
        frame.separate();
        if frame.pending == Some(Pending::Block) {
            frame.pending = None;
        }
    }

    fn misplaced_module_item(&self, token: Token<'_>, span: Span) {
        let word = if token == Token::Import { "import" } else { "export" };
        self.ctx.report(
            Diagnostic::error(
                codes::INVALID_HEADER_PLACE,
                format!("`{word}` is only allowed at the top level of a file"),
            )
            .with_primary(self.ctx.file, span, "not at the top level")
            .with_help("move it to the top level; modules are resolved when the file is compiled"),
        );
    }
}
