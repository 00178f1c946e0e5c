//! What checking adds to lex+parse, measured in pairs: every round times lex+parse and then
//! checking (resolve, typecheck and dropping what they made) of the same input, one right after
//! the other, and the figure is the median over rounds of checking / lex+parse.
//!
//! The `check` bench measures the same stages as separate criterion groups, seconds apart; on a
//! machine whose memory speed drifts (a shared virtual machine) the ratio of two such figures
//! drifts with it, while a ratio taken within one round does not. Dropping the syntax tree is
//! left out of both sides. Run with `cargo bench -p prismc --bench check_ratio`; `ROUNDS`
//! overrides the number of rounds (default 40, after 5 warm-up rounds).

#[path = "support/check_input.rs"]
mod check_input;

use prismc::header::PatternHeader;
use prismc::parser::parse;
use prismc::resolve::{ModuleMap, resolve};
use prismc::span::FileId;
use std::hint::black_box;
use std::time::{Duration, Instant};

// The same allocator as the prismc binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WARM_UP: usize = 5;

/// The time of lex+parse and of checking, for one round over `sources`.
fn round(sources: &[String]) -> (Duration, Duration) {
    let file = FileId(0);
    let header = PatternHeader::default();
    let modules = ModuleMap::new();
    let (mut parsing, mut checking) = (Duration::ZERO, Duration::ZERO);
    for source in sources {
        let start = Instant::now();
        let parsed = parse(file, black_box(source));
        let parsed_at = Instant::now();
        let resolution = resolve(file, &parsed.program, &modules);
        let diagnostics = prismc::typecheck::check(file, &parsed.program, &header, &resolution);
        drop(black_box(diagnostics));
        drop(black_box(resolution));
        let checked_at = Instant::now();
        drop(black_box(parsed));
        parsing += parsed_at - start;
        checking += checked_at - parsed_at;
    }
    (parsing, checking)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn measure(name: &str, sources: &[String], rounds: usize, warm_up: usize) {
    for _ in 0..warm_up {
        round(sources);
    }
    let (mut parse_ms, mut check_ms, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (parsing, checking) = round(sources);
        parse_ms.push(parsing.as_secs_f64() * 1e3);
        check_ms.push(checking.as_secs_f64() * 1e3);
        ratios.push(checking.as_secs_f64() / parsing.as_secs_f64());
    }
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    let low = sorted.get(sorted.len() / 10).copied().unwrap_or(f64::NAN);
    let high = sorted.get(sorted.len() * 9 / 10).copied().unwrap_or(f64::NAN);
    println!(
        "{name}: lex+parse {:.2} ms, checking {:.2} ms (medians of {rounds} rounds); \
         checking adds {:.0}% to lex+parse (median of the rounds' ratios; 10th-90th percentile \
         {:.0}-{:.0}%)",
        median(&mut parse_ms),
        median(&mut check_ms),
        median(&mut ratios) * 100.0,
        low * 100.0,
        high * 100.0,
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with no `--bench` argument: one quick round.
    let benchmarking = std::env::args().any(|arg| arg == "--bench");
    let (rounds, warm_up) = if benchmarking {
        (std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(40), WARM_UP)
    } else {
        (1, 0)
    };
    let (source, chunks) = check_input::input();
    let parsed = parse(FileId(0), &source);
    assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{:?}", parsed.diagnostics.first());
    let files: Vec<String> = (0..chunks).map(check_input::chunk).collect();
    println!("input: {} bytes, as one file and as {} files", source.len(), files.len());
    measure("one file", std::slice::from_ref(&source), rounds, warm_up);
    measure("pattern-sized files", &files, rounds, warm_up);
}
