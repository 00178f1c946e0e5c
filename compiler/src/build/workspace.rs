//! The generated cargo workspace behind `prismc build`: one package, one binary target per
//! pattern, one shared target directory, so `prism-runtime` is compiled once for all patterns.
//!
//! Files are written only when their content changes, so cargo's own fingerprints see an
//! untouched pattern as untouched; a stamp file records what every binary was built from, so a
//! build with nothing changed skips cargo entirely.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The package name of the generated workspace.
pub const PACKAGE: &str = "prism-patterns";

/// One pattern's generated Rust, ready to be written as a binary target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedBinary {
    /// The executable's name (the pattern file's stem, e.g. `code-review`).
    pub name: String,
    /// The Prism file it came from, for messages.
    pub source_path: PathBuf,
    /// The complete Rust source of the binary.
    pub rust: String,
    /// A fingerprint of everything the Rust was generated from (sources of the pattern and its
    /// imports, compiler version); equal fingerprints mean equal output.
    pub fingerprint: String,
}

/// Where the runtime crate lives, for the generated `Cargo.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A path to the `runtime-lib` directory (the default: the one this prismc was built from).
    Path(PathBuf),
    /// A registry version requirement.
    Version(String),
}

impl RuntimeSource {
    /// The runtime beside the compiler's own sources.
    pub fn bundled() -> Self {
        RuntimeSource::Path(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("runtime-lib"))
    }

    /// The primitive library matching this runtime: the `prism-std` directory beside a runtime
    /// path, or the same version requirement.
    pub fn primitives(&self) -> RuntimeSource {
        match self {
            RuntimeSource::Path(path) => RuntimeSource::Path(
                path.parent()
                    .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
                    .join("prism-std"),
            ),
            RuntimeSource::Version(req) => RuntimeSource::Version(req.clone()),
        }
    }

    /// What the executables link from this runtime and its primitive library, hashed: the
    /// length and modification time of every file under the two source directories, or the
    /// version requirement. A runtime edited beside an unchanged prismc (a development
    /// checkout) changes it, so `prismc build` does not keep executables built on the old one.
    pub fn source_digest(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for source in [self.clone(), self.primitives()] {
            match source {
                RuntimeSource::Path(path) => hash_tree(&path, &mut h, 0),
                RuntimeSource::Version(req) => req.hash(&mut h),
            }
        }
        h.finish()
    }

    fn dependency_line(&self, crate_name: &str) -> String {
        self.dependency_line_with_features(crate_name, &[])
    }

    fn dependency_line_with_features(&self, crate_name: &str, features: &[&str]) -> String {
        let features = if features.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
            format!(", features = [{}]", list.join(", "))
        };
        match self {
            RuntimeSource::Path(path) => {
                let shown = path.canonicalize().unwrap_or_else(|_| path.clone());
                let path = toml_string(&shown.display().to_string());
                format!("{crate_name} = {{ path = {path}{features} }}")
            }
            RuntimeSource::Version(req) if features.is_empty() => {
                format!("{crate_name} = {}", toml_string(req))
            }
            RuntimeSource::Version(req) => {
                format!("{crate_name} = {{ version = {}{features} }}", toml_string(req))
            }
        }
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The layout of a build directory.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Workspace { root: root.into() }
    }

    pub fn target_dir(&self) -> PathBuf {
        self.root.join("target")
    }

    pub fn manifest_path(&self) -> PathBuf {
        self.root.join("Cargo.toml")
    }

    /// The generated source file of a binary.
    pub fn binary_source(&self, name: &str) -> PathBuf {
        self.root.join("src").join("bin").join(format!("{}.rs", module_file_name(name)))
    }

    fn stamp_path(&self) -> PathBuf {
        self.root.join("prismc-stamp.json")
    }

    /// Writes the manifest and every binary's source, touching only files whose content changed,
    /// and removes sources of binaries that are no longer built. Returns how many sources were
    /// (re)written.
    pub fn write(
        &self,
        binaries: &[GeneratedBinary],
        runtime: &RuntimeSource,
        extra_dependencies: &[(String, RuntimeSource)],
    ) -> std::io::Result<usize> {
        std::fs::create_dir_all(self.root.join("src").join("bin"))?;
        write_if_changed(
            &self.manifest_path(),
            &self.manifest(binaries, runtime, extra_dependencies),
        )?;
        let lock = self.root.join("Cargo.lock");
        if !lock.exists() {
            // Seed with the compiler's own lock file so the runtime's dependencies resolve to the
            // versions it was tested with (cargo prunes what the workspace does not use).
            std::fs::write(&lock, SEED_LOCKFILE)?;
        }
        let mut written = 0;
        let mut keep = std::collections::HashSet::new();
        for binary in binaries {
            let path = self.binary_source(&binary.name);
            if write_if_changed(&path, &binary.rust)? {
                written += 1;
            }
            keep.insert(path);
        }
        for entry in std::fs::read_dir(self.root.join("src").join("bin"))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") && !keep.contains(&path) {
                std::fs::remove_file(&path)?;
            }
        }
        Ok(written)
    }

    fn manifest(
        &self,
        binaries: &[GeneratedBinary],
        runtime: &RuntimeSource,
        extra_dependencies: &[(String, RuntimeSource)],
    ) -> String {
        let mut out = String::new();
        out.push_str("# Generated by prismc; edits are overwritten on the next build.\n");
        out.push_str("[workspace]\n\n");
        out.push_str(&format!(
            "[package]\nname = \"{PACKAGE}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\nautobins = false\n\n"
        ));
        out.push_str("[dependencies]\n");
        // Pattern executables allocate many small values; mimalloc is markedly faster at that.
        out.push_str(&runtime.dependency_line_with_features("prism-runtime", &["mimalloc"]));
        out.push('\n');
        // prism-std only when a pattern imports primitives, so other builds do not compile it.
        if binaries.iter().any(|b| b.rust.contains("::prism_std::")) {
            out.push_str(&runtime.primitives().dependency_line("prism-std"));
            out.push('\n');
        }
        for (name, source) in extra_dependencies {
            out.push_str(&source.dependency_line(name));
            out.push('\n');
        }
        // Generated code is checked by prismc, not by rustc's style lints.
        out.push_str("\n[lints.rust]\nunused = \"allow\"\nnon_snake_case = \"allow\"\n");
        out.push_str("\n[profile.release]\ncodegen-units = 16\ndebug = false\n");
        for binary in binaries {
            out.push_str(&format!(
                "\n[[bin]]\nname = {}\npath = {}\n",
                toml_string(&binary.name),
                toml_string(&format!("src/bin/{}.rs", module_file_name(&binary.name)))
            ));
        }
        out
    }

    /// The fingerprints recorded by the last successful build, per binary name.
    pub fn read_stamp(&self) -> BTreeMap<String, String> {
        std::fs::read_to_string(self.stamp_path())
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn write_stamp(&self, stamp: &BTreeMap<String, String>) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(stamp).map_err(std::io::Error::other)?;
        write_if_changed(&self.stamp_path(), &text).map(|_| ())
    }
}

/// A file name that is a valid Rust module/file name for any executable name.
pub fn module_file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Writes `content` unless the file already holds exactly that; returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)?;
    Ok(true)
}

const SEED_LOCKFILE: &str = include_str!("../../../Cargo.lock");

/// Hashes the names, lengths and modification times of the files under `dir` in name order,
/// skipping build output (`target`) and not following more than a few levels of directories.
fn hash_tree(dir: &Path, h: &mut impl Hasher, depth: u32) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        name.hash(h);
        if meta.is_dir() {
            if depth < 8 {
                hash_tree(&entry.path(), h, depth + 1);
            }
        } else {
            meta.len().hash(h);
            if let Ok(modified) = meta.modified() {
                modified.hash(h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary(name: &str, rust: &str) -> GeneratedBinary {
        GeneratedBinary {
            name: name.to_string(),
            source_path: PathBuf::from(format!("{name}.prism")),
            rust: rust.to_string(),
            fingerprint: format!("{name}:{}", rust.len()),
        }
    }

    #[test]
    fn writes_only_changed_sources_and_prunes_removed_ones() {
        let dir = std::env::temp_dir().join(format!("prismc-ws-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let ws = Workspace::new(&dir);
        let runtime = RuntimeSource::Version("0.1".into());
        let first = [
            binary("code-review", "fn main() {}"),
            binary("vote", "fn main() { let m = ::prism_std::module(\"aggregation\", &env); }"),
        ];
        assert_eq!(ws.write(&first, &runtime, &[]).unwrap(), 2);
        assert_eq!(ws.write(&first, &runtime, &[]).unwrap(), 0);
        let manifest = std::fs::read_to_string(ws.manifest_path()).unwrap();
        assert!(manifest.contains("prism-std = \"0.1\""), "vote imports primitives: {manifest}");
        let second = [binary("code-review", "fn main() { }")];
        assert_eq!(ws.write(&second, &runtime, &[]).unwrap(), 1);
        assert!(!ws.binary_source("vote").exists());
        let manifest = std::fs::read_to_string(ws.manifest_path()).unwrap();
        assert!(
            manifest.contains("name = \"code-review\"\npath = \"src/bin/code_review.rs\""),
            "{manifest}"
        );
        assert!(!manifest.contains("vote"));
        assert!(!manifest.contains("prism-std"), "no pattern imports primitives: {manifest}");
        assert_eq!(
            RuntimeSource::Path(PathBuf::from("/x/runtime-lib")).primitives(),
            RuntimeSource::Path(PathBuf::from("/x/prism-std"))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Editing a file of the runtime or of the primitive library beside it changes the digest;
    /// build output under `target` does not.
    #[test]
    fn runtime_digest_follows_runtime_and_primitive_sources() {
        let dir = std::env::temp_dir().join(format!("prismc-digest-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in ["runtime-lib/src/lib.rs", "prism-std/src/lib.rs", "runtime-lib/target/x"] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "pub fn f() {}").unwrap();
        }
        let runtime = RuntimeSource::Path(dir.join("runtime-lib"));
        let first = runtime.source_digest();
        assert_eq!(runtime.source_digest(), first);
        std::fs::write(dir.join("runtime-lib/target/x"), "more build output").unwrap();
        assert_eq!(runtime.source_digest(), first, "build output is not a source");
        std::fs::write(dir.join("runtime-lib/src/lib.rs"), "pub fn f() { g() }").unwrap();
        let second = runtime.source_digest();
        assert_ne!(second, first, "a runtime source changed");
        std::fs::write(dir.join("prism-std/src/lib.rs"), "pub fn f() { h() }").unwrap();
        assert_ne!(runtime.source_digest(), second, "a primitive library source changed");
        assert_ne!(
            RuntimeSource::Version("0.1".into()).source_digest(),
            RuntimeSource::Version("0.2".into()).source_digest()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn module_names_are_valid_identifiers() {
        assert_eq!(module_file_name("code-review"), "code_review");
        assert_eq!(module_file_name("2fa"), "_2fa");
        assert_eq!(module_file_name("Ünï"), "_n_");
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
