//! Lex+parse throughput on several megabytes of realistic Prism: the pattern fixtures and the
//! conformance programs, concatenated. Run with `cargo bench -p prismc --bench parse`.
//!
//! The per-file group also times the stages on their own (lexing, lexing plus the layout pass,
//! and the grammar over tokens laid out beforehand), so the figure can be split by stage.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prismc::parser::parse;
use prismc::span::FileId;
use std::hint::black_box;
use std::path::Path;

// The same allocator as the prismc binary, so the figure is what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// About this many bytes of source are parsed per iteration.
const TARGET_BYTES: usize = 4 << 20;

/// The realistic programs the corpus is made of, one per file as the compiler parses them.
fn pieces() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pieces = Vec::new();
    let fixtures = root.join("tests/fixtures/patterns");
    if let Ok(entries) = std::fs::read_dir(&fixtures) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                pieces.push(text);
            }
        }
    }
    let conformance = root.join("../../shared/conformance");
    if let Ok(entries) = std::fs::read_dir(&conformance) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.iter().filter(|p| p.extension().is_some_and(|x| x == "jsonl")) {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            for line in text.lines() {
                let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else { continue };
                let kind = case["expect"]["kind"].as_str().unwrap_or("");
                if matches!(kind, "value" | "output" | "compile_ok")
                    && let Some(source) = case["source"].as_str()
                {
                    // `;` keeps a program from continuing the previous one's last expression.
                    pieces.push(format!("{source}\n;\n"));
                }
            }
        }
    }
    assert!(!pieces.is_empty(), "no benchmark input found");
    pieces
}

/// The pieces concatenated into one input of about [`TARGET_BYTES`].
fn corpus(pieces: &[String]) -> String {
    let mut corpus = String::with_capacity(TARGET_BYTES + 64 * 1024);
    while corpus.len() < TARGET_BYTES {
        for piece in pieces {
            corpus.push_str(piece);
            corpus.push('\n');
        }
    }
    corpus
}

fn bench_parse(c: &mut Criterion) {
    let pieces = pieces();
    let source = corpus(&pieces);
    let parsed = parse(FileId(0), &source);
    let errors: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != prismc::diagnostics::codes::INVALID_HEADER_PLACE)
        .take(3)
        .collect();
    assert!(errors.is_empty(), "benchmark input does not parse: {errors:?}");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.sample_size(20);
    // Dropping the tree is the caller's business, not parsing; it is timed on its own below.
    group.bench_function("lex+parse", |b| {
        b.iter_with_large_drop(|| parse(FileId(0), black_box(&source)))
    });
    group.bench_function("lex+parse+drop", |b| b.iter(|| parse(FileId(0), black_box(&source))));
    group.bench_function("lex", |b| b.iter(|| prismc::lexer::lex(FileId(0), black_box(&source))));
    group.finish();

    // The same programs parsed one file at a time, as `prismc` reads a pattern directory: no
    // multi-megabyte buffers, so this is the throughput a build sees.
    let mut files = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        for piece in &pieces {
            bytes += piece.len();
            files.push(piece.as_str());
        }
    }
    let mut group = c.benchmark_group("parse-per-file");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("lex+parse+drop", |b| {
        b.iter(|| {
            for file in &files {
                black_box(parse(FileId(0), black_box(file)));
            }
        })
    });
    group.bench_function("lex", |b| {
        b.iter(|| {
            for file in &files {
                black_box(prismc::lexer::lex(FileId(0), black_box(file)));
            }
        })
    });
    group.bench_function("lex+layout", |b| {
        b.iter(|| {
            for file in &files {
                black_box(prismc::parser::layout_token_count(FileId(0), black_box(file)));
            }
        })
    });
    group.bench_function("grammar only", |b| {
        b.iter_custom(|iterations| {
            (0..iterations)
                .map(|_| {
                    files
                        .iter()
                        .map(|file| prismc::parser::grammar_only_time(FileId(0), file))
                        .sum::<std::time::Duration>()
                })
                .sum()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
