//! The compiler keeps its own copies of runtime facts (it must not link the runtime); these tests
//! keep the copies from drifting.

#[test]
fn built_in_globals_match_the_runtime_prelude() {
    assert_eq!(prismc::resolve::BUILTIN_GLOBALS, prism_runtime::prelude::GLOBAL_NAMES);
}

#[test]
fn every_built_in_global_exists_in_a_fresh_prelude() {
    let (host, _) = prism_runtime::Host::capturing();
    let prelude = prism_runtime::Prelude::new(host);
    for name in prismc::resolve::BUILTIN_GLOBALS {
        assert!(prelude.get(name).is_some(), "the runtime prelude has no `{name}`");
    }
}
