//! Bin-packing solvers, one heuristic each, for exploring a problem in parallel: pack
//! `data.items` (`[{id, size}]`) into as few bins of `data.capacity` as possible.
//!
//! Each answers `{strategy, bins: [[id, …]], binCount, lowerBound, optimal}` with confidence
//! `lowerBound / binCount`: a proven bound on how far the solution can be from the optimum,
//! where `lowerBound = ceil(total size / capacity)`.

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

/// A packing heuristic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Each item into the first bin it fits, in input order.
    FirstFit,
    /// Each item into the fullest bin it fits, in input order.
    BestFit,
    /// First fit after sorting by size, largest first.
    FirstFitDecreasing,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::FirstFit => "first-fit",
            Strategy::BestFit => "best-fit",
            Strategy::FirstFitDecreasing => "first-fit-decreasing",
        }
    }
}

/// Packs `items` (`(id, size)`) into bins of `capacity`; item indices per bin.
pub fn pack(strategy: Strategy, items: &[(String, f64)], capacity: f64) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    if strategy == Strategy::FirstFitDecreasing {
        order.sort_by(|a, b| items[*b].1.total_cmp(&items[*a].1));
    }
    let mut bins: Vec<(f64, Vec<usize>)> = Vec::new();
    for i in order {
        let size = items[i].1;
        let fits = bins.iter().enumerate().filter(|(_, (used, _))| used + size <= capacity + 1e-9);
        let chosen = match strategy {
            Strategy::BestFit => fits.max_by(|a, b| a.1.0.total_cmp(&b.1.0)).map(|(j, _)| j),
            _ => fits.map(|(j, _)| j).next(),
        };
        match chosen {
            Some(j) => {
                bins[j].0 += size;
                bins[j].1.push(i);
            }
            None => bins.push((size, vec![i])),
        }
    }
    bins.into_iter().map(|(_, b)| b).collect()
}

/// A solver. Capabilities: `optimization`, `bin-packing`.
#[derive(Debug, Clone)]
pub struct PackingAgent {
    strategy: Strategy,
    info: AgentInfo,
}

impl PackingAgent {
    pub fn new(id: impl Into<String>, strategy: Strategy) -> Self {
        let name = format!("Bin packer ({})", strategy.as_str());
        let info = AgentInfo::new(id, name, ["optimization", "bin-packing"]).with_expertise(0.7);
        PackingAgent { strategy, info }
    }
}

fn items_of(data: &Value) -> Result<(Vec<(String, f64)>, f64), AnalyzeError> {
    let capacity = data
        .get("capacity")
        .and_then(Value::as_f64)
        .filter(|c| *c > 0.0)
        .ok_or("expected `data.capacity`, a positive number")?;
    let list =
        data.get("items").and_then(Value::as_array).ok_or("expected `data.items`, an array")?;
    let mut items = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let size = item
            .get("size")
            .and_then(Value::as_f64)
            .ok_or_else(|| format!("item {i} has no numeric `size`"))?;
        if !(size > 0.0 && size <= capacity) {
            return Err(format!("item {i}: size {size} does not fit a bin of {capacity}").into());
        }
        let id = match item.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => i.to_string(),
        };
        items.push((id, size));
    }
    if items.is_empty() {
        return Err("`data.items` is empty".into());
    }
    Ok((items, capacity))
}

impl Agent for PackingAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let (items, capacity) = items_of(data)?;
        let bins = pack(self.strategy, &items, capacity);
        let total: f64 = items.iter().map(|(_, s)| s).sum();
        let lower = (total / capacity - 1e-9).ceil().max(1.0);
        let count = bins.len() as f64;
        let named: Vec<Vec<&str>> =
            bins.iter().map(|b| b.iter().map(|i| items[*i].0.as_str()).collect()).collect();
        let value = json!({
            "strategy": self.strategy.as_str(),
            "bins": named,
            "binCount": bins.len(),
            "lowerBound": lower,
            "optimal": count <= lower,
        });
        Ok(AgentResponse::new(value, lower / count).with_reasoning(format!(
            "{}: {} bins, lower bound {lower}",
            self.strategy.as_str(),
            bins.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heuristics_differ() {
        let sizes = [4.0, 8.0, 1.0, 4.0, 2.0, 1.0, 7.0, 3.0];
        let items: Vec<(String, f64)> =
            sizes.iter().enumerate().map(|(i, s)| (i.to_string(), *s)).collect();
        let ff = pack(Strategy::FirstFit, &items, 10.0).len();
        let ffd = pack(Strategy::FirstFitDecreasing, &items, 10.0).len();
        assert_eq!(ffd, 3);
        assert!(ff >= ffd);
    }
}
