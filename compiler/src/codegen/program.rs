//! Whole files: the pattern body function, the pattern binary (`static SPEC`, `fn main`), and
//! modules of the single conformance crate.

use super::Gen;
use crate::ast::{Export, Program, StmtKind};
use crate::header::PatternHeader;
use crate::resolve::{BindingKind, FunctionId, Resolution, Resolved};
use crate::source::SourceFile;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeSet, HashMap};

/// How a pattern's Rust is packaged: a whole executable (`prismc build`) or a module of a user's
/// crate (`build.rs`, [`crate::build_script`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternTarget {
    /// `static SPEC` and `fn main` running the pattern executable's command line.
    Executable,
    /// `pub static SPEC` and `pub fn body`, no `main`: the module is `include!`d into a crate.
    Module,
}

/// The path of the runtime crate in generated code: `prism_runtime` unless a build script renamed
/// the dependency.
fn default_runtime() -> TokenStream {
    quote!(prism_runtime)
}

fn preamble(file_label: &str, rt: &TokenStream) -> TokenStream {
    quote! {
        use #rt::*;
        use #rt::{destructure, ops, uncertain};
        use #rt::pattern::PatternEnv;
        use std::sync::Arc;
        type BoxFut = std::pin::Pin<Box<dyn std::future::Future<Output = PResult> + Send>>;
        const FILE: &str = #file_label;
    }
}

/// The items of one file: the imports, `FILE`, and `pub fn body(env) -> BoxFut`.
fn body_items(
    program: &Program,
    res: &Resolution,
    src: &SourceFile,
    file_label: &str,
    rt: &TokenStream,
) -> TokenStream {
    module_items(program, res, src, file_label, &HashMap::new(), false, rt)
}

/// Like [`body_items`] for a file of a module graph: `imports` maps the import specifiers to
/// module indices (`super::m<i>`), and a non-entry module's body returns its exports object.
fn module_items(
    program: &Program,
    res: &Resolution,
    src: &SourceFile,
    file_label: &str,
    imports: &HashMap<String, usize>,
    exports: bool,
    rt: &TokenStream,
) -> TokenStream {
    let mut g = Gen::new(program, res, src);
    g.imports = imports.clone();
    g.at_top_level();
    let mut globals = BTreeSet::new();
    for r in res.refs.values() {
        if let Resolved::Binding(id) = r
            && matches!(res.binding(*id).kind, BindingKind::PatternGlobal | BindingKind::Builtin)
        {
            globals.insert(*id);
        }
    }
    let mut setup = TokenStream::new();
    for id in globals {
        let v = Gen::cell(id);
        let name = res.binding(id).name.as_str();
        setup.extend(quote!(let #v = SharedCell::new(env.global(#name));));
    }
    if let Some(top) = res.functions.get(FunctionId::TOP.0 as usize) {
        for id in &top.implicit {
            let v = Gen::cell(*id);
            setup.extend(quote!(let #v = SharedCell::uninit();));
        }
    }
    // Imported modules run first, in import order (D13).
    let mut seen = BTreeSet::new();
    for stmt in &program.body {
        let spec = match &stmt.kind {
            StmtKind::Import(i) => Some(&i.source.value),
            StmtKind::Export(Export::Named { source: Some(s), .. } | Export::All { source: s }) => {
                Some(&s.value)
            }
            _ => None,
        };
        if let Some(spec) = spec
            && let Some(&i) = imports.get(spec)
            && seen.insert(i)
        {
            let m = format_ident!("__mod{}", i);
            let path = format_ident!("m{}", i);
            setup.extend(quote!(let #m = super::#path::body(env.clone()).await?;));
        }
    }
    setup.extend(quote!(let __default = SharedCell::new(Value::Null);));
    let stmts = g.block_stmts(&program.body);
    let result = if exports { export_object(&g, program) } else { quote!(Ok(__c)) };
    let pre = preamble(file_label, rt);
    quote! {
        #pre
        pub fn body(env: Arc<PatternEnv>) -> BoxFut {
            Box::pin(async move {
                #setup
                let mut __c = Value::from(0.0);
                #stmts
                #result
            })
        }
    }
}

/// The exports object of a module.
fn export_object(g: &Gen<'_>, program: &Program) -> TokenStream {
    let mut out = TokenStream::new();
    let mut put = |name: &str, value: TokenStream| {
        out.extend(quote!(m.insert(Str::from(#name), #value);));
    };
    let cell = |id: &crate::ast::Ident| g.binding_of(id.span).map(Gen::cell);
    let mut spreads = TokenStream::new();
    for stmt in &program.body {
        let StmtKind::Export(x) = &stmt.kind else { continue };
        match x {
            Export::Default(_) => put("default", quote!(__default.get())),
            Export::Let(d) => {
                let mut ids = Vec::new();
                super::pattern::pattern_idents(&d.pattern, &mut |i| ids.push(i.clone()));
                for i in ids {
                    if let Some(v) = cell(&i) {
                        put(&i.name, quote!(#v.get()));
                    }
                }
            }
            Export::Function(f) => {
                if let Some(n) = &f.name
                    && let Some(v) = cell(n)
                {
                    put(&n.name, quote!(#v.get()));
                }
            }
            Export::Assign { name, .. } => {
                if let Some(v) = cell(name) {
                    put(&name.name, quote!(#v.get()));
                }
            }
            Export::Named { specifiers, source: None } => {
                for s in specifiers {
                    if let Some(v) = cell(&s.local) {
                        put(&s.exported.name, quote!(#v.get()));
                    }
                }
            }
            Export::Named { specifiers, source: Some(src) } => {
                if let Some(m) = g.module_local(&src.value) {
                    for s in specifiers {
                        let local = s.local.name.as_str();
                        put(&s.exported.name, quote!(get_member(&#m, #local)?));
                    }
                }
            }
            Export::All { source } => {
                if let Some(m) = g.module_local(&source.value) {
                    spreads.extend(quote!(spread_object_literal(&mut m, &#m)?;));
                }
            }
        }
    }
    quote!({
        let mut m = ObjectMap::new();
        #spreads
        #out
        Ok(Value::object_from_map(m))
    })
}

/// The Rust source of a whole module graph for the conformance crate: `mod m<i>` per file and
/// `pub use m0::body` (the entry).
pub fn emit_case_graph(
    graph: &crate::modules::ModuleGraph,
    sources: &crate::source::SourceMap,
) -> Result<String, String> {
    graph_modules(graph, sources, &default_runtime())
}

fn graph_modules(
    graph: &crate::modules::ModuleGraph,
    sources: &crate::source::SourceMap,
    rt: &TokenStream,
) -> Result<String, String> {
    let mut text = String::new();
    for (i, module) in graph.modules.iter().enumerate() {
        let mut imports = HashMap::new();
        for (spec, target) in &module.imports {
            if let crate::modules::ModuleTarget::File(j) = target {
                imports.insert(spec.clone(), *j);
            }
        }
        let Some(src) = sources.get(module.file) else { return Err("missing source".into()) };
        let label = module.path.display().to_string();
        let items =
            module_items(&module.program, &module.resolution, src, &label, &imports, i != 0, rt);
        let rust = super::finish(items, src)?;
        text.push_str(&format!("pub mod m{i} {{\n{rust}}}\n"));
    }
    text.push_str("pub use m0::body;\n");
    Ok(text)
}

/// The Rust source of a pattern executable.
pub fn emit_pattern(
    program: &Program,
    res: &Resolution,
    src: &SourceFile,
    header: &PatternHeader,
    file_label: &str,
    stem: &str,
) -> Result<String, String> {
    emit_pattern_for(program, res, src, header, file_label, stem, PatternTarget::Executable, None)
}

/// [`emit_pattern`] for either target; `runtime_path` replaces `prism_runtime` (e.g.
/// `::my_runtime` when the dependency is renamed).
#[allow(clippy::too_many_arguments)]
pub fn emit_pattern_for(
    program: &Program,
    res: &Resolution,
    src: &SourceFile,
    header: &PatternHeader,
    file_label: &str,
    stem: &str,
    target: PatternTarget,
    runtime_path: Option<&str>,
) -> Result<String, String> {
    let rt = runtime_tokens(runtime_path)?;
    let items = body_items(program, res, src, file_label, &rt);
    super::finish(pattern_tokens(items, res, header, file_label, stem, target, &rt), src)
}

fn runtime_tokens(runtime_path: Option<&str>) -> Result<TokenStream, String> {
    match runtime_path {
        None => Ok(default_runtime()),
        Some(p) => {
            let path: syn::Path =
                syn::parse_str(p).map_err(|e| format!("runtime path `{p}`: {e}"))?;
            Ok(quote!(#path))
        }
    }
}

/// The Rust source of a pattern executable whose entry file imports other files: one module
/// `m<i>` per file of the graph (the entry is `m0`), then `SPEC` and `main`.
pub fn emit_pattern_graph(
    graph: &crate::modules::ModuleGraph,
    sources: &crate::source::SourceMap,
    header: &PatternHeader,
    file_label: &str,
    stem: &str,
) -> Result<String, String> {
    emit_pattern_graph_for(
        graph,
        sources,
        header,
        file_label,
        stem,
        PatternTarget::Executable,
        None,
    )
}

/// [`emit_pattern_graph`] for either target (see [`emit_pattern_for`]).
pub fn emit_pattern_graph_for(
    graph: &crate::modules::ModuleGraph,
    sources: &crate::source::SourceMap,
    header: &PatternHeader,
    file_label: &str,
    stem: &str,
    target: PatternTarget,
    runtime_path: Option<&str>,
) -> Result<String, String> {
    let rt = runtime_tokens(runtime_path)?;
    let Some(entry) = graph.entry() else { return Err("empty module graph".into()) };
    let Some(src) = sources.get(entry.file) else { return Err("missing source".into()) };
    let modules = graph_modules(graph, sources, &rt)?;
    let modules = modules.trim_end_matches("pub use m0::body;\n");
    let main = super::finish(
        pattern_tokens(
            quote!(
                pub use m0::body;
            ),
            &entry.resolution,
            header,
            file_label,
            stem,
            target,
            &rt,
        ),
        src,
    )?;
    Ok(format!("{modules}{main}"))
}

fn pattern_tokens(
    items: TokenStream,
    res: &Resolution,
    header: &PatternHeader,
    file_label: &str,
    stem: &str,
    target: PatternTarget,
    rt: &TokenStream,
) -> TokenStream {
    let name = header.name_or(stem).to_string();
    let version = header.version_or_default().to_string();
    let description = header.description.as_ref().map_or(String::new(), |t| t.value.clone());
    let input = match &header.input {
        Some(t) => {
            let s = t.value.to_string();
            quote!(Some(#s))
        }
        None => quote!(None),
    };
    let caps: Vec<String> =
        header.agents.as_ref().map_or(Vec::new(), |t| t.value.capabilities.clone());
    let min_agents = match &header.min_agents {
        Some(t) => {
            let n = t.value;
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let max_agents = match &header.max_agents {
        Some(t) => {
            let n = t.value;
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let min_conf = match header.agents.as_ref().and_then(|t| t.value.min_confidence) {
        Some(c) => quote!(Some(#c)),
        None => quote!(None),
    };
    let uses_agents = header.dispatches_agents();
    let reads = res.reads_global("agentResults") || res.reads_global("successfulResults");
    let header_json = serde_json::json!({
        "name": name,
        "version": version,
        "description": description,
        "input": header.input.as_ref().map(|t| t.value.clone()),
        "agents": header.agents.as_ref().map(|t| t.value.raw.clone()),
        "minAgents": header.min_agents.as_ref().map(|t| t.value),
        "maxAgents": header.max_agents.as_ref().map(|t| t.value),
    })
    .to_string();
    let spec_vis = match target {
        PatternTarget::Executable => quote!(),
        PatternTarget::Module => quote!(pub),
    };
    let main = match target {
        PatternTarget::Executable => quote! {
            fn main() -> std::process::ExitCode {
                #rt::pattern::cli::main(&SPEC, body)
            }
        },
        PatternTarget::Module => quote!(),
    };
    quote! {
        #items
        #spec_vis static SPEC: #rt::pattern::PatternSpec = #rt::pattern::PatternSpec {
            name: #name,
            version: #version,
            description: #description,
            source_file: #file_label,
            input_schema: #input,
            capabilities: &[#(#caps),*],
            min_agents: #min_agents,
            max_agents: #max_agents,
            min_confidence: #min_conf,
            uses_agents: #uses_agents,
            reads_agent_results: #reads,
            header_json: #header_json,
        };
        #main
    }
}

/// One case of the conformance crate: a module named `name` holding `pub fn body`.
pub struct CaseModule {
    pub name: String,
    pub rust: String,
}

/// The Rust source of a module (without the `mod` wrapper) for the conformance crate.
pub fn emit_case_module(
    program: &Program,
    res: &Resolution,
    src: &SourceFile,
    file_label: &str,
) -> Result<String, String> {
    let items = body_items(program, res, src, file_label, &default_runtime());
    super::finish(items, src)
}
