//! Lexer + parser on arbitrary bytes: must never panic, and every label must lie in the source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prismc::parser::parse;
use prismc::span::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let parsed = parse(FileId(0), source);
    for diagnostic in &parsed.diagnostics {
        for label in &diagnostic.labels {
            assert!(label.span.start <= label.span.end);
            assert!(label.span.end as usize <= source.len());
        }
    }
});
