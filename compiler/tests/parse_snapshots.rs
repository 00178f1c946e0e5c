//! Snapshots of parsed trees for representative programs and of the rendered diagnostics of
//! every syntax error code.
//!
//! Trees are shown in a compact form derived from their `Serialize` output: spans and node ids
//! are left out, `Expr`/`Stmt`/`Pattern` wrappers are unwrapped to their kind, enum variants
//! read `Variant(fields)` and identifiers appear as their name.

// Helpers outside `#[test]` functions unwrap too; a failure there is a broken test setup.
#![allow(clippy::unwrap_used)]

use insta::assert_snapshot;
use prismc::diagnostics::render::to_plain_text;
use prismc::parser::parse;
use prismc::source::SourceMap;
use serde_json::Value;
use std::fmt::Write;

const WIDTH: usize = 96;

/// Marks text that comes from the source, so that it is always shown quoted.
fn text(s: &str) -> Value {
    serde_json::json!({ "$text": s })
}

fn strip(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let kept: serde_json::Map<String, Value> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "span" && k.as_str() != "id")
                .map(|(k, v)| match (k.as_str(), v) {
                    ("value" | "String", Value::String(s)) => (k.clone(), text(s)),
                    _ => (k.clone(), strip(v)),
                })
                .collect();
            if kept.len() == 1 {
                if let Some(Value::Object(inner)) = kept.get("value")
                    && inner.contains_key("$text")
                {
                    return Value::Object(inner.clone());
                }
                if let Some(inner) = kept.get("kind") {
                    return inner.clone();
                }
                if let Some(Value::String(name)) = kept.get("name") {
                    return Value::String(format!("`{name}`"));
                }
            }
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}

fn is_variant(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_uppercase())
}

/// An enum value in serde's external tagging: `{"Variant": payload}`.
fn as_variant(value: &Value) -> Option<(&String, &Value)> {
    match value {
        Value::Object(map) if map.len() == 1 => map.iter().next().filter(|(k, _)| is_variant(k)),
        _ => None,
    }
}

fn inline(value: &Value) -> String {
    if let Some(Value::String(s)) = value.get("$text") {
        return Value::String(s.clone()).to_string();
    }
    match value {
        _ if as_variant(value).is_some() => {
            let (name, inner) = as_variant(value).unwrap();
            match inner {
                Value::Object(fields)
                    if !fields.is_empty()
                        && as_variant(inner).is_none()
                        && !fields.contains_key("$text") =>
                {
                    let parts: Vec<String> =
                        fields.iter().map(|(k, v)| format!("{k}: {}", inline(v))).collect();
                    format!("{name}({})", parts.join(", "))
                }
                other => format!("{name}({})", inline(other)),
            }
        }
        Value::Object(map) => {
            let parts: Vec<String> =
                map.iter().map(|(k, v)| format!("{k}: {}", inline(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::String(s) if s.starts_with('`') => s.clone(),
        Value::String(s) if is_variant(s) && !s.contains(' ') => s.clone(),
        other => other.to_string(),
    }
}

fn render(value: &Value, indent: usize, out: &mut String) {
    let one_line = inline(value);
    if indent + one_line.len() <= WIDTH {
        out.push_str(&one_line);
        return;
    }
    let pad = " ".repeat(indent + 2);
    let fields = |map: &serde_json::Map<String, Value>, out: &mut String| {
        for (k, v) in map {
            let _ = write!(out, "\n{pad}{k}: ");
            render(v, indent + 2, out);
        }
    };
    match value {
        _ if as_variant(value).is_some() => {
            let (name, inner) = as_variant(value).unwrap();
            out.push_str(name);
            out.push('(');
            match inner {
                Value::Object(inner_fields)
                    if as_variant(inner).is_none() && !inner_fields.contains_key("$text") =>
                {
                    fields(inner_fields, out)
                }
                other => {
                    let _ = write!(out, "\n{pad}");
                    render(other, indent + 2, out);
                }
            }
            let _ = write!(out, "\n{})", " ".repeat(indent));
        }
        Value::Object(map) => {
            out.push('{');
            fields(map, out);
            let _ = write!(out, "\n{}}}", " ".repeat(indent));
        }
        Value::Array(items) => {
            out.push('[');
            for item in items {
                let _ = write!(out, "\n{pad}");
                render(item, indent + 2, out);
            }
            let _ = write!(out, "\n{}]", " ".repeat(indent));
        }
        _ => out.push_str(&one_line),
    }
}

/// The statements of a program, one per line (wrapped when long), after asserting it parses
/// without diagnostics.
fn tree(source: &str) -> String {
    let parsed = parse(prismc::span::FileId(0), source);
    assert!(parsed.diagnostics.is_empty(), "{source}\n{:#?}", parsed.diagnostics);
    let mut out = String::new();
    if let Some(header) = &parsed.program.header {
        let _ = writeln!(out, "header: {:?}", header.text);
    }
    for stmt in &parsed.program.body {
        let value = strip(&serde_json::to_value(stmt).unwrap());
        render(&value, 0, &mut out);
        out.push('\n');
    }
    out
}

/// Every diagnostic of a program, rendered as the compiler prints them.
fn diagnostics(source: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add("main.prism", source);
    let parsed = parse(file, source);
    assert!(!parsed.diagnostics.is_empty(), "no diagnostic for {source:?}");
    parsed.diagnostics.iter().map(|d| to_plain_text(&sources, d)).collect::<Vec<_>>().join("\n")
}

#[test]
fn ast_operators_and_precedence() {
    assert_snapshot!(tree(
        "a + b * c - d / e % f;
-2 ** 2
2 ** 3 ** 2
a ?? b || c
a ~?? b ?? c
a || b && c == d < e + f * g
x ~> f(y)
x ~> -0.5
x ~> (a + b)
c ? a : b ~> 0.5
x ~> 0.9 ? a : b
a ? b : c ? d : e
!a instanceof \"string\"
typeof x === \"number\"
await f() <~ g
"
    ));
}

#[test]
fn ast_confidence_operators() {
    assert_snapshot!(tree(
        "<~ x
a ~~ b ~~ c
a ~&& b ~|| c
a ~+ b ~* c ~- d ~/ e
a ~== b; a ~!= b; a ~< b; a ~<= b; a ~>= b
a ~||> b ~@> c
c ~? a : b
o ~. k
~x
v ~?> 0.7
v ~?> [0.7, null]
"
    ));
}

#[test]
fn ast_statement_boundaries_d15() {
    assert_snapshot!(tree(
        "x = 5
-3
f
(x)
a
[0]
let p = 1 let q = 2
i++
--j
y = a
  .b
  ?.c
function g() {
  return
  x
}
function h() { return }
"
    ));
}

#[test]
fn ast_pipelines() {
    assert_snapshot!(tree(
        "x |> f(_) |> g(_, _)
5 |> double
xs |> sum(..._)
x |> (y => _)
x |> await f(_)
x ~|> f(_)
x ~?> 0.5 |> g(_)
_
"
    ));
}

#[test]
fn ast_control_flow() {
    assert_snapshot!(tree(
        "if (a) b = 1 else if (c) { d() } else e()
if (a) if (b) c() else d()
while (i < 3) i++
while x < 3 { x += 1 }
do { i-- } while (i > 0);
for let i = 0; i < n; i = i + 1 { s += i }
for (let i = 0; i < n; i++) { if (i == 2) { continue; } if (i > 5) break }
for (;;) { break }
for x in xs { print(x) }
for x, i in xs { print(i) }
for (const x of xs) s += x
for (const [k, v] of Object.entries(o)) { print(k, v) }
for (x of xs) {}
"
    ));
}

#[test]
fn ast_functions_and_lambdas() {
    assert_snapshot!(tree(
        "async function f(a, b = 1, {x, y: [z]}, ...rest) ~> 0.8 { return a }
g = function(x) { return x * x }
h = function named() {}
k = (a, b) => a + b
m = x => ({ x })
n = async (x) => await x
p = async x => x
q = () => { return 1 }
xs.forEach(x => total += x)
r = x => y => x + y
"
    ));
}

#[test]
fn ast_assignment_and_destructuring() {
    assert_snapshot!(tree(
        "o.k = v
a[i] += 1
x ~+= 2
o.n++
--a[0]
a = b = c
let [first ~> 0.8, , [n1, n2], ...others] = xs
const {a: aa ~> 0.5 = 0, b, ...rest} = o;
[a, b] ~> 0.8 = arr
;[x, y] = [y, x]
{a, b = 2} = o
{c: {d}} ~> 0.9 = nested
"
    ));
}

#[test]
fn ast_uncertain_and_match() {
    assert_snapshot!(tree(
        "uncertain if (c) { high { a() } medium { b() } low { c() } default { d() } }
uncertain while x < 3 { high { x++ } low { break } }
uncertain for let i = 0; i < 3; i = i + 1 { default { i } }
r = match v {
  0 => \"zero\",
  -1 => \"minus one\",
  [a, b ~> 0.7, , ...rest] ~> 0.5 => a,
  {kind: \"k\", p, q ~> 0.6} if p > 1 => { p },
  s => { label: s },
  _ => null
}
"
    ));
}

#[test]
fn ast_try_throw_modules_agents_context() {
    assert_snapshot!(tree(
        "import d from \"./m\"
import { a, b as c, } from \"./m\"
import * as ns from \"@parallax/primitives/x\"
import d2, { e } from \"./m\"
import \"./side-effect\"
try { throw \"boom\" } catch (e) { e } finally { done() }
try { x() } catch { }
agents {
  critic: Agent { model: \"small\", temperature: 0 },
  writer: Agent { model: \"large\" }
}
in context Review { note = 1 } -> \"Summary\"
export default x = 5
export const k = 1
export function f() {}
export y = 2
export { a, b as c }
export { d } from \"./m\"
export * from \"./m\"
"
    ));
}

#[test]
fn ast_literals_strings_and_keywords_as_names() {
    assert_snapshot!(tree(
        "/** @name Demo */
[1, , 2, ];
[1, 2, ,]
{}
o = { a, \"b-c\": 1, [k]: 2, ...rest, default: 3, context: 4, }
obj.default + obj?.match + obj ~. from
x = undefined
s = 'it\\'s ${n} items'
t = `line ${a + `inner ${b}`}
next`
u = ```raw \\n ${c}```
v = \"esc \\u0041 \\t\"
w = 1e3 + .5 + 2.5e-3
c ?.5 : 1
let from = as
"
    ));
}

#[test]
fn diagnostics_lexical() {
    assert_snapshot!("p0001", diagnostics("tag = #urgent & x"));
    assert_snapshot!("p0002", diagnostics("s = \"line one\nx = 1"));
    assert_snapshot!("p0003", diagnostics("x = 1\n/* never closed\ny = 2"));
    assert_snapshot!("p0004", diagnostics("n = 1_000 + 3px"));
    assert_snapshot!("p0005", diagnostics("s = `total: ${}` + `\\u{zz}`"));
}

#[test]
fn diagnostics_syntax() {
    assert_snapshot!("p0010", diagnostics("x = f(a b)\ny = (1 + 2\nz = [1, 2"));
    assert_snapshot!("p0010_recovery", diagnostics("let = 5\nok = 1\nif x > 2 { }\nalso = 2\n"));
    assert_snapshot!("p0011", diagnostics("ratio = 4 *\n"));
    assert_snapshot!("p0012", diagnostics("y = x ~> 0.5 - 0.1"));
    assert_snapshot!("p0013", diagnostics("f() = 3\nb = a *\nc = 2"));
    assert_snapshot!(
        "p0014",
        diagnostics("uncertain if (c) { maybe { 1 } }\nuncertain while c { low { } low { } }")
    );
    assert_snapshot!("p0015", diagnostics("const limit"));
    assert_snapshot!("p0016", diagnostics("function f(...xs, y) {}\n[...a, b] = c"));
    assert_snapshot!("p0017", diagnostics("o = {a = 1, b ~> 0.5}"));
    assert_snapshot!("p0018", diagnostics("[a + 1, b] = xs"));
    assert_snapshot!("p0019", diagnostics("if (x) { import { a } from \"./m\" }"));
    assert_snapshot!("p0020", diagnostics("function f(a, {b, a}) {}"));
}

#[test]
fn diagnostics_limits() {
    let deep = format!("x = 1 +\n{}1", "-(\n".repeat(600));
    assert_snapshot!("p0021", diagnostics(&deep));
    let pipeline = format!("x = 1{}", " |> _ + _".repeat(24));
    assert_snapshot!("p0022", diagnostics(&pipeline));
    let many = "x = )\n".repeat(60);
    let text = diagnostics(&many);
    assert!(text.contains("error[P0099]"), "{text}");
    assert_eq!(text.matches("error[P0010]").count(), 50);
}
