use super::*;
use crate::parser;

fn resolve_src(src: &str) -> (Resolution, Program) {
    resolve_with(src, &ModuleMap::new())
}

fn resolve_with(src: &str, modules: &ModuleMap) -> (Resolution, Program) {
    let parsed = parser::parse(FileId(0), src);
    assert!(
        parsed.diagnostics.iter().all(|d| !d.is_error()),
        "syntax errors in test source: {:?}",
        parsed.diagnostics
    );
    let resolution = resolve(FileId(0), &parsed.program, modules);
    (resolution, parsed.program)
}

fn errors(r: &Resolution) -> Vec<(&'static str, String)> {
    r.diagnostics.iter().filter(|d| d.is_error()).map(|d| (d.code, d.message.clone())).collect()
}

/// The binding the `n`-th occurrence (0-based) of `name` in `src` refers to.
fn binding_of<'r>(r: &'r Resolution, src: &str, name: &str, n: usize) -> Option<&'r Binding> {
    let start = src
        .match_indices(name)
        .filter(|(i, _)| {
            let before = src[..*i].chars().next_back();
            let after = src[i + name.len()..].chars().next();
            let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            !ident(before) && !ident(after)
        })
        .nth(n)?
        .0;
    let span = Span::from_range(start..start + name.len());
    r.binding_at(span)
}

#[test]
fn implicit_declarations_are_function_scoped() {
    let src = "if (true) { label = \"H\" }\nlabel\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    let first = binding_of(&r, src, "label", 0).unwrap();
    let second = binding_of(&r, src, "label", 1).unwrap();
    assert_eq!(first, second);
    assert_eq!(first.kind, BindingKind::Implicit);
    assert_eq!(r.function(FunctionId::TOP).implicit.len(), 1);
}

#[test]
fn nested_function_assignment_writes_outer_binding_declared_later() {
    let src = "function bump() { count = count + 1 }\ncount = 0\nbump()\ncount\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    let inner = binding_of(&r, src, "count", 0).unwrap();
    assert_eq!(inner.function, FunctionId::TOP);
    assert!(inner.captured);
}

#[test]
fn nested_function_assignment_without_outer_declares_a_local() {
    let src = "function f() { tmp = 1\n return tmp }\nf()\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    let tmp = binding_of(&r, src, "tmp", 0).unwrap();
    assert_ne!(tmp.function, FunctionId::TOP);
    assert!(!tmp.captured);
}

#[test]
fn undeclared_name_is_an_error_with_a_suggestion() {
    let (r, _) = resolve_src("total = 0\ntotal = totl + 1\n");
    let errs = errors(&r);
    assert_eq!(errs, vec![(codes_p1001(), "Undefined variable: totl".to_string())]);
    assert!(r.diagnostics[0].help.as_deref().unwrap_or("").contains("`total`"));
}

fn codes_p1001() -> &'static str {
    crate::diagnostics::codes::UNDEFINED_VARIABLE
}

#[test]
fn globals_and_builtins_resolve_and_can_be_reassigned() {
    let src = "input = 5 ~> 0.7\nprint(input)\nagentResults.length\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    let input = binding_of(&r, src, "input", 0).unwrap();
    assert_eq!(input.kind, BindingKind::PatternGlobal);
    assert!(input.reassigned);
    assert!(r.reads_global("agentResults"));
    assert!(!r.reads_global("successfulResults"));
}

#[test]
fn let_is_block_scoped_and_has_a_tdz() {
    let (r, _) = resolve_src("if (true) { let inner = 1 }\ninner\n");
    assert_eq!(errors(&r).len(), 1, "{:?}", r.diagnostics);
    let (r, _) = resolve_src("print(limit)\nlet limit = 3\n");
    assert_eq!(errors(&r)[0].0, crate::diagnostics::codes::READ_BEFORE_DECLARATION);
    // A closure may mention a later `let`: it runs after the declaration.
    let (r, _) = resolve_src("f = () => later\nlet later = 1\nf()\n");
    assert_eq!(errors(&r), vec![]);
}

#[test]
fn const_and_duplicates_are_errors() {
    let (r, _) = resolve_src("const limit = 3\nlimit = 4\n");
    assert_eq!(errors(&r)[0].1, "Cannot assign to const variable 'limit'");
    let (r, _) = resolve_src("{ const a = 1\n const a = 2 }\n");
    assert_eq!(errors(&r)[0].1, "Variable 'a' already declared in this scope");
    let (r, _) = resolve_src("{ let a = 1 }\n{ let a = 2 }\n");
    assert_eq!(errors(&r), vec![]);
}

#[test]
fn break_outside_loop_including_in_callbacks() {
    let (r, _) = resolve_src("for (const x of [1]) { [1].forEach(y => { continue }) }\n");
    assert_eq!(errors(&r)[0].0, crate::diagnostics::codes::BREAK_OUTSIDE_LOOP);
    let (r, _) = resolve_src("for (let i = 0; i < 3; i++) { if (i == 1) { break } }\n");
    assert_eq!(errors(&r), vec![]);
}

#[test]
fn top_level_functions_are_hoisted_for_mutual_recursion() {
    let src = "isEven(4)\nfunction isEven(n) { return n == 0 ? true : isOdd(n - 1) }\nfunction isOdd(n) { return n == 0 ? false : isEven(n - 1) }\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
}

#[test]
fn closures_capture_loop_bindings() {
    let src = "fs = []\nfor (let i = 0; i < 3; i++) { fs.push(() => i) }\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    let i = binding_of(&r, src, "i", 0).unwrap();
    assert!(i.captured);
    let lambda = r.functions.iter().find(|f| f.parent.is_some()).unwrap();
    assert_eq!(lambda.captures.len(), 1);
}

#[test]
fn imports_are_checked_against_module_interfaces() {
    let mut modules = ModuleMap::new();
    modules.insert(
        "./voting".to_string(),
        Ok(ModuleInterface {
            display_path: "voting.prism".into(),
            exports: vec!["vote".into()],
            has_default: false,
        }),
    );
    let (r, _) = resolve_with("import { Vote } from \"./voting\"\nVote\n", &modules);
    assert_eq!(errors(&r)[0].1, "Module voting.prism has no export named 'Vote'");
    assert!(r.diagnostics[0].help.as_deref().unwrap_or("").contains("`vote`"));
    let (r, _) = resolve_with("import v from \"./voting\"\nv\n", &modules);
    assert_eq!(errors(&r)[0].1, "Module voting.prism has no default export");
    let (r, _) = resolve_with("import { x } from \"./missing\"\nx\n", &modules);
    assert_eq!(errors(&r)[0].0, crate::diagnostics::codes::MISSING_MODULE);
}

#[test]
fn exports_are_collected() {
    let src = "export const a = 1\nexport function f() { return a }\nb = 2\nexport { b as c }\nexport default f\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    assert_eq!(r.exports, vec!["a", "f", "c"]);
    assert!(r.has_default_export);
}

#[test]
fn undefined_inside_try_with_catch_is_only_a_warning() {
    let (r, _) = resolve_src("try { nope } catch (e) { e }\n");
    assert_eq!(errors(&r), vec![]);
    assert_eq!(r.diagnostics.len(), 1);
}

#[test]
fn loop_header_and_block_lets_are_not_implicit_declarations() {
    let src =
        "for (let i = 0; i < 3; i++) { let total = 0\n total += i }\nfor (const x of [1]) { }\n";
    let (r, _) = resolve_src(src);
    assert_eq!(errors(&r), vec![]);
    assert!(r.function(FunctionId::TOP).implicit.is_empty(), "{:?}", r.function(FunctionId::TOP));
}

/// Resolution with the parser's lists of assigned names is exactly resolution by scanning
/// every body, on every conformance and test program and on the cases where the parser has to
/// give up its list (and the scan decides) or keeps it despite inner declarations.
#[test]
fn parser_assigned_names_resolve_like_the_scan() {
    // Assignments are statements, `for` header parts, lambda bodies and template holes; holes
    // reach the places where the scan's order is not source order.
    let mut sources: Vec<String> = vec![
        "function f() { let x = 1; x = 2; y = 3; { let z = 0; z = 1 } }\nf()\n".into(),
        "function g() { if (true) { let a = 1; a = 2 } a = 3; return a }\ng()\n".into(),
        "for (let i = 0; i < 3; i++) { n = i }\nfor k in [1] { k = 2; m = k }\n".into(),
        "for (j = 0; j < 2; j = j + 1) { }\ntry { t = 1 } catch (e) { e = 2; u = e }\n".into(),
        "s = `${t1 = 1}` |> String(`${u1 = 2}`, _)\n".into(),
        "do { d = 1 } while (`${w = d}` == \"\")\n".into(),
        "for (o of [`${l = 1}`]) { }\nfor (let [h, j2] of [[1, 2]]) { h = j2 }\n".into(),
        "[{v = `${p = 1}`}, s2] = [{}, 1]\n".into(),
        "function c(a = `${b = 1}`) ~> (`${cc = 0.5}` == \"\" ? 1 : 0) { return a }\n".into(),
        "f2 = function named() ~> 0.5 { zz = 2 }\nh2 = y => y2 = y\n".into(),
        "export e1 = 1\nagents { scout: Agent { model: \"m\" } }\n".into(),
        "g2 = () => { inner = 1; return `${inner2 = 2}` }\n".into(),
        "r = match 3 { 3 => { let k2 = 1; k2 = 2; mm = k2 }, _ => 0 }\n".into(),
        // Inner declarations: an assignment inside their scope writes them, one outside does
        // not, whatever the order (the temporal dead zone included).
        "function s1() { { a1 = 1; let a1 = 2 } a1 = 3; { function b1() {} b1 = 1 } }\ns1()\n"
            .into(),
        "if (true) let q1 = 1\nq1 = 2\nwhile (false) const q2 = `${q2 = 1}`\n".into(),
        "if (true) let g1 = `${g1 = 1}`\nelse let g0 = `${g0 = 1}`\ndo let g2 = `${g2 = 1}` while (false)\n"
            .into(),
        "for (let i = 0; i < 1; i++) let g3 = `${g3 = 1}`\nfor g4 in [1] let g5 = `${g5 = 1}`\n"
            .into(),
        "for (g6 of [1]) let g7 = `${g7 = 1}`\n".into(),
        "for (const [e1, e2] of [[1, 2]]) { e1 = 3 }\ne2 = 4\nfor i1, i2 in [1] { i2 = 0 }\n"
            .into(),
        "uncertain for (let u1 = 0; u1 < 1; u1++) { high { u1 = 2 } low { u2 = u1 } }\nu1 = 5\n"
            .into(),
        "try { } catch (err) { err = 1; { let err = 2; err = 3 } }\nerr = 4\n".into(),
        "for (let f1 = `${f2 = 0}`; f1 < 1; f1 = f1 + 1) { let f2 = 1 }\n".into(),
    ];
    for source in &sources {
        let parsed = parser::parse(FileId(0), source);
        assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{source}");
    }
    sources.extend(crate::test_corpus::programs());
    assert!(sources.len() > 100, "only {} sources", sources.len());
    let mut collected = 0;
    for source in &sources {
        let parsed = parser::parse(FileId(0), source);
        collected += usize::from(parsed.program.assigned.0.is_some());
        let modules = ModuleMap::new();
        let with_lists = resolve(FileId(0), &parsed.program, &modules);
        let scanned = resolve_by_scanning(FileId(0), &parsed.program, &modules);
        assert_eq!(format!("{with_lists:?}"), format!("{scanned:?}"), "resolution of\n{source}");
    }
    // Most programs must take the parser's lists, or this test compares the scan with itself.
    assert!(collected * 10 > sources.len() * 9, "{collected} of {} programs", sources.len());
}

/// Programs with errors that leave logged assignments out of the tree (the defaults of an
/// object literal that is not destructured) resolve as by scanning.
#[test]
fn erroneous_programs_resolve_like_the_scan() {
    for source in [
        "score = 5 ~>\n[{b = `${c = 1}`}, a] = [{}, 1]\nx = 1\n",
        "o = {k = `${d = 1}`}\n",
        "function f() { return {k = `${e = 1}`} }\n",
    ] {
        let parsed = parser::parse(FileId(0), source);
        assert!(parsed.diagnostics.iter().any(|d| d.is_error()), "{source}");
        let modules = ModuleMap::new();
        let with_lists = resolve(FileId(0), &parsed.program, &modules);
        let scanned = resolve_by_scanning(FileId(0), &parsed.program, &modules);
        assert_eq!(format!("{with_lists:?}"), format!("{scanned:?}"), "resolution of\n{source}");
    }
}

/// Inner declarations no longer make the parser give up a function's list: a counting loop in
/// a function is the common case.
#[test]
fn inner_declarations_keep_the_parsers_list() {
    let src =
        "function f(n) { for (let i = 0; i < n; i++) { t = i } try { } catch (e) { e = 1 } }\n";
    let parsed = parser::parse(FileId(0), src);
    let Some(crate::ast::StmtKind::Function(f)) = parsed.program.body.first().map(|s| &s.kind)
    else {
        panic!("not a function: {src}");
    };
    let names: Option<Vec<String>> =
        f.assigned.0.as_deref().map(|names| names.iter().map(|n| n.name.to_string()).collect());
    assert_eq!(names, Some(vec!["t".to_string()]));
}

/// A program whose names were interned by another parse resolves by their text.
#[test]
fn names_from_another_parse_resolve_by_text() {
    let src = "a = 1\nfunction f(b) { c = a + b; return c }\nf(2)\n";
    let own = parser::parse(FileId(0), src);
    let other = parser::parse(FileId(0), "zz = 0\nc = 1\nb = 2\na = 3\n");
    let mut mixed = own.program.clone();
    mixed.names = other.program.names.clone();
    let expected = resolve(FileId(0), &own.program, &ModuleMap::new());
    let got = resolve(FileId(0), &mixed, &ModuleMap::new());
    assert_eq!(format!("{got:?}"), format!("{expected:?}"));
}

/// Lines to insert into real programs: assignments, inner declarations and the constructs
/// whose scan order differs from source order, so that the parser's lists meet them in every
/// nesting.
const ASSIGNING_LINES: &[&str] = &[
    "x = 1",
    "let x = 2",
    "{ let x = 3; x = 4 }",
    "for (let i = 0; i < 2; i++) { x = i }",
    "for (x = 0; x < 2; x = x + 1) { }",
    "for k in [1] { k = 2 }",
    "try { x = 1 } catch (e) { e = 1 }",
    "do { y = 1 } while (`${y = 0}` == \"\")",
    "s = `${z = 1}` |> String(`${y = 2}`, _)",
    "[{b = `${c = 1}`}, a] = [{}, 1]",
    "for (w of [`${v = 1}`]) { }",
    "f = () => { x = 5; return x }",
    "h = y => x = y",
    "function g() ~> 0.5 { q = 1 }",
    "s = `${t = 1}`",
    "if (true) let x = 6",
    "for (const [x, y] of [[1, 2]]) { y = x }",
    "{ x = 7; function x() {} }",
    "uncertain for (let x = 0; x < 1; x++) { high { x = 2 } low { y = x } }",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

    /// Programs made by inserting such lines anywhere, alone or wrapped in a function or a
    /// block, resolve the same with the parser's lists as by scanning.
    #[test]
    fn parser_assigned_names_survive_insertions(
        program in proptest::prelude::any::<proptest::sample::Index>(),
        insertions in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), 0..ASSIGNING_LINES.len(), 0..3u8),
            1..6,
        ),
    ) {
        let corpus = corpus();
        let mut lines: Vec<String> =
            corpus[program.index(corpus.len())].lines().map(str::to_string).collect();
        for (at, line, wrap) in insertions {
            let text = ASSIGNING_LINES[line];
            let text = match wrap {
                0 => text.to_string(),
                1 => format!("function wrapped() {{ {text} }}"),
                _ => format!("if (true) {{ {text} }}"),
            };
            let at = at.index(lines.len() + 1);
            lines.insert(at, text);
        }
        let source = lines.join("\n");
        let parsed = parser::parse(FileId(0), &source);
        let modules = ModuleMap::new();
        let with_lists = resolve(FileId(0), &parsed.program, &modules);
        let scanned = resolve_by_scanning(FileId(0), &parsed.program, &modules);
        proptest::prop_assert_eq!(format!("{with_lists:?}"), format!("{scanned:?}"), "{}", source);
    }
}

fn corpus() -> &'static [String] {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(crate::test_corpus::programs)
}
