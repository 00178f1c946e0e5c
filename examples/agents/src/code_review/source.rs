//! The code under review: plain source (`data.code`) or the added side of a unified diff
//! (`data.diff`), with line numbers and block structure helpers.

/// One line of the reviewed code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// 1-based line number (in the new file, for a diff).
    pub number: usize,
    /// The text, without the diff marker.
    pub text: String,
    /// Whether the line is new (always for plain code; `+` lines of a diff). Findings are
    /// reported on added lines only; context lines give loops and functions their shape.
    pub added: bool,
}

/// Plain source.
pub fn from_code(code: &str) -> Vec<SourceLine> {
    code.lines()
        .enumerate()
        .map(|(i, text)| SourceLine { number: i + 1, text: text.to_owned(), added: true })
        .collect()
}

/// The new side of a unified diff: added and context lines with their new-file numbers.
pub fn from_diff(diff: &str) -> Vec<SourceLine> {
    let mut lines = Vec::new();
    let mut number = 0usize;
    let mut in_hunk = false;
    for raw in diff.lines() {
        if let Some(header) = raw.strip_prefix("@@") {
            number = hunk_start(header).unwrap_or(1);
            in_hunk = true;
            continue;
        }
        if raw.starts_with("+++") || raw.starts_with("---") || raw.starts_with("diff ") {
            in_hunk = false;
            continue;
        }
        if !in_hunk {
            continue;
        }
        if let Some(added) = raw.strip_prefix('+') {
            lines.push(SourceLine { number, text: added.to_owned(), added: true });
            number += 1;
        } else if raw.starts_with('-') || raw.starts_with('\\') {
            // Removed lines and "\ No newline at end of file" are not in the new file.
        } else {
            let text = raw.strip_prefix(' ').unwrap_or(raw);
            lines.push(SourceLine { number, text: text.to_owned(), added: false });
            number += 1;
        }
    }
    lines
}

/// The new-file start line of a hunk header ` -a,b +c,d @@`.
fn hunk_start(header: &str) -> Option<usize> {
    let plus = header.split_whitespace().find(|part| part.starts_with('+'))?;
    plus[1..].split(',').next()?.parse().ok()
}

/// The code part of a line: string-literal contents blanked and `//` comments removed, so
/// braces and keywords inside strings or comments are not mistaken for structure.
pub fn code_part(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                    out.push(c);
                }
            }
            None => {
                if c == '/' && chars.peek() == Some(&'/') {
                    break;
                }
                if c == '"' || c == '\'' || c == '`' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// Leading indentation width (a tab counts 4).
pub fn indent(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// The index just past the block that starts at `lines[start]`: a brace block when the
/// header (or the next line) opens one, else an indentation block (Python), else the one
/// following statement.
pub fn block_end(lines: &[SourceLine], start: usize) -> usize {
    let header = code_part(&lines[start].text);
    let opens_here = header.contains('{');
    let opens_next =
        !opens_here && lines.get(start + 1).is_some_and(|l| l.text.trim_start().starts_with('{'));
    if opens_here || opens_next {
        let mut depth: i64 = 0;
        let mut seen_open = false;
        for (i, line) in lines.iter().enumerate().skip(start) {
            for c in code_part(&line.text).chars() {
                match c {
                    '{' => {
                        depth += 1;
                        seen_open = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if seen_open && depth <= 0 {
                return i + 1;
            }
        }
        return lines.len();
    }
    if header.trim_end().ends_with(':') {
        let base = indent(&lines[start].text);
        let mut end = start + 1;
        for (i, line) in lines.iter().enumerate().skip(start + 1) {
            if line.text.trim().is_empty() {
                continue;
            }
            if indent(&line.text) <= base {
                break;
            }
            end = i + 1;
        }
        return end;
    }
    (start + 2).min(lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_numbers_follow_the_new_file() {
        let diff = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -10,3 +20,4 @@ def f():\n \
                    keep\n-gone\n+new one\n+new two\n context\n";
        let lines = from_diff(diff);
        let summary: Vec<(usize, &str, bool)> =
            lines.iter().map(|l| (l.number, l.text.as_str(), l.added)).collect();
        assert_eq!(
            summary,
            [
                (20, "keep", false),
                (21, "new one", true),
                (22, "new two", true),
                (23, "context", false)
            ]
        );
    }

    #[test]
    fn blocks_by_braces_and_indentation() {
        let c = from_code("while (x) {\n  if (y) { z(); }\n}\nafter();");
        assert_eq!(block_end(&c, 0), 3);
        let py = from_code("while True:\n    a()\n\n    b()\nc()");
        assert_eq!(block_end(&py, 0), 4);
        let s = code_part("let s = \"{ not a brace }\"; // { comment");
        assert!(!s.contains('{'));
    }
}
