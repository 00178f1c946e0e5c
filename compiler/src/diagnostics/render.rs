//! Rendering diagnostics: rustc-like text through codespan-reporting, or one JSON object per line.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde_json::json;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    /// rustc-like text with source snippets.
    #[default]
    Human,
    /// One JSON object per diagnostic per line.
    Json,
}

fn to_codespan(diag: &Diagnostic) -> cs::Diagnostic<crate::span::FileId> {
    let severity = match diag.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = diag
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
            cs::Label::new(style, l.file, l.span.range()).with_message(l.message.clone())
        })
        .collect();
    let mut notes = diag.notes.clone();
    if let Some(help) = &diag.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diag.code)
        .with_message(diag.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes one diagnostic as rustc-like text. Colour is decided by the writer.
pub fn emit_human(
    out: &mut dyn WriteColor,
    sources: &SourceMap,
    diag: &Diagnostic,
) -> std::io::Result<()> {
    let config = term::Config::default();
    term::emit_to_write_style(out, &config, sources, &to_codespan(diag)).map_err(|e| match e {
        codespan_reporting::files::Error::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    })
}

/// Renders one diagnostic as plain text (no colour), as used in snapshots and build scripts.
pub fn to_plain_text(sources: &SourceMap, diag: &Diagnostic) -> String {
    let mut buffer = term::termcolor::Buffer::no_color();
    if emit_human(&mut buffer, sources, diag).is_err() {
        return format!("{}[{}]: {}\n", severity_word(diag.severity), diag.code, diag.message);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The JSON form of one diagnostic: `code`, `severity`, `message`, `file`, `line`, `column`
/// (1-based, of the primary label), `end_line`, `end_column`, `labels`, `notes`, `help`.
pub fn to_json(sources: &SourceMap, diag: &Diagnostic) -> serde_json::Value {
    let locate = |file: crate::span::FileId, offset: u32| {
        sources.get(file).map(|f| f.line_column(offset as usize))
    };
    let labels: Vec<serde_json::Value> = diag
        .labels
        .iter()
        .map(|l| {
            let (line, column) = locate(l.file, l.span.start).unwrap_or((0, 0));
            let (end_line, end_column) = locate(l.file, l.span.end).unwrap_or((0, 0));
            json!({
                "file": sources.get(l.file).map(|f| f.name.as_str()),
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "start": l.span.start,
                "end": l.span.end,
                "primary": l.primary,
                "message": l.message,
            })
        })
        .collect();
    let primary = diag.primary_label();
    let (line, column) = primary.and_then(|l| locate(l.file, l.span.start)).unwrap_or((0, 0));
    let (end_line, end_column) = primary.and_then(|l| locate(l.file, l.span.end)).unwrap_or((0, 0));
    json!({
        "code": diag.code,
        "severity": severity_word(diag.severity),
        "message": diag.message,
        "file": primary.and_then(|l| sources.get(l.file)).map(|f| f.name.as_str()),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "labels": labels,
        "notes": diag.notes,
        "help": diag.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::codes;
    use crate::span::Span;

    #[test]
    fn json_locates_primary_label_one_based() {
        let mut sources = SourceMap::new();
        let file = sources.add("main.prism", "x = 1\ny = @\n");
        let diag = Diagnostic::error(codes::UNEXPECTED_CHARACTER, "unexpected character `@`")
            .with_primary(file, Span::new(10, 11), "not a Prism token");
        let v = to_json(&sources, &diag);
        assert_eq!(v["code"], "P0001");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["file"], "main.prism");
        assert_eq!(v["line"], 2);
        assert_eq!(v["column"], 5);
        assert_eq!(v["labels"][0]["message"], "not a Prism token");
    }

    #[test]
    fn plain_text_looks_like_rustc() {
        let mut sources = SourceMap::new();
        let file = sources.add("main.prism", "y = @\n");
        let diag = Diagnostic::error(codes::UNEXPECTED_CHARACTER, "unexpected character `@`")
            .with_primary(file, Span::new(4, 5), "not a Prism token")
            .with_help("remove it");
        let text = to_plain_text(&sources, &diag);
        assert!(text.starts_with("error[P0001]: unexpected character `@`"), "{text}");
        assert!(text.contains("main.prism:1:5"), "{text}");
        assert!(text.contains("help: remove it"), "{text}");
    }
}
