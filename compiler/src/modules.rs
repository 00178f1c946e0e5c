//! The module graph of one compilation (LANGUAGE.md D13, B §5): the entry file and every file
//! it imports, transitively, each parsed, resolved against the interfaces of its imports and
//! type-checked.
//!
//! Paths resolve as the reference did: `./x` and `../x` against the importing file's directory,
//! trying `x.prism` (or `x` when it already ends in `.prism`) and then `x/index.prism`; absolute
//! paths the same way. `@parallax/primitives/<category>` and `@parallaxai/primitives/<category>`
//! name the primitive library. Bare package names (`node_modules`) are not supported.
//!
//! Interfaces are read syntactically (the `export` statements) before any module is resolved,
//! so circular imports load like the reference's: each side sees the other's export names.

use crate::ast::{Export, Program, StmtKind};
use crate::diagnostics::Diagnostic;
use crate::header::{self, PatternHeader};
use crate::parser;
use crate::resolve::{self, ModuleInterface, ModuleMap, Resolution};
use crate::source::SourceMap;
use crate::span::FileId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where source text comes from: the file system, or an in-memory set of files (conformance
/// cases, tests, build scripts with generated sources).
pub trait SourceProvider {
    /// The text of `path`, or `None` when there is no such file.
    fn read(&self, path: &Path) -> Option<Result<String, String>>;
}

/// Reads files from disk.
pub struct FileSystem;

impl SourceProvider for FileSystem {
    fn read(&self, path: &Path) -> Option<Result<String, String>> {
        if !path.is_file() {
            return None;
        }
        Some(crate::driver::read_source(path).map_err(|e| e.to_string()))
    }
}

/// Files held in memory, by path.
#[derive(Debug, Default, Clone)]
pub struct InMemory {
    pub files: HashMap<PathBuf, String>,
}

impl SourceProvider for InMemory {
    fn read(&self, path: &Path) -> Option<Result<String, String>> {
        self.files.get(&normalize(path)).cloned().map(Ok)
    }
}

/// What an import specifier points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleTarget {
    /// Another file of the graph, by index into [`ModuleGraph::modules`].
    File(usize),
    /// A category of the primitive library (`execution`, `aggregation`, …).
    Primitives(String),
}

/// One loaded file.
#[derive(Debug)]
pub struct Module {
    pub file: FileId,
    pub path: PathBuf,
    pub program: Program,
    pub header: PatternHeader,
    pub resolution: Resolution,
    /// Import specifiers as written, and what they resolved to.
    pub imports: Vec<(String, ModuleTarget)>,
    /// Syntax, header and resolution diagnostics of this file.
    pub diagnostics: Vec<Diagnostic>,
}

/// The entry file and everything it imports.
#[derive(Debug, Default)]
pub struct ModuleGraph {
    /// Index 0 is the entry file.
    pub modules: Vec<Module>,
    /// Module indices with every module after the modules it imports (cycles broken at the
    /// back edge), i.e. the order their top levels run in (D13).
    pub init_order: Vec<usize>,
}

impl ModuleGraph {
    pub fn entry(&self) -> Option<&Module> {
        self.modules.first()
    }

    /// Every diagnostic of every module.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.modules.iter().flat_map(|m| m.diagnostics.iter())
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(Diagnostic::is_error)
    }
}

/// The primitive library's specifier prefixes (D13).
const PRIMITIVE_PREFIXES: [&str; 2] = crate::primitives::PREFIXES;

/// Loads, parses and resolves `entry` and its imports. Files are added to `sources`; a missing
/// or unreadable import is reported at the import (P1007), never as a panic.
pub fn load(
    entry: &Path,
    provider: &dyn SourceProvider,
    sources: &mut SourceMap,
) -> Result<ModuleGraph, String> {
    let entry = normalize(entry);
    let text = match provider.read(&entry) {
        Some(Ok(text)) => text,
        Some(Err(e)) => return Err(e),
        None => return Err(format!("{}: no such file", entry.display())),
    };
    let mut loader = Loader { provider, sources, parsed: Vec::new(), by_path: HashMap::new() };
    loader.add(entry, text);
    let mut next = 0;
    while next < loader.parsed.len() {
        loader.load_imports_of(next);
        next += 1;
    }
    let interfaces = loader.interfaces();
    let Loader { parsed, sources, .. } = loader;
    let mut modules = Vec::with_capacity(parsed.len());
    for p in parsed {
        let mut map = ModuleMap::new();
        for (specifier, target) in &p.targets {
            let entry = match target {
                Ok(ModuleTarget::File(index)) => Ok(interfaces[*index].clone()),
                Ok(ModuleTarget::Primitives(category)) => primitives_interface(category),
                Err(message) => Err(message.clone()),
            };
            map.insert(specifier.clone(), entry);
        }
        let resolution = resolve::resolve(p.file, &p.program, &map);
        let mut diagnostics = p.diagnostics;
        // Names and types are checked on syntactically valid files only: after a syntax
        // error the tree is partial and would produce noise.
        if !diagnostics.iter().any(|d| d.is_error() && d.code.starts_with("P0")) {
            diagnostics.extend(resolution.diagnostics.iter().cloned());
            diagnostics.extend(crate::typecheck::check(p.file, &p.program, &p.header, &resolution));
        }
        crate::driver::sort_diagnostics(&mut diagnostics);
        let imports = p
            .targets
            .into_iter()
            .filter_map(|(specifier, target)| target.ok().map(|t| (specifier, t)))
            .collect();
        modules.push(Module {
            file: p.file,
            path: p.path,
            program: p.program,
            header: p.header,
            resolution,
            imports,
            diagnostics,
        });
    }
    let _ = sources;
    let init_order = init_order(&modules);
    Ok(ModuleGraph { modules, init_order })
}

/// The exports of a category of the primitive library (`crate::primitives` is the table).
fn primitives_interface(category: &str) -> Result<ModuleInterface, String> {
    crate::primitives::interface(category)
}

struct Parsed {
    file: FileId,
    path: PathBuf,
    program: Program,
    header: PatternHeader,
    diagnostics: Vec<Diagnostic>,
    /// Specifier → what it resolved to, or why it did not.
    targets: Vec<(String, Result<ModuleTarget, String>)>,
}

struct Loader<'a> {
    provider: &'a dyn SourceProvider,
    sources: &'a mut SourceMap,
    parsed: Vec<Parsed>,
    by_path: HashMap<PathBuf, usize>,
}

impl Loader<'_> {
    fn add(&mut self, path: PathBuf, text: String) -> usize {
        let file = self.sources.add(path.display().to_string(), text);
        let source = self.sources.get(file).map_or("", |f| f.text.as_str());
        let parsed = parser::parse(file, source);
        let mut diagnostics = parsed.diagnostics;
        let header = match &parsed.program.header {
            Some(doc) => {
                let h = header::parse_header(file, &doc.text, doc.span);
                diagnostics.extend(h.diagnostics);
                h.header
            }
            None => PatternHeader::default(),
        };
        let index = self.parsed.len();
        self.by_path.insert(path.clone(), index);
        self.parsed.push(Parsed {
            file,
            path,
            program: parsed.program,
            header,
            diagnostics,
            targets: Vec::new(),
        });
        index
    }

    fn load_imports_of(&mut self, index: usize) {
        let specifiers = import_specifiers(&self.parsed[index].program);
        let importer = self.parsed[index].path.clone();
        let mut targets = Vec::new();
        for specifier in specifiers {
            if targets.iter().any(|(s, _): &(String, _)| *s == specifier) {
                continue;
            }
            let target = self.resolve_specifier(&importer, &specifier);
            targets.push((specifier, target));
        }
        self.parsed[index].targets = targets;
    }

    fn resolve_specifier(
        &mut self,
        importer: &Path,
        specifier: &str,
    ) -> Result<ModuleTarget, String> {
        for prefix in PRIMITIVE_PREFIXES {
            if let Some(category) = specifier.strip_prefix(prefix) {
                return Ok(ModuleTarget::Primitives(category.to_string()));
            }
        }
        let relative = specifier.starts_with("./") || specifier.starts_with("../");
        if !relative && !Path::new(specifier).is_absolute() {
            return Err(format!(
                "Cannot resolve module '{specifier}' from '{}': package imports are not supported; use a relative path (\"./{specifier}\") or @parallax/primitives/<category>",
                importer.display()
            ));
        }
        let base = importer.parent().unwrap_or(Path::new("")).join(specifier);
        let mut candidates = Vec::new();
        if specifier.ends_with(".prism") {
            candidates.push(normalize(&base));
        } else {
            candidates.push(normalize(&PathBuf::from(format!("{}.prism", base.display()))));
        }
        candidates.push(normalize(&base.join("index.prism")));
        for candidate in &candidates {
            if let Some(&index) = self.by_path.get(candidate) {
                return Ok(ModuleTarget::File(index));
            }
            match self.provider.read(candidate) {
                Some(Ok(text)) => return Ok(ModuleTarget::File(self.add(candidate.clone(), text))),
                Some(Err(e)) => {
                    return Err(format!("Failed to load module {}: {e}", candidate.display()));
                }
                None => {}
            }
        }
        let tried: Vec<String> =
            candidates.iter().map(|c| format!("  - {}", c.display())).collect();
        Err(format!(
            "Cannot resolve module '{specifier}' from '{}'. Tried:\n{}",
            importer.display(),
            tried.join("\n")
        ))
    }

    /// The export names of every module, `export *` expanded (cycles contribute what is known).
    fn interfaces(&self) -> Vec<ModuleInterface> {
        (0..self.parsed.len())
            .map(|i| {
                let mut exports = Vec::new();
                let mut seen = vec![false; self.parsed.len()];
                self.collect_exports(i, &mut exports, &mut seen);
                ModuleInterface {
                    display_path: self.parsed[i].path.display().to_string(),
                    exports,
                    has_default: has_default_export(&self.parsed[i].program),
                }
            })
            .collect()
    }

    fn collect_exports(&self, index: usize, out: &mut Vec<String>, seen: &mut [bool]) {
        if std::mem::replace(&mut seen[index], true) {
            return;
        }
        let module = &self.parsed[index];
        for stmt in &module.program.body {
            let StmtKind::Export(export) = &stmt.kind else { continue };
            match export {
                Export::Default(_) => {}
                Export::Let(decl) => {
                    crate::resolve::pattern_names(&decl.pattern, &mut |ident| {
                        push_unique(out, &ident.name)
                    });
                }
                Export::Function(f) => {
                    if let Some(name) = &f.name {
                        push_unique(out, &name.name);
                    }
                }
                Export::Assign { name, .. } => push_unique(out, &name.name),
                Export::Named { specifiers, .. } => {
                    for spec in specifiers {
                        push_unique(out, &spec.exported.name);
                    }
                }
                Export::All { source } => {
                    let target = module.targets.iter().find(|(s, _)| *s == source.value);
                    if let Some((_, Ok(ModuleTarget::File(other)))) = target {
                        self.collect_exports(*other, out, seen);
                    }
                }
            }
        }
    }
}

fn push_unique(out: &mut Vec<String>, name: &str) {
    if !out.iter().any(|n| n == name) {
        out.push(name.to_string());
    }
}

fn has_default_export(program: &Program) -> bool {
    program.body.iter().any(|s| matches!(&s.kind, StmtKind::Export(Export::Default(_))))
}

fn import_specifiers(program: &Program) -> Vec<String> {
    let mut out = Vec::new();
    for stmt in &program.body {
        match &stmt.kind {
            StmtKind::Import(import) => out.push(import.source.value.clone()),
            StmtKind::Export(Export::Named { source: Some(source), .. })
            | StmtKind::Export(Export::All { source }) => out.push(source.value.clone()),
            _ => {}
        }
    }
    out
}

/// Post-order over imports from the entry: dependencies first.
fn init_order(modules: &[Module]) -> Vec<usize> {
    let mut order = Vec::with_capacity(modules.len());
    let mut state = vec![0u8; modules.len()]; // 0 new, 1 in progress, 2 done
    // An explicit stack keeps deep import chains from overflowing the call stack.
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    if modules.is_empty() {
        return order;
    }
    state[0] = 1;
    while let Some((module, next_import)) = stack.pop() {
        let imports = &modules[module].imports;
        if let Some((_, target)) = imports.get(next_import) {
            stack.push((module, next_import + 1));
            if let ModuleTarget::File(dep) = target
                && state[*dep] == 0
            {
                state[*dep] = 1;
                stack.push((*dep, 0));
            }
        } else {
            state[module] = 2;
            order.push(module);
        }
    }
    order
}

/// Removes `.` and resolves `..` lexically, so the same file reached two ways is one module.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(files: &[(&str, &str)]) -> InMemory {
        InMemory {
            files: files.iter().map(|(p, t)| (normalize(Path::new(p)), (*t).to_string())).collect(),
        }
    }

    #[test]
    fn loads_imports_transitively_in_dependency_order() {
        let provider = memory(&[
            ("app/main.prism", "import { twice } from \"./lib/math\"\ntwice(2)\n"),
            (
                "app/lib/math.prism",
                "import { base } from \"../base\"\nexport const twice = x => x * base\n",
            ),
            ("app/base.prism", "export const base = 2\n"),
        ]);
        let mut sources = SourceMap::new();
        let graph = load(Path::new("app/main.prism"), &provider, &mut sources).unwrap();
        assert_eq!(graph.modules.len(), 3);
        assert!(!graph.has_errors(), "{:?}", graph.diagnostics().collect::<Vec<_>>());
        let names: Vec<String> =
            graph.init_order.iter().map(|&i| graph.modules[i].path.display().to_string()).collect();
        assert_eq!(names, ["app/base.prism", "app/lib/math.prism", "app/main.prism"]);
    }

    #[test]
    fn missing_modules_and_exports_are_reported_at_the_import() {
        let provider = memory(&[
            ("main.prism", "import { nope } from \"./m\"\nimport { x } from \"./gone\"\nnope\n"),
            ("m.prism", "export const yes = 1\n"),
        ]);
        let mut sources = SourceMap::new();
        let graph = load(Path::new("main.prism"), &provider, &mut sources).unwrap();
        let messages: Vec<&str> = graph.diagnostics().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("has no export named 'nope'")), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.starts_with("Cannot resolve module './gone'")),
            "{messages:?}"
        );
    }

    #[test]
    fn circular_imports_and_reexports_resolve() {
        let provider = memory(&[
            ("a.prism", "import { b } from \"./b\"\nexport const a = 1\nexport * from \"./c\"\n"),
            ("b.prism", "import { a } from \"./a\"\nexport const b = 2\n"),
            ("c.prism", "export const c = 3\n"),
            ("main.prism", "import { a, c } from \"./a\"\na + c\n"),
        ]);
        let mut sources = SourceMap::new();
        let graph = load(Path::new("main.prism"), &provider, &mut sources).unwrap();
        assert!(!graph.has_errors(), "{:?}", graph.diagnostics().collect::<Vec<_>>());
        assert_eq!(graph.init_order.last(), Some(&0));
    }
}
