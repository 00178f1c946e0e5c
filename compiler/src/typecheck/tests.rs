//! Unit tests of the lattice and of narrowing.

use super::types::*;
use crate::header::PatternHeader;
use crate::parser::parse;
use crate::resolve::{ModuleMap, resolve};
use crate::span::FileId;

fn codes(source: &str) -> Vec<&'static str> {
    let parsed = parse(FileId(0), source);
    assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{:?}", parsed.diagnostics);
    let res = resolve(FileId(0), &parsed.program, &ModuleMap::new());
    super::check(FileId(0), &parsed.program, &PatternHeader::default(), &res)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect()
}

#[test]
fn join_numbers_forgets_constants() {
    assert_eq!(join(&Ty::Number(Some(1.0)), &Ty::Number(Some(2.0))), Ty::number());
    assert_eq!(join(&Ty::Number(Some(1.0)), &Ty::Number(Some(1.0))), Ty::Number(Some(1.0)));
}

#[test]
fn join_with_dynamic_is_dynamic() {
    assert_eq!(join(&Ty::String, &Ty::Dynamic), Ty::Dynamic);
    assert_eq!(join(&Ty::Dynamic, &Ty::Null), Ty::Dynamic);
}

#[test]
fn join_makes_unions_and_non_null_removes_null() {
    let u = join(&Ty::String, &Ty::Null);
    assert!(matches!(&u, Ty::Union(m) if m.len() == 2));
    assert!(u.may_be_null());
    assert_eq!(u.non_null(), Ty::String);
    assert_eq!(u.kind_name(), None);
    // Joining again with a member changes nothing.
    assert_eq!(join(&u, &Ty::String), u);
}

#[test]
fn large_unions_become_dynamic() {
    let kinds = [
        Ty::number(),
        Ty::String,
        Ty::Bool,
        Ty::Null,
        Ty::array(Ty::Dynamic, None),
        Ty::object(Vec::new(), true, None),
    ];
    let mut t = Ty::String;
    for k in &kinds {
        t = join(&t, k);
    }
    assert!(matches!(t, Ty::Union(_)));
    assert!(!t.may_be_confident());
    let t = join(&t, &Ty::confident(Ty::number(), Some(0.5)));
    assert!(t.may_be_confident());
}

#[test]
fn confidence_facts() {
    let c = Ty::confident(Ty::String, Some(0.9));
    assert!(c.is_confident() && c.may_be_confident());
    assert_eq!(c.base(), &Ty::String);
    assert_eq!(c.kind_name(), Some("confident"));
    assert!(Ty::Dynamic.may_be_confident() && !Ty::Dynamic.is_confident());
    assert!(!Ty::number().may_be_confident());
    assert_eq!(typeof_name(&c), Some("string"));
    assert_eq!(typeof_name(&Ty::confident(c.clone(), None)), Some("unknown"));
}

#[test]
fn opened_and_stored_forget_shapes() {
    let arr = Ty::array(Ty::number(), Some(3));
    assert_eq!(arr.opened(), Ty::array(Ty::Dynamic, None));
    let obj = Ty::object(vec![("a".into(), Ty::number())], true, None);
    match obj.opened() {
        Ty::Object(shape) => assert!(!shape.closed && shape.fields.is_empty()),
        other => panic!("{other:?}"),
    }
    assert_eq!(obj.stored(), Ty::Dynamic);
    assert_eq!(Ty::String.stored(), Ty::String);
}

#[test]
fn shape_fields() {
    let closed = Shape {
        fields: vec![(std::rc::Rc::from("a"), Ty::Bool)],
        closed: true,
        origin: None,
        what: "object",
    };
    assert_eq!(shape_field(&closed, "a"), Some(Ty::Bool));
    assert_eq!(shape_field(&closed, "b"), None);
    let open = Shape { closed: false, ..closed };
    assert_eq!(shape_field(&open, "b"), Some(Ty::Dynamic));
}

#[test]
fn narrow_typeof_filters_union_members() {
    let u = join(&Ty::String, &Ty::number());
    assert_eq!(u.narrow_typeof("string", true), Ty::String);
    assert_eq!(u.narrow_typeof("string", false), Ty::number());
    assert_eq!(Ty::Dynamic.narrow_typeof("string", true), Ty::Dynamic);
}

#[test]
fn narrowing_by_null_checks_and_optional_chains() {
    // Without narrowing each would fail: null has no properties.
    assert!(!codes("x = null\nx.k\n").is_empty());
    assert_eq!(codes("x = null\nif (x != null) { x.k }\n"), Vec::<&str>::new());
    assert_eq!(codes("x = null\nif (x) { x.k }\n"), Vec::<&str>::new());
    assert_eq!(codes("x = null\nx && x.k\n"), Vec::<&str>::new());
    assert_eq!(codes("x = null\nx?.k ? x.k : 0\n"), Vec::<&str>::new());
    assert_eq!(codes("x = null\nif (x == null) { 0 } else { x.k }\n"), Vec::<&str>::new());
}

#[test]
fn narrowing_by_typeof() {
    let src = "v = 1\nif (v > 0) { v = \"s\" }\nif (typeof v == \"number\") { v < 3 } else { v + \"!\" }\n";
    assert_eq!(codes(src), Vec::<&str>::new());
    let src = "v = 1\nif (v > 0) { v = \"s\" }\nif (typeof v == \"string\") { v < \"t\" }\n";
    assert_eq!(codes(src), vec!["P2003"]);
}

#[test]
fn reassignment_changes_a_variable_type() {
    assert_eq!(codes("a = \"x\"\na = 1\na > 0\n"), Vec::<&str>::new());
    assert_eq!(codes("a = 1\na = \"x\"\na > \"y\"\n"), vec!["P2003"]);
    // Globals are ordinary bindings (D12): typed from their new value.
    assert_eq!(codes("agentCount = \"many\"\nagentCount > \"few\"\n"), vec!["P2003"]);
    assert_eq!(codes("filter = threshold(0.8)\nfilter([1])\n"), Vec::<&str>::new());
}

#[test]
fn loops_and_branches_widen() {
    assert_eq!(codes("d = 0\nfor x in [1, 2] { d = d + x }\n10 / d\n"), Vec::<&str>::new());
    assert_eq!(codes("d = 0\nif (agentCount > 1) { d = 2 }\n10 / d\n"), Vec::<&str>::new());
    assert_eq!(codes("d = 0\n10 / d\n"), vec!["P2004"]);
}

#[test]
fn no_errors_where_the_failure_is_handled_or_unreachable() {
    assert_eq!(codes("try { x = 1 / 0 } catch (e) { print(e) }\n"), Vec::<&str>::new());
    assert_eq!(
        codes("function f() { return 1 / 0 }\ntry { f() } catch (e) { print(e) }\n"),
        Vec::<&str>::new()
    );
    assert_eq!(codes("function f() { return 1 / 0 }\n"), Vec::<&str>::new());
    assert_eq!(codes("function f() { return 1 / 0 }\nf()\n"), vec!["P2004"]);
    assert_eq!(codes("if (false) { null + 1 }\n"), Vec::<&str>::new());
    assert_eq!(codes("function g() { return 1\n null + 1 }\ng()\n"), Vec::<&str>::new());
}

#[test]
fn aliased_or_mutated_values_lose_their_shape() {
    assert_eq!(codes("o = {a: 1}\no.b = 2\no.b\n"), Vec::<&str>::new());
    assert_eq!(codes("o = {a: 1}\np = o\np.b = 2\no.b\n"), Vec::<&str>::new());
    assert_eq!(codes("xs = [1]\nxs.push(2)\nxs[1]\n"), Vec::<&str>::new());
    assert_eq!(codes("xs = [1]\nxs.map(x => x)\nxs[1]\n"), vec!["P2007"]);
}

#[test]
fn data_from_agents_is_dynamic() {
    assert_eq!(codes("agentResults.map(r => r.result.anything.deeper)\n"), Vec::<&str>::new());
    assert_eq!(codes("x = agentResults[0].result\n-x\nx ~||> 1\n"), Vec::<&str>::new());
}

/// The escape facts the resolver collects during its walk are exactly those of the separate
/// walk the checker used to make (kept as `escape::analyse`), on every conformance program,
/// every test program of this crate and some corner cases.
#[test]
fn resolver_escape_facts_match_the_reference_walk() {
    let mut sources: Vec<String> = vec![
        "o = {a: 1}\no.b = 2\np = [1]\np.push(2)\nq = [3]\nq.map(x => x)\nq[0]\n".into(),
        "x = 1\nx++\ny = 2\ny += 1\nz = [1]\nz[0] = 2\nw = {k: 1}\nw.k.push(1)\n".into(),
        "f = x => x\nf |> g(_, _)\n(a => a.push(1)) |> h(_)\n[1] |> (v => v)(_)\n".into(),
        "r = match 3 { [a ~> (t = 0.5), ...rest] => a, {[k]: b ~> u} => b, _ => 0 }\n".into(),
        "agents { scout: { model: m } }\nexport total = 1\nexport { total }\n".into(),
        "for (let [i, j] of pairs) { i = j }\nfor ([i2, {k = 1}] of pairs) { k += 1 }\n".into(),
        "for x, i in xs { x.push(i) }\ntry { e = 1 } catch (e) { e.k = 1 }\n".into(),
        "function f(a, {b, ...c} = {}, [d = a] = []) ~> a { a.x = b; return c }\n".into(),
    ];
    sources.extend(crate::test_corpus::programs());
    assert!(sources.len() > 100, "only {} sources", sources.len());
    for source in &sources {
        let parsed = parse(FileId(0), source);
        let res = resolve(FileId(0), &parsed.program, &ModuleMap::new());
        let reference = super::escape::analyse(&parsed.program, &res);
        assert_eq!(res.escapes, reference.escapes, "escapes of\n{source}");
        assert_eq!(res.assign_sites, reference.assign_sites, "assignment sites of\n{source}");
    }
}
