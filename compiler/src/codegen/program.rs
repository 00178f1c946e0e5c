//! Whole files: the pattern body function, the pattern binary (`static SPEC`, `fn main`), and
//! modules of the single conformance crate.

use super::Gen;
use crate::ast::Program;
use crate::header::PatternHeader;
use crate::resolve::{BindingKind, FunctionId, Resolution, Resolved};
use crate::source::SourceFile;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

fn preamble(file_label: &str) -> TokenStream {
    quote! {
        use prism_runtime::*;
        use prism_runtime::{destructure, ops, uncertain};
        use prism_runtime::pattern::PatternEnv;
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
) -> TokenStream {
    let mut g = Gen::new(program, res, src);
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
    let stmts = g.block_stmts(&program.body);
    let pre = preamble(file_label);
    quote! {
        #pre
        pub fn body(env: Arc<PatternEnv>) -> BoxFut {
            Box::pin(async move {
                #setup
                let mut __c = Value::from(0.0);
                #stmts
                Ok(__c)
            })
        }
    }
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
    let items = body_items(program, res, src, file_label);
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
    let tokens = quote! {
        #items
        static SPEC: prism_runtime::pattern::PatternSpec = prism_runtime::pattern::PatternSpec {
            name: #name,
            version: #version,
            description: #description,
            source_file: FILE,
            input_schema: #input,
            capabilities: &[#(#caps),*],
            min_agents: #min_agents,
            max_agents: #max_agents,
            min_confidence: #min_conf,
            uses_agents: #uses_agents,
            reads_agent_results: #reads,
            header_json: #header_json,
        };
        fn main() -> std::process::ExitCode {
            prism_runtime::pattern::cli::main(&SPEC, body)
        }
    };
    super::finish(tokens, src)
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
    let items = body_items(program, res, src, file_label);
    super::finish(items, src)
}
