//! The conformance case format of `../shared/conformance` (see its README): one JSON object per
//! line of a `*.jsonl` file.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// One conformance case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub id: String,
    /// The entry program (`main.prism`).
    pub source: String,
    /// Other modules, relative path → source, placed beside the entry file.
    #[serde(default)]
    pub files: IndexMap<String, String>,
    /// Pattern globals defined before the program runs, in the tagged JSON encoding.
    #[serde(default)]
    pub globals: Option<serde_json::Map<String, Json>>,
    pub expect: Expect,
}

/// What a case must do.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// The program's result; `confidence` is null when the result is not confident.
    Value {
        value: Json,
        confidence: Option<f64>,
        #[serde(default)]
        tolerance: Option<f64>,
    },
    /// The exact lines printed to standard output by `print`/`console.log`/`console.debug`.
    Output { lines: Vec<String> },
    /// The program must fail, at compile time or at run time.
    Error {
        #[serde(default)]
        message_contains: Option<String>,
    },
    /// `prismc check` must reject the program.
    CompileError {
        #[serde(default)]
        category: Option<String>,
    },
    /// `prismc check` must accept the program.
    CompileOk,
}

impl Expect {
    pub fn kind(&self) -> &'static str {
        match self {
            Expect::Value { .. } => "value",
            Expect::Output { .. } => "output",
            Expect::Error { .. } => "error",
            Expect::CompileError { .. } => "compile_error",
            Expect::CompileOk => "compile_ok",
        }
    }

    /// Whether the case describes a program that runs to completion (rejecting it at compile
    /// time is a false positive of the checker).
    pub fn runs(&self) -> bool {
        matches!(self, Expect::Value { .. } | Expect::Output { .. })
    }
}

/// A problem reading the case files.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Malformed { path: String, line: usize, message: String },
    #[error("duplicate case id `{id}` ({first} and {second})")]
    DuplicateId { id: String, first: String, second: String },
}

/// A case with the file and line it came from.
#[derive(Debug, Clone)]
pub struct LocatedCase {
    pub case: Case,
    pub path: PathBuf,
    pub line: usize,
}

/// Loads every case from files and directories (directories: their `*.jsonl` files, sorted).
pub fn load_cases(paths: &[PathBuf]) -> Result<Vec<LocatedCase>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let io = |source| LoadError::Io { path: path.display().to_string(), source };
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut cases = Vec::new();
    let mut ids: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for file in files {
        for case in load_file(&file)? {
            let here = format!("{}:{}", case.path.display(), case.line);
            if let Some(first) = ids.insert(case.case.id.clone(), here.clone()) {
                return Err(LoadError::DuplicateId { id: case.case.id, first, second: here });
            }
            cases.push(case);
        }
    }
    Ok(cases)
}

fn load_file(path: &Path) -> Result<Vec<LocatedCase>, LoadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|source| LoadError::Io { path: shown.clone(), source })?;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Case = serde_json::from_str(line).map_err(|err| LoadError::Malformed {
            path: shown.clone(),
            line: index + 1,
            message: err.to_string(),
        })?;
        out.push(LocatedCase { case, path: path.to_path_buf(), line: index + 1 });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_expect_kind() {
        let lines = [
            r#"{"id":"a/1","source":"1","expect":{"kind":"value","value":1,"confidence":null}}"#,
            r#"{"id":"a/2","source":"1","expect":{"kind":"value","value":1,"confidence":0.5,"tolerance":1e-9}}"#,
            r#"{"id":"a/3","source":"1","expect":{"kind":"output","lines":["x"]}}"#,
            r#"{"id":"a/4","source":"1","expect":{"kind":"error"}}"#,
            r#"{"id":"a/5","source":"1","expect":{"kind":"compile_error","category":"names"}}"#,
            r#"{"id":"a/6","source":"1","expect":{"kind":"compile_ok"},"files":{"m.prism":"x"}}"#,
        ];
        let kinds: Vec<&str> =
            lines.iter().map(|l| serde_json::from_str::<Case>(l).unwrap().expect.kind()).collect();
        assert_eq!(kinds, ["value", "value", "output", "error", "compile_error", "compile_ok"]);
    }
}
