//! A numeric analyser: statistics over `data.values` — count, mean, median, sample standard
//! deviation, min, max, quartiles, and outliers by Tukey's fences (outside
//! [Q1 − 1.5·IQR, Q3 + 1.5·IQR]).

use prism_runtime::agents::sdk::{Agent, AgentInfo, AgentResponse, AnalyzeError};
use serde_json::{Value, json};

/// Statistics of a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Number of values.
    pub count: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Sample standard deviation (n − 1; 0 for one value).
    pub stddev: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// First quartile (linear interpolation).
    pub q1: f64,
    /// Third quartile.
    pub q3: f64,
    /// `(index, value)` of the outliers, in input order.
    pub outliers: Vec<(usize, f64)>,
}

/// The `p`-quantile of sorted values by linear interpolation between closest ranks.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.len() == 1 {
        return sorted[0];
    }
    let rank = p * (sorted.len() - 1) as f64;
    let low = rank.floor();
    let frac = rank - low;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = low as usize;
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + frac * (next - sorted[i]),
        None => sorted[i],
    }
}

/// Statistics of `values` (`None` when empty).
pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (q1, median, q3) =
        (quantile(&sorted, 0.25), quantile(&sorted, 0.5), quantile(&sorted, 0.75));
    let iqr = q3 - q1;
    let (low, high) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let outliers = if values.len() >= 4 {
        values.iter().copied().enumerate().filter(|(_, v)| *v < low || *v > high).collect()
    } else {
        Vec::new()
    };
    Some(Stats {
        count: values.len(),
        mean,
        median,
        stddev: variance.sqrt(),
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        q1,
        q3,
        outliers,
    })
}

/// More values support the estimates better; skipped non-numeric items and a very spread
/// sample (coefficient of variation > 1) lower the confidence.
fn confidence(stats: &Stats, skipped: usize) -> f64 {
    let n = stats.count as f64;
    let mut c = 0.95 - 0.65 / n.sqrt();
    if stats.mean != 0.0 && stats.stddev / stats.mean.abs() > 1.0 {
        c -= 0.1;
    }
    let total = n + skipped as f64;
    c *= n / total;
    c.clamp(0.05, 0.95)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The numeric agent. Reads `data.values` (or `data.numbers`, or `data` as an array); numbers
/// and numeric strings count, anything else is skipped and reported.
#[derive(Debug, Clone)]
pub struct NumericAgent {
    info: AgentInfo,
}

impl NumericAgent {
    /// Capabilities: `numeric`, `statistics`.
    pub fn new(id: impl Into<String>) -> Self {
        let info =
            AgentInfo::new(id, "Numeric analyser", ["numeric", "statistics"]).with_expertise(0.9);
        NumericAgent { info }
    }
}

impl Agent for NumericAgent {
    fn info(&self) -> AgentInfo {
        self.info.clone()
    }

    async fn analyze(&self, _task: &str, data: &Value) -> Result<AgentResponse, AnalyzeError> {
        let items = data
            .get("values")
            .or_else(|| data.get("numbers"))
            .or(Some(data))
            .and_then(Value::as_array)
            .ok_or("no numbers: expected `data.values` (an array)")?;
        let mut values = Vec::with_capacity(items.len());
        let mut skipped = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let number = match item {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
                _ => None,
            };
            match number {
                Some(v) => values.push(v),
                None => skipped.push(i),
            }
        }
        let stats = stats(&values).ok_or("`data.values` holds no numbers")?;
        let confidence = confidence(&stats, skipped.len());
        let value = json!({
            "count": stats.count,
            "mean": round6(stats.mean),
            "median": round6(stats.median),
            "stddev": round6(stats.stddev),
            "min": stats.min,
            "max": stats.max,
            "q1": round6(stats.q1),
            "q3": round6(stats.q3),
            "outliers": stats.outliers.iter().map(|(i, v)| json!({"index": i, "value": v})).collect::<Vec<_>>(),
            "skipped": skipped,
        });
        let mut reasoning = format!(
            "{} values: mean {:.4}, median {:.4}, stddev {:.4}; {} outlier(s) outside Tukey's fences [{:.4}, {:.4}]",
            stats.count,
            stats.mean,
            stats.median,
            stats.stddev,
            stats.outliers.len(),
            stats.q1 - 1.5 * (stats.q3 - stats.q1),
            stats.q3 + 1.5 * (stats.q3 - stats.q1),
        );
        if !skipped.is_empty() {
            reasoning.push_str(&format!("; skipped {} non-numeric item(s)", skipped.len()));
        }
        let mut response = AgentResponse::new(value, confidence).with_reasoning(reasoning);
        if stats.count < 4 {
            response.uncertainties.push("fewer than 4 values: no outlier detection".into());
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_and_outliers() {
        let s = stats(&[10.0, 12.0, 11.0, 13.0, 12.0, 95.0, 11.0, 12.0]).expect("stats");
        assert_eq!(s.count, 8);
        assert!((s.mean - 22.0).abs() < 1e-9);
        assert_eq!(s.median, 12.0);
        assert_eq!((s.min, s.max), (10.0, 95.0));
        assert_eq!(s.outliers, vec![(5, 95.0)]);
        let expected_sd = (((10.0f64 - 22.0).powi(2) * 1.0
            + (12.0f64 - 22.0).powi(2) * 3.0
            + (11.0f64 - 22.0).powi(2) * 2.0
            + (13.0f64 - 22.0).powi(2)
            + (95.0f64 - 22.0).powi(2))
            / 7.0)
            .sqrt();
        assert!((s.stddev - expected_sd).abs() < 1e-9);
    }

    #[test]
    fn small_samples() {
        let one = stats(&[4.0]).expect("one");
        assert_eq!((one.median, one.stddev, one.q1, one.q3), (4.0, 0.0, 4.0, 4.0));
        let even = stats(&[1.0, 2.0, 3.0, 4.0]).expect("even");
        assert_eq!(even.median, 2.5);
        assert!(stats(&[]).is_none());
        let c_small = confidence(&one, 0);
        let c_big = confidence(&stats(&[1.0; 100]).expect("100"), 0);
        assert!(c_small < c_big);
    }
}
