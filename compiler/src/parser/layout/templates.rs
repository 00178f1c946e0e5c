//! String and template tokens: escapes decoded, `${…}` holes laid out as nested token streams.

use super::*;

impl<'s> Layout<'s, '_, '_> {
    pub(super) fn string(
        &mut self,
        string: lexer::StringToken,
        span: Span,
    ) -> Result<Tok<'s>, TooDeep> {
        let delimiter = string.quote.delimiter_len();
        let start = span.start as usize + delimiter;
        let end = if string.terminated {
            (span.end as usize).saturating_sub(delimiter)
        } else {
            span.end as usize
        };
        if !string.has_holes || !string.terminated {
            let body = self.ctx.src.get(start..end.max(start)).unwrap_or("");
            return Ok(Tok::Str(StrTok { quote: string.quote, body }));
        }
        let mut pieces = Vec::new();
        let body = self.ctx.src.as_bytes().get(start..).unwrap_or(&[]);
        strings::scan(body, string.quote, Some(&mut pieces));
        let depth = self.frames.last().map_or(0, |f| f.base + f.ops + 1);
        let mut prepared = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                strings::Piece::Text(range) => {
                    prepared.push(TemplatePiece::Text(start + range.start..start + range.end));
                }
                strings::Piece::Hole(range) => {
                    let range = start + range.start..start + range.end;
                    let (raw, diagnostics) =
                        lexer::lex_range(self.ctx.file, self.ctx.src, range.clone());
                    for diagnostic in diagnostics {
                        self.ctx.report(diagnostic);
                    }
                    let mut tokens = vec![(range.start, Tok::HoleStart, range.start)];
                    tokens.extend(run(self.ctx, &raw, depth)?);
                    prepared.push(TemplatePiece::Hole { tokens, range });
                }
            }
        }
        let index = self.ctx.add_template(TemplateSource { quote: string.quote, pieces: prepared });
        Ok(Tok::Template(index))
    }
}
