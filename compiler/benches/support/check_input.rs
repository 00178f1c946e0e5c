//! The generated input of the `check` and `check_ratio` benches: about 1 MiB of pattern-like
//! Prism (functions, lambdas, objects, arrays, loops, branches, `uncertain if`, try/catch,
//! confidence operators, agent data), as one file or as the pattern-sized chunks it is made of.

const TARGET_BYTES: usize = 1 << 20;

/// One chunk of generated source; every name carries the suffix `i` so chunks do not clash.
pub fn chunk(i: usize) -> String {
    format!(
        r#"
function score{i}(r, weight = 1) {{
  if (r == null) {{ return 0 }}
  let base = r.confidence ?? 0.5
  total{i} = 0
  for (let k = 0; k < 3; k++) {{
    total{i} = total{i} + base * weight
  }}
  return total{i} / 3
}}
cfg{i} = {{threshold: 0.7, retries: 3, label: "run {i}", nested: {{depth: {i}}}}}
xs{i} = [1, 2, 3, {i}]
ys{i} = xs{i}.map(x => x * 2).filter(x => x > 2)
sum{i} = ys{i}.reduce((a, b) => a + b, 0)
scores{i} = agentResults.map(r => score{i}(r, cfg{i}.retries))
avg{i} = scores{i}.length > 0 ? sum{i} / scores{i}.length : 0
verdict{i} = avg{i} > cfg{i}.threshold ? "approve" : "reject"
note{i} = `verdict ${{verdict{i}}} for ${{cfg{i}.label}}`
c{i} = verdict{i} ~> avg{i}
uncertain if (c{i} ~== "approve") {{
  high {{ status{i} = "sure" }}
  medium {{ status{i} = "maybe" }}
  low {{ status{i} = "unsure" }}
}}
try {{
  parsed{i} = JSON.parse(input?.payload ?? "{{}}")
}} catch (e) {{
  parsed{i} = null
}}
counts{i} = {{}}
for r in agentResults {{
  key{i} = r.result?.verdict ?? "none"
  counts{i}[key{i}] = (counts{i}[key{i}] ?? 0) + 1
}}
best{i} = c{i} ~||> (sum{i} ~> 0.6)
result{i} = {{verdict: verdict{i}, status: status{i}, counts: counts{i}, best: best{i}, x: xs{i}[2]}}
"#
    )
}

/// The input as one file, and how many chunks it has.
pub fn input() -> (String, usize) {
    let mut source = String::with_capacity(TARGET_BYTES + 4096);
    let mut i = 0;
    while source.len() < TARGET_BYTES {
        source.push_str(&chunk(i));
        i += 1;
    }
    source.push_str("result0 ~> 0.9\n");
    (source, i)
}
