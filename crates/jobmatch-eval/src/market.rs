//! Market metrics of a run: how widely and how evenly recommendations spread
//! over a universe of documents (e.g. all postings), and match quality per
//! query group.
//!
//! "Top k" is the first `k` documents of each query in `trec_eval` order
//! ([`crate::trec::compare_trec`]); the benchmark uses `k = `[`MARKET_TOP_K`].

use std::collections::BTreeMap;

use crate::metrics::{GroupMean, Metric, MissingQueries, evaluate};
use crate::trec::{Qrels, Run};

/// The cutoff used by the benchmark's market metrics (top 10).
pub const MARKET_TOP_K: usize = 10;

/// How many queries have each universe document in their top `k`.
///
/// Every document of `universe` appears (with 0 if never recommended); documents
/// of the run outside the universe are ignored.
///
/// ```
/// use jobmatch_eval::{Run, market::exposure_counts};
/// let run = Run::parse_str("s1 Q0 p1 1 2 r\ns1 Q0 p2 2 1 r\ns2 Q0 p1 1 1 r\n", "<run>")?;
/// let counts = exposure_counts(&run, ["p1", "p2", "p3"], 1);
/// assert_eq!(counts["p1"], 2);
/// assert_eq!(counts["p2"], 0);
/// assert_eq!(counts["p3"], 0);
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
pub fn exposure_counts<I, S>(run: &Run, universe: I, k: usize) -> BTreeMap<String, usize>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut counts: BTreeMap<String, usize> = universe
        .into_iter()
        .map(|d| (d.as_ref().to_owned(), 0))
        .collect();
    for (_, entries) in run.queries() {
        for entry in entries.iter().take(k) {
            if let Some(c) = counts.get_mut(&entry.docid) {
                *c += 1;
            }
        }
    }
    counts
}

/// Coverage: share of the universe's documents that are in at least one
/// query's top `k` (0 for an empty universe).
///
/// ```
/// use jobmatch_eval::{Run, market::coverage};
/// let run = Run::parse_str("s1 Q0 p1 1 2 r\ns2 Q0 p2 1 1 r\ns2 Q0 x 2 0 r\n", "<run>")?;
/// assert_eq!(coverage(&run, ["p1", "p2", "p3", "p4"], 10), 0.5);
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
pub fn coverage<I, S>(run: &Run, universe: I, k: usize) -> f64
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let counts = exposure_counts(run, universe, k);
    if counts.is_empty() {
        return 0.0;
    }
    let covered = counts.values().filter(|&&c| c > 0).count();
    to_f64(covered) / to_f64(counts.len())
}

/// Gini coefficient of non-negative counts: 0 when all are equal (or all zero, or
/// fewer than two), approaching 1 when one item holds everything (the maximum for
/// `n` items is `(n - 1) / n`).
///
/// Computed as `Σ_i (2i − n − 1) x_(i) / (n Σ x)` over the counts sorted ascending
/// (`i` from 1), which equals the mean absolute difference over twice the mean.
///
/// ```
/// use jobmatch_eval::market::gini;
/// assert_eq!(gini(&[3, 3, 3]), 0.0);
/// assert_eq!(gini(&[0, 0, 0, 4]), 0.75);
/// assert_eq!(gini(&[]), 0.0);
/// ```
pub fn gini(counts: &[usize]) -> f64 {
    let n = counts.len();
    let total: f64 = counts.iter().map(|&c| to_f64(c)).sum();
    if n < 2 || total <= 0.0 {
        return 0.0;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, &c)| (2.0 * to_f64(i + 1) - to_f64(n) - 1.0) * to_f64(c))
        .sum();
    (weighted / (to_f64(n) * total)).clamp(0.0, 1.0)
}

/// Concentration: Gini coefficient of the top-`k` exposure counts over all
/// documents of the universe, unexposed ones included.
///
/// ```
/// use jobmatch_eval::{Run, market::concentration};
/// // Everybody is recommended p1 only; p2..p4 get nothing.
/// let run = Run::parse_str("s1 Q0 p1 1 1 r\ns2 Q0 p1 1 1 r\n", "<run>")?;
/// assert_eq!(concentration(&run, ["p1", "p2", "p3", "p4"], 10), 0.75);
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
pub fn concentration<I, S>(run: &Run, universe: I, k: usize) -> f64
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let counts: Vec<usize> = exposure_counts(run, universe, k).into_values().collect();
    gini(&counts)
}

/// Exposure by group: mean nDCG@`k` per group tag, over the queries that count
/// towards the overall means (see [`crate::metrics`]). `groups` maps a query id
/// to its group tags.
///
/// ```
/// use std::collections::BTreeMap;
/// use jobmatch_eval::{MissingQueries, Qrels, Run, market::exposure_by_group};
/// let qrels = Qrels::parse_str("s1 0 p1 1\ns2 0 p2 1\n", "<qrels>")?;
/// let run = Run::parse_str("s1 Q0 p1 1 1 r\ns2 Q0 p1 1 1 r\n", "<run>")?;
/// let groups = BTreeMap::from([
///     ("s1".to_owned(), vec!["north".to_owned()]),
///     ("s2".to_owned(), vec!["south".to_owned()]),
/// ]);
/// let by_group = exposure_by_group(&qrels, &run, &groups, 10, MissingQueries::Skip);
/// assert_eq!(by_group["north"].mean, Some(1.0));
/// assert_eq!(by_group["south"].mean, Some(0.0));
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
pub fn exposure_by_group(
    qrels: &Qrels,
    run: &Run,
    groups: &BTreeMap<String, Vec<String>>,
    k: usize,
    missing: MissingQueries,
) -> BTreeMap<String, GroupMean> {
    let metric = Metric::Ndcg(k);
    evaluate(qrels, run, &[metric], missing).mean_by_group(metric, groups)
}

#[allow(clippy::cast_precision_loss)]
fn to_f64(n: usize) -> f64 {
    n as f64
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gini_hand_computed() {
        // sorted 1,2,3: (−2·1 + 0·2 + 2·3) / (3·6) = 4/18
        assert!((gini(&[3, 1, 2]) - 4.0 / 18.0).abs() < 1e-12);
        assert_eq!(gini(&[0, 0]), 0.0);
        assert_eq!(gini(&[5]), 0.0);
    }

    #[test]
    fn coverage_respects_k_and_universe() {
        let run = Run::parse_str("q Q0 a 1 3 r\nq Q0 b 2 2 r\nq Q0 c 3 1 r\n", "r").unwrap();
        assert_eq!(coverage(&run, ["a", "b", "c", "d"], 2), 0.5);
        assert_eq!(coverage(&run, ["a", "b", "c", "d"], 10), 0.75);
        assert_eq!(coverage(&run, Vec::<String>::new(), 10), 0.0);
    }

    proptest! {
        #[test]
        fn gini_in_unit_interval(counts in prop::collection::vec(0usize..100, 0..50)) {
            let g = gini(&counts);
            prop_assert!((0.0..=1.0).contains(&g));
            // equals mean absolute difference / (2 · mean)
            let n = counts.len();
            let total: usize = counts.iter().sum();
            if n >= 2 && total > 0 {
                let mad: f64 = counts.iter().flat_map(|&a| counts.iter().map(move |&b| (a as f64 - b as f64).abs())).sum();
                let expected = mad / (2.0 * n as f64 * total as f64);
                prop_assert!((g - expected).abs() < 1e-9, "{g} vs {expected}");
            }
        }
    }
}
