//! The pattern header (LANGUAGE.md D12, PLATFORM.md §2.2): the `@tags` of the `/** … */` block
//! before the first statement, parsed into a typed [`PatternHeader`].
//!
//! A tag runs from `@word` at the start of a comment line to the next tag or the end of the
//! comment, so long JSON values (an `@input` schema) may span several lines — the reference read
//! one line per tag, which a one-line value still matches exactly. Values of JSON tags are parsed
//! as JSON; every problem is a `P4xxx` diagnostic located at the tag's value.

use crate::diagnostics::{Diagnostic, codes};
use crate::span::{FileId, Span};
use serde_json::Value as Json;

/// One `@tag value` of the header, with spans into the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    /// The value text with comment decoration (`*` gutters) removed and lines joined by `\n`.
    pub value: String,
    /// The `@name` part.
    pub name_span: Span,
    /// From the first to the last character of the value (the tag itself when the value is empty).
    pub value_span: Span,
}

impl Tag {
    /// The span of the whole tag, `@name` through its value.
    pub fn span(&self) -> Span {
        self.name_span.to(self.value_span)
    }
}

/// A header value together with the tag it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged<T> {
    pub value: T,
    pub tag: Tag,
}

/// `@agents {"capabilities": [...], "minConfidence": 0.5, "selector": {...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentsSpec {
    pub capabilities: Vec<String>,
    pub min_confidence: Option<f64>,
    /// Every key of the object as written (selector, labels, …), kept for `describe`.
    pub raw: Json,
}

/// The typed header of one pattern file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PatternHeader {
    /// The whole doc comment.
    pub span: Span,
    pub name: Option<Tagged<String>>,
    pub version: Option<Tagged<String>>,
    pub description: Option<Tagged<String>>,
    /// The `@input` JSON Schema (an object-typed schema).
    pub input: Option<Tagged<Json>>,
    pub agents: Option<Tagged<AgentsSpec>>,
    pub min_agents: Option<Tagged<u32>>,
    pub max_agents: Option<Tagged<u32>>,
    pub metadata: Option<Tagged<Json>>,
    /// Tags without a meaning of their own (`@timeout`, `@example`, …), kept as metadata:
    /// the JSON value when the text parses as JSON, else the trimmed string.
    pub other: Vec<Tagged<Json>>,
}

impl PatternHeader {
    /// The pattern's name: `@name`, or the file stem (D12).
    pub fn name_or<'a>(&'a self, file_stem: &'a str) -> &'a str {
        self.name.as_ref().map_or(file_stem, |t| t.value.as_str())
    }

    /// `@version`, defaulting to `1.0.0` as the reference did.
    pub fn version_or_default(&self) -> &str {
        self.version.as_ref().map_or("1.0.0", |t| t.value.as_str())
    }

    /// Whether the reference engine would dispatch the agents before the script runs
    /// (PLATFORM.md §2.4: `@minAgents >= 1` or an `@agents` tag).
    pub fn dispatches_agents(&self) -> bool {
        self.agents.is_some() || self.min_agents.as_ref().is_some_and(|t| t.value >= 1)
    }
}

/// The result of [`parse_header`]: the header and the problems found in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedHeader {
    pub header: PatternHeader,
    pub diagnostics: Vec<Diagnostic>,
}

/// Splits a doc comment into tags. `text` is the full comment source (`/** … */`) and `start`
/// its byte offset in the file.
pub fn split_tags(text: &str, start: u32) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    let body_start = if text.starts_with("/**") { 3 } else { 0 };
    let body_end = if text.len() >= body_start + 2 && text.ends_with("*/") {
        text.len() - 2
    } else {
        text.len()
    };
    let Some(body) = text.get(body_start..body_end) else {
        return tags;
    };
    let mut offset = body_start;
    for raw_line in body.split_inclusive('\n') {
        let line_offset = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        // Strip the comment gutter: leading blanks, then `*`s, then blanks.
        let trimmed_start = line.len() - line.trim_start().len();
        let after_stars = line[trimmed_start..].trim_start_matches('*');
        let content_start = line.len() - after_stars.trim_start().len();
        let content = line[content_start..].trim_end();
        let abs =
            |rel: usize| start.saturating_add(u32::try_from(line_offset + rel).unwrap_or(u32::MAX));
        if let Some(rest) = content.strip_prefix('@') {
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            if name_len == 0 {
                append_continuation(
                    tags.last_mut(),
                    content,
                    abs(content_start),
                    abs(content_start + content.len()),
                );
                continue;
            }
            let name = &rest[..name_len];
            let name_span = Span::new(abs(content_start), abs(content_start + 1 + name_len));
            let value_text = rest[name_len..].trim_start();
            let value_rel = content_start + content.len() - value_text.len();
            let value_span = if value_text.is_empty() {
                name_span
            } else {
                Span::new(abs(value_rel), abs(value_rel + value_text.len()))
            };
            tags.push(Tag {
                name: name.to_string(),
                value: value_text.to_string(),
                name_span,
                value_span,
            });
        } else if !content.is_empty() {
            append_continuation(
                tags.last_mut(),
                content,
                abs(content_start),
                abs(content_start + content.len()),
            );
        }
    }
    tags
}

fn append_continuation(tag: Option<&mut Tag>, content: &str, from: u32, to: u32) {
    // Text before the first tag is free-form documentation: it belongs to no tag.
    let Some(tag) = tag else { return };
    if tag.value.is_empty() {
        tag.value_span = Span::new(from, to);
    } else {
        tag.value.push('\n');
        tag.value_span.end = to;
    }
    tag.value.push_str(content);
}

/// Parses and checks the header tags of a doc comment (D12, D19).
pub fn parse_header(file: FileId, text: &str, span: Span) -> ParsedHeader {
    let mut out = ParsedHeader {
        header: PatternHeader { span, ..PatternHeader::default() },
        ..Default::default()
    };
    let mut seen: Vec<Tag> = Vec::new();
    for tag in split_tags(text, span.start) {
        if let Some(first) = seen.iter().find(|t| t.name == tag.name) {
            out.diagnostics.push(
                Diagnostic::warning(
                    codes::DUPLICATE_HEADER_TAG,
                    format!("duplicate header tag `@{}`", tag.name),
                )
                .with_primary(file, tag.name_span, "this value replaces the earlier one")
                .with_secondary(file, first.name_span, "first given here")
                .with_help("keep one of the two tags"),
            );
        }
        seen.push(tag.clone());
        let header = &mut out.header;
        let diags = &mut out.diagnostics;
        match tag.name.as_str() {
            "name" => header.name = text_tag(file, tag, diags, true),
            "version" => header.version = text_tag(file, tag, diags, true),
            "description" => {
                let value = tag.value.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
                header.description = Some(Tagged { value, tag });
            }
            "input" => header.input = input_tag(file, tag, diags),
            "agents" => header.agents = agents_tag(file, tag, diags),
            "minAgents" => header.min_agents = count_tag(file, tag, diags),
            "maxAgents" => header.max_agents = count_tag(file, tag, diags),
            "metadata" => {
                header.metadata = json_tag(file, &tag, diags, codes::INVALID_METADATA_TAG)
                    .map(|value| Tagged { value, tag });
            }
            _ => {
                let value = serde_json::from_str::<Json>(tag.value.trim())
                    .unwrap_or_else(|_| Json::String(tag.value.trim().to_string()));
                header.other.push(Tagged { value, tag });
            }
        }
    }
    if let (Some(min), Some(max)) = (&out.header.min_agents, &out.header.max_agents)
        && min.value > max.value
    {
        out.diagnostics.push(
            Diagnostic::error(
                codes::AGENT_COUNT_RANGE,
                format!("`@minAgents {}` is greater than `@maxAgents {}`", min.value, max.value),
            )
            .with_primary(file, min.tag.value_span, "minimum given here")
            .with_secondary(file, max.tag.value_span, "maximum given here")
            .with_help(
                "no selection of agents can satisfy both; lower @minAgents or raise @maxAgents",
            ),
        );
    }
    out
}

fn text_tag(
    file: FileId,
    tag: Tag,
    diags: &mut Vec<Diagnostic>,
    required: bool,
) -> Option<Tagged<String>> {
    let value = tag.value.trim().to_string();
    if required && value.is_empty() {
        diags.push(
            Diagnostic::error(codes::EMPTY_HEADER_TAG, format!("`@{}` has no value", tag.name))
                .with_primary(file, tag.name_span, "value missing")
                .with_help(format!("write the value after the tag, e.g. `@{} …`", tag.name)),
        );
        return None;
    }
    Some(Tagged { value, tag })
}

fn json_tag(
    file: FileId,
    tag: &Tag,
    diags: &mut Vec<Diagnostic>,
    code: &'static str,
) -> Option<Json> {
    match serde_json::from_str::<Json>(tag.value.trim()) {
        Ok(v) => Some(v),
        Err(err) => {
            diags.push(
                Diagnostic::error(code, format!("`@{}` is not valid JSON: {err}", tag.name))
                    .with_primary(file, tag.value_span, "expected a JSON value here")
                    .with_help("JSON needs double-quoted keys and strings, and no trailing commas"),
            );
            None
        }
    }
}

fn count_tag(file: FileId, tag: Tag, diags: &mut Vec<Diagnostic>) -> Option<Tagged<u32>> {
    let text = tag.value.trim();
    let parsed = text
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX));
    match parsed {
        // The filter above bounds the value to u32's range, so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n) => Some(Tagged { value: n as u32, tag }),
        None => {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_AGENT_COUNT,
                    format!("`@{}` must be a non-negative integer, found `{text}`", tag.name),
                )
                .with_primary(file, tag.value_span, "not a non-negative integer")
                .with_help(format!("write a whole number of agents, e.g. `@{} 2`", tag.name)),
            );
            None
        }
    }
}

fn agents_tag(file: FileId, tag: Tag, diags: &mut Vec<Diagnostic>) -> Option<Tagged<AgentsSpec>> {
    let raw = json_tag(file, &tag, diags, codes::INVALID_AGENTS_TAG)?;
    let problem = |msg: String, label: &str| {
        Diagnostic::error(codes::INVALID_AGENTS_TAG, msg)
            .with_primary(file, tag.value_span, label.to_string())
            .with_help(
                r#"write e.g. `@agents {"capabilities": ["security"], "minConfidence": 0.7}`"#,
            )
    };
    let Some(object) = raw.as_object() else {
        diags.push(problem("`@agents` must be a JSON object".into(), "not an object"));
        return None;
    };
    let capabilities = match object.get("capabilities") {
        None => {
            diags.push(problem("`@agents` has no `capabilities`".into(), "`capabilities` missing"));
            return None;
        }
        Some(Json::Array(items)) => {
            let mut caps = Vec::with_capacity(items.len());
            for item in items {
                match item.as_str() {
                    Some(s) => caps.push(s.to_string()),
                    None => {
                        diags.push(problem(
                            format!("`@agents.capabilities` must hold strings, found `{item}`"),
                            "not a list of strings",
                        ));
                        return None;
                    }
                }
            }
            caps
        }
        Some(other) => {
            diags.push(problem(
                format!("`@agents.capabilities` must be an array of strings, found `{other}`"),
                "not an array",
            ));
            return None;
        }
    };
    let min_confidence = match object.get("minConfidence") {
        None | Some(Json::Null) => None,
        Some(v) => match v.as_f64() {
            Some(c) if (0.0..=1.0).contains(&c) => Some(c),
            _ => {
                diags.push(
                    Diagnostic::error(
                        codes::CONFIDENCE_OUT_OF_RANGE_HEADER,
                        format!("`@agents.minConfidence` must be a number in [0, 1], found `{v}`"),
                    )
                    .with_primary(file, tag.value_span, "confidence out of range")
                    .with_help("a confidence is a number between 0 and 1"),
                );
                None
            }
        },
    };
    Some(Tagged { value: AgentsSpec { capabilities, min_confidence, raw }, tag })
}

fn input_tag(file: FileId, tag: Tag, diags: &mut Vec<Diagnostic>) -> Option<Tagged<Json>> {
    let schema = json_tag(file, &tag, diags, codes::INVALID_INPUT_SCHEMA)?;
    let mut problems = Vec::new();
    check_schema(&schema, "", &mut problems);
    let top_type = schema.get("type").and_then(Json::as_str);
    if schema.is_object() && top_type.is_some_and(|t| t != "object") {
        problems.insert(
            0,
            format!(
                "the input of a pattern is an object, but the schema has `\"type\": \"{}\"`",
                top_type.unwrap_or_default()
            ),
        );
    }
    if problems.is_empty() {
        return Some(Tagged { value: schema, tag });
    }
    let mut diag = Diagnostic::error(codes::INVALID_INPUT_SCHEMA, format!("`@input` is not a valid JSON Schema: {}", problems[0]))
        .with_primary(file, tag.value_span, "invalid schema")
        .with_help(r#"write an object schema, e.g. `@input {"type": "object", "properties": {"task": {"type": "string"}}, "required": ["task"]}`"#);
    for more in problems.iter().skip(1) {
        diag = diag.with_note(more.clone());
    }
    diags.push(diag);
    None
}

/// The shape a JSON Schema keyword's value must have, for the keywords with a fixed shape.
type ShapeCheck = (fn(&Json) -> bool, &'static str);

fn keyword_shape(keyword: &str) -> Option<ShapeCheck> {
    fn string_array(v: &Json) -> bool {
        v.as_array().is_some_and(|items| items.iter().all(Json::is_string))
    }
    fn non_negative_integer(v: &Json) -> bool {
        v.as_u64().is_some()
    }
    Some(match keyword {
        "required" => (string_array, "an array of property names"),
        "enum" => (Json::is_array, "an array"),
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            (Json::is_number, "a number")
        }
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            (non_negative_integer, "a non-negative integer")
        }
        "pattern" | "format" | "title" | "description" | "$schema" | "$id" | "$ref" => {
            (Json::is_string, "a string")
        }
        _ => return None,
    })
}

const SCHEMA_TYPES: &[&str] =
    &["object", "array", "string", "number", "integer", "boolean", "null"];

/// A structural check of the JSON Schema keywords patterns use; unknown keywords are allowed
/// (JSON Schema ignores them), known ones must have the right shape.
fn check_schema(schema: &Json, path: &str, problems: &mut Vec<String>) {
    let at = |p: &str| if p.is_empty() { "the schema".to_string() } else { format!("`{p}`") };
    let Some(object) = schema.as_object() else {
        if !schema.is_boolean() {
            problems.push(format!("{} must be an object, found `{schema}`", at(path)));
        }
        return;
    };
    for (key, value) in object {
        let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        match key.as_str() {
            "type" => {
                let names: Vec<&Json> = match value {
                    Json::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for name in names {
                    match name.as_str() {
                        Some(n) if SCHEMA_TYPES.contains(&n) => {}
                        // "any" is what the reference defaulted to; accept it as "no constraint".
                        Some("any") => {}
                        _ => problems.push(format!(
                            "{} must be one of {}, found `{name}`",
                            at(&here),
                            SCHEMA_TYPES.join(", ")
                        )),
                    }
                }
            }
            "properties" | "patternProperties" | "definitions" | "$defs" => match value.as_object()
            {
                Some(props) => {
                    for (prop, sub) in props {
                        check_schema(sub, &format!("{here}.{prop}"), problems);
                    }
                }
                None => problems.push(format!("{} must be an object of schemas", at(&here))),
            },
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "propertyNames"
            | "additionalItems" => match value {
                Json::Array(items) if key == "items" => {
                    for (i, sub) in items.iter().enumerate() {
                        check_schema(sub, &format!("{here}[{i}]"), problems);
                    }
                }
                _ => check_schema(value, &here, problems),
            },
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => match value.as_array() {
                Some(items) if !items.is_empty() => {
                    for (i, sub) in items.iter().enumerate() {
                        check_schema(sub, &format!("{here}[{i}]"), problems);
                    }
                }
                _ => problems.push(format!("{} must be a non-empty array of schemas", at(&here))),
            },
            other => {
                if let Some((fits, expected)) = keyword_shape(other)
                    && !fits(value)
                {
                    problems.push(format!("{} must be {expected}", at(&here)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: FileId = FileId(0);

    fn parse(src: &str) -> ParsedHeader {
        parse_header(FILE, src, Span::new(0, u32::try_from(src.len()).unwrap()))
    }

    #[test]
    fn reads_the_usual_header() {
        let src = "/**\n * @name ReleaseReview\n * @version 2.1.0\n * @description Weigh reviewers'\n *   verdicts\n * @input {\"type\": \"object\", \"properties\": {\"task\": {\"type\": \"string\"}}}\n * @agents {\"capabilities\": [\"release-review\"], \"minConfidence\": 0.5}\n * @minAgents 2\n * @timeout 60000\n */";
        let parsed = parse(src);
        assert_eq!(parsed.diagnostics, vec![]);
        let h = parsed.header;
        assert_eq!(h.name.as_ref().map(|t| t.value.as_str()), Some("ReleaseReview"));
        assert_eq!(h.version_or_default(), "2.1.0");
        assert_eq!(
            h.description.as_ref().map(|t| t.value.as_str()),
            Some("Weigh reviewers' verdicts")
        );
        let agents = h.agents.as_ref().unwrap();
        assert_eq!(agents.value.capabilities, vec!["release-review"]);
        assert_eq!(agents.value.min_confidence, Some(0.5));
        assert_eq!(h.min_agents.as_ref().map(|t| t.value), Some(2));
        assert_eq!(h.other[0].tag.name, "timeout");
        assert_eq!(h.other[0].value, serde_json::json!(60000));
        assert!(h.dispatches_agents());
        let name_tag = &h.name.as_ref().unwrap().tag;
        assert_eq!(&src[name_tag.name_span.range()], "@name");
        assert_eq!(&src[name_tag.value_span.range()], "ReleaseReview");
    }

    #[test]
    fn multi_line_json_values_join() {
        let src = "/**\n * @input {\"type\": \"object\",\n *   \"properties\": {\"n\": {\"type\": \"number\"}}}\n */";
        let parsed = parse(src);
        assert_eq!(parsed.diagnostics, vec![]);
        let schema = parsed.header.input.unwrap().value;
        assert_eq!(schema["properties"]["n"]["type"], "number");
    }

    #[test]
    fn name_defaults_to_file_stem() {
        let parsed = parse("/** just docs */");
        assert_eq!(parsed.header.name_or("code-review"), "code-review");
        assert!(!parsed.header.dispatches_agents());
    }

    #[test]
    fn malformed_tags_are_located_errors() {
        let src = "/**\n * @minAgents -1\n * @agents {\"caps\": []}\n * @input {\"type\": \"string\"}\n * @metadata {bad}\n */";
        let parsed = parse(src);
        let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                codes::INVALID_AGENT_COUNT,
                codes::INVALID_AGENTS_TAG,
                codes::INVALID_INPUT_SCHEMA,
                codes::INVALID_METADATA_TAG
            ]
        );
        let first = &parsed.diagnostics[0];
        assert_eq!(&src[first.labels[0].span.range()], "-1");
    }

    #[test]
    fn min_above_max_is_an_error() {
        let parsed = parse("/** @minAgents 3\n @maxAgents 2 */");
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].code, codes::AGENT_COUNT_RANGE);
    }

    #[test]
    fn schema_shapes_are_checked_deeply() {
        let parsed = parse(
            r#"/** @input {"type": "object", "properties": {"n": {"type": "numbr"}}, "required": "n"} */"#,
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        let d = &parsed.diagnostics[0];
        assert!(d.message.contains("properties.n.type"), "{}", d.message);
        assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
    }

    #[test]
    fn duplicate_tags_warn_and_the_last_wins() {
        let parsed = parse("/** @name A\n @name B */");
        assert_eq!(parsed.header.name.unwrap().value, "B");
        assert_eq!(parsed.diagnostics[0].code, codes::DUPLICATE_HEADER_TAG);
        assert!(!parsed.diagnostics[0].is_error());
    }
}
