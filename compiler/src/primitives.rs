//! The primitive library as the compiler sees it: one table ([`PRIMITIVES`]) that gives every
//! primitive of `@parallax/primitives/<category>` its category, signature, effect, confidence rule
//! and an example.
//!
//! Everything else is derived from this table, so nothing can drift: the module interfaces the
//! resolver checks imports against ([`interface`]), the function types and argument checks of
//! the type checker ([`fn_ty`], [`check_argument`]), the sync/async classification of code
//! generation ([`Effect`]), and the reference page `docs/primitives.md` ([`reference_markdown`],
//! compared with the file by a test). The implementations live in the `prism-std` crate, in
//! Rust; a test checks that it implements exactly the names of this table.

use crate::ast::{Program, StmtKind};
use crate::resolve::{BindingId, ModuleInterface, Resolution, Resolved};
use crate::typecheck::signatures::{Param, T};
use crate::typecheck::types::{FnKind, FnTy, Ty};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

/// The specifier prefixes that name the primitive library (D13).
pub const PREFIXES: [&str; 2] = ["@parallax/primitives/", "@parallaxai/primitives/"];

/// The categories, in documentation order.
pub const CATEGORIES: &[&str] =
    &["execution", "aggregation", "confidence", "control", "coordination", "transformation"];

/// Extra import paths: `@parallax/primitives/workflow` also exports the workflow primitives of
/// `coordination` (the reference kept `pipeline` and `dag` in a `workflow` folder). The
/// prism-std registry has the same table.
pub const ALIASES: &[(&str, &str, &[&str])] = &[("workflow", "coordination", &["pipeline", "dag"])];

/// Whether `name` of `category` is importable from `path_category` (its own or an alias).
pub fn in_category(path_category: &str, category: &str, name: &str) -> bool {
    path_category == category
        || ALIASES.iter().any(|(alias, of, names)| {
            *alias == path_category && *of == category && names.contains(&name)
        })
}

/// Whether a call may suspend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Never suspends and never calls the functions it receives (pure data work): passing it a
    /// parameter does not make the caller async.
    Pure,
    /// Completes without suspending when the functions it receives do (it calls them).
    Sync,
    /// May suspend: calls agents, waits, or races.
    Async,
}

/// One primitive.
#[derive(Debug, Clone, Copy)]
pub struct Primitive {
    pub category: &'static str,
    pub name: &'static str,
    pub params: &'static [Param],
    pub ret: T,
    pub effect: Effect,
    /// What it does, one or two sentences (Markdown).
    pub summary: &'static str,
    /// How the confidence of the result is computed (Markdown).
    pub confidence: &'static str,
    /// A Prism snippet using it; type-checked by a test with the primitive imported.
    pub example: &'static str,
}

const fn p(name: &'static str, ty: T) -> Param {
    Param { name, ty, optional: false, rest: false }
}
const fn opt(name: &'static str, ty: T) -> Param {
    Param { name, ty, optional: true, rest: false }
}
const fn rest(name: &'static str, ty: T) -> Param {
    Param { name, ty, optional: true, rest: true }
}

use Effect::{Async, Pure, Sync};

/// Every primitive. Items of result lists ("items" below) are AgentResult objects
/// (`{agentId, result, confidence, error?, …}`: answer `result`, confidence `confidence`, failed
/// when `error` is set), confident values (answer and confidence of `v ~> c`) or plain values
/// (confidence 1.0).
pub static PRIMITIVES: &[Primitive] = &[
    // ----- execution -----
    Primitive {
        category: "execution",
        name: "parallel",
        params: &[p("agents", T::Array), opt("task", T::Any), opt("opts", T::Object)],
        ret: T::Array,
        effect: Async,
        summary: "Calls every agent handle of `agents` (or function, called as `fn(task, data)`) concurrently with `task` (default: `input.task`, else `\"analyze\"`) and `opts.data` (default: `input.data`, else `input`). `opts.maxConcurrency` bounds how many calls run at once, `opts.timeoutMs` bounds each call (a call over time is cancelled and becomes a failed result). Returns one AgentResult per agent, in order.",
        confidence: "Each AgentResult keeps its agent's confidence (0 for a failure or a timeout); the array itself is plain.",
        example: "results = parallel(agents, \"review\", {maxConcurrency: 4, timeoutMs: 5000})",
    },
    Primitive {
        category: "execution",
        name: "sequential",
        params: &[p("agents", T::Array), opt("task", T::Any), opt("opts", T::Object)],
        ret: T::Any,
        effect: Async,
        summary: "Calls the agents one after another: the first gets the default data (or `opts.data`), each next one gets the previous answer as its data; `opts.timeoutMs` bounds each call. Stops at the first failure. Returns the last AgentResult with `steps` (every AgentResult, in order).",
        confidence: "The minimum confidence of the chain (a chain is as strong as its weakest step); 0 when a step failed.",
        example: "refined = sequential(agents, \"refine\")",
    },
    Primitive {
        category: "execution",
        name: "race",
        params: &[p("agents", T::Array), opt("task", T::Any), opt("opts", T::Object)],
        ret: T::Any,
        effect: Async,
        summary: "Calls every agent concurrently and returns the first successful AgentResult whose confidence is at least `opts.minConfidence` (default 0); the calls still running are cancelled. `opts.timeoutMs` bounds the whole race.",
        confidence: "The winner's own confidence. When no result meets the bar, the most confident result seen is returned (or `null ~> 0` when there is none).",
        example: "first = race(agents, \"classify\", {minConfidence: 0.8})",
    },
    Primitive {
        category: "execution",
        name: "batch",
        params: &[p("items", T::Array), p("size", T::Number), p("fn", T::Function)],
        ret: T::Array,
        effect: Sync,
        summary: "Calls `fn(item, index)` for every item, `size` items at a time: the calls of one batch run concurrently, batches run one after another. Returns the results in item order.",
        confidence: "Each result is what `fn` returned; the array itself is plain.",
        example: "scores = batch([1, 2, 3, 4, 5], 2, x => x * 10)",
    },
    // ----- aggregation -----
    Primitive {
        category: "aggregation",
        name: "consensus",
        params: &[p("results", T::Array), opt("minAgreement", T::Number), opt("opts", T::Object)],
        ret: T::Confident,
        effect: Pure,
        summary: "Groups equal answers (deep equality; `opts.key` compares one field of object answers) of the successful items, weighting each by its confidence, and returns the answer of the heaviest group. When the agreeing share of the weight is below `minAgreement` (default 0.5) there is no consensus: `null ~> 0`.",
        confidence: "share of the weight agreeing × mean confidence of the agreeing group. Failed items carry no weight.",
        example: "agreement = consensus([\"a\" ~> 0.9, \"a\" ~> 0.8, \"b\" ~> 0.3], 0.6)",
    },
    Primitive {
        category: "aggregation",
        name: "voting",
        params: &[p("results", T::Array), opt("opts", T::Object)],
        ret: T::Confident,
        effect: Pure,
        summary: "One vote per successful item for its answer. `opts.strategy`: `\"majority\"` (default; most votes wins, ties go to the answer seen first), `\"weighted\"` (votes weighted by confidence) or `\"unanimous\"` (every item must agree, else `null ~> 0`).",
        confidence: "majority: share of votes × mean confidence of the winners; weighted: share of the confidence weight × mean confidence of the winners; unanimous: mean confidence.",
        example: "vote = voting([\"yes\", \"yes\" ~> 0.6, \"no\"], {strategy: \"majority\"})",
    },
    Primitive {
        category: "aggregation",
        name: "merge",
        params: &[p("results", T::Array), opt("strategy", T::String)],
        ret: T::Confident,
        effect: Pure,
        summary: "Merges the answers of the successful items in order. `strategy`: `\"shallow\"` (default; object keys, later wins), `\"deep\"` (nested objects merged recursively) or `\"concat\"` (arrays concatenated, other answers appended).",
        confidence: "The minimum confidence of the merged items (1.0 when there are none).",
        example: "profile = merge([{name: \"a\"} ~> 0.9, {age: 3} ~> 0.7], \"shallow\")",
    },
    Primitive {
        category: "aggregation",
        name: "reduce",
        params: &[p("results", T::Array), p("fn", T::Function), p("init", T::Any)],
        ret: T::Confident,
        effect: Sync,
        summary: "Folds the successful items: `fn(accumulator, answer, confidence, index)` (a callback may declare fewer parameters).",
        confidence: "The mean confidence of the folded items (1.0 when there are none); a confident value returned by the last `fn` call keeps its own confidence instead.",
        example: "total = reduce([1, 2 ~> 0.5, 3], (sum, x) => sum + x, 0)",
    },
    Primitive {
        category: "aggregation",
        name: "weightedMean",
        params: &[p("results", T::Array)],
        ret: T::Confident,
        effect: Pure,
        summary: "The confidence-weighted mean of the numeric answers of the successful items (Σ answer × c / Σ c). Non-numeric answers are skipped.",
        confidence: "The mean confidence of the numeric items (`null ~> 0` when there are none or all weigh 0).",
        example: "estimate = weightedMean([10 ~> 0.9, 20 ~> 0.1])",
    },
    Primitive {
        category: "aggregation",
        name: "best",
        params: &[p("results", T::Array)],
        ret: T::Any,
        effect: Pure,
        summary: "The successful item with the highest confidence (the first one on a tie), unchanged (an AgentResult stays an AgentResult).",
        confidence: "The item's own; `null ~> 0` when no item succeeded.",
        example: "top = best([\"a\" ~> 0.4, \"b\" ~> 0.9])",
    },
    // ----- confidence -----
    Primitive {
        category: "confidence",
        name: "threshold",
        params: &[p("value", T::Any), p("min", T::Number), opt("fallback", T::Any)],
        ret: T::Any,
        effect: Pure,
        summary: "Passes `value` through unchanged when its confidence is at least `min`, else returns `fallback` (default `null ~> 0`). Shadows the reference's curried built-in `threshold(min)` when imported.",
        confidence: "Unchanged (`value`'s own), or `fallback`'s.",
        example: "validated = threshold(\"safe\" ~> 0.95, 0.9)",
    },
    Primitive {
        category: "confidence",
        name: "boost",
        params: &[p("value", T::Any), opt("factor", T::Number)],
        ret: T::Confident,
        effect: Pure,
        summary: "The answer of `value` with its confidence multiplied by `factor` (default 1.2).",
        confidence: "min(1, c × factor).",
        example: "stronger = boost(\"ok\" ~> 0.5, 1.5)",
    },
    Primitive {
        category: "confidence",
        name: "decay",
        params: &[p("value", T::Any), opt("rate", T::Number), opt("steps", T::Number)],
        ret: T::Confident,
        effect: Pure,
        summary: "The answer of `value` with its confidence decayed `steps` times (default 1) by `rate` (default 0.9), e.g. for stale results.",
        confidence: "c × rate^steps.",
        example: "stale = decay(\"cached\" ~> 0.9, 0.5, 2)",
    },
    Primitive {
        category: "confidence",
        name: "clamp",
        params: &[p("value", T::Any), opt("min", T::Number), opt("max", T::Number)],
        ret: T::Confident,
        effect: Pure,
        summary: "The answer of `value` with its confidence limited to [`min`, `max`] (defaults 0 and 1).",
        confidence: "max(min, min(max, c)).",
        example: "bounded = clamp(\"x\" ~> 0.99, 0.1, 0.9)",
    },
    Primitive {
        category: "confidence",
        name: "normalize",
        params: &[p("values", T::Array)],
        ret: T::Array,
        effect: Pure,
        summary: "The answers of `values`, each with its confidence divided by the sum of all confidences, so they form a distribution (failed items count as 0).",
        confidence: "c / Σc for each item (all 0 when Σc is 0).",
        example: "shares = normalize([\"a\" ~> 0.6, \"b\" ~> 0.2])",
    },
    Primitive {
        category: "confidence",
        name: "combineConfidence",
        params: &[p("values", T::Array), opt("strategy", T::String), opt("weights", T::Array)],
        ret: T::Number,
        effect: Pure,
        summary: "Combines the confidences of `values` into one number. `strategy`: `\"min\"`, `\"max\"`, `\"product\"`, `\"average\"` (default) or `\"weighted\"` (weighted by `weights`, default: each confidence weighs itself).",
        confidence: "Returns a plain number: the combined confidence (0 for an empty list).",
        example: "c = combineConfidence([0.9 ~> 0.9, 0.5 ~> 0.5], \"min\")",
    },
    // ----- control -----
    Primitive {
        category: "control",
        name: "retry",
        params: &[p("fn", T::Function), opt("opts", T::Object)],
        ret: T::Any,
        effect: Async,
        summary: "Calls `fn(attempt)` (attempts count from 1; a callback may ignore it) until it returns without throwing, is not a failed AgentResult and has confidence ≥ `opts.minConfidence` (default 0), at most `opts.maxAttempts` times (default 3). Between attempts it waits `opts.delayMs` (default 100), doubled after each attempt when `opts.backoff` is `\"exponential\"` (default) or constant for `\"fixed\"`. When every attempt fails, the last error is thrown again or the last result returned.",
        confidence: "The accepted result's own (the last attempt's when none was accepted).",
        example: "answer = retry(() => agents[0].analyze(\"classify\"), {maxAttempts: 3, minConfidence: 0.7})",
    },
    Primitive {
        category: "control",
        name: "fallback",
        params: &[p("first", T::Any), rest("alternatives", T::Any)],
        ret: T::Any,
        effect: Async,
        summary: "Tries the alternatives in order (functions are called with no argument, other values are taken as they are) and returns the first that does not throw and is not a failed result (a failed AgentResult or confidence 0). When all fail, the last error is thrown again or the last result returned.",
        confidence: "The chosen alternative's own.",
        example: "answer = fallback(() => agents[0].analyze(\"fast\"), \"default\" ~> 0.3)",
    },
    Primitive {
        category: "control",
        name: "timeout",
        params: &[p("fn", T::Function), p("ms", T::Number), opt("fallback", T::Any)],
        ret: T::Any,
        effect: Async,
        summary: "Calls `fn()`; if it has not finished after `ms` milliseconds it is cancelled and `fallback` (default `null ~> 0`) is returned.",
        confidence: "`fn`'s result's own, or `fallback`'s.",
        example: "quick = timeout(() => agents[0].analyze(\"summarize\"), 2000, \"n/a\" ~> 0)",
    },
    Primitive {
        category: "control",
        name: "circuit",
        params: &[p("name", T::String), p("fn", T::Function), opt("opts", T::Object)],
        ret: T::Any,
        effect: Async,
        summary: "A circuit breaker named `name`, shared by the whole process: calls `fn()` while closed; after `opts.failureThreshold` (default 5) consecutive failures (a throw, a failed AgentResult or confidence below `opts.minConfidence`, default 0) it opens for `opts.resetMs` (default 30000) and returns `opts.fallback` (default: throws `Circuit 'name' is open`) without calling `fn`; then one trial call closes or reopens it.",
        confidence: "`fn`'s result's own, or the fallback's.",
        example: "guarded = circuit(\"reviewer\", () => agents[0].analyze(\"review\"), {failureThreshold: 3, fallback: null ~> 0})",
    },
    Primitive {
        category: "control",
        name: "escalate",
        params: &[p("target", T::String), opt("task", T::Any), opt("data", T::Any)],
        ret: T::Object,
        effect: Async,
        summary: "Hands the task to a more capable agent: `target` is an agent id, else a capability (the agent with the highest expertise that has it). Agents are looked up among the pattern's `agents`, then among every agent of the run's agent source (`PARALLAX_LOCAL_AGENTS` or etcd). `task` and `data` default as for `parallel`. Returns the AgentResult; when no agent matches, a failed AgentResult with an `error`.",
        confidence: "The escalated agent's own (0 when none was found or it failed).",
        example: "final = escalate(\"security-architect\", \"review\")",
    },
    Primitive {
        category: "control",
        name: "cache",
        params: &[p("key", T::String), p("fn", T::Function), opt("ttlMs", T::Number)],
        ret: T::Any,
        effect: Async,
        summary: "Returns the value cached under `key` when it is younger than `ttlMs` (default 60000), else calls `fn()` and caches its result (results that throw or failed AgentResults are not cached). The cache lives as long as the process.",
        confidence: "The cached result's own.",
        example: "stats = cache(\"stats:\" + input.id, () => agents[0].analyze(\"statistics\"), 30000)",
    },
    // ----- coordination and workflow -----
    Primitive {
        category: "coordination",
        name: "quorum",
        params: &[p("results", T::Array), p("n", T::Number), opt("minConfidence", T::Number)],
        ret: T::Confident,
        effect: Pure,
        summary: "The items whose confidence is at least `minConfidence` (default 0.5), when there are at least `n` of them; else `null ~> 0` (no quorum).",
        confidence: "The mean confidence of the qualifying items.",
        example: "voters = quorum([\"a\" ~> 0.9, \"b\" ~> 0.8, \"c\" ~> 0.2], 2, 0.7)",
    },
    Primitive {
        category: "coordination",
        name: "delegate",
        params: &[p("task", T::Any), p("capability", T::String), opt("data", T::Any)],
        ret: T::Object,
        effect: Async,
        summary: "Sends `task` to the agent with the highest expertise among those having `capability` (looked up like `escalate`). Returns its AgentResult, or a failed AgentResult when no agent has the capability.",
        confidence: "The delegate's own (0 when none was found or it failed).",
        example: "stats = delegate(\"statistics\", \"numeric\", {values: [1, 2, 3]})",
    },
    Primitive {
        category: "coordination",
        name: "prioritize",
        params: &[p("results", T::Array), opt("key", T::Any)],
        ret: T::Array,
        effect: Sync,
        summary: "The items sorted from highest to lowest by `key`: a field name of the answer (or of the item), a function `item => number`, or by default the confidence. The sort is stable.",
        confidence: "Items keep their own; the array itself is plain.",
        example: "ranked = prioritize([\"a\" ~> 0.2, \"b\" ~> 0.9])",
    },
    Primitive {
        category: "coordination",
        name: "pipeline",
        params: &[p("stages", T::Array), opt("initial", T::Any), opt("opts", T::Object)],
        ret: T::Confident,
        effect: Async,
        summary: "Feeds `initial` through the stages in order: a function stage gets the previous answer, an agent handle gets it as data (task `opts.task`, default `\"analyze\"`). Halts when the running confidence falls below `opts.minConfidence` (default 0).",
        confidence: "The product of the stages' confidences (plain stage results count 1.0).",
        example: "out = pipeline([x => x + 1, x => (x * 2) ~> 0.9], 1)",
    },
    Primitive {
        category: "coordination",
        name: "dag",
        params: &[p("tasks", T::Object)],
        ret: T::Object,
        effect: Async,
        summary: "Runs named tasks in dependency order: each entry is a function, or `{deps: [names], run: fn}` where `fn` receives an object of its dependencies' results. Tasks whose dependencies are done run concurrently. Returns an object of every task's result. A cycle or an unknown dependency is an error.",
        confidence: "Each task result keeps its own; the object itself is plain.",
        example: "out = dag({a: () => 1, b: {deps: [\"a\"], run: d => d.a + 1}})",
    },
    // ----- transformation -----
    Primitive {
        category: "transformation",
        name: "partition",
        params: &[p("items", T::Array), p("predicate", T::Function)],
        ret: T::Array,
        effect: Sync,
        summary: "`[matching, rest]`: the items for which `predicate(item, index)` is truthy, and the others, both in order.",
        confidence: "Items keep their own; the arrays are plain.",
        example: "parts = partition([1, 2, 3, 4], x => x > 2)",
    },
    Primitive {
        category: "transformation",
        name: "sample",
        params: &[p("items", T::Array), p("n", T::Number), opt("opts", T::Object)],
        ret: T::Array,
        effect: Pure,
        summary: "`n` distinct items chosen at random (the host's random source), in their original order; with `opts.weighted: true` an item's chance is proportional to its confidence.",
        confidence: "Items keep their own; the array itself is plain.",
        example: "some = sample([1, 2, 3, 4, 5], 2)",
    },
    Primitive {
        category: "transformation",
        name: "chunk",
        params: &[p("items", T::Array), p("size", T::Number)],
        ret: T::Array,
        effect: Pure,
        summary: "The items in consecutive arrays of `size` (the last may be shorter).",
        confidence: "Items keep their own; the arrays are plain.",
        example: "groups = chunk([1, 2, 3, 4, 5], 2)",
    },
    Primitive {
        category: "transformation",
        name: "take",
        params: &[p("items", T::Array), p("n", T::Number)],
        ret: T::Array,
        effect: Pure,
        summary: "The first `n` items (the last `-n` when `n` is negative).",
        confidence: "Items keep their own; the array itself is plain.",
        example: "top3 = take([5, 4, 3, 2], 3)",
    },
    Primitive {
        category: "transformation",
        name: "successful",
        params: &[p("items", T::Array), opt("minConfidence", T::Number)],
        ret: T::Array,
        effect: Pure,
        summary: "The items that did not fail and whose confidence is above 0 (at least `minConfidence` when given).",
        confidence: "Items keep their own; the array itself is plain.",
        example: "ok = successful([\"a\" ~> 0.9, null ~> 0])",
    },
];

/// The primitive `name` of `category`.
pub fn lookup(category: &str, name: &str) -> Option<&'static Primitive> {
    PRIMITIVES.iter().find(|p| in_category(category, p.category, p.name) && p.name == name)
}

/// The category of a specifier of the primitive library (`@parallax/primitives/execution` →
/// `execution`), whether or not the category exists.
pub fn category_of(specifier: &str) -> Option<&str> {
    PREFIXES.iter().find_map(|prefix| specifier.strip_prefix(prefix))
}

/// The module interface of a category, or why there is none.
pub fn interface(category: &str) -> Result<ModuleInterface, String> {
    if !CATEGORIES.contains(&category) && !ALIASES.iter().any(|(alias, ..)| *alias == category) {
        return Err(format!(
            "Cannot resolve module '@parallax/primitives/{category}': the primitive library has the categories {}",
            CATEGORIES.join(", ")
        ));
    }
    Ok(ModuleInterface {
        display_path: format!("@parallax/primitives/{category}"),
        exports: PRIMITIVES
            .iter()
            .filter(|p| in_category(category, p.category, p.name))
            .map(|p| p.name.to_string())
            .collect(),
        has_default: false,
    })
}

impl Primitive {
    /// Fewest and most arguments (`None`: any number).
    pub fn arity(&self) -> (usize, Option<usize>) {
        let min = self.params.iter().filter(|p| !p.optional).count();
        let max = if self.params.iter().any(|p| p.rest) { None } else { Some(self.params.len()) };
        (min, max)
    }

    /// The signature as written in the reference page: `parallel(agents: array, task?: any, …)`.
    pub fn signature_text(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| {
                let dots = if p.rest { "..." } else { "" };
                let q = if p.optional && !p.rest { "?" } else { "" };
                format!("{dots}{}{q}: {}", p.name, type_name(p.ty))
            })
            .collect();
        format!("{}({}) -> {}", self.name, params.join(", "), type_name(self.ret))
    }

    /// The message of a call with a wrong argument count.
    pub fn arity_message(&self) -> &'static str {
        static MESSAGES: OnceLock<Vec<String>> = OnceLock::new();
        let messages = MESSAGES.get_or_init(|| {
            PRIMITIVES
                .iter()
                .map(|p| {
                    let (min, max) = p.arity();
                    let count = match max {
                        Some(max) if max == min => format!("exactly {min}"),
                        Some(max) => format!("{min} to {max}"),
                        None => format!("at least {min}"),
                    };
                    format!(
                        "{}() takes {count} argument{}: {}",
                        p.name,
                        if count == "exactly 1" { "" } else { "s" },
                        p.signature_text()
                    )
                })
                .collect()
        });
        let index = PRIMITIVES.iter().position(|p| std::ptr::eq(p, self));
        index.and_then(|i| messages.get(i)).map_or("", String::as_str)
    }

    /// The function type the checker gives an imported primitive.
    pub fn fn_ty(&self) -> Ty {
        let (min, max) = self.arity();
        Ty::Function(Rc::new(FnTy {
            min,
            max,
            kind: FnKind::Builtin(self.arity_message()),
            ret: self.ret.ty(),
            function: None,
            decl: None,
        }))
    }

    /// The declared parameter receiving argument `index` (the rest parameter for late ones).
    pub fn param_at(&self, index: usize) -> Option<&'static Param> {
        self.params.get(index).or_else(|| self.params.last().filter(|p| p.rest))
    }
}

/// How the reference page names a parameter type.
pub fn type_name(t: T) -> &'static str {
    match t {
        T::Any => "any",
        T::Number => "number",
        T::String => "string",
        T::Bool => "boolean",
        T::Null => "null",
        T::Array => "array",
        T::StringArray => "string[]",
        T::Object => "object",
        T::Function => "function",
        T::Confident => "confident",
    }
}

/// Whether an argument of type `ty` may be accepted by a parameter of type `param`; false only
/// when every value of `ty` is certainly of another kind. Confident arguments are judged by
/// their inner value, because the primitives unwrap them.
pub fn accepts(param: T, ty: &Ty) -> bool {
    let base = ty.base();
    match base {
        Ty::Dynamic => true,
        Ty::Union(members) => members.iter().any(|m| accepts(param, m)),
        _ => match param {
            T::Any | T::Confident => true,
            T::Number => matches!(base, Ty::Number(_)),
            T::String => matches!(base, Ty::String),
            T::Bool => matches!(base, Ty::Bool),
            T::Null => matches!(base, Ty::Null),
            T::Array | T::StringArray => matches!(base, Ty::Array(_)),
            T::Object => matches!(base, Ty::Object(_)),
            T::Function => matches!(base, Ty::Function(_)),
        },
    }
}

/// The primitives a file imports, by the binding of each imported name.
pub fn imported(program: &Program, res: &Resolution) -> HashMap<BindingId, &'static Primitive> {
    let mut out = HashMap::new();
    for stmt in &program.body {
        let StmtKind::Import(import) = &stmt.kind else { continue };
        let Some(category) = category_of(&import.source.value) else { continue };
        for spec in &import.named {
            if let (Some(primitive), Resolved::Binding(id)) =
                (lookup(category, &spec.imported.name), res.resolve(spec.local.span))
                && !res.binding(id).reassigned
            {
                out.insert(id, primitive);
            }
        }
    }
    out
}

/// The reference page `docs/primitives.md`, generated from [`PRIMITIVES`].
pub fn reference_markdown() -> String {
    let mut out = String::new();
    out.push_str("# prism-std: the primitive library\n\n");
    out.push_str("<!-- Generated from compiler/src/primitives.rs by `PRISM_UPDATE_DOCS=1 cargo test -p prismc --test primitives_check`; a test fails when this file and the table differ. -->\n\n");
    out.push_str(
        "Patterns import primitives by category from `@parallax/primitives/<category>` (or \
         `@parallaxai/primitives/<category>`):\n\n\
         ```\nimport { parallel } from \"@parallax/primitives/execution\"\n\
         import { consensus } from \"@parallax/primitives/aggregation\"\n\
         import { threshold } from \"@parallax/primitives/confidence\"\n\
         import { escalate } from \"@parallax/primitives/control\"\n\
         securityResults = parallel(agents)\n\
         agreement = consensus(securityResults, 0.8)\n\
         validated = threshold(agreement, 0.9)\n\
         final = (<~ validated) >= 0.9 ? validated : escalate(\"security-architect\")\n\
         final\n```\n\n",
    );
    out.push_str(
        "`prismc check` knows every signature below: importing a name a category does not \
         export, calling a primitive with a wrong number of arguments (P2001) or with an \
         argument of a certainly wrong kind (P2008) are compile errors with a location. Every \
         primitive is implemented in Rust in the `prism-std` crate (they need the runtime: \
         agent calls, concurrency, timers, process-wide state), which compiled patterns link.\n\n",
    );
    out.push_str(
        "**Items.** Primitives that take results accept three kinds of item: AgentResult \
         objects as `parallel`, `agentResults` and agent handles produce them (answer: \
         `result`; confidence: `confidence`; failed when `error` is set), confident values \
         `v ~> c` (answer `v`, confidence `c`), and plain values (confidence 1.0). A confident \
         array is accepted where an array is expected. Primitives marked *async* may suspend \
         (they call agents or wait); a function calling one is compiled as async.\n\n",
    );
    for category in CATEGORIES {
        out.push_str(&format!("## {category}\n\n"));
        out.push_str(&format!("`import {{ … }} from \"@parallax/primitives/{category}\"`\n\n"));
        for (alias, _, names) in ALIASES.iter().filter(|(_, of, _)| of == category) {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            out.push_str(&format!(
                "{} can also be imported from `@parallax/primitives/{alias}`.\n\n",
                names.join(" and ")
            ));
        }
        for prim in PRIMITIVES.iter().filter(|p| p.category == *category) {
            let effect = match prim.effect {
                Effect::Pure | Effect::Sync => "sync",
                Effect::Async => "async",
            };
            out.push_str(&format!("### `{}`\n\n", prim.name));
            out.push_str(&format!("`{}` · {effect} · Rust\n\n", prim.signature_text()));
            out.push_str(&format!("{}\n\n", prim.summary));
            out.push_str(&format!("**Confidence:** {}\n\n", prim.confidence));
            out.push_str(&format!("```\n{}\n```\n\n", prim.example));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_categories_known() {
        let mut seen = std::collections::HashSet::new();
        for prim in PRIMITIVES {
            assert!(CATEGORIES.contains(&prim.category), "{}", prim.name);
            assert!(seen.insert(prim.name), "duplicate primitive {}", prim.name);
            assert!(!prim.arity_message().is_empty());
        }
        assert!(PRIMITIVES.len() >= 30, "{}", PRIMITIVES.len());
    }

    #[test]
    fn interfaces_and_messages() {
        let exec = interface("execution").unwrap();
        assert_eq!(exec.exports, ["parallel", "sequential", "race", "batch"]);
        assert!(interface("nope").unwrap_err().contains("execution, aggregation"));
        assert_eq!(interface("workflow").unwrap().exports, ["pipeline", "dag"]);
        assert_eq!(lookup("workflow", "dag").map(|p| p.category), Some("coordination"));
        assert!(lookup("workflow", "quorum").is_none());
        assert_eq!(category_of("@parallaxai/primitives/control"), Some("control"));
        let t = lookup("confidence", "threshold").unwrap();
        assert_eq!(
            t.arity_message(),
            "threshold() takes 2 to 3 arguments: threshold(value: any, min: number, fallback?: any) -> any"
        );
    }
}
