//! The tokens the grammar sees: lexical tokens after the layout pass has decided what each
//! ambiguous one means in its place (see [`super::layout`]).

use crate::lexer::Quote;

/// A string literal without interpolation; `body` is the text between the delimiters, escapes
/// not yet processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrTok<'s> {
    pub quote: Quote,
    pub body: &'s str,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tok<'s> {
    Ident(&'s str),
    Number(f64),
    Str(StrTok<'s>),
    /// A string with holes; the index of its prepared pieces in the parse context.
    Template(u32),
    True,
    False,
    Null,
    Undefined,
    Placeholder,

    If,
    Else,
    Uncertain,
    /// `function` in expression position.
    Function,
    /// `function name` at the start of a statement: a declaration.
    FunctionDecl,
    /// `return` followed by its value.
    Return,
    /// `return` with nothing that could start a value after it.
    ReturnBare,
    Let,
    Const,
    For,
    While,
    Do,
    Break,
    Continue,
    Typeof,
    Instanceof,
    Import,
    Export,
    Async,
    Await,
    Try,
    Catch,
    Finally,
    Throw,
    In,

    // Contextual words, in the one place where they are keywords (D4).
    Agents,
    Agent,
    Context,
    High,
    Medium,
    Low,
    Default,
    From,
    As,
    Of,
    Match,

    /// `(` opening a group, a statement header or a parameter list.
    GroupParen,
    /// `(` right after an expression: a call.
    CallParen,
    /// `(` whose matching `)` is followed by `=>`: lambda parameters.
    LambdaParen,
    RParen,
    /// `[` opening an array literal or pattern.
    ArrayBracket,
    /// `[` right after an expression: an index.
    IndexBracket,
    RBracket,
    /// `{` opening an object literal or object pattern.
    ObjectBrace,
    /// `{` opening a block or a brace-delimited body (match, uncertain, agents).
    BlockBrace,
    RBrace,
    Comma,
    Dot,
    OptionalDot,
    ConfidenceDot,
    Colon,
    Semi,
    Question,
    QuestionQuestion,
    Ellipsis,
    /// `=>` of a lambda.
    Arrow,
    /// `=>` of a match arm.
    ArmArrow,
    /// Virtual: the next token is an assignment operator inside a lambda's expression body,
    /// so `xs.forEach(x => total += x)` assigns inside the lambda.
    LambdaAssign,
    ContextArrow,
    /// Virtual: the start of an interpolation hole, parsed as one expression.
    HoleStart,

    Plus,
    /// Binary `-`.
    Minus,
    /// Prefix `-`.
    Neg,
    Star,
    Slash,
    Percent,
    StarStar,
    PreInc,
    PreDec,
    PostInc,
    PostDec,
    Assign,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    PercentAssign,
    ConfidencePlusAssign,
    ConfidenceMinusAssign,
    ConfidenceStarAssign,
    ConfidenceSlashAssign,
    EqEq,
    NotEq,
    EqEqEq,
    NotEqEq,
    Lt,
    Le,
    Gt,
    Ge,
    AndAnd,
    OrOr,
    Not,

    Pipe,
    ConfidencePipe,
    ConfidenceThresholdGate,
    ConfidenceArrow,
    ConfidenceExtract,
    ConfidenceChain,
    ConfidenceCoalesce,
    ConfidenceAnd,
    ConfidenceOr,
    ConfidencePlus,
    ConfidenceMinus,
    ConfidenceStar,
    ConfidenceSlash,
    ConfidenceEq,
    ConfidenceNotEq,
    ConfidenceLt,
    ConfidenceLe,
    ConfidenceGe,
    ConfidenceQuestion,
    ParallelConfidence,
    ThresholdGate,
    Tilde,
}

/// A token with its start and end byte offsets, as the generated parser consumes them.
pub type Triple<'s> = (usize, Tok<'s>, usize);
