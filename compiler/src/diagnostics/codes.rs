//! Every diagnostic code the compiler can emit, with the explanation `prismc explain` prints.
//!
//! Ranges (ARCHITECTURE.md, Names): `P0xxx` syntax, `P1xxx` names and scopes, `P2xxx` types,
//! `P3xxx` confidence, `P4xxx` header and metadata, `Wxxxx` warnings. A code, once released,
//! keeps its meaning; retired codes stay in the table.

/// One entry of the code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: &'static str,
    /// A short title, in the form of the usual message.
    pub title: &'static str,
    /// One paragraph: what is wrong and why it matters.
    pub explanation: &'static str,
    /// A short erroneous example, then how to fix it.
    pub example: &'static str,
}

/// Looks up a code, case-insensitively.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    ALL.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

macro_rules! codes {
    ($($name:ident = $code:literal, $title:literal, $explanation:literal, $example:literal;)*) => {
        $(
            #[doc = $title]
            pub const $name: &str = $code;
        )*
        /// All codes, in table order.
        pub static ALL: &[CodeInfo] = &[
            $(CodeInfo { code: $code, title: $title, explanation: $explanation, example: $example },)*
        ];
    };
}

codes! {
    // ----- P0xxx: lexical and syntax errors -----
    UNEXPECTED_CHARACTER = "P0001", "unexpected character",
        "The lexer met a character that cannot start any Prism token. Prism source is ASCII outside strings and comments; `#`, `@`, `$` and single `&`, `|`, `^` are not operators.",
        "x = a & b    // error: single `&`\nx = a && b   // ok";
    UNTERMINATED_STRING = "P0002", "unterminated string literal",
        "A string literal was opened but never closed before the end of the line (quoted strings) or the end of the file (template and triple-backtick strings). Quoted strings cannot contain a raw newline; use `\\n` or a template literal.",
        "s = \"hello\n// fix: s = \"hello\"";
    UNTERMINATED_COMMENT = "P0003", "unterminated block comment",
        "A `/*` block comment runs to the end of the file. The reference interpreter silently swallowed the rest of the file; prismc reports it, because everything after it would be ignored.",
        "/* note\nx = 1\n// fix: close the comment with */";
    INVALID_NUMBER = "P0004", "invalid number literal",
        "A number literal is malformed, for example an exponent without digits (`1e`) or a number immediately followed by letters (`3px`).",
        "x = 1e     // error\nx = 1e3    // ok";
    INVALID_ESCAPE = "P0005", "invalid escape or interpolation",
        "An escape sequence or an interpolation hole `${…}` inside a string is malformed: a hole that is empty or never closed, or a backslash at the very end of the input.",
        "s = `total: ${}`   // error: empty hole\ns = `total: ${n}`  // ok";
    UNEXPECTED_TOKEN = "P0010", "unexpected token",
        "The parser found a token that cannot continue the program at this point. The message lists what would have been accepted.",
        "x = (1 + 2\n// fix: x = (1 + 2)";
    UNEXPECTED_EOF = "P0011", "unexpected end of file",
        "The file ended in the middle of a construct, typically an unclosed `(`, `[` or `{`, or an operator with no right operand.",
        "total = a *\n// fix: total = a * b";
    CONFIDENCE_OPERAND = "P0012", "binary operator after a `~>` confidence",
        "The confidence after `~>` is a single unary or postfix expression (D14). A binary operator right after it is ambiguous: the reference silently split `y = x ~> 0.5 - 0.1` into two statements. Put the whole confidence in parentheses.",
        "y = x ~> 0.5 - 0.1     // error\ny = x ~> (0.5 - 0.1)   // ok";
    INVALID_ASSIGNMENT_TARGET = "P0013", "invalid assignment target",
        "Only names, member accesses (`o.k`), index accesses (`a[i]`) and destructuring patterns can be assigned to.",
        "f() = 3      // error\nx = f()      // ok";
    INVALID_UNCERTAIN_BRANCH = "P0014", "invalid branch in `uncertain` block",
        "The body of `uncertain if/while/for` holds only `high { … }`, `medium { … }`, `low { … }` and `default { … }` branches. `uncertain while` and `uncertain for` allow each branch once.",
        "uncertain if (x) { maybe { … } }   // error\nuncertain if (x) { low { … } }     // ok";
    CONST_WITHOUT_INITIALIZER = "P0015", "`const` declaration without initializer",
        "A `const` binding can never be assigned later, so it needs a value where it is declared.",
        "const limit        // error\nconst limit = 10   // ok";
    INVALID_REST = "P0016", "misplaced rest element",
        "A rest element or parameter (`...name`) must be the last one of its list, and there can be only one.",
        "function f(...xs, y) {}   // error\nfunction f(y, ...xs) {}   // ok";
    INVALID_OBJECT_LITERAL = "P0017", "invalid object literal",
        "An object literal entry must be `key: value`, a shorthand `key`, or `...spread`. `key = value` is only valid in a destructuring pattern.",
        "o = {a = 1}   // error\no = {a: 1}    // ok";
    INVALID_PATTERN = "P0018", "invalid destructuring or match pattern",
        "A destructuring or match pattern contains something that is not a name, a nested pattern, a literal (match only), a default value (object patterns only) or a rest element.",
        "let [a + 1] = xs   // error\nlet [a, b] = xs    // ok";
    INVALID_HEADER_PLACE = "P0019", "import or export not at the top level",
        "Imports and exports are resolved at compile time and must appear at the top level of a file, not inside a block or function.",
        "if (x) { import { a } from \"./m\" }   // error";
    DUPLICATE_PARAMETER = "P0020", "duplicate parameter name",
        "Two parameters of one function or lambda have the same name; the second would silently hide the first.",
        "function f(a, a) {}   // error";
    NESTING_TOO_DEEP = "P0021", "program nested too deeply",
        "Brackets, blocks and operators in this file nest more than 500 levels deep. Every stage of the compiler walks the program as a tree, so such input is rejected before it could exhaust the stack; real patterns never come close.",
        "x = ((((((((((1))))))))))   // fine: 10 levels\n// split deeply nested expressions into named steps";
    PIPELINE_TOO_LARGE = "P0022", "pipeline expansion too large",
        "Each `_` on the right of `|>` is replaced by a copy of the whole left side, so chained pipelines with several `_` grow exponentially. This one would create more than 200000 copied nodes.",
        "r = x |> _ + _ |> _ + _ |> _ + _   // grows fast\nt = x |> _ + _\nr = t |> _ + _       // name intermediate results";
    TOO_MANY_ERRORS = "P0099", "too many syntax errors",
        "Error recovery gave up after many syntax errors in one file; fix the first ones and try again.",
        "";

    // ----- P1xxx: names and scopes -----
    UNDEFINED_VARIABLE = "P1001", "undefined variable",
        "A name is read that no enclosing scope declares or assigns, and that is neither a pattern global nor a built-in. The reference interpreter failed with `Undefined variable: x` when the line ran; prismc reports it before any agent is called. Assigning a name declares it (D2), so a typo in a name that is only read is caught here.",
        "total = 0\ntotal = totl + 1   // error: `totl` (did you mean `total`?)";
    READ_BEFORE_DECLARATION = "P1002", "variable read before its declaration",
        "A `let` or `const` variable exists from the start of its block but cannot be read until its declaration has run (the temporal dead zone). Reading it earlier in the same function always fails with `Undefined variable: x`.",
        "print(limit)\nlet limit = 3   // error: move the declaration up";
    ASSIGN_TO_CONST = "P1003", "assignment to a `const` variable",
        "A `const` variable keeps the value of its declaration. Assigning to it again fails with `Cannot assign to const variable 'x'`.",
        "const limit = 3\nlimit = 4   // error: declare it with `let`";
    ASSIGN_BEFORE_DECLARATION = "P1004", "assignment to a variable before its declaration",
        "A `let` variable cannot be assigned before its declaration has run in the same block (`Cannot assign to 'x' before initialization`).",
        "x = 1\nlet x = 2   // error";
    DUPLICATE_DECLARATION = "P1005", "variable declared twice in one scope",
        "Two `let`/`const`/function declarations (or a parameter and a declaration in the function body) use the same name in one scope: `Variable 'x' already declared in this scope`.",
        "let x = 1\nlet x = 2   // error: write `x = 2`";
    BREAK_OUTSIDE_LOOP = "P1006", "`break` or `continue` outside of a loop",
        "`break` and `continue` leave or restart the innermost loop of the same function. Outside any loop (including inside a callback called by a loop) there is nothing to leave.",
        "items.forEach(x => { if (x) { break } })   // error: use `return`";
    MISSING_MODULE = "P1007", "imported module not found",
        "An `import` names a module file that does not exist. Relative paths are resolved against the importing file (`./m` tries `m.prism`, then `m/index.prism`); `@parallax/primitives/<category>` names the primitive library.",
        "import { vote } from \"./voting\"   // error when voting.prism is missing";
    MISSING_EXPORT = "P1008", "imported name not exported",
        "An `import { a }` names something the module does not export (`Module P has no export named 'a'`). Names are case-sensitive.",
        "import { Vote } from \"./voting\"   // error: the module exports `vote`";
    NO_DEFAULT_EXPORT = "P1009", "module has no default export",
        "`import d from \"m\"` binds the module's `export default`, which this module does not have.",
        "import voting from \"./voting\"   // error: use `import { vote } from \"./voting\"`";

    // ----- P4xxx: pattern header -----
    INVALID_INPUT_SCHEMA = "P4001", "`@input` is not a valid JSON Schema",
        "The `@input` tag of the pattern header must be an object-typed JSON Schema. It types the `input` global at compile time and validates the request input before agents are called, so a malformed schema would silently let bad input through.",
        "@input {\"type\": \"object\", \"properties\": {\"task\": {\"type\": \"string\"}}, \"required\": [\"task\"]}";
    INVALID_AGENTS_TAG = "P4002", "`@agents` is malformed",
        "The `@agents` tag must be a JSON object with `capabilities`, an array of strings: only agents offering every listed capability are selected. `minConfidence` (optional) is a number in [0, 1].",
        "@agents {\"capabilities\": [\"security\", \"code-review\"], \"minConfidence\": 0.6}";
    INVALID_AGENT_COUNT = "P4003", "`@minAgents`/`@maxAgents` is not a non-negative integer",
        "`@minAgents` and `@maxAgents` count agents, so they must be whole numbers of zero or more.",
        "@minAgents -1   // error\n@minAgents 2    // ok";
    AGENT_COUNT_RANGE = "P4004", "`@minAgents` is greater than `@maxAgents`",
        "No selection of agents can be both at least `@minAgents` and at most `@maxAgents` long when the minimum exceeds the maximum, so every run of the pattern would fail.",
        "@minAgents 3\n@maxAgents 2   // error: raise @maxAgents or lower @minAgents";
    INVALID_METADATA_TAG = "P4005", "`@metadata` is not valid JSON",
        "The `@metadata` tag holds a JSON value (usually an object) that is published with the pattern.",
        "@metadata {\"category\": \"review\"}";
    EMPTY_HEADER_TAG = "P4006", "header tag without a value",
        "`@name` and `@version` need a value; an empty one would name the pattern with an empty string.",
        "@name          // error\n@name Review   // ok";
    CONFIDENCE_OUT_OF_RANGE_HEADER = "P4007", "header confidence outside [0, 1]",
        "A confidence is a number between 0 and 1; `@agents.minConfidence` outside that range would reject every agent or none.",
        "@agents {\"capabilities\": [\"a\"], \"minConfidence\": 70}   // error: 0.7";

    // ----- P2xxx: types (the checker, D16) -----
    WRONG_ARGUMENT_COUNT = "P2001", "wrong number of arguments",
        "A user function or lambda is called with a number of arguments it does not accept, or a built-in that checks its argument count is called with the wrong count. User functions and lambdas need an exact count (at least the parameters before a rest parameter; parameters with defaults may be left out), so the call fails every time it runs.",
        "function pair(a, b) { return [a, b] }\npair(1, 2, 3)   // error: Function expects 2 arguments, got 3\npair(1, 2)      // ok";
    CALL_NON_FUNCTION = "P2002", "call of a value that is not a function",
        "The callee of a call is certainly a string, number, boolean, null, array or object, so the call fails with `Cannot call non-function value`.",
        "greeting = \"hello\"\ngreeting()      // error\nprint(greeting) // ok";
    INVALID_OPERANDS = "P2003", "operator applied to operands it does not accept",
        "An operator is applied to values of kinds it rejects whenever it runs: `+` between a number and null or a boolean, arithmetic on strings, `<`/`>` on anything but numbers (Prism does not compare strings), unary minus on a non-number. The message is the run-time error's.",
        "n = null + 1        // error: Cannot apply + to null and number\nn = (x ?? 0) + 1    // ok";
    DIVISION_BY_ZERO = "P2004", "division or modulo by zero",
        "The divisor of `/` or `%` is the number 0, so the operation always fails (Prism does not produce Infinity or NaN).",
        "avg = total / 0                          // error\navg = n > 0 ? total / n : 0               // ok";
    MISSING_PROPERTY = "P2005", "property that certainly does not exist",
        "A property is read with `.` from an object whose keys are all known (an object literal never changed elsewhere, or `input` under an `@input` schema with `additionalProperties: false`) and the key is not among them, or from null or a boolean. Reading a missing property with `.` is an error in Prism; `?.` and `~.` give null instead.",
        "cfg = {threshold: 0.7}\ncfg.treshold     // error: Property 'treshold' does not exist\ncfg.threshold    // ok";
    CANNOT_DESTRUCTURE = "P2006", "destructuring a value of the wrong kind",
        "An array pattern is matched against a value that is certainly not an array, or an object pattern against a number, boolean or null.",
        "let [a, b] = 42        // error\nlet [a, b] = [4, 2]    // ok";
    INDEX_OUT_OF_BOUNDS = "P2007", "array index out of bounds",
        "A constant index is outside an array whose length is known (a literal array never changed elsewhere). Negative indexes and indexes at or past the end are errors in Prism.",
        "xs = [1, 2, 3]\nxs[5]    // error: Array index 5 out of bounds\nxs[2]    // ok";

    WRONG_ARGUMENT_TYPE = "P2008", "argument of the wrong kind",
        "A primitive of the primitive library (`@parallax/primitives/...`) is called with an argument that is certainly of a kind the parameter does not accept, for example a string where the signature asks for an array of results or a number. The primitive would fail or misbehave every time the call runs. Confident arguments are judged by their inner value.",
        "import { consensus } from \"@parallax/primitives/aggregation\"\nconsensus(\"yes\", 0.8)        // error: `results` must be an array\nconsensus(agentResults, 0.8)  // ok";

    // ----- P3xxx: confidence (the checker, D16) -----
    CONFIDENCE_NOT_NUMBER = "P3001", "confidence that is not a number",
        "The right operand of `~>` is certainly not a number (nor a confident number), so attaching it fails with `Confidence value must be a number`.",
        "y = 5 ~> null   // error\ny = 5 ~> 0.8    // ok";
    CONFIDENCE_OUT_OF_RANGE = "P3002", "confidence literal outside [0, 1]",
        "A confidence is a number between 0 and 1. The reference interpreter silently clamped other values, which hides mistakes such as writing a percentage; prismc rejects a literal outside the range.",
        "w = 10 ~> 85     // error\nw = 10 ~> 0.85   // ok";
    UNCERTAIN_IF_NOT_CONFIDENT = "P3003", "`uncertain if` on a value that is never confident",
        "`uncertain if` chooses its branch by the confidence of its condition and fails with `Uncertain if requires a confidence expression` when the condition carries none. This condition can never be confident.",
        "n = 5\nuncertain if (n > 3) { high { print(\"h\") } }            // error\nuncertain if ((n ~> 0.9) > 3) { high { print(\"h\") } }   // ok";
    CONFIDENCE_OPERANDS_PLAIN = "P3004", "confidence operator without a confident operand",
        "The confidence operators (`~~ ~?? ~&& ~|| ~+ ~- ~* ~/ ~== ~!= ~< ~<= ~>= ~||> ~@>`) fail at run time when neither operand is confident. Here both operands are certainly plain values.",
        "c = 1 ~||> 2               // error\nc = (1 ~> 0.6) ~||> 2       // ok";
    UNARY_MINUS_CONFIDENT = "P3005", "unary minus on a confident value",
        "Unary `-` rejects confident operands (`Cannot apply unary - to confident`), unlike the binary operators, which unwrap them.",
        "x = 5 ~> 0.8\ny = -x        // error\ny = 0 - x     // ok: (-5 ~> 0.8)";

    // ----- Warnings -----
    DUPLICATE_HEADER_TAG = "W4001", "duplicate header tag",
        "A header tag appears twice; the later value replaces the earlier one, which is usually a copy-paste mistake.",
        "@name A\n@name B   // warning: the pattern is named B";
    POSSIBLY_UNASSIGNED = "W1003", "variable possibly read before assignment",
        "A variable declared by assignment (D2) is read where some path reaches without assigning it, for example after an `if` that assigns it in one branch only. On such a path the read fails with `Undefined variable`.",
        "if (ok) { label = \"yes\" }\nprint(label)     // warning\nlabel = \"no\"\nif (ok) { label = \"yes\" }\nprint(label)     // ok";
    UNUSED_VARIABLE = "W1001", "unused variable",
        "A variable is assigned or declared but never read. Names starting with `_` and parameters are exempt; exported names count as used.",
        "let tmp = compute()    // warning\nlet _tmp = compute()   // ok";
    UNUSED_IMPORT = "W1002", "unused import",
        "An imported name is never used; the module is still loaded and run.",
        "import { helper } from \"./lib\"   // warning when helper is never used";
    CONFIDENCE_IN_CONDITION = "W3001", "`~>` used as a condition",
        "`x ~> c` attaches a confidence to x; it does not test one. As a condition it is truthy whenever x is (D10), which is rarely what was meant.",
        "if (score ~> 0.9) { … }            // warning\nif ((<~ score) >= 0.9) { … }       // tests the confidence";
    RESULT_WITHOUT_CONFIDENCE = "W3002", "pattern result without confidence",
        "The pattern dispatches agents but its final value carries no confidence, so the engine reports it with the default confidence 0.5.",
        "result = {verdict: v}              // warning\nresult = {verdict: v} ~> avg       // ok";
    UNREACHABLE_UNCERTAIN_BRANCH = "W3003", "`uncertain` branch that can never run",
        "The confidence of the condition of an `uncertain if` is a known constant, so only one level's branch (or `default`) can ever run.",
        "uncertain if (x ~> 0.9) { high { … } low { … } }   // warning: low never runs";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for info in ALL {
            assert!(seen.insert(info.code), "duplicate code {}", info.code);
            assert_eq!(info.code.len(), 5, "{}", info.code);
            assert!(info.code.starts_with('P') || info.code.starts_with('W'), "{}", info.code);
            assert!(!info.explanation.is_empty(), "{} has no explanation", info.code);
        }
        assert_eq!(lookup("p0001").map(|c| c.code), Some("P0001"));
    }
}
