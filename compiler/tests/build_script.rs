//! The build.rs API (`prismc::Config`): the generated module file, and diagnostics when a
//! pattern has errors.

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("prismc-build-script-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("patterns")).expect("scratch directory");
    dir
}

#[test]
fn compiles_a_directory_into_one_module_file() {
    let dir = scratch("ok");
    std::fs::write(
        dir.join("patterns").join("two-plus.prism"),
        "/**\n * @name TwoPlus\n * @input {\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"number\"}}}\n */\n(input.n + 2) ~> 0.9\n",
    )
    .expect("write pattern");
    let compiled = prismc::Config::new()
        .out_dir(&dir)
        .emit_rerun_if_changed(false)
        .compile(&[dir.join("patterns")])
        .expect("compiles");
    assert_eq!(compiled.patterns.len(), 1);
    assert_eq!(compiled.patterns[0].module, "two_plus");
    assert_eq!(compiled.patterns[0].stem, "two-plus");
    assert!(compiled.changed);
    let text = std::fs::read_to_string(&compiled.output).expect("generated file");
    assert!(text.contains("pub mod two_plus {"), "{text}");
    assert!(text.contains("pub static SPEC: prism_runtime::pattern::PatternSpec"), "{text}");
    assert!(!text.contains("fn main"), "a module, not an executable");
    assert!(text.contains("pub static PATTERNS: &[prism_runtime::include::CompiledPattern]"));
    syn::parse_file(&text).expect("valid Rust");

    // Same input, same output: the file is not rewritten (cargo sees it unchanged).
    let again = prismc::Config::new()
        .out_dir(&dir)
        .emit_rerun_if_changed(false)
        .compile(&[dir.join("patterns")])
        .expect("compiles");
    assert!(!again.changed);

    // Renamed runtime crate and unformatted output.
    let renamed = prismc::Config::new()
        .out_dir(&dir)
        .file_name("renamed.rs")
        .runtime_path("::my_runtime")
        .format(false)
        .emit_rerun_if_changed(false)
        .compile(&[dir.join("patterns")])
        .expect("compiles");
    let text = std::fs::read_to_string(&renamed.output).expect("generated file");
    assert!(!text.contains("prism_runtime"), "{text}");
    assert!(text.contains(":: my_runtime :: pattern :: PatternSpec"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_fail_the_build_with_check_style_diagnostics() {
    let dir = scratch("bad");
    std::fs::write(dir.join("patterns").join("bad.prism"), "x = 1\ny = x ~> 0.5 - 0.1\n")
        .expect("write pattern");
    let err = prismc::Config::new()
        .out_dir(&dir)
        .emit_rerun_if_changed(false)
        .compile(&[dir.join("patterns")])
        .expect_err("the pattern has an error");
    match &err {
        prismc::BuildError::Diagnostics { errors, rendered, .. } => {
            assert_eq!(*errors, 1);
            assert!(rendered.contains("error[P0012]"), "{rendered}");
            assert!(rendered.contains("bad.prism:2:"), "{rendered}");
        }
        other => panic!("expected diagnostics, got {other}"),
    }
    assert!(format!("{err:?}").contains("1 error(s)"));
    assert!(!dir.join("prism_patterns.rs").exists(), "nothing written on errors");
    let _ = std::fs::remove_dir_all(&dir);
}
