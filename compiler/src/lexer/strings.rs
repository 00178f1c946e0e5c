//! String literals: finding where one ends (interpolation holes may hold nested strings and
//! braces), splitting it into text and holes, and processing escapes.
//!
//! Four forms exist (B §1.5, D4, D19): `"…"` and `'…'` with the reference's escapes, single
//! backtick template literals with JavaScript's escapes, and raw triple-backtick strings. All
//! four may hold `${…}` holes.

use std::borrow::Cow;
use std::ops::Range;

/// How deeply strings may nest inside interpolation holes.
const MAX_STRING_NESTING: u32 = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quote {
    /// `"…"`
    Double,
    /// `'…'`
    Single,
    /// `` `…` ``: a JavaScript template literal.
    Backtick,
    /// ```` ```…``` ````: raw, no escapes.
    Triple,
}

impl Quote {
    /// Length of the opening (and closing) delimiter.
    pub fn delimiter_len(self) -> usize {
        match self {
            Quote::Triple => 3,
            _ => 1,
        }
    }

    /// Quoted strings stop at a raw newline; backtick strings may span lines.
    fn allows_newline(self) -> bool {
        matches!(self, Quote::Backtick | Quote::Triple)
    }
}

/// What went wrong while scanning a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringProblem {
    /// The input ended before the closing delimiter.
    Unterminated,
    /// A quoted string met a raw newline.
    Newline,
    /// A `${` hole was never closed.
    UnclosedHole,
    /// Strings nested in holes deeper than [`MAX_STRING_NESTING`].
    TooDeep,
    /// A block comment inside a hole was never closed.
    UnterminatedComment,
}

/// One piece of a string's body, in offsets relative to the body start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(Range<usize>),
    /// The expression text between `${` and `}`.
    Hole(Range<usize>),
}

/// The result of scanning one string body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Bytes consumed after the opening delimiter, including the closing one when present.
    pub len: usize,
    pub has_holes: bool,
    /// `None` when the string is well formed; else the problem and where it was noticed.
    pub problem: Option<(StringProblem, usize)>,
}

/// Scans the body of a string that starts right after its opening delimiter. When `pieces` is
/// given, the text and hole ranges are pushed to it.
pub fn scan(body: &[u8], quote: Quote, pieces: Option<&mut Vec<Piece>>) -> Scan {
    scan_nested(body, quote, pieces, 0)
}

fn scan_nested(
    body: &[u8],
    quote: Quote,
    mut pieces: Option<&mut Vec<Piece>>,
    nesting: u32,
) -> Scan {
    let mut i = 0;
    let mut text_start = 0;
    let mut has_holes = false;
    let push = |piece: Piece, pieces: &mut Option<&mut Vec<Piece>>| {
        if let Some(p) = pieces.as_deref_mut() {
            p.push(piece);
        }
    };
    loop {
        let Some(&byte) = body.get(i) else {
            push(Piece::Text(text_start..i), &mut pieces);
            return Scan { len: i, has_holes, problem: Some((StringProblem::Unterminated, i)) };
        };
        let closes = match quote {
            Quote::Double => byte == b'"',
            Quote::Single => byte == b'\'',
            Quote::Backtick => byte == b'`',
            Quote::Triple => body[i..].starts_with(b"```"),
        };
        if closes {
            push(Piece::Text(text_start..i), &mut pieces);
            return Scan { len: i + quote.delimiter_len(), has_holes, problem: None };
        }
        match byte {
            b'\n' if !quote.allows_newline() => {
                push(Piece::Text(text_start..i), &mut pieces);
                return Scan { len: i, has_holes, problem: Some((StringProblem::Newline, i)) };
            }
            b'\\' if quote != Quote::Triple => {
                // The escaped byte never closes the string; UTF-8 continuation bytes are never
                // ASCII delimiters, so stepping over one byte keeps the scan on track.
                i += 2;
                if i > body.len() {
                    push(Piece::Text(text_start..body.len()), &mut pieces);
                    let end = body.len();
                    return Scan {
                        len: end,
                        has_holes,
                        problem: Some((StringProblem::Unterminated, end)),
                    };
                }
            }
            b'$' if body.get(i + 1) == Some(&b'{') => {
                push(Piece::Text(text_start..i), &mut pieces);
                let hole_start = i + 2;
                match scan_hole(body, hole_start, quote.allows_newline(), nesting) {
                    Ok(close) => {
                        push(Piece::Hole(hole_start..close), &mut pieces);
                        has_holes = true;
                        i = close + 1;
                        text_start = i;
                    }
                    Err((problem, at)) => {
                        return Scan { len: at, has_holes: true, problem: Some((problem, at)) };
                    }
                }
            }
            _ => i += 1,
        }
    }
}

/// Finds the `}` that closes a hole whose text starts at `start`, skipping nested braces,
/// strings and comments. Returns its offset, or the problem and where the scan stopped.
fn scan_hole(
    body: &[u8],
    start: usize,
    allow_newline: bool,
    nesting: u32,
) -> Result<usize, (StringProblem, usize)> {
    if nesting >= MAX_STRING_NESTING {
        return Err((StringProblem::TooDeep, start));
    }
    let mut depth = 0u32;
    let mut i = start;
    while let Some(&byte) = body.get(i) {
        match byte {
            b'{' => depth += 1,
            b'}' if depth == 0 => return Ok(i),
            b'}' => depth -= 1,
            b'\n' if !allow_newline => return Err((StringProblem::Newline, i)),
            b'"' | b'\'' | b'`' => {
                let quote = match byte {
                    b'"' => Quote::Double,
                    b'\'' => Quote::Single,
                    _ if body[i..].starts_with(b"```") => Quote::Triple,
                    _ => Quote::Backtick,
                };
                let open = i + quote.delimiter_len();
                let inner = scan_nested(&body[open..], quote, None, nesting + 1);
                if let Some((problem, at)) = inner.problem {
                    return Err((problem, open + at));
                }
                i = open + inner.len;
                continue;
            }
            b'/' if body.get(i + 1) == Some(&b'/') => {
                while body.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'/' if body.get(i + 1) == Some(&b'*') => match find(&body[i + 2..], b"*/") {
                Some(at) => {
                    i += 2 + at + 2;
                    continue;
                }
                None => return Err((StringProblem::UnterminatedComment, body.len())),
            },
            _ => {}
        }
        i += 1;
    }
    Err((StringProblem::UnclosedHole, body.len()))
}

/// Offset of the first occurrence of `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A malformed escape in a template literal, relative to the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapeError {
    pub range: Range<usize>,
    pub message: String,
}

/// Processes the escapes of one text piece.
///
/// Quoted strings know `\n \t \r \\ \" \'`; any other escaped character stands for itself
/// (B §1.5, so `\u0041` is `u0041`). Template literals use JavaScript's escapes, including
/// `\xHH`, `\uHHHH` and `\u{H…}`, and turn CRLF into LF. Triple-backtick strings are raw.
pub fn cook(raw: &str, quote: Quote) -> Result<Cow<'_, str>, EscapeError> {
    let needs_work = match quote {
        Quote::Triple => false,
        Quote::Backtick => raw.contains(['\\', '\r']),
        Quote::Double | Quote::Single => raw.contains('\\'),
    };
    if !needs_work {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\r' && quote == Quote::Backtick {
            if chars.peek().map(|&(_, n)| n) != Some('\n') {
                out.push('\n');
            }
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, escaped)) = chars.next() else {
            // A lone trailing backslash can only come from an unterminated string, which is
            // reported already; keep it as written.
            out.push('\\');
            break;
        };
        match (escaped, quote) {
            ('n', _) => out.push('\n'),
            ('t', _) => out.push('\t'),
            ('r', _) => out.push('\r'),
            ('b', Quote::Backtick) => out.push('\u{8}'),
            ('f', Quote::Backtick) => out.push('\u{c}'),
            ('v', Quote::Backtick) => out.push('\u{b}'),
            ('0', Quote::Backtick) => out.push('\0'),
            ('\n', Quote::Backtick) => {}
            ('\r', Quote::Backtick) => {
                if chars.peek().map(|&(_, n)| n) == Some('\n') {
                    chars.next();
                }
            }
            ('x', Quote::Backtick) => {
                let digits = take_hex(&mut chars, 2);
                push_code_point(&mut out, &digits, 2, at, "`\\x` needs two hex digits")?;
            }
            ('u', Quote::Backtick) => {
                if chars.peek().map(|&(_, n)| n) == Some('{') {
                    chars.next();
                    let mut digits = String::new();
                    let mut closed = false;
                    for (_, d) in chars.by_ref() {
                        if d == '}' {
                            closed = true;
                            break;
                        }
                        digits.push(d);
                    }
                    let ok = closed && !digits.is_empty() && digits.len() <= 6;
                    let len = if ok { digits.len() } else { usize::MAX };
                    push_code_point(
                        &mut out,
                        &digits,
                        len,
                        at,
                        "`\\u{…}` needs 1 to 6 hex digits",
                    )?;
                } else {
                    let digits = take_hex(&mut chars, 4);
                    push_code_point(&mut out, &digits, 4, at, "`\\u` needs four hex digits")?;
                }
            }
            (other, _) => out.push(other),
        }
    }
    Ok(Cow::Owned(out))
}

fn take_hex(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, max: usize) -> String {
    let mut digits = String::new();
    while digits.len() < max {
        match chars.peek() {
            Some(&(_, d)) if d.is_ascii_hexdigit() => {
                digits.push(d);
                chars.next();
            }
            _ => break,
        }
    }
    digits
}

fn push_code_point(
    out: &mut String,
    digits: &str,
    expected_len: usize,
    at: usize,
    message: &str,
) -> Result<(), EscapeError> {
    let value = u32::from_str_radix(digits, 16).ok().filter(|_| digits.len() == expected_len);
    match value.and_then(char::from_u32) {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(EscapeError {
            range: at..at + 2 + digits.len(),
            message: if value.is_some() {
                format!("`\\u{{{digits}}}` is not a valid Unicode scalar value")
            } else {
                message.to_string()
            },
        }),
    }
}
