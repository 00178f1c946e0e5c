//! The `parallax` binary: hosts the bundled patterns (run, describe, list).
//!
//! The bundled pattern library and its runner land with the build.rs integration; until then the
//! binary only says so, so that `cargo run` does something honest.

fn main() {
    eprintln!(
        "parallax: the bundled pattern runner is not built yet; use `prismc check patterns/` meanwhile"
    );
    std::process::exit(2);
}
