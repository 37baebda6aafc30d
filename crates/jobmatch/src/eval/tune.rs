//! Learning feature weights from judgments: coordinate ascent on nDCG@10.
//!
//! The judged queries with at least one relevant document are split by a hash
//! of their id ([`is_training_query`]: the same query always falls on the
//! same side, whatever the data set's order or size). For every query the
//! engine's candidate pool and its feature vectors are computed once
//! ([`crate::Snapshot::candidate_features`]); each trial of weights only
//! re-ranks them in memory, exactly as the engine would rank the pool.
//!
//! Coordinate ascent: for each feature in turn, try a few multiplicative and
//! additive changes of its weight and keep the best one that raises mean
//! nDCG@10 on the training split; repeat for a few rounds or until nothing
//! improves. Only improvements are accepted, so the tuned weights are never
//! worse than the initial ones on the training split. The held-out split
//! measures whether the gain generalises.

use rayon::prelude::*;
use serde::Serialize;

use super::{EvalOptions, dot, pool_features, queries};
use crate::engine::Snapshot;
use crate::error::Result;
use crate::features::{FEATURE_COUNT, Feature};
use crate::score::Weights;
use jobmatch_eval::{Grade, Qrels, metrics::ndcg_at_k};

/// How to tune.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TuneOptions {
    /// Direction, evaluation day and candidate pool (as for `eval`).
    pub eval: EvalOptions,
    /// Share of queries in the training split (default 0.7).
    pub train_share: f64,
    /// Most rounds of coordinate ascent (default 4).
    pub rounds: usize,
    /// nDCG cutoff optimised and reported (default 10).
    pub cutoff: usize,
}

impl TuneOptions {
    /// Defaults: 70 % training queries, 4 rounds, nDCG@10.
    pub fn new(eval: EvalOptions) -> TuneOptions {
        TuneOptions {
            eval,
            train_share: 0.7,
            rounds: 4,
            cutoff: 10,
        }
    }
}

/// What tuning found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TuneReport {
    /// The weights tuning started from (the engine's).
    #[serde(serialize_with = "weights_map")]
    pub initial: Weights,
    /// The tuned weights (normalised to sum 1).
    #[serde(serialize_with = "weights_map")]
    pub weights: Weights,
    /// nDCG cutoff.
    pub cutoff: usize,
    /// Training queries (with at least one relevant document).
    pub train_queries: usize,
    /// Held-out queries (with at least one relevant document).
    pub heldout_queries: usize,
    /// Mean nDCG on the training split with the initial weights.
    pub train_before: f64,
    /// Mean nDCG on the training split with the tuned weights.
    pub train_after: f64,
    /// Mean nDCG on the held-out split with the initial weights.
    pub heldout_before: f64,
    /// Mean nDCG on the held-out split with the tuned weights.
    pub heldout_after: f64,
    /// Weight trials evaluated.
    pub trials: usize,
}

fn weights_map<S: serde::Serializer>(w: &Weights, s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(FEATURE_COUNT))?;
    for f in Feature::ALL {
        map.serialize_entry(f.name(), &w.get(f))?;
    }
    map.end()
}

impl TuneReport {
    /// A short text report: split sizes, nDCG before and after, and the weights.
    pub fn to_text(&self) -> String {
        let k = self.cutoff;
        let mut out = format!(
            "queries: {} training, {} held out (split by hashed query id)\n\
             nDCG@{k} training: {:.4} -> {:.4}\n\
             nDCG@{k} held out: {:.4} -> {:.4}\n\n\
             feature           initial    tuned\n",
            self.train_queries,
            self.heldout_queries,
            self.train_before,
            self.train_after,
            self.heldout_before,
            self.heldout_after,
        );
        let initial = self.initial.normalised();
        let tuned = self.weights.normalised();
        for f in Feature::ALL {
            out.push_str(&format!(
                "{:<16} {:>8.4} {:>8.4}\n",
                f.name(),
                initial[f.index()],
                tuned[f.index()]
            ));
        }
        out
    }
}

/// Whether a query belongs to the training split: a stable hash of its id
/// (FNV-1a, SplitMix64) below `train_share` of the range.
///
/// ```
/// use jobmatch::eval::is_training_query;
/// let n = (0..1000).filter(|i| is_training_query(&format!("S{i:07}"), 0.7)).count();
/// assert!((630..770).contains(&n));
/// assert_eq!(is_training_query("S0000001", 0.7), is_training_query("S0000001", 0.7));
/// assert!(!is_training_query("S0000001", 0.0) && is_training_query("S0000001", 1.0));
/// ```
pub fn is_training_query(qid: &str, train_share: f64) -> bool {
    let h = super::baselines::random_score(0x7261_696e, qid, "split");
    h < train_share
}

/// One query's pool: features and grades of candidates in document id order.
struct Pool {
    features: Vec<[f32; FEATURE_COUNT]>,
    grades: Vec<Grade>,
    judged: Vec<Grade>,
}

fn build_pools(
    snapshot: &Snapshot,
    qrels: &Qrels,
    queries: &[String],
    options: &EvalOptions,
) -> Result<Vec<Pool>> {
    queries
        .par_iter()
        .map(|q| {
            let judged = qrels.query(q);
            let pool = pool_features(snapshot, q, options)?;
            Ok(Pool {
                grades: pool
                    .iter()
                    .map(|(d, _)| judged.and_then(|j| j.get(d)).copied().unwrap_or(0))
                    .collect(),
                features: pool.into_iter().map(|(_, v)| v.0).collect(),
                judged: judged
                    .map(|j| j.values().copied().collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Mean nDCG@cutoff of the pools ranked by `weights` (normalised), ties by
/// document id descending as `trec_eval` breaks them.
fn mean_ndcg(pools: &[Pool], weights: &[f32; FEATURE_COUNT], cutoff: usize) -> f64 {
    if pools.is_empty() {
        return 0.0;
    }
    let values: Vec<f64> = pools
        .par_iter()
        .map_init(Vec::new, |scored: &mut Vec<(f32, usize)>, pool| {
            scored.clear();
            scored.extend(
                pool.features
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (dot(weights, &crate::features::FeatureVector(*f)), i)),
            );
            let order =
                |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1));
            if scored.len() > cutoff && cutoff > 0 {
                scored.select_nth_unstable_by(cutoff - 1, order);
                scored.truncate(cutoff);
            }
            scored.sort_unstable_by(order);
            let ranked: Vec<Grade> = scored.iter().map(|&(_, i)| pool.grades[i]).collect();
            ndcg_at_k(&ranked, &pool.judged, cutoff)
        })
        .collect();
    values.iter().sum::<f64>() / values.len() as f64
}

/// Learns weights from `qrels` on the training split of the judged queries,
/// starting from the snapshot's engine weights, and reports nDCG on both splits.
/// Deterministic.
pub fn tune(snapshot: &Snapshot, qrels: &Qrels, options: &TuneOptions) -> Result<TuneReport> {
    let all = queries(snapshot, &options.eval, Some(qrels));
    let (train, heldout): (Vec<String>, Vec<String>) = all
        .into_iter()
        .filter(|q| qrels.num_relevant(q) > 0)
        .partition(|q| is_training_query(q, options.train_share));
    let train_pools = build_pools(snapshot, qrels, &train, &options.eval)?;
    let heldout_pools = build_pools(snapshot, qrels, &heldout, &options.eval)?;
    let initial = *snapshot.weights();
    let k = options.cutoff;

    let mut w = initial.normalised();
    let mut best = mean_ndcg(&train_pools, &w, k);
    let mut trials = 1;
    for _ in 0..options.rounds {
        let mut improved = false;
        for f in 0..FEATURE_COUNT {
            let current = w[f];
            let mut candidates = vec![
                0.0,
                current * 0.5,
                current * 0.8,
                current * 1.25,
                current * 2.0,
                current + 0.02,
                current + 0.05,
                current + 0.1,
                current + 0.2,
            ];
            candidates.retain(|&v| v >= 0.0 && v != current);
            let mut chosen = current;
            for v in candidates {
                let mut trial = w;
                trial[f] = v;
                if trial.iter().all(|&x| x == 0.0) {
                    continue;
                }
                trials += 1;
                let score = mean_ndcg(&train_pools, &normalise(trial), k);
                if score > best + 1e-9 {
                    best = score;
                    chosen = v;
                }
            }
            if chosen != current {
                w[f] = chosen;
                w = normalise(w);
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    let tuned = Weights::new(round_weights(w))?;
    let before = mean_ndcg(&train_pools, &initial.normalised(), k);
    let after = mean_ndcg(&train_pools, &tuned.normalised(), k);
    // Rounding for the file must not lose the gain; keep the initial weights otherwise.
    let tuned = if after >= before { tuned } else { initial };
    Ok(TuneReport {
        initial,
        weights: tuned,
        cutoff: k,
        train_queries: train_pools.len(),
        heldout_queries: heldout_pools.len(),
        train_before: before,
        train_after: mean_ndcg(&train_pools, &tuned.normalised(), k),
        heldout_before: mean_ndcg(&heldout_pools, &initial.normalised(), k),
        heldout_after: mean_ndcg(&heldout_pools, &tuned.normalised(), k),
        trials,
    })
}

fn normalise(mut w: [f32; FEATURE_COUNT]) -> [f32; FEATURE_COUNT] {
    let sum: f32 = w.iter().sum();
    if sum > 0.0 {
        for x in &mut w {
            *x /= sum;
        }
    }
    w
}

/// Four decimals, so the TOML file reads well.
fn round_weights(w: [f32; FEATURE_COUNT]) -> [f32; FEATURE_COUNT] {
    let mut out = w.map(|x| (x * 10_000.0).round() / 10_000.0);
    if out.iter().all(|&x| x == 0.0) {
        out = w;
    }
    out
}
