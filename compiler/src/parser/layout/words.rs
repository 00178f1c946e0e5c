//! Words: contextual keywords (D4) in their own place only, keywords as names after `.` and
//! as object keys, and the look-ahead that tells a `match` expression from a call of `match`.

use super::*;

impl<'s> Layout<'s, '_, '_> {
    /// Keywords after `.`, `?.`, `~.` and before `:` at the start of an object property are
    /// names (D4).
    pub(super) fn keyword_as_name(
        &self,
        token: Token<'s>,
        i: usize,
        span: Span,
    ) -> Option<Tok<'s>> {
        if !is_keyword(token) {
            return None;
        }
        let after_dot =
            matches!(self.previous(), Some(Tok::Dot | Tok::OptionalDot | Tok::ConfidenceDot));
        let object_key = self.frame_kind() == FrameKind::Object
            && matches!(self.previous(), Some(Tok::ObjectBrace | Tok::Comma))
            && self.raw_at(i + 1) == Some(Token::Colon);
        (after_dot || object_key).then(|| Tok::Ident(self.text(span)))
    }

    pub(super) fn word(&mut self, i: usize, word: &'s str, span: Span, boundary: bool) {
        let next = self.raw_at(i + 1);
        let after_dot =
            matches!(self.previous(), Some(Tok::Dot | Tok::OptionalDot | Tok::ConfidenceDot));
        let next_is_brace = next == Some(Token::LBrace);
        // Where a statement may start, not where a name would continue an expression.
        let starts = self.prev != Prev::End || boundary;
        let keyword = if after_dot {
            None
        } else {
            match word {
                "match" if starts && self.match_follows(i) => Some(Tok::Match),
                "agents" if starts && next_is_brace => Some(Tok::Agents),
                "Agent"
                    if self.previous() == Some(Tok::Colon)
                        && next_is_brace
                        && self.frame_kind() == FrameKind::AgentsBody =>
                {
                    Some(Tok::Agent)
                }
                "context" if self.previous() == Some(Tok::In) && self.statement_in => {
                    Some(Tok::Context)
                }
                "default" if self.previous() == Some(Tok::Export) => Some(Tok::Default),
                "default" | "high" | "medium" | "low"
                    if self.frame_kind() == FrameKind::UncertainBody && next_is_brace =>
                {
                    Some(match word {
                        "high" => Tok::High,
                        "medium" => Tok::Medium,
                        "low" => Tok::Low,
                        _ => Tok::Default,
                    })
                }
                "from"
                    if (self.module_statement || matches!(next, Some(Token::String(_))))
                        && (self.prev == Prev::End || self.previous() == Some(Tok::Star)) =>
                {
                    Some(Tok::From)
                }
                "as" if (self.prev == Prev::End || self.previous() == Some(Tok::Star))
                    && matches!(next, Some(Token::Ident(_))) =>
                {
                    Some(Tok::As)
                }
                "of" if matches!(self.frame_kind(), FrameKind::Paren { for_header: true, .. })
                    && matches!(self.prev, Prev::End | Prev::Binding) =>
                {
                    Some(Tok::Of)
                }
                _ => None,
            }
        };
        match keyword {
            Some(tok) => {
                match tok {
                    Tok::Match => self.frame().pending = Some(Pending::Match),
                    Tok::Agents => self.frame().pending = Some(Pending::Agents),
                    _ => {}
                }
                let prev = if tok == Tok::Agents { Prev::BodyIntro } else { Prev::Operand };
                self.emit(tok, span, prev);
            }
            None => {
                let binds = matches!(
                    self.previous(),
                    Some(Tok::Let | Tok::Const | Tok::Function | Tok::FunctionDecl)
                ) && !after_dot;
                let prev = if binds {
                    Prev::Binding
                } else if self.previous() == Some(Tok::ContextArrow) {
                    Prev::Start
                } else {
                    Prev::End
                };
                self.emit(Tok::Ident(word), span, prev);
            }
        }
    }

    /// Whether `match` at `i` begins a match expression: a scrutinee follows, and when it is
    /// bracketed, the body's `{` comes right after it.
    pub(super) fn match_follows(&self, i: usize) -> bool {
        match self.raw_at(i + 1) {
            Some(Token::LParen | Token::LBracket) => {
                let close = self.partner(i + 1);
                self.raw_at(close.wrapping_add(1)) == Some(Token::LBrace)
            }
            Some(
                Token::Ident(_)
                | Token::Number(_)
                | Token::String(_)
                | Token::True
                | Token::False
                | Token::Null
                | Token::Undefined
                | Token::Placeholder
                | Token::Not
                | Token::ConfidenceExtract
                | Token::Typeof
                | Token::Await
                | Token::Tilde,
            ) => true,
            _ => false,
        }
    }
}

/// Keywords of the lexer (contextual words are identifiers there).
pub(super) fn is_keyword(token: Token<'_>) -> bool {
    use Token::*;
    matches!(
        token,
        If | Else
            | Uncertain
            | Function
            | Return
            | Let
            | Const
            | True
            | False
            | Null
            | Undefined
            | For
            | While
            | Do
            | Break
            | Continue
            | Typeof
            | Instanceof
            | Import
            | Export
            | Async
            | Await
            | Try
            | Catch
            | Finally
            | Throw
            | In
    )
}
