//! What name resolution and type checking add to lex+parse, on the same large generated input
//! (about 1 MiB of pattern-like Prism: functions, lambdas, objects, arrays, loops, branches,
//! `uncertain if`, try/catch, confidence operators, agent data). The checker should add at most
//! 50% to lex+parse time. Run with `cargo bench -p prismc --bench check`.
//!
//! Two groups: `check` takes the input as one file (the worst case: the tree is far larger than
//! the caches, and every walk waits for memory), `check-per-file` takes the same input as the
//! pattern-sized files it is made of (about 1.3 KB each), as the compiler meets real patterns.
//!
//! The groups are timed seconds apart, so their ratio also carries any drift of the machine in
//! between; `check_ratio` times lex+parse and checking in pairs instead.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prismc::header::PatternHeader;
use prismc::parser::parse;
use prismc::resolve::{ModuleMap, resolve};
use prismc::span::FileId;
use std::hint::black_box;

// The same allocator as the prismc binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/check_input.rs"]
mod check_input;
use check_input::{chunk, input};

fn bench(c: &mut Criterion) {
    let (source, chunks) = input();
    let file = FileId(0);
    // The input must be valid: a syntax error would make parse-only look cheaper than it is.
    let parsed = parse(file, &source);
    assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{:?}", parsed.diagnostics.first());
    let header = PatternHeader::default();
    let modules = ModuleMap::new();

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.sample_size(10);
    group.bench_function("parse", |b| b.iter(|| black_box(parse(file, black_box(&source)))));
    group.bench_function("parse+resolve", |b| {
        b.iter(|| {
            let parsed = parse(file, black_box(&source));
            black_box(resolve(file, &parsed.program, &modules))
        })
    });
    group.bench_function("parse+resolve+typecheck", |b| {
        b.iter(|| {
            let parsed = parse(file, black_box(&source));
            let resolution = resolve(file, &parsed.program, &modules);
            black_box(prismc::typecheck::check(file, &parsed.program, &header, &resolution))
        })
    });
    // The stages alone, on the parsed program (parse cost excluded).
    group.bench_function("resolve only", |b| {
        b.iter(|| black_box(resolve(file, black_box(&parsed.program), &modules)))
    });
    let resolution = resolve(file, &parsed.program, &modules);
    group.bench_function("typecheck only", |b| {
        b.iter(|| {
            black_box(prismc::typecheck::check(
                file,
                black_box(&parsed.program),
                &header,
                &resolution,
            ))
        })
    });
    group.finish();

    let files: Vec<String> = (0..chunks).map(chunk).collect();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("check-per-file");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| {
            for source in &files {
                black_box(parse(file, black_box(source)));
            }
        })
    });
    group.bench_function("parse+resolve+typecheck", |b| {
        b.iter(|| {
            for source in &files {
                let parsed = parse(file, black_box(source));
                let resolution = resolve(file, &parsed.program, &modules);
                black_box(prismc::typecheck::check(file, &parsed.program, &header, &resolution));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
