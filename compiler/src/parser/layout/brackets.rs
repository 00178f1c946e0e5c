//! Opening brackets: what a `(` or `{` opens (call, group, lambda parameters, block, object)
//! from the tokens around it.

use super::*;

impl<'s> Layout<'s, '_, '_> {
    pub(super) fn open_paren(&mut self, i: usize, span: Span) -> Result<(), TooDeep> {
        let function_name = self.prev == Prev::Binding
            && matches!(self.previous_but(1), Some(Tok::Function | Tok::FunctionDecl));
        let (tok, kind) = if self.prev == Prev::End {
            // `f(1)(2)…` chains without growing the frame stack, so count the call.
            self.nest(span)?;
            (Tok::CallParen, FrameKind::Paren { header: false, for_header: false })
        } else if function_name
            || matches!(
                self.previous(),
                Some(Tok::If | Tok::While | Tok::For | Tok::Catch | Tok::Function | Tok::Match)
            )
        {
            let for_header = self.previous() == Some(Tok::For);
            (Tok::GroupParen, FrameKind::Paren { header: true, for_header })
        } else if self.lambda_follows(i) {
            (Tok::LambdaParen, FrameKind::Paren { header: false, for_header: false })
        } else {
            (Tok::GroupParen, FrameKind::Paren { header: false, for_header: false })
        };
        self.push_frame(kind, span)?;
        self.emit(tok, span, Prev::Operand);
        Ok(())
    }

    pub(super) fn lambda_follows(&self, i: usize) -> bool {
        let in_arm_pattern = self
            .frames
            .last()
            .is_some_and(|f| f.kind == FrameKind::MatchBody && f.expect_arm_arrow);
        let close = self.partner(i);
        !in_arm_pattern && self.raw_at(close.wrapping_add(1)) == Some(Token::Arrow)
    }

    pub(super) fn open_brace(&mut self, i: usize, span: Span) -> Result<(), TooDeep> {
        let frame = self.frames.last().copied().unwrap_or(Frame::new(FrameKind::Root, 0));
        let kind = if frame.kind == FrameKind::UncertainBody {
            FrameKind::Block
        } else if frame.kind == FrameKind::MatchBody && frame.expect_arm_arrow {
            FrameKind::Object
        } else {
            match self.prev {
                // `=> { key: … }` in a match arm cannot be a block (Prism has no labels).
                Prev::BodyIntro
                    if self.previous() == Some(Tok::ArmArrow) && self.object_key_follows(i) =>
                {
                    FrameKind::Object
                }
                Prev::BodyIntro => self.take_pending().unwrap_or(FrameKind::Block),
                Prev::Operand => FrameKind::Object,
                Prev::End | Prev::Start | Prev::Binding => match self.take_pending() {
                    Some(kind) => kind,
                    None if self.object_at_statement_start(i) => FrameKind::Object,
                    None => FrameKind::Block,
                },
            }
        };
        let arm_body = self.previous() == Some(Tok::ArmArrow);
        self.push_frame(kind, span)?;
        self.frame().arm_body = arm_body;
        let tok = if kind == FrameKind::Object { Tok::ObjectBrace } else { Tok::BlockBrace };
        self.emit(tok, span, if kind == FrameKind::Object { Prev::Operand } else { Prev::Start });
        Ok(())
    }

    pub(super) fn take_pending(&mut self) -> Option<FrameKind> {
        self.frame().pending.take().map(|pending| match pending {
            Pending::Block | Pending::ForBody => FrameKind::Block,
            Pending::Uncertain => FrameKind::UncertainBody,
            Pending::Match => FrameKind::MatchBody,
            Pending::Agents => FrameKind::AgentsBody,
        })
    }

    /// B §3.1, adapted: at the start of a statement `{` opens an object (or an object pattern
    /// of a destructuring assignment) when what follows reads like one.
    pub(super) fn object_at_statement_start(&self, i: usize) -> bool {
        let close = self.partner(i);
        let first = self.raw_at(i + 1);
        let second = self.raw_at(i + 2);
        match first {
            Some(Token::RBrace | Token::Ellipsis) => true,
            Some(Token::String(_)) => second == Some(Token::Colon),
            Some(Token::LBracket) => {
                let end = self.partner(i + 1);
                self.raw_at(end.wrapping_add(1)) == Some(Token::Colon)
            }
            Some(word) if is_keyword(word) => second == Some(Token::Colon),
            Some(Token::Ident(_)) => match second {
                Some(Token::Colon | Token::Comma | Token::RBrace | Token::ConfidenceArrow) => true,
                Some(Token::Assign) => self.default_then_pattern(i + 3, close),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether `{` at `i` is followed by `name:`, `"name":` or `...`.
    pub(super) fn object_key_follows(&self, i: usize) -> bool {
        match self.raw_at(i + 1) {
            Some(Token::Ellipsis) => true,
            Some(Token::Ident(_) | Token::String(_)) => self.raw_at(i + 2) == Some(Token::Colon),
            Some(word) if is_keyword(word) => self.raw_at(i + 2) == Some(Token::Colon),
            _ => false,
        }
    }

    /// After `{ name =`: an object pattern with a default if a `,` follows at this level, or if
    /// the closing `}` is followed by `=`. The scan is bounded; long runs read as blocks.
    pub(super) fn default_then_pattern(&self, from: usize, close: usize) -> bool {
        const SCAN_LIMIT: usize = 256;
        let mut i = from;
        while i < self.raw.len() && i < from + SCAN_LIMIT {
            if i == close {
                return self.raw_at(close + 1) == Some(Token::Assign);
            }
            match self.raw[i].0 {
                Token::Comma => return true,
                Token::Semi => return false,
                Token::LParen | Token::LBracket | Token::LBrace => match self.partner(i) {
                    usize::MAX => return false,
                    end => i = end,
                },
                _ => {}
            }
            i += 1;
        }
        false
    }
}
