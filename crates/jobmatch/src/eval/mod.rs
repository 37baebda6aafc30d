//! Match-quality benchmark: rank every query of a data set with the engine and
//! with baselines, score the rankings against graded judgments, tune weights,
//! and write a report.
//!
//! The metrics themselves (TREC qrels and runs, nDCG, precision, recall, MRR,
//! MAP, coverage, concentration) live in the engine-independent
//! [`jobmatch_eval`] crate, cross-checked against `pytrec_eval`; this module
//! produces the rankings and puts the numbers side by side.
//!
//! * [`Direction::Postings`]: each seeker is a query, postings are ranked for it;
//!   [`Direction::Seekers`]: each live posting is a query, seekers are ranked.
//! * Every method ranks only the pairs the hard rules of
//!   [`crate::eligibility`] allow (expired postings, regions, commute), so the
//!   methods differ in ranking only. In the seekers direction, postings that are
//!   not live on the evaluation day are not queries at all.
//! * [`Method`]s: the engine; random (a fixed-seed hash of query and document);
//!   popularity (postings: most openings, then newest; seekers: most complete
//!   profile, then most skills, then most experience); BM25 over text alone;
//!   skills alone (the engine's pool ranked by the skill feature only); and any
//!   other weights over the engine's pool.
//! * Runs keep the top `k` documents per query (default [`DEFAULT_K`]) in
//!   `trec_eval` order (score descending, ties by document id descending).
//!
//! ```
//! use jobmatch::eval::{Direction, EvalOptions, Method, benchmark, rank};
//! use jobmatch::eval::jobmatch_eval::Qrels;
//! use jobmatch::{Engine, model::{Date, Posting, Seeker, SkillItem}};
//!
//! let engine = Engine::builder().in_ram()?;
//! let mut welder = Posting::new("P1", "电焊工");
//! welder.skills.push(SkillItem { name: "焊接".into(), required: true, level: None });
//! engine.upsert_postings(&[welder, Posting::new("P2", "收银员")])?;
//! let mut s = Seeker::new("S1");
//! s.skills.push(SkillItem { name: "焊接".into(), required: true, level: Some(3) });
//! engine.upsert_seekers(&[s])?;
//! engine.commit()?;
//! let snapshot = engine.snapshot()?;
//!
//! let options = EvalOptions::new(Direction::Postings, Date::from_ymd(2026, 11, 27).unwrap());
//! let run = rank(&snapshot, &Method::Engine, &["S1".to_string()], &options)?;
//! assert_eq!(run.query("S1").unwrap()[0].docid, "P1");
//!
//! let qrels = Qrels::parse_str("S1 0 P1 3\nS1 0 P2 0\n", "<qrels>")?;
//! let result = benchmark(&snapshot, &qrels, &options)?;
//! assert_eq!(result.methods[0].method, "engine");
//! assert_eq!(result.methods[0].summary.evaluation.mean(jobmatch::eval::jobmatch_eval::Metric::Ndcg(10)), Some(1.0));
//! # Ok::<(), jobmatch::Error>(())
//! ```

mod baselines;
mod report;
mod tune;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

pub use jobmatch_eval;
use jobmatch_eval::{
    Column, Grade, MethodSummary, Metric, MetricTable, MissingQueries, Qrels, Run,
};

pub use report::write_report;
pub use tune::{TuneOptions, TuneReport, is_training_query, tune};

use crate::engine::{Engine, MatchOptions, Snapshot};
use crate::error::{Error, Result};
use crate::features::{FEATURE_COUNT, Feature, FeatureVector};
use crate::load::{self, LoadOptions, LoadReport};
use crate::model::Date;
use crate::score::Weights;

/// Documents kept per query in a run unless told otherwise.
pub const DEFAULT_K: usize = 100;

/// Seed of the random baseline.
pub const DEFAULT_SEED: u64 = 20_261_127;

/// Largest cutoff of the nDCG@k curve in [`MethodResult::ndcg_curve`].
pub const CURVE_MAX_K: usize = 20;

/// Which side is the query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Each seeker is a query; postings are ranked (qrels: query = seeker).
    #[default]
    Postings,
    /// Each live posting is a query; seekers are ranked (qrels: query = posting).
    Seekers,
}

impl Direction {
    /// `postings` or `seekers`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Postings => "postings",
            Direction::Seekers => "seekers",
        }
    }
}

impl std::str::FromStr for Direction {
    type Err = Error;

    /// ```
    /// use jobmatch::eval::Direction;
    /// assert_eq!("seekers".parse::<Direction>().unwrap(), Direction::Seekers);
    /// assert!("both".parse::<Direction>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Direction> {
        match s {
            "postings" => Ok(Direction::Postings),
            "seekers" => Ok(Direction::Seekers),
            other => Err(Error::config(format!(
                "direction must be `postings` or `seekers`, not `{other}`"
            ))),
        }
    }
}

/// How to rank for an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// Which side is the query.
    pub direction: Direction,
    /// Documents kept per query (default [`DEFAULT_K`]).
    pub k: usize,
    /// The evaluation day: expiry and freshness are judged against it.
    pub as_of: Date,
    /// Seed of the random baseline (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Candidate pool per query (default: the engine's).
    pub pool_size: Option<usize>,
}

impl EvalOptions {
    /// Top [`DEFAULT_K`] on `as_of`, default seed and pool.
    pub fn new(direction: Direction, as_of: Date) -> EvalOptions {
        EvalOptions {
            direction,
            k: DEFAULT_K,
            as_of,
            seed: DEFAULT_SEED,
            pool_size: None,
        }
    }

    fn match_options(&self) -> MatchOptions {
        MatchOptions {
            k: self.k,
            as_of: self.as_of,
            pool_size: self.pool_size,
            explain: false,
        }
    }
}

/// A way of ranking documents for a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// The engine with its configured weights (`recommend_postings` / `candidates`).
    Engine,
    /// Uniformly random order among eligible documents (a fixed-seed hash).
    Random,
    /// Query-independent order: postings by openings, then newest; seekers by
    /// profile completeness, then number of skills, then years of experience.
    Popularity,
    /// BM25 (tantivy) of the query's text against the documents' text fields.
    Bm25,
    /// The engine's candidate pool ranked by the skill feature alone.
    Skills,
    /// The engine's candidate pool ranked with other weights.
    Weighted {
        /// Row label.
        name: String,
        /// The weights.
        weights: Weights,
    },
}

impl Method {
    /// The engine and the four baselines, in table order.
    pub fn standard() -> Vec<Method> {
        vec![
            Method::Engine,
            Method::Random,
            Method::Popularity,
            Method::Bm25,
            Method::Skills,
        ]
    }

    /// Row label (also the run name).
    pub fn name(&self) -> &str {
        match self {
            Method::Engine => "engine",
            Method::Random => "random",
            Method::Popularity => "popularity",
            Method::Bm25 => "bm25",
            Method::Skills => "skills",
            Method::Weighted { name, .. } => name,
        }
    }
}

/// An in-memory engine built from two JSON Lines files, with the load reports.
#[derive(Debug)]
pub struct LoadedEngine {
    /// The engine (indexes in RAM).
    pub engine: Engine,
    /// What loading the postings did (bad records are skipped and counted).
    pub postings: LoadReport,
    /// What loading the seekers did.
    pub seekers: LoadReport,
}

/// Builds a temporary in-RAM engine from a postings and a seekers file, loaded
/// leniently (invalid records are skipped and reported), with the default
/// settings and these weights.
pub fn engine_from_files(
    postings: &Path,
    seekers: &Path,
    weights: Weights,
) -> Result<LoadedEngine> {
    engine_from_files_with(postings, seekers, Engine::builder().weights(weights))
}

/// [`engine_from_files`] with the engine's settings given by `builder`.
pub fn engine_from_files_with(
    postings: &Path,
    seekers: &Path,
    builder: crate::EngineBuilder,
) -> Result<LoadedEngine> {
    let options = LoadOptions::lenient();
    let p = load::load_postings(postings, &options)?;
    let s = load::load_seekers(seekers, &options)?;
    let engine = builder.in_ram()?;
    engine.upsert_postings(&p.records)?;
    engine.upsert_seekers(&s.records)?;
    engine.commit()?;
    Ok(LoadedEngine {
        engine,
        postings: p.report,
        seekers: s.report,
    })
}

/// The queries of an evaluation, sorted: every seeker (postings direction) or
/// every posting live on `as_of` (seekers direction); with `qrels`, only those
/// the qrels judge.
pub fn queries(snapshot: &Snapshot, options: &EvalOptions, qrels: Option<&Qrels>) -> Vec<String> {
    let judged = |id: &str| qrels.is_none_or(|q| q.query(id).is_some());
    match options.direction {
        Direction::Postings => snapshot
            .seeker_ids()
            .filter(|id| judged(id))
            .map(str::to_string)
            .collect(),
        Direction::Seekers => snapshot
            .posting_ids()
            .filter(|id| judged(id))
            .filter(|id| {
                snapshot
                    .posting(id)
                    .is_some_and(|p| p.is_live_on(options.as_of))
            })
            .map(str::to_string)
            .collect(),
    }
}

/// The documents that can be recommended at all: postings live on `as_of`
/// (postings direction) or every seeker (seekers direction). Coverage and
/// concentration are measured over them.
pub fn universe(snapshot: &Snapshot, options: &EvalOptions) -> BTreeSet<String> {
    match options.direction {
        Direction::Postings => snapshot
            .posting_ids()
            .filter(|id| {
                snapshot
                    .posting(id)
                    .is_some_and(|p| p.is_live_on(options.as_of))
            })
            .map(str::to_string)
            .collect(),
        Direction::Seekers => snapshot.seeker_ids().map(str::to_string).collect(),
    }
}

/// Group tags of each query: a seeker's `groups` (postings direction) or a
/// posting's `target_groups` (seekers direction). Queries without tags are left out.
pub fn query_groups(
    snapshot: &Snapshot,
    options: &EvalOptions,
    queries: &[String],
) -> BTreeMap<String, Vec<String>> {
    queries
        .iter()
        .filter_map(|q| {
            let tags = match options.direction {
                Direction::Postings => snapshot.seeker(q)?.groups.clone(),
                Direction::Seekers => snapshot.posting(q)?.target_groups.clone(),
            };
            (!tags.is_empty()).then(|| (q.clone(), tags))
        })
        .collect()
}

/// Ranks every query with one method into a run named after the method (top
/// `options.k` per query). Deterministic: the same inputs give the same run
/// whatever the number of threads.
pub fn rank(
    snapshot: &Snapshot,
    method: &Method,
    queries: &[String],
    options: &EvalOptions,
) -> Result<Run> {
    let ranked: Vec<Vec<(String, f64)>> = match method {
        Method::Engine => queries
            .par_iter()
            .map(|q| baselines::engine(snapshot, q, options))
            .collect::<Result<_>>()?,
        Method::Random => queries
            .par_iter()
            .map(|q| baselines::random(snapshot, q, options))
            .collect::<Result<_>>()?,
        Method::Popularity => {
            let order = baselines::popularity_order(snapshot, options.direction);
            queries
                .par_iter()
                .map(|q| baselines::popularity(snapshot, &order, q, options))
                .collect::<Result<_>>()?
        }
        Method::Bm25 => queries
            .par_iter()
            .map(|q| baselines::bm25(snapshot, q, options))
            .collect::<Result<_>>()?,
        Method::Skills => {
            let w = Weights::only(Feature::Skill);
            queries
                .par_iter()
                .map(|q| weighted_pool(snapshot, q, &w, options))
                .collect::<Result<_>>()?
        }
        Method::Weighted { weights, .. } => queries
            .par_iter()
            .map(|q| weighted_pool(snapshot, q, weights, options))
            .collect::<Result<_>>()?,
    };
    let mut run = Run::new(method.name())?;
    for (q, docs) in queries.iter().zip(ranked) {
        run.set_query(q, docs)?;
    }
    Ok(run)
}

/// The candidate pool of one query with feature vectors (either direction).
pub fn pool_features(
    snapshot: &Snapshot,
    query: &str,
    options: &EvalOptions,
) -> Result<Vec<(String, FeatureVector)>> {
    let mo = options.match_options();
    match options.direction {
        Direction::Postings => snapshot.candidate_features(query, &mo),
        Direction::Seekers => snapshot.candidate_features_for_posting(query, &mo),
    }
}

/// `Σ wᵢ·fᵢ` with weights already normalised, clamped to [0, 1] as the engine does.
pub(crate) fn dot(weights: &[f32; FEATURE_COUNT], values: &FeatureVector) -> f32 {
    let s: f32 = weights.iter().zip(&values.0).map(|(w, v)| w * v).sum();
    s.clamp(0.0, 1.0)
}

fn weighted_pool(
    snapshot: &Snapshot,
    query: &str,
    weights: &Weights,
    options: &EvalOptions,
) -> Result<Vec<(String, f64)>> {
    let w = weights.normalised();
    let scored = pool_features(snapshot, query, options)?
        .into_iter()
        .map(|(id, v)| (id, f64::from(dot(&w, &v))))
        .collect();
    Ok(top_k_trec(scored, options.k))
}

/// Sorts in `trec_eval` order and keeps the first `k`.
pub(crate) fn top_k_trec(mut scored: Vec<(String, f64)>, k: usize) -> Vec<(String, f64)> {
    scored.sort_by(|a, b| jobmatch_eval::trec::compare_trec(&a.0, a.1, &b.0, b.1));
    scored.truncate(k);
    scored
}

/// One method's results in a [`Benchmark`].
#[derive(Debug, Clone, Serialize)]
pub struct MethodResult {
    /// Row label.
    pub method: String,
    /// The ranking (top `k` per query).
    #[serde(skip)]
    pub run: Run,
    /// Every benchmark number.
    pub summary: MethodSummary,
    /// Mean nDCG@k for k = 1..=[`CURVE_MAX_K`].
    pub ndcg_curve: Vec<f64>,
    /// Top-10 exposure of every universe document, ascending (for the Lorenz curve).
    #[serde(skip)]
    pub exposure: Vec<usize>,
}

/// The engine's scores of judged pairs the hard rules allow, binned by grade.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoreHistogram {
    /// Number of equal-width bins over [0, 1].
    pub bins: usize,
    /// Per grade, the count of pairs in each bin.
    pub counts: BTreeMap<Grade, Vec<u64>>,
    /// Per grade, the mean score.
    pub means: BTreeMap<Grade, f64>,
}

/// Everything one `eval` run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    /// Which side was the query.
    pub direction: Direction,
    /// The evaluation day.
    pub as_of: String,
    /// Documents kept per query.
    pub k: usize,
    /// Queries ranked (judged queries present in the data; live postings only
    /// in the seekers direction).
    pub queries_ranked: usize,
    /// Judged queries left out: absent from the data, or postings not live.
    pub queries_skipped: usize,
    /// Documents that could be recommended (coverage is a share of them).
    pub universe: usize,
    /// One result per method, engine first.
    pub methods: Vec<MethodResult>,
    /// The engine's score distribution on judged pairs.
    pub scores: ScoreHistogram,
}

/// Runs the engine and the four baselines on the judged queries and computes
/// every number of the benchmark.
pub fn benchmark(snapshot: &Snapshot, qrels: &Qrels, options: &EvalOptions) -> Result<Benchmark> {
    benchmark_methods(snapshot, qrels, options, &Method::standard())
}

/// [`benchmark`] with a chosen list of methods (the first is the engine row
/// of the score histogram only if it is [`Method::Engine`]).
pub fn benchmark_methods(
    snapshot: &Snapshot,
    qrels: &Qrels,
    options: &EvalOptions,
    methods: &[Method],
) -> Result<Benchmark> {
    let queries = queries(snapshot, options, Some(qrels));
    let universe = universe(snapshot, options);
    let groups = query_groups(snapshot, options, &queries);
    let curve: Vec<Metric> = (1..=CURVE_MAX_K).map(Metric::Ndcg).collect();
    let judged = restrict(qrels, &queries);
    let mut results = Vec::with_capacity(methods.len());
    for method in methods {
        let run = rank(snapshot, method, &queries, options)?;
        let summary = MethodSummary::compute(
            method.name(),
            &judged,
            &run,
            Some(&universe),
            Some(&groups),
            MissingQueries::CountAsZero,
        );
        let curve = jobmatch_eval::evaluate(&judged, &run, &curve, MissingQueries::CountAsZero);
        let mut exposure: Vec<usize> = jobmatch_eval::market::exposure_counts(
            &run,
            &universe,
            jobmatch_eval::market::MARKET_TOP_K,
        )
        .into_values()
        .collect();
        exposure.sort_unstable();
        results.push(MethodResult {
            method: method.name().to_string(),
            summary,
            ndcg_curve: curve.means,
            exposure,
            run,
        });
    }
    let scores = score_histogram(snapshot, qrels, &queries, options)?;
    Ok(Benchmark {
        direction: options.direction,
        as_of: options.as_of.to_string(),
        k: options.k,
        queries_ranked: queries.len(),
        queries_skipped: qrels.num_queries().saturating_sub(queries.len()),
        universe: universe.len(),
        methods: results,
        scores,
    })
}

/// The qrels of the given queries only (so that every method is averaged over
/// the same queries, a query with nothing retrieved counting as 0).
fn restrict(qrels: &Qrels, queries: &[String]) -> Qrels {
    let mut out = Qrels::new();
    for q in queries {
        if let Some(judged) = qrels.query(q) {
            for (doc, &grade) in judged {
                // Ids came from parsed qrels, so inserting them again cannot fail.
                let _ = out.insert(q, doc, grade);
            }
        }
    }
    out
}

/// Number of bins of the score histogram.
const SCORE_BINS: usize = 20;

fn score_histogram(
    snapshot: &Snapshot,
    qrels: &Qrels,
    queries: &[String],
    options: &EvalOptions,
) -> Result<ScoreHistogram> {
    let w = snapshot.weights().normalised();
    let mo = options.match_options();
    let per_query: Vec<Vec<(Grade, f32)>> = queries
        .par_iter()
        .map(|q| {
            let Some(judged) = qrels.query(q) else {
                return Ok(Vec::new());
            };
            let docs: Vec<&str> = judged.keys().map(String::as_str).collect();
            let (features, allowed): (Vec<Option<FeatureVector>>, Vec<bool>) = match options
                .direction
            {
                Direction::Postings => {
                    let s = snapshot.seeker(q);
                    let allowed = docs
                        .iter()
                        .map(|d| match (s.as_deref(), snapshot.posting(d)) {
                            (Some(s), Some(p)) => crate::eligibility::eligible(s, p, options.as_of),
                            _ => false,
                        })
                        .collect();
                    (snapshot.features_with_postings(q, &docs, &mo)?, allowed)
                }
                Direction::Seekers => {
                    let p = snapshot.posting(q);
                    let allowed = docs
                        .iter()
                        .map(|d| match (snapshot.seeker(d), p) {
                            (Some(s), Some(p)) => {
                                crate::eligibility::eligible(&s, p, options.as_of)
                            }
                            _ => false,
                        })
                        .collect();
                    (snapshot.features_with_seekers(q, &docs, &mo)?, allowed)
                }
            };
            Ok(docs
                .iter()
                .zip(features)
                .zip(allowed)
                .filter_map(|((d, f), ok)| {
                    let f = f.filter(|_| ok)?;
                    Some((judged.get(*d).copied().unwrap_or(0), dot(&w, &f)))
                })
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut hist = ScoreHistogram {
        bins: SCORE_BINS,
        ..ScoreHistogram::default()
    };
    let mut sums: BTreeMap<Grade, (f64, u64)> = BTreeMap::new();
    for (grade, score) in per_query.into_iter().flatten() {
        let bin = ((score * SCORE_BINS as f32) as usize).min(SCORE_BINS - 1);
        hist.counts
            .entry(grade)
            .or_insert_with(|| vec![0; SCORE_BINS])[bin] += 1;
        let e = sums.entry(grade).or_insert((0.0, 0));
        e.0 += f64::from(score);
        e.1 += 1;
    }
    hist.means = sums
        .into_iter()
        .map(|(g, (s, n))| (g, s / n.max(1) as f64))
        .collect();
    Ok(hist)
}

impl Benchmark {
    /// The main table: one row per method (engine first), the standard metrics
    /// averaged over ranked queries with at least one relevant document,
    /// coverage and concentration (Gini) of top-10 exposure. Best values marked.
    pub fn table(&self) -> MetricTable {
        let summaries: Vec<MethodSummary> = self
            .methods
            .iter()
            .map(|m| MethodSummary {
                ndcg10_by_group: BTreeMap::new(),
                ..m.summary.clone()
            })
            .collect();
        MetricTable::from_summaries(&summaries)
    }

    /// Mean nDCG@10 per group tag (seekers' groups in the postings direction,
    /// postings' target groups in the seekers direction), one column per tag.
    pub fn group_table(&self) -> Result<MetricTable> {
        let tags: BTreeSet<&str> = self
            .methods
            .iter()
            .flat_map(|m| m.summary.ndcg10_by_group.keys().map(String::as_str))
            .collect();
        let mut table = MetricTable::new(tags.iter().map(|t| Column::maximize(*t, 4)).collect());
        for m in &self.methods {
            let values = tags
                .iter()
                .map(|t| m.summary.ndcg10_by_group.get(*t).and_then(|g| g.mean))
                .collect();
            table.push_row(&m.method, values)?;
        }
        Ok(table)
    }

    /// Queries per group tag (as averaged in [`Benchmark::group_table`]).
    pub fn group_sizes(&self) -> BTreeMap<String, usize> {
        self.methods
            .first()
            .map(|m| {
                m.summary
                    .ndcg10_by_group
                    .iter()
                    .map(|(t, g)| (t.clone(), g.num_queries))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The report as text: a header, the main table and the group table.
    pub fn to_text(&self) -> Result<String> {
        let mut out = format!(
            "direction: {} (queries = {}), date {}, top {} per query\n\
             queries ranked: {} ({} judged queries skipped), documents recommendable: {}\n\n",
            self.direction.name(),
            match self.direction {
                Direction::Postings => "seekers",
                Direction::Seekers => "live postings",
            },
            self.as_of,
            self.k,
            self.queries_ranked,
            self.queries_skipped,
            self.universe,
        );
        out.push_str(&self.table().to_text());
        let groups = self.group_table()?;
        if !groups.columns().is_empty() {
            let label = match self.direction {
                Direction::Postings => "seeker group",
                Direction::Seekers => "posting target group",
            };
            let sizes = self
                .group_sizes()
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!("\nnDCG@10 by {label} (queries: {sizes})\n"));
            out.push_str(&groups.to_text());
        }
        Ok(out)
    }

    /// The report as a JSON object: header fields, `table` and `groups` (each
    /// with `columns`, `rows` and `best`), the nDCG@k curves and the score histogram.
    pub fn to_json(&self) -> Result<String> {
        let table: serde_json::Value = serde_json::from_str(&self.table().to_json()?)
            .map_err(jobmatch_eval::EvalError::from)?;
        let groups: serde_json::Value = serde_json::from_str(&self.group_table()?.to_json()?)
            .map_err(jobmatch_eval::EvalError::from)?;
        let curves: BTreeMap<&str, &[f64]> = self
            .methods
            .iter()
            .map(|m| (m.method.as_str(), m.ndcg_curve.as_slice()))
            .collect();
        let value = serde_json::json!({
            "direction": self.direction,
            "as_of": self.as_of,
            "k": self.k,
            "queries_ranked": self.queries_ranked,
            "queries_skipped": self.queries_skipped,
            "universe": self.universe,
            "table": table,
            "groups": groups,
            "group_sizes": self.group_sizes(),
            "ndcg_curve": curves,
            "scores": self.scores,
        });
        serde_json::to_string_pretty(&value)
            .map_err(|e| Error::Eval(jobmatch_eval::EvalError::from(e)))
    }
}

#[cfg(test)]
mod tests;
