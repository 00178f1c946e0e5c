//! Compiles `patterns/` into `OUT_DIR/prism_patterns.rs`. A pattern with an error fails the
//! build and cargo shows the diagnostics as `prismc check` prints them; so do warnings here.

fn main() -> Result<(), prismc::BuildError> {
    prismc::Config::new().deny_warnings(true).compile(&["patterns"])?;
    Ok(())
}
