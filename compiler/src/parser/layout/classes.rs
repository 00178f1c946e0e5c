//! Token classes the layout decisions are made of: what continues or starts an expression,
//! what nests, and the grammar token of every unambiguous lexical token.

use super::*;

/// Whether a token on a new line continues the expression before it (D15): binary operators,
/// member access, calls, indexes, `?`, `:` and closing brackets.
pub(super) fn continues_expression(token: Token<'_>) -> bool {
    use Token::*;
    !matches!(
        token,
        Ident(_)
            | Number(_)
            | String(_)
            | Placeholder
            | DocComment
            | LBrace
            | Not
            | Tilde
            | ConfidenceExtract
            | Ellipsis
            | PlusPlus
            | MinusMinus
            | Semi
    ) && !is_keyword(token)
        || token == Instanceof
}

/// Whether a token can begin an expression (decides `return` with or without a value).
pub(super) fn starts_expression(token: Token<'_>) -> bool {
    use Token::*;
    matches!(
        token,
        Ident(_)
            | Number(_)
            | String(_)
            | Placeholder
            | True
            | False
            | Null
            | Undefined
            | LParen
            | LBracket
            | LBrace
            | Not
            | Minus
            | Tilde
            | ConfidenceExtract
            | Typeof
            | Await
            | PlusPlus
            | MinusMinus
            | Function
            | Async
    )
}

pub(super) fn is_assignment(tok: Tok<'_>) -> bool {
    use Tok::*;
    matches!(
        tok,
        Assign
            | PlusAssign
            | MinusAssign
            | StarAssign
            | SlashAssign
            | PercentAssign
            | ConfidencePlusAssign
            | ConfidenceMinusAssign
            | ConfidenceStarAssign
            | ConfidenceSlashAssign
    )
}

/// Operators that add a level to the tree.
pub(super) fn nests(tok: Tok<'_>) -> bool {
    !matches!(
        tok,
        Tok::True
            | Tok::False
            | Tok::Null
            | Tok::Undefined
            | Tok::Placeholder
            | Tok::Break
            | Tok::Continue
    )
}

/// Tokens whose meaning does not depend on their neighbours.
pub(super) fn simple(token: Token<'_>) -> (Tok<'_>, Prev) {
    use Prev::*;
    use Token as T;
    let operand = |tok| (tok, Operand);
    match token {
        T::True => (Tok::True, End),
        T::False => (Tok::False, End),
        T::Null => (Tok::Null, End),
        T::Undefined => (Tok::Undefined, End),
        T::Placeholder => (Tok::Placeholder, End),
        T::Break => (Tok::Break, Start),
        T::Continue => (Tok::Continue, Start),
        T::Else => (Tok::Else, BodyIntro),
        T::Do => (Tok::Do, BodyIntro),
        T::Try => (Tok::Try, BodyIntro),
        T::Finally => (Tok::Finally, BodyIntro),
        T::Catch => (Tok::Catch, BodyIntro),
        T::If => operand(Tok::If),
        T::Let => operand(Tok::Let),
        T::Const => operand(Tok::Const),
        T::Typeof => operand(Tok::Typeof),
        T::Instanceof => operand(Tok::Instanceof),
        T::Await => operand(Tok::Await),
        T::Throw => operand(Tok::Throw),
        T::Dot => operand(Tok::Dot),
        T::Ellipsis => operand(Tok::Ellipsis),
        T::Colon => operand(Tok::Colon),
        T::Question => operand(Tok::Question),
        T::OptionalDot => operand(Tok::OptionalDot),
        T::QuestionQuestion => operand(Tok::QuestionQuestion),
        T::ContextArrow => operand(Tok::ContextArrow),
        T::Pipe => operand(Tok::Pipe),
        T::Plus => operand(Tok::Plus),
        T::Star => operand(Tok::Star),
        T::Slash => operand(Tok::Slash),
        T::Percent => operand(Tok::Percent),
        T::StarStar => operand(Tok::StarStar),
        T::Assign => operand(Tok::Assign),
        T::PlusAssign => operand(Tok::PlusAssign),
        T::MinusAssign => operand(Tok::MinusAssign),
        T::StarAssign => operand(Tok::StarAssign),
        T::SlashAssign => operand(Tok::SlashAssign),
        T::PercentAssign => operand(Tok::PercentAssign),
        T::EqEq => operand(Tok::EqEq),
        T::NotEq => operand(Tok::NotEq),
        T::EqEqEq => operand(Tok::EqEqEq),
        T::NotEqEq => operand(Tok::NotEqEq),
        T::Lt => operand(Tok::Lt),
        T::Le => operand(Tok::Le),
        T::Gt => operand(Tok::Gt),
        T::Ge => operand(Tok::Ge),
        T::AndAnd => operand(Tok::AndAnd),
        T::OrOr => operand(Tok::OrOr),
        T::Not => operand(Tok::Not),
        T::ConfidenceArrow => operand(Tok::ConfidenceArrow),
        T::ConfidenceExtract => operand(Tok::ConfidenceExtract),
        T::ConfidenceChain => operand(Tok::ConfidenceChain),
        T::ConfidenceCoalesce => operand(Tok::ConfidenceCoalesce),
        T::ConfidenceAnd => operand(Tok::ConfidenceAnd),
        T::ConfidenceOr => operand(Tok::ConfidenceOr),
        T::ConfidencePlus => operand(Tok::ConfidencePlus),
        T::ConfidenceMinus => operand(Tok::ConfidenceMinus),
        T::ConfidenceStar => operand(Tok::ConfidenceStar),
        T::ConfidenceSlash => operand(Tok::ConfidenceSlash),
        T::ConfidencePlusAssign => operand(Tok::ConfidencePlusAssign),
        T::ConfidenceMinusAssign => operand(Tok::ConfidenceMinusAssign),
        T::ConfidenceStarAssign => operand(Tok::ConfidenceStarAssign),
        T::ConfidenceSlashAssign => operand(Tok::ConfidenceSlashAssign),
        T::ConfidenceEq => operand(Tok::ConfidenceEq),
        T::ConfidenceNotEq => operand(Tok::ConfidenceNotEq),
        T::ConfidenceLt => operand(Tok::ConfidenceLt),
        T::ConfidenceLe => operand(Tok::ConfidenceLe),
        T::ConfidenceGe => operand(Tok::ConfidenceGe),
        T::ConfidenceDot => operand(Tok::ConfidenceDot),
        T::ConfidenceQuestion => operand(Tok::ConfidenceQuestion),
        T::ConfidenceThresholdGate => operand(Tok::ConfidenceThresholdGate),
        T::ConfidencePipe => operand(Tok::ConfidencePipe),
        T::ParallelConfidence => operand(Tok::ParallelConfidence),
        T::ThresholdGate => operand(Tok::ThresholdGate),
        T::Tilde => operand(Tok::Tilde),
        // Handled by the caller; listed so the mapping stays total.
        T::DocComment
        | T::Ident(_)
        | T::Number(_)
        | T::String(_)
        | T::Uncertain
        | T::Function
        | T::Return
        | T::For
        | T::While
        | T::Import
        | T::Export
        | T::Async
        | T::In
        | T::LParen
        | T::RParen
        | T::LBracket
        | T::RBracket
        | T::LBrace
        | T::RBrace
        | T::Comma
        | T::Semi
        | T::Arrow
        | T::Minus
        | T::PlusPlus
        | T::MinusMinus => operand(Tok::Semi),
    }
}
