//! The review rules, one function per perspective. Each scans the reviewed lines and reports
//! findings on added lines.

use super::source::{SourceLine, block_end, code_part, indent};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Style or hygiene.
    Low,
    /// Should be fixed.
    Medium,
    /// Must be fixed before merging.
    High,
    /// Exploitable or leaking as written.
    Critical,
}

impl Severity {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Rule id, e.g. `sql-concatenation`.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
    /// The offending line, trimmed (at most 120 characters).
    pub excerpt: String,
}

fn finding(rule: &'static str, severity: Severity, line: &SourceLine, message: &str) -> Finding {
    let excerpt: String = line.text.trim().chars().take(120).collect();
    Finding { rule, severity, line: line.number, message: message.to_owned(), excerpt }
}

/// Whether `needle` occurs in `hay` not preceded by an identifier character or a `.`
/// (so `eval(` matches `eval(x)` but not `model.eval()` or `retrieval(`).
fn has_call(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        hay[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'))
    })
}

// ---------------------------------------------------------------------------------------------
// Security

const SQL_VERBS: &[&str] = &["select ", "insert into", "update ", "delete from", "drop table"];
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "private_key",
    "client_secret",
    "auth_token",
    "token",
];

/// Security: SQL built from strings, hard-coded secrets, dynamic code execution, shell
/// injection, unsafe deserialization, disabled TLS verification, weak hashes.
pub fn security(lines: &[SourceLine]) -> Vec<Finding> {
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| l.added) {
        let text = line.text.as_str();
        let lower = text.to_ascii_lowercase();
        if is_sql_concatenation(text, &lower) {
            out.push(finding(
                "sql-concatenation",
                Severity::High,
                line,
                "SQL built by string concatenation or interpolation (injection risk): use a \
                 parameterised query",
            ));
        }
        if let Some(severity) = hardcoded_secret(text, &lower) {
            out.push(finding(
                "hardcoded-secret",
                severity,
                line,
                "credential hard-coded in source: load it from the environment or a secret store",
            ));
        }
        let code = code_part(text);
        if has_call(&code, "eval(") || has_call(&code, "exec(") || code.contains("new Function(") {
            out.push(finding(
                "dynamic-code-execution",
                Severity::High,
                line,
                "eval/exec of dynamic code: arbitrary code execution if the input is attacker-controlled",
            ));
        }
        if code.contains("os.system(")
            || (code.contains("subprocess.") && lower.contains("shell=true"))
            || code.contains("child_process.exec(")
            || code.contains("execSync(")
            || code.contains("Runtime.getRuntime().exec(")
        {
            out.push(finding(
                "command-injection",
                Severity::High,
                line,
                "command run through a shell: pass an argument list without a shell",
            ));
        }
        if code.contains("pickle.load")
            || (code.contains("yaml.load(") && !lower.contains("safeloader"))
            || code.contains("ObjectInputStream")
            || code.contains("Marshal.load")
        {
            out.push(finding(
                "unsafe-deserialization",
                Severity::Medium,
                line,
                "deserializing untrusted data can execute code: use a safe loader or format",
            ));
        }
        if lower.contains("verify=false")
            || lower.contains("rejectunauthorized: false")
            || lower.contains("insecureskipverify: true")
            || lower.contains("danger_accept_invalid_certs(true)")
        {
            out.push(finding(
                "tls-verification-disabled",
                Severity::Medium,
                line,
                "TLS certificate verification disabled: man-in-the-middle risk",
            ));
        }
        if lower.contains("md5(") || lower.contains("sha1(") || lower.contains("\"md5\"") {
            out.push(finding(
                "weak-hash",
                Severity::Low,
                line,
                "MD5/SHA-1 are broken for security use: use SHA-256 or a password hash",
            ));
        }
    }
    out
}

fn is_sql_concatenation(text: &str, lower: &str) -> bool {
    if !SQL_VERBS.iter().any(|verb| lower.contains(verb)) {
        return false;
    }
    if !(text.contains('"') || text.contains('\'') || text.contains('`')) {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let concatenated = ["\"+", "+\"", "'+", "+'", "`+", "+`"].iter().any(|p| compact.contains(p));
    let interpolated = lower.contains("f\"")
        || lower.contains("f'")
        || text.contains("${")
        || text.contains("format!(")
        || text.contains(".format(")
        || text.contains("String.format(")
        || text.contains("sprintf(")
        || compact.contains("\"%")
        || compact.contains("'%");
    concatenated || interpolated
}

fn hardcoded_secret(text: &str, lower: &str) -> Option<Severity> {
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") {
        return Some(Severity::Critical);
    }
    if has_aws_key(text) {
        return Some(Severity::Critical);
    }
    for name in SECRET_NAMES {
        for (i, _) in lower.match_indices(name) {
            // `lower` is the ASCII lowercase of `text`, so byte offsets agree.
            let Some(rest) = text.get(i + name.len()..) else { continue };
            // Skip the rest of the identifier and a closing quote of a key (`"password": …`).
            let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            let Some(value) = rest.strip_prefix(['=', ':']) else { continue };
            if value.starts_with('=') {
                continue; // a comparison, not an assignment
            }
            let value = value.trim_start();
            let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let literal: String = value[1..].chars().take_while(|c| *c != quote).collect();
            if literal.len() >= 6 && !literal.contains("${") && !literal.starts_with('<') {
                return Some(Severity::High);
            }
        }
    }
    None
}

fn has_aws_key(text: &str) -> bool {
    text.match_indices("AKIA").any(|(i, _)| {
        let key: Vec<char> = text[i + 4..].chars().take(16).collect();
        key.len() == 16 && key.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

// ---------------------------------------------------------------------------------------------
// Quality

/// Longest function body (lines) before it is flagged.
pub const MAX_FUNCTION_LINES: usize = 50;
/// Longest line before it is flagged.
pub const MAX_LINE_LENGTH: usize = 120;
/// Deepest indentation level (4 columns each) before it is flagged.
pub const MAX_NESTING: usize = 5;

fn is_function_header(trimmed: &str) -> bool {
    const STARTS: &[&str] = &[
        "def ",
        "async def ",
        "fn ",
        "pub fn ",
        "pub(crate) fn ",
        "async fn ",
        "pub async fn ",
        "function ",
        "async function ",
        "func ",
        "export function ",
        "export async function ",
    ];
    STARTS.iter().any(|s| trimmed.starts_with(s))
}

/// Quality: long functions, TODO/FIXME markers, swallowed or unchecked errors, deep nesting,
/// long lines, debug output.
pub fn quality(lines: &[SourceLine]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.text.trim();
        if is_function_header(trimmed) {
            let end = block_end(lines, i);
            let body = end.saturating_sub(i + 1);
            if body > MAX_FUNCTION_LINES && lines[i..end].iter().any(|l| l.added) {
                out.push(finding(
                    "long-function",
                    if body > 2 * MAX_FUNCTION_LINES { Severity::High } else { Severity::Medium },
                    line,
                    &format!(
                        "function body is {body} lines (limit {MAX_FUNCTION_LINES}): split it"
                    ),
                ));
            }
        }
        if !line.added {
            continue;
        }
        if ["TODO", "FIXME", "XXX", "HACK"].iter().any(|m| line.text.contains(m)) {
            out.push(finding("todo", Severity::Low, line, "unfinished work marker left in code"));
        }
        let code = code_part(&line.text);
        if code.contains(".unwrap()") || code.contains(".expect(") {
            out.push(finding(
                "unchecked-error",
                Severity::Medium,
                line,
                "unwrap/expect panics on error: propagate it with `?` or handle it",
            ));
        }
        if swallows_error(lines, i) {
            out.push(finding(
                "swallowed-error",
                Severity::Medium,
                line,
                "exception caught and ignored: handle, log or re-raise it",
            ));
        }
        if code.trim_start().starts_with("except:") {
            out.push(finding(
                "bare-except",
                Severity::Medium,
                line,
                "bare `except:` also catches SystemExit and KeyboardInterrupt: name the exception",
            ));
        }
        if line.text.chars().count() > MAX_LINE_LENGTH {
            out.push(finding("long-line", Severity::Low, line, "line longer than 120 characters"));
        }
        if code.contains("console.log(") || code.contains("dbg!(") {
            out.push(finding("debug-output", Severity::Low, line, "debug output left in code"));
        }
    }
    out.extend(deep_nesting(lines));
    out
}

fn swallows_error(lines: &[SourceLine], i: usize) -> bool {
    let code = code_part(&lines[i].text);
    let trimmed = code.trim();
    let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    // `catch (e) {}` on one line, or `catch (e) {` followed by `}`.
    if trimmed.contains("catch") && (compact.ends_with("{}") || compact.ends_with("{}}")) {
        return true;
    }
    let next = lines[i + 1..].iter().find(|l| !l.text.trim().is_empty()).map(|l| l.text.trim());
    if trimmed.contains("catch") && compact.ends_with('{') && next == Some("}") {
        return true;
    }
    // Python: `except …: pass`, on one line or the next.
    if trimmed.starts_with("except") {
        return trimmed.ends_with(": pass") || (trimmed.ends_with(':') && next == Some("pass"));
    }
    false
}

fn deep_nesting(lines: &[SourceLine]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut in_run = false;
    for line in lines {
        if line.text.trim().is_empty() {
            continue;
        }
        let deep = indent(&line.text) / 4 >= MAX_NESTING;
        if deep && !in_run && line.added {
            out.push(finding(
                "deep-nesting",
                Severity::Low,
                line,
                "nested 5 or more levels deep: extract functions or return early",
            ));
        }
        in_run = deep;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Performance

fn is_loop_header(code: &str) -> bool {
    let t = code.trim_start();
    t.starts_with("for ")
        || t.starts_with("for(")
        || t.starts_with("while ")
        || t.starts_with("while(")
        || t.starts_with("loop {")
        || t.starts_with("loop{")
        || t == "loop"
        || t.starts_with("async for ")
        || code.contains(".forEach(")
        || code.contains(".for_each(")
}

fn is_unbounded_header(code: &str) -> bool {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with("whileTrue:")
        || compact.starts_with("while(true)")
        || compact.starts_with("while(1)")
        || compact.starts_with("while1:")
        || compact.starts_with("whiletrue{")
        || compact.starts_with("loop{")
        || compact.starts_with("for(;;)")
        || compact == "for{"
}

fn has_exit(code: &str) -> bool {
    ["break", "return", "raise ", "throw ", "exit(", "panic!(", "process.exit"]
        .iter()
        .any(|k| code.contains(k))
}

const IO_CALLS: &[&str] = &[
    ".execute(",
    ".query(",
    "fetch(",
    "requests.get(",
    "requests.post(",
    ".find_one(",
    "http.get(",
    "urlopen(",
    ".findOne(",
    "cursor.execute(",
];

/// Performance: loops without an exit, nested loops over collections, I/O in loops (N+1),
/// string building and regex compilation inside loops.
pub fn performance(lines: &[SourceLine]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut reported_nested = std::collections::HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        let code = code_part(&line.text);
        if !is_loop_header(&code) && !is_unbounded_header(&code) {
            continue;
        }
        let end = block_end(lines, i);
        let body = &lines[i + 1..end.max(i + 1)];
        if is_unbounded_header(&code) && line.added {
            let exits = body.iter().any(|l| has_exit(&code_part(&l.text)));
            if !exits {
                out.push(finding(
                    "unbounded-loop",
                    Severity::High,
                    line,
                    "infinite loop with no break/return: it never terminates",
                ));
            }
        }
        for inner in body {
            let inner_code = code_part(&inner.text);
            if is_loop_header(&inner_code) && inner.added && reported_nested.insert(inner.number) {
                out.push(finding(
                    "nested-loops",
                    Severity::Medium,
                    inner,
                    &format!(
                        "loop nested in the loop of line {}: O(n·m) over the collections; \
                         index one side in a map/set",
                        line.number
                    ),
                ));
            }
        }
        for inner in body.iter().filter(|l| l.added) {
            let inner_code = code_part(&inner.text);
            if IO_CALLS.iter().any(|c| inner_code.contains(c)) {
                out.push(finding(
                    "io-in-loop",
                    Severity::Medium,
                    inner,
                    "query or request inside a loop (N+1): batch it outside the loop",
                ));
            }
            let compact: String = inner.text.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.contains("+=\"") || compact.contains("+='") || compact.contains("+=f\"") {
                out.push(finding(
                    "string-concat-in-loop",
                    Severity::Low,
                    inner,
                    "string built by repeated concatenation in a loop: collect parts and join",
                ));
            }
            if inner_code.contains("re.compile(") || inner_code.contains("Regex::new(") {
                out.push(finding(
                    "regex-in-loop",
                    Severity::Low,
                    inner,
                    "regular expression compiled on every iteration: compile it once",
                ));
            }
        }
    }
    dedup(out)
}

/// One finding per (rule, line): nested loop bodies are scanned once per enclosing loop.
fn dedup(mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.rule, f.line)));
    findings
}
