//! Snapshots of the rendered diagnostic of every code the type checker emits, one program each.

#![allow(clippy::unwrap_used)]

use prismc::diagnostics::Diagnostic;
use prismc::diagnostics::render::to_plain_text;
use prismc::header::{PatternHeader, parse_header};
use prismc::parser::parse;
use prismc::resolve::{ModuleMap, resolve};
use prismc::source::SourceMap;

/// Parses, resolves and checks `source` as `main.prism`; returns the rendered diagnostics with
/// the code `code` (which must occur) and the other codes found.
fn render(source: &str, code: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add("main.prism", source);
    let parsed = parse(file, source);
    assert!(
        parsed.diagnostics.iter().all(|d| !d.is_error()),
        "syntax error in test program: {:?}",
        parsed.diagnostics
    );
    let header = match &parsed.program.header {
        Some(doc) => parse_header(file, &doc.text, doc.span).header,
        None => PatternHeader::default(),
    };
    let resolution = resolve(file, &parsed.program, &ModuleMap::new());
    let diags: Vec<Diagnostic> =
        prismc::typecheck::check(file, &parsed.program, &header, &resolution);
    let wanted: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    assert!(!wanted.is_empty(), "no {code} for:\n{source}\ngot: {diags:#?}");
    wanted.iter().map(|d| to_plain_text(&sources, d)).collect::<Vec<_>>().join("\n")
}

macro_rules! snapshot {
    ($name:ident, $code:literal, $source:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(
                concat!("typecheck_", stringify!($name)),
                render($source, $code)
            );
        }
    };
}

snapshot!(
    p2001_function_arity,
    "P2001",
    "function fact(n) { return n <= 1 ? 1 : n * fact(n - 1, 1) }\nfact(3)\n"
);
snapshot!(
    p2001_lambda_arity,
    "P2001",
    "function make() { return (a, b) => a * b }\nmul = make()\nmul(2)\n"
);
snapshot!(p2001_builtin_arity, "P2001", "map([1, 2])\n");
snapshot!(p2001_rest_arity, "P2001", "function f(a, b, ...rest) { return a }\nf(1)\n");
snapshot!(p2002_call_string, "P2002", "greeting = \"hello\"\ngreeting()\n");
snapshot!(p2003_null_plus_number, "P2003", "n = null + 1\n");
snapshot!(p2003_compare_strings, "P2003", "a = \"x\"\nb = \"y\"\na > b\n");
snapshot!(p2003_unary_minus_string, "P2003", "x = -\"abc\"\n");
snapshot!(p2004_division_by_zero, "P2004", "total = 10\navg = total / 0\n");
snapshot!(p2004_modulo_by_zero, "P2004", "r = 7 % 0\n");
snapshot!(
    p2005_missing_property,
    "P2005",
    "cfg = {threshold: 0.7, retries: 3}\nprint(cfg.treshold)\n"
);
snapshot!(p2005_property_on_boolean, "P2005", "flag = true\nflag.value\n");
snapshot!(
    p2005_closed_input,
    "P2005",
    "/**\n * @name StrictInput\n * @input {\"type\": \"object\", \"properties\": {\"task\": {\"type\": \"string\"}}, \"additionalProperties\": false}\n */\nmode = input.nope\nmode\n"
);
snapshot!(p2006_destructure_number, "P2006", "let [a, b] = 42\n");
snapshot!(p2007_index_out_of_bounds, "P2007", "xs = [1, 2, 3]\nxs[5]\n");
snapshot!(p3001_confidence_null, "P3001", "y = 5 ~> null\n");
snapshot!(p3002_confidence_literal_range, "P3002", "w = 10 ~> (-0.2)\n");
snapshot!(
    p3003_uncertain_if_plain,
    "P3003",
    "n = 5\nuncertain if (n > 3) {\n  high { print(\"h\") }\n  low { print(\"l\") }\n}\n"
);
snapshot!(p3004_parallel_plain, "P3004", "a = 1\nb = 2\nc = a ~||> b\n");
snapshot!(p3005_unary_minus_confident, "P3005", "x = 5 ~> 0.8\ny = -x\n");
snapshot!(w1001_unused_variable, "W1001", "let unused = 1\nlet _ok = 2\nprint(3)\n");
snapshot!(
    w1003_possibly_unassigned,
    "W1003",
    "if (agentCount > 0) { label = \"yes\" }\nprint(label)\n"
);
snapshot!(w1002_unused_import, "W1002", "import { helper } from \"./lib\"\nprint(1)\n");
snapshot!(
    w3001_confidence_condition,
    "W3001",
    "x = 5\nlabel = x ~> 0.9 ? \"sure\" : \"unsure\"\nprint(label)\n"
);
snapshot!(
    w3002_result_without_confidence,
    "W3002",
    "/**\n * @name Review\n * @agents {\"capabilities\": [\"analysis\"]}\n */\nverdicts = agentResults.map(r => r.result)\n{count: verdicts.length}\n"
);
snapshot!(
    w3003_unreachable_uncertain_branch,
    "W3003",
    "x = 7 ~> 0.9\nuncertain if (x) {\n  high { print(\"h\") }\n  low { print(\"l\") }\n}\n"
);
