//! `prismc build PATH... --out-dir DIR [--release] [--build-dir DIR]`: one native executable per
//! pattern, named after the file stem, all built by one cargo build of one generated workspace
//! ([`crate::build`]).
//!
//! A fingerprint of each pattern's source and the compiler version is recorded after a
//! successful build; when every fingerprint matches and every executable is in place, nothing
//! is regenerated and cargo does not run.

use crate::build::cargo::{self, CargoRun};
use crate::build::workspace::{GeneratedBinary, RuntimeSource, Workspace};
use crate::driver;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Options of `prismc build`.
pub struct BuildArgs<'a> {
    pub paths: &'a [PathBuf],
    pub out_dir: &'a Path,
    pub release: bool,
    pub build_dir: Option<&'a Path>,
}

fn fingerprint(source: &str, release: bool, runtime: u64) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    runtime.hash(&mut h);
    // The compiler build itself (a rebuilt prismc may generate different code).
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        meta.len().hash(&mut h);
        if let Ok(t) = meta.modified() {
            t.hash(&mut h);
        }
    }
    release.hash(&mut h);
    source.hash(&mut h);
    format!("{:016x}", h.finish())
}

fn exe_name(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// Runs the build; returns the exit code (0 built or up to date, 1 source errors or a failed
/// build, 2 usage or I/O problems).
pub fn build(args: &BuildArgs<'_>) -> i32 {
    let files = match driver::collect_prism_files(args.paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let build_dir =
        args.build_dir.map_or_else(|| args.out_dir.join(".prismc-build"), Path::to_path_buf);
    let ws = Workspace::new(&build_dir);
    let mut texts = Vec::new();
    for path in &files {
        match driver::read_source(path) {
            Ok(t) => texts.push((path.clone(), t)),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    let stem_of =
        |p: &Path| p.file_stem().and_then(|s| s.to_str()).unwrap_or("pattern").to_string();
    // Up to date: same fingerprints as the last build and every executable in place.
    let stamp = ws.read_stamp();
    let runtime = RuntimeSource::bundled();
    let runtime_digest = runtime.source_digest();
    let wanted: BTreeMap<String, String> = texts
        .iter()
        .map(|(p, t)| (stem_of(p), fingerprint(t, args.release, runtime_digest)))
        .collect();
    // The fingerprint covers the entry file only: a pattern that may import other files is
    // always regenerated (cargo still skips it when the generated Rust is unchanged).
    let may_import = texts.iter().any(|(_, t)| t.contains("import") || t.contains("from"));
    if !wanted.is_empty()
        && !may_import
        && wanted.iter().all(|(n, f)| stamp.get(n) == Some(f))
        && wanted.keys().all(|n| args.out_dir.join(exe_name(n)).is_file())
    {
        eprintln!("prismc: {} pattern(s) up to date, nothing to do", wanted.len());
        return 0;
    }
    let mut binaries = Vec::new();
    let mut failed = false;
    for (path, text) in &texts {
        match super::emit::generate_pattern(path, text) {
            Ok(rust) => binaries.push(GeneratedBinary {
                name: stem_of(path),
                source_path: path.clone(),
                rust,
                fingerprint: fingerprint(text, args.release, runtime_digest),
            }),
            Err(super::emit::GenError::Diagnostics(errors)) => {
                for e in errors {
                    eprintln!("{e}");
                }
                failed = true;
            }
            Err(super::emit::GenError::Bug(e)) => {
                eprintln!("error: prismc could not generate Rust for {}: {e}", path.display());
                failed = true;
            }
        }
    }
    if failed {
        return 1;
    }
    if let Err(e) = ws.write(&binaries, &runtime, &[]) {
        eprintln!("error: writing {}: {e}", build_dir.display());
        return 2;
    }
    let bar = (binaries.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(binaries.len() as u64);
        bar.set_message("building patterns");
        bar
    });
    let names: Vec<String> = binaries.iter().map(|b| b.name.clone()).collect();
    let manifest = ws.manifest_path();
    let target = ws.target_dir();
    let run = CargoRun {
        manifest_path: &manifest,
        target_dir: &target,
        release: args.release,
        bins: &names,
    };
    let outcome = cargo::build(&run, |name| {
        if let Some(bar) = &bar
            && names.iter().any(|n| n == name)
        {
            bar.inc(1);
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: running cargo: {e}");
            return 2;
        }
    };
    if !outcome.success {
        let bad: Vec<&GeneratedBinary> = binaries
            .iter()
            .filter(|b| {
                let file = crate::build::workspace::module_file_name(&b.name);
                outcome.stderr.contains(&format!("src/bin/{file}.rs"))
                    || outcome
                        .errors
                        .iter()
                        .any(|e| e.file.as_ref().is_some_and(|f| f.ends_with(format!("{file}.rs"))))
            })
            .collect();
        if bad.is_empty() {
            eprintln!("error: cargo failed to build the generated workspace:\n{}", outcome.stderr);
        }
        for b in bad {
            eprintln!(
                "error: this is a prismc bug: rustc rejected the code generated for {} (generated file: {})",
                b.source_path.display(),
                ws.binary_source(&b.name).display()
            );
        }
        return 1;
    }
    if let Err(e) = std::fs::create_dir_all(args.out_dir) {
        eprintln!("error: creating {}: {e}", args.out_dir.display());
        return 2;
    }
    let profile = if args.release { "release" } else { "debug" };
    let mut new_stamp = BTreeMap::new();
    for b in &binaries {
        let built = outcome
            .executables
            .iter()
            .find(|(n, _)| *n == b.name)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| target.join(profile).join(exe_name(&b.name)));
        let dest = args.out_dir.join(exe_name(&b.name));
        if let Err(e) = std::fs::copy(&built, &dest) {
            eprintln!("error: copying {} to {}: {e}", built.display(), dest.display());
            return 2;
        }
        new_stamp.insert(b.name.clone(), b.fingerprint.clone());
    }
    if let Err(e) = ws.write_stamp(&new_stamp) {
        eprintln!("error: writing the build stamp: {e}");
        return 2;
    }
    eprintln!("prismc: built {} pattern(s) into {}", binaries.len(), args.out_dir.display());
    0
}
