//! The whole single-file pipeline (parse, header, names, types) on arbitrary text: never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prismc::source::SourceMap;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let mut sources = SourceMap::new();
    let file = sources.add("fuzz.prism", source);
    let _ = prismc::driver::check(&sources, file);
});
