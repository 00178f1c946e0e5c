//! Compiles the bundled patterns (`patterns/*.prism`) into modules of the `parallax` binary.
//! A pattern with errors fails the build with the diagnostics `prismc check` would print.

fn main() -> Result<(), prismc::BuildError> {
    prismc::compile_patterns("patterns")
}
