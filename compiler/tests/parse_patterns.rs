//! Realistic Parallax patterns (tests/fixtures/patterns) parse without any diagnostic.

// Helpers outside `#[test]` functions unwrap too; a failure there is a broken test setup.
#![allow(clippy::unwrap_used)]

use prismc::ast::StmtKind;
use prismc::diagnostics::render::to_plain_text;
use prismc::parser::parse;
use prismc::source::SourceMap;
use std::path::Path;

#[test]
fn realistic_patterns_parse_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/patterns");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "prism"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "expected at least 10 fixtures in {}", dir.display());
    let mut failures = String::new();
    for path in &paths {
        let source = std::fs::read_to_string(path).unwrap();
        let mut sources = SourceMap::new();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = sources.add(name.clone(), source.clone());
        let parsed = parse(file, &source);
        for diagnostic in &parsed.diagnostics {
            failures.push_str(&to_plain_text(&sources, diagnostic));
        }
        let program = &parsed.program;
        assert!(!program.body.is_empty(), "{name}: empty body");
        assert_eq!(program.header.is_some(), source.starts_with("/**"), "{name}: header");
        if let Some(header) = &program.header {
            assert!(header.text.starts_with("/**") && header.text.ends_with("*/"), "{name}");
            assert!(header.text.contains("@name"), "{name}: header text {:?}", header.text);
        }
        let exports = program.body.iter().filter(|s| matches!(s.kind, StmtKind::Export(_))).count();
        if name.starts_with("exports") {
            assert!(exports >= 6, "{name}: {exports} exports");
        }
    }
    assert!(failures.is_empty(), "{failures}");
}
