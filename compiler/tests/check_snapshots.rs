//! Snapshots of the rendered diagnostics of every name, module, header and primitive code, as
//! `prismc check` prints them (the syntax codes are in parse_snapshots.rs, the type codes in
//! typecheck_diagnostics.rs). Each case is a small project checked in a scratch directory, so
//! paths in the output are relative and stable.

use std::process::Command;

/// Checks `files` (the first one is the entry) and returns what `prismc check` printed.
fn check(name: &str, files: &[(&str, &str)]) -> String {
    let dir = std::env::temp_dir().join(format!("prismc-check-snap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        std::fs::write(path, text).expect("write file");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_prismc"))
        .args(["check", "--color", "never", files[0].0])
        .current_dir(&dir)
        .output()
        .expect("prismc runs");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    format!("exit: {:?}\n{text}", out.status.code())
}

/// A single-file project.
fn check_source(name: &str, source: &str) -> String {
    check(name, &[("main.prism", source)])
}

macro_rules! snapshot {
    ($name:ident, $code:literal, $files:expr) => {
        #[test]
        fn $name() {
            let text = check(stringify!($name), $files);
            assert!(text.contains(concat!("[", $code, "]")), "no {} in:\n{text}", $code);
            insta::assert_snapshot!(concat!("check_", stringify!($name)), text);
        }
    };
}

const VOTING: (&str, &str) = ("voting.prism", "export function vote(xs) { return xs[0] }\n");

snapshot!(
    p1001_undefined_variable,
    "P1001",
    &[("main.prism", "total = 0\ntotal = totl + 1\ntotal\n")]
);
snapshot!(
    p1002_read_before_declaration,
    "P1002",
    &[("main.prism", "print(limit)\nlet limit = 3\n")]
);
snapshot!(p1003_assign_const, "P1003", &[("main.prism", "const limit = 3\nlimit = 4\n")]);
snapshot!(p1004_assign_before_declaration, "P1004", &[("main.prism", "x = 1\nlet x = 2\nx\n")]);
snapshot!(p1005_declared_twice, "P1005", &[("main.prism", "let x = 1\nlet x = 2\nx\n")]);
snapshot!(
    p1006_break_outside_loop,
    "P1006",
    &[("main.prism", "items = [1, 2]\nitems.forEach(x => { if (x) { break } })\n")]
);
snapshot!(
    p1007_missing_module,
    "P1007",
    &[("main.prism", "import { vote } from \"./ballots\"\nvote([1])\n")]
);
snapshot!(
    p1008_missing_export,
    "P1008",
    &[("main.prism", "import { Vote } from \"./voting\"\nVote([1])\n"), VOTING]
);
snapshot!(
    p1009_no_default_export,
    "P1009",
    &[("main.prism", "import voting from \"./voting\"\nvoting\n"), VOTING]
);
snapshot!(
    p2008_primitive_argument_kind,
    "P2008",
    &[(
        "main.prism",
        "import { consensus } from \"@parallax/primitives/aggregation\"\nconsensus(\"yes\", 0.8)\n"
    )]
);
snapshot!(
    p4001_input_schema,
    "P4001",
    &[("main.prism", "/**\n * @name Bad\n * @input {\"type\": \"string\"}\n */\ninput ~> 0.9\n")]
);
snapshot!(
    p4002_agents_without_capabilities,
    "P4002",
    &[("main.prism", "/**\n * @name Bad\n * @agents {\"count\": 3}\n */\nagentCount ~> 0.9\n")]
);
snapshot!(
    p4003_negative_min_agents,
    "P4003",
    &[("main.prism", "/**\n * @name Bad\n * @minAgents -1\n */\nagentCount ~> 0.9\n")]
);
snapshot!(
    p4004_min_above_max,
    "P4004",
    &[(
        "main.prism",
        "/**\n * @name Bad\n * @minAgents 3\n * @maxAgents 2\n */\nagentCount ~> 0.9\n"
    )]
);
snapshot!(
    p4005_metadata_json,
    "P4005",
    &[("main.prism", "/**\n * @name Bad\n * @metadata {category: review}\n */\n1 ~> 0.9\n")]
);
snapshot!(p4006_empty_tag, "P4006", &[("main.prism", "/**\n * @name\n */\n1 ~> 0.9\n")]);
snapshot!(
    p4007_header_confidence,
    "P4007",
    &[(
        "main.prism",
        "/**\n * @name Bad\n * @agents {\"capabilities\": [\"a\"], \"minConfidence\": 70}\n */\nagentCount ~> 0.9\n"
    )]
);
snapshot!(
    w4001_duplicate_tag,
    "W4001",
    &[("main.prism", "/**\n * @name A\n * @name B\n */\n1 ~> 0.9\n")]
);

#[test]
fn p0099_too_many_syntax_errors() {
    let text = check_source("p0099", &"x = )\n".repeat(60));
    assert!(text.contains("[P0099]"), "{text}");
    // Only the last diagnostic and the summary: the fifty P0010s are in parse_snapshots.rs.
    let tail: Vec<&str> = text.lines().skip_while(|l| !l.contains("[P0099]")).collect();
    insta::assert_snapshot!("check_p0099_too_many_syntax_errors", tail.join("\n"));
}

#[test]
fn scratch_paths_do_not_leak() {
    let text = check_source("paths", "x = totl\n");
    let tmp = std::env::temp_dir();
    assert!(!text.contains(&*tmp.to_string_lossy()), "{text}");
}
