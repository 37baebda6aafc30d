//! Ranking metrics with `trec_eval` / `pytrec_eval` semantics.
//!
//! Definitions (all as in `trec_eval` 9.x with default options, relevance level 1):
//!
//! * **nDCG@k** (`ndcg_cut_k`): gain = grade, discount `log2(rank + 1)`,
//!   `DCG@k = Σ_{rank ≤ k} grade / log2(rank + 1)`, divided by the DCG@k of the ideal
//!   ranking built from *all* grades of the query in the qrels (0 if that is 0).
//! * **P@k** (`P_k`): relevant (grade ≥ 1) documents in the top k, divided by k
//!   (even when fewer than k documents were retrieved).
//! * **R@k** (`recall_k`): relevant documents in the top k divided by the number of
//!   relevant documents in the qrels.
//! * **MRR** (`recip_rank`): 1 / rank of the first relevant document (0 if none).
//! * **MAP** (`map`): sum of precision at the rank of each retrieved relevant
//!   document, divided by the number of relevant documents in the qrels.
//!
//! Documents a run retrieves that are absent from the qrels count as non-relevant.
//! The ranking is the run's [`trec_eval` order](crate::trec::compare_trec), never
//! the rank column.
//!
//! # Which queries are evaluated
//!
//! [`evaluate`] scores each query that is both in the qrels and in the run —
//! `pytrec_eval`'s (and plain `trec_eval`'s) behaviour and the default,
//! [`MissingQueries::Skip`]. With [`MissingQueries::CountAsZero`] (`trec_eval -c`)
//! every query in the qrels is scored, a query absent from the run getting 0.
//! Queries in the run but not in the qrels are ignored in both modes.
//!
//! Means are taken over the evaluated queries that have **at least one relevant
//! document** in the qrels ([`Evaluation::num_queries`]). Queries whose judgments
//! are all grade 0 are still listed per query (every metric 0, as `pytrec_eval`
//! reports them) but do not enter the means. Note that this differs from
//! `trec_eval`'s own averages, which include such queries as zeros.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::trec::{Grade, Qrels, Run, RunEntry};

/// Minimum grade for a document to count as relevant (`trec_eval -l`, default 1).
pub const RELEVANCE_LEVEL: Grade = 1;

/// A ranking metric.
///
/// Serialises (and displays) as its [label](Metric::label), e.g. `"nDCG@10"`.
///
/// ```
/// use jobmatch_eval::Metric;
/// assert_eq!(Metric::Ndcg(10).label(), "nDCG@10");
/// assert_eq!(Metric::Ndcg(10).trec_eval_name(), "ndcg_cut_10");
/// assert_eq!(Metric::STANDARD.len(), 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// nDCG at cutoff k (`ndcg_cut_k`).
    Ndcg(usize),
    /// Precision at cutoff k (`P_k`).
    Precision(usize),
    /// Recall at cutoff k (`recall_k`).
    Recall(usize),
    /// Mean reciprocal rank of the first relevant document (`recip_rank`).
    Mrr,
    /// Mean average precision (`map`).
    Map,
}

impl Metric {
    /// The metrics of the jobmatch benchmark table, in column order:
    /// nDCG@5, nDCG@10, nDCG@20, P@10, R@10, R@20, MRR, MAP.
    pub const STANDARD: [Metric; 8] = [
        Metric::Ndcg(5),
        Metric::Ndcg(10),
        Metric::Ndcg(20),
        Metric::Precision(10),
        Metric::Recall(10),
        Metric::Recall(20),
        Metric::Mrr,
        Metric::Map,
    ];

    /// Short display label: `nDCG@k`, `P@k`, `R@k`, `MRR`, `MAP`.
    pub fn label(&self) -> String {
        match self {
            Metric::Ndcg(k) => format!("nDCG@{k}"),
            Metric::Precision(k) => format!("P@{k}"),
            Metric::Recall(k) => format!("R@{k}"),
            Metric::Mrr => "MRR".to_owned(),
            Metric::Map => "MAP".to_owned(),
        }
    }

    /// The measure's name in `trec_eval` / `pytrec_eval` output, e.g. `ndcg_cut_10`.
    pub fn trec_eval_name(&self) -> String {
        match self {
            Metric::Ndcg(k) => format!("ndcg_cut_{k}"),
            Metric::Precision(k) => format!("P_{k}"),
            Metric::Recall(k) => format!("recall_{k}"),
            Metric::Mrr => "recip_rank".to_owned(),
            Metric::Map => "map".to_owned(),
        }
    }

    /// Computes the metric for one query.
    ///
    /// `ranked` holds the grade of each retrieved document in rank order (0 for
    /// documents absent from the qrels); `judged` holds the grades of all the
    /// query's judged documents (any order).
    ///
    /// ```
    /// use jobmatch_eval::Metric;
    /// let ranked = [0, 2, 1];
    /// let judged = [2, 1, 0];
    /// assert_eq!(Metric::Mrr.compute(&ranked, &judged), 0.5);
    /// assert_eq!(Metric::Recall(2).compute(&ranked, &judged), 0.5);
    /// ```
    pub fn compute(&self, ranked: &[Grade], judged: &[Grade]) -> f64 {
        let num_relevant = count_relevant(judged);
        match *self {
            Metric::Ndcg(k) => ndcg_at_k(ranked, judged, k),
            Metric::Precision(k) => precision_at_k(ranked, k),
            Metric::Recall(k) => recall_at_k(ranked, num_relevant, k),
            Metric::Mrr => reciprocal_rank(ranked),
            Metric::Map => average_precision(ranked, num_relevant),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for Metric {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.label())
    }
}

fn is_relevant(grade: Grade) -> bool {
    grade >= RELEVANCE_LEVEL
}

fn count_relevant(grades: &[Grade]) -> usize {
    grades.iter().filter(|&&g| is_relevant(g)).count()
}

/// Converts a count to f64 (exact below 2^53, i.e. always in practice).
#[allow(clippy::cast_precision_loss)]
fn to_f64(n: usize) -> f64 {
    n as f64
}

/// Discounted cumulative gain of the first `k` grades: `Σ grade / log2(rank + 1)`.
///
/// ```
/// let dcg = jobmatch_eval::metrics::dcg_at_k(&[3, 0, 1], 10);
/// assert!((dcg - (3.0 + 1.0 / 4f64.log2())).abs() < 1e-12);
/// ```
pub fn dcg_at_k(ranked: &[Grade], k: usize) -> f64 {
    ranked
        .iter()
        .take(k)
        .enumerate()
        .filter(|&(_, &g)| g > 0)
        .map(|(i, &g)| f64::from(g) / to_f64(i + 2).log2())
        .sum()
}

/// nDCG@k: DCG@k of `ranked` over the DCG@k of the ideal ordering of `judged`
/// (all the query's judged grades). 0 when the ideal DCG is 0 or `k` is 0.
///
/// ```
/// use jobmatch_eval::metrics::ndcg_at_k;
/// assert_eq!(ndcg_at_k(&[2, 1], &[1, 2], 10), 1.0);
/// assert_eq!(ndcg_at_k(&[0, 0], &[0], 10), 0.0);
/// ```
pub fn ndcg_at_k(ranked: &[Grade], judged: &[Grade], k: usize) -> f64 {
    let mut ideal: Vec<Grade> = judged.iter().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg = dcg_at_k(&ideal, k);
    if ideal_dcg > 0.0 {
        dcg_at_k(ranked, k) / ideal_dcg
    } else {
        0.0
    }
}

/// Precision@k: relevant documents among the first `k`, divided by `k`
/// (0 when `k` is 0).
///
/// ```
/// assert_eq!(jobmatch_eval::metrics::precision_at_k(&[1, 0, 2], 10), 0.2);
/// ```
pub fn precision_at_k(ranked: &[Grade], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    to_f64(count_relevant(&ranked[..k.min(ranked.len())])) / to_f64(k)
}

/// Recall@k: relevant documents among the first `k` divided by `num_relevant`,
/// the number of relevant documents in the qrels (0 when that is 0).
///
/// ```
/// assert_eq!(jobmatch_eval::metrics::recall_at_k(&[1, 0, 2], 4, 2), 0.25);
/// ```
pub fn recall_at_k(ranked: &[Grade], num_relevant: usize, k: usize) -> f64 {
    if num_relevant == 0 {
        return 0.0;
    }
    to_f64(count_relevant(&ranked[..k.min(ranked.len())])) / to_f64(num_relevant)
}

/// Reciprocal rank of the first relevant document (0 if none is retrieved).
///
/// ```
/// assert_eq!(jobmatch_eval::metrics::reciprocal_rank(&[0, 0, 0, 1]), 0.25);
/// ```
pub fn reciprocal_rank(ranked: &[Grade]) -> f64 {
    ranked
        .iter()
        .position(|&g| is_relevant(g))
        .map_or(0.0, |i| 1.0 / to_f64(i + 1))
}

/// Average precision: sum of precision at each retrieved relevant document,
/// divided by `num_relevant` (the qrels' count; 0 when that is 0).
///
/// ```
/// // relevant at ranks 1 and 3, three relevant documents judged:
/// let ap = jobmatch_eval::metrics::average_precision(&[1, 0, 1], 3);
/// assert!((ap - (1.0 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
/// ```
pub fn average_precision(ranked: &[Grade], num_relevant: usize) -> f64 {
    if num_relevant == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (i, &g) in ranked.iter().enumerate() {
        if is_relevant(g) {
            found += 1;
            sum += to_f64(found) / to_f64(i + 1);
        }
    }
    sum / to_f64(num_relevant)
}

/// Grades of a query's retrieved documents in rank order (0 for unjudged ones).
///
/// ```
/// use jobmatch_eval::{Qrels, Run, metrics::ranked_grades};
/// let qrels = Qrels::parse_str("q 0 a 2\n", "<qrels>")?;
/// let run = Run::parse_str("q Q0 a 1 0.5 r\nq Q0 b 2 0.9 r\n", "<run>")?;
/// assert_eq!(ranked_grades(qrels.query("q"), run.query("q").unwrap_or_default()), [0, 2]);
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
pub fn ranked_grades(
    judgments: Option<&BTreeMap<String, Grade>>,
    ranked: &[RunEntry],
) -> Vec<Grade> {
    ranked
        .iter()
        .map(|e| {
            judgments
                .and_then(|j| j.get(&e.docid))
                .copied()
                .unwrap_or(0)
        })
        .collect()
}

/// Which qrels queries [`evaluate`] scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum MissingQueries {
    /// Only queries present in both the qrels and the run (`pytrec_eval` default).
    #[default]
    Skip,
    /// Every qrels query; one absent from the run scores 0 (`trec_eval -c`).
    CountAsZero,
}

/// Metric values of one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryEval {
    /// Number of relevant (grade ≥ 1) documents judged for the query.
    pub num_relevant: usize,
    /// Whether the run retrieved anything for the query.
    pub in_run: bool,
    /// One value per metric, in the order of [`Evaluation::metrics`].
    pub values: Vec<f64>,
}

/// Mean of a metric over the queries of one group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupMean {
    /// Mean over the group's queries that count towards means; `None` if there are none.
    pub mean: Option<f64>,
    /// Number of the group's queries averaged.
    pub num_queries: usize,
}

/// Per-query and mean metric values of a run against qrels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The metrics, in the order used by [`Evaluation::means`] and [`QueryEval::values`].
    pub metrics: Vec<Metric>,
    /// Every evaluated query (see the [module docs](self)), by id.
    pub per_query: BTreeMap<String, QueryEval>,
    /// Mean of each metric over the queries with at least one relevant document
    /// (0 when there are none).
    pub means: Vec<f64>,
    /// Number of queries averaged: evaluated queries with ≥ 1 relevant document.
    pub num_queries: usize,
    /// Evaluated queries left out of the means because no document is relevant.
    pub num_queries_without_relevant: usize,
    /// Run queries ignored because the qrels do not judge them.
    pub num_unjudged_run_queries: usize,
    /// How queries missing from the run were treated.
    pub missing_queries: MissingQueries,
}

impl Evaluation {
    /// Mean value of `metric`, if it was computed.
    pub fn mean(&self, metric: Metric) -> Option<f64> {
        let i = self.metrics.iter().position(|&m| m == metric)?;
        self.means.get(i).copied()
    }

    /// Value of `metric` for query `qid`, if both were evaluated.
    pub fn query_value(&self, qid: &str, metric: Metric) -> Option<f64> {
        let i = self.metrics.iter().position(|&m| m == metric)?;
        self.per_query.get(qid)?.values.get(i).copied()
    }

    /// Mean of `metric` per group tag, over the queries that count towards the
    /// overall means (evaluated, ≥ 1 relevant document). `groups` maps a query id
    /// to its group tags; a query may be in several groups. Every tag mentioned
    /// in `groups` appears in the result.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use jobmatch_eval::{Metric, MissingQueries, Qrels, Run, evaluate};
    /// let qrels = Qrels::parse_str("s1 0 p1 1\ns2 0 p2 1\n", "<qrels>")?;
    /// let run = Run::parse_str("s1 Q0 p1 1 2 r\ns2 Q0 p9 1 2 r\ns2 Q0 p2 2 1 r\n", "<run>")?;
    /// let eval = evaluate(&qrels, &run, &[Metric::Mrr], MissingQueries::Skip);
    /// let groups = BTreeMap::from([
    ///     ("s1".to_owned(), vec!["junior".to_owned()]),
    ///     ("s2".to_owned(), vec!["senior".to_owned()]),
    /// ]);
    /// let by_group = eval.mean_by_group(Metric::Mrr, &groups);
    /// assert_eq!(by_group["junior"].mean, Some(1.0));
    /// assert_eq!(by_group["senior"].mean, Some(0.5));
    /// # Ok::<(), jobmatch_eval::EvalError>(())
    /// ```
    pub fn mean_by_group(
        &self,
        metric: Metric,
        groups: &BTreeMap<String, Vec<String>>,
    ) -> BTreeMap<String, GroupMean> {
        let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for (qid, tags) in groups {
            let value = self
                .per_query
                .get(qid)
                .filter(|q| q.num_relevant > 0)
                .and_then(|_| self.query_value(qid, metric));
            for tag in tags {
                let entry = sums.entry(tag.clone()).or_insert((0.0, 0));
                if let Some(v) = value {
                    entry.0 += v;
                    entry.1 += 1;
                }
            }
        }
        sums.into_iter()
            .map(|(tag, (sum, n))| {
                let mean = (n > 0).then(|| sum / to_f64(n));
                (
                    tag,
                    GroupMean {
                        mean,
                        num_queries: n,
                    },
                )
            })
            .collect()
    }
}

/// Evaluates `run` against `qrels` on `metrics` (see the [module docs](self) for
/// definitions and which queries count).
///
/// ```
/// use jobmatch_eval::{Metric, MissingQueries, Qrels, Run, evaluate};
/// let qrels = Qrels::parse_str("s1 0 p1 2\ns1 0 p2 1\ns2 0 p3 0\ns3 0 p1 1\n", "<qrels>")?;
/// let run = Run::parse_str("s1 Q0 p2 1 0.9 r\ns1 Q0 p1 2 0.8 r\ns2 Q0 p3 1 0.1 r\n", "<run>")?;
///
/// let eval = evaluate(&qrels, &run, &[Metric::Mrr, Metric::Map], MissingQueries::Skip);
/// assert_eq!(eval.num_queries, 1); // s2 has no relevant document, s3 is not in the run
/// assert_eq!(eval.mean(Metric::Mrr), Some(1.0));
/// assert_eq!(eval.query_value("s2", Metric::Map), Some(0.0));
///
/// let eval = evaluate(&qrels, &run, &[Metric::Mrr], MissingQueries::CountAsZero);
/// assert_eq!(eval.num_queries, 2); // s3 now counts, as 0
/// assert_eq!(eval.mean(Metric::Mrr), Some(0.5));
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
pub fn evaluate(
    qrels: &Qrels,
    run: &Run,
    metrics: &[Metric],
    missing: MissingQueries,
) -> Evaluation {
    let mut per_query = BTreeMap::new();
    for (qid, judgments) in qrels.queries() {
        let ranked = run.query(qid);
        if ranked.is_none() && missing == MissingQueries::Skip {
            continue;
        }
        let judged: Vec<Grade> = judgments.values().copied().collect();
        let grades = ranked_grades(Some(judgments), ranked.unwrap_or_default());
        let values = metrics
            .iter()
            .map(|m| m.compute(&grades, &judged))
            .collect();
        per_query.insert(
            qid.to_owned(),
            QueryEval {
                num_relevant: count_relevant(&judged),
                in_run: ranked.is_some(),
                values,
            },
        );
    }
    let mut sums = vec![0.0; metrics.len()];
    let mut num_queries = 0;
    for q in per_query.values().filter(|q| q.num_relevant > 0) {
        num_queries += 1;
        for (sum, v) in sums.iter_mut().zip(&q.values) {
            *sum += v;
        }
    }
    let means = sums
        .into_iter()
        .map(|s| {
            if num_queries > 0 {
                s / to_f64(num_queries)
            } else {
                0.0
            }
        })
        .collect();
    let num_unjudged_run_queries = run
        .queries()
        .filter(|(qid, _)| qrels.query(qid).is_none())
        .count();
    Evaluation {
        metrics: metrics.to_vec(),
        num_queries_without_relevant: per_query.len() - num_queries,
        per_query,
        means,
        num_queries,
        num_unjudged_run_queries,
        missing_queries: missing,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn ndcg_hand_computed() {
        // ranked grades 0,2,0,1 ; judged 2,1,1,0
        let ranked = [0, 2, 0, 1];
        let judged = [2, 1, 1, 0];
        let dcg = 2.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 2.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!(close(ndcg_at_k(&ranked, &judged, 10), dcg / idcg));
        // cut at 2: dcg = 2/log2(3), idcg = 2 + 1/log2(3)
        assert!(close(
            ndcg_at_k(&ranked, &judged, 2),
            (2.0 / 3f64.log2()) / (2.0 + 1.0 / 3f64.log2())
        ));
        assert_eq!(ndcg_at_k(&ranked, &judged, 0), 0.0);
        assert_eq!(ndcg_at_k(&[], &judged, 5), 0.0);
    }

    #[test]
    fn precision_recall_hand_computed() {
        let ranked = [1, 0, 3, 0, 0];
        assert!(close(precision_at_k(&ranked, 1), 1.0));
        assert!(close(precision_at_k(&ranked, 3), 2.0 / 3.0));
        assert!(close(precision_at_k(&ranked, 10), 0.2));
        assert_eq!(precision_at_k(&ranked, 0), 0.0);
        assert!(close(recall_at_k(&ranked, 4, 1), 0.25));
        assert!(close(recall_at_k(&ranked, 4, 10), 0.5));
        assert_eq!(recall_at_k(&ranked, 0, 10), 0.0);
    }

    #[test]
    fn mrr_and_map_hand_computed() {
        assert_eq!(reciprocal_rank(&[0, 0, 5]), 1.0 / 3.0);
        assert_eq!(reciprocal_rank(&[0, 0]), 0.0);
        // relevant at 2 and 4, 3 judged relevant: (1/2 + 2/4) / 3
        assert!(close(average_precision(&[0, 1, 0, 2], 3), 1.0 / 3.0));
        assert_eq!(average_precision(&[1], 0), 0.0);
    }

    #[test]
    fn evaluate_skips_and_counts() {
        let qrels = Qrels::parse_str("a 0 d1 1\nb 0 d1 1\nc 0 d1 0\n", "q").unwrap();
        let run = Run::parse_str("a Q0 d1 1 1 r\nc Q0 d1 1 1 r\nz Q0 d1 1 1 r\n", "r").unwrap();
        let e = evaluate(&qrels, &run, &Metric::STANDARD, MissingQueries::Skip);
        assert_eq!(e.num_queries, 1);
        assert_eq!(e.num_queries_without_relevant, 1);
        assert_eq!(e.num_unjudged_run_queries, 1);
        assert_eq!(e.mean(Metric::Map), Some(1.0));
        assert_eq!(e.mean(Metric::Precision(10)), Some(0.1));
        let e = evaluate(&qrels, &run, &Metric::STANDARD, MissingQueries::CountAsZero);
        assert_eq!(e.num_queries, 2);
        assert_eq!(e.mean(Metric::Map), Some(0.5));
        assert!(!e.per_query["b"].in_run);
    }

    #[test]
    fn metric_serializes_as_label() {
        assert_eq!(
            serde_json::to_string(&Metric::Recall(20)).unwrap(),
            "\"R@20\""
        );
    }

    type Case = (Vec<(String, String, u32)>, Vec<(String, String, f64)>);

    fn arb_case() -> impl Strategy<Value = Case> {
        let qrels = prop::collection::vec(("q[0-3]", "d[0-9]", 0u32..4), 0..40);
        let run = prop::collection::vec(
            ("q[0-4]", "d[0-9]", prop_oneof![-2.0f64..2.0, Just(0.5)]),
            0..60,
        );
        (qrels, run)
    }

    fn build(
        qrels_rows: &[(String, String, u32)],
        run_rows: &[(String, String, f64)],
    ) -> (Qrels, String) {
        let mut qrels = Qrels::new();
        for (q, d, g) in qrels_rows {
            qrels.insert(q, d, *g).unwrap();
        }
        let mut seen = std::collections::HashSet::new();
        let mut text = String::new();
        for (i, (q, d, s)) in run_rows.iter().enumerate() {
            if seen.insert((q.clone(), d.clone())) {
                text.push_str(&format!("{q} Q0 {d} {} {s} r\n", i + 1));
            }
        }
        (qrels, text)
    }

    proptest! {
        #[test]
        fn metrics_in_unit_interval((q, r) in arb_case()) {
            let (qrels, text) = build(&q, &r);
            let run = Run::parse_str(&text, "r").unwrap();
            for missing in [MissingQueries::Skip, MissingQueries::CountAsZero] {
                let e = evaluate(&qrels, &run, &Metric::STANDARD, missing);
                for v in e.means.iter().chain(e.per_query.values().flat_map(|q| q.values.iter())) {
                    prop_assert!((0.0..=1.0 + 1e-12).contains(v), "{v}");
                }
            }
        }

        #[test]
        fn ideal_ranking_has_ndcg_one(grades in prop::collection::vec(0u32..5, 1..30), k in 1usize..25) {
            let mut ideal = grades.clone();
            ideal.sort_unstable_by(|a, b| b.cmp(a));
            let v = ndcg_at_k(&ideal, &grades, k);
            if grades.iter().any(|&g| g > 0) {
                prop_assert!((v - 1.0).abs() < 1e-12, "{v}");
            } else {
                prop_assert_eq!(v, 0.0);
            }
        }

        #[test]
        fn ideal_run_from_qrels_scores_one(q in prop::collection::vec(("q[0-3]", "d[0-9]", 1u32..4), 1..30)) {
            // Score each judged doc by its grade: the run is then an ideal ranking.
            let (qrels, _) = build(&q, &[]);
            let mut run = Run::new("ideal").unwrap();
            for (qid, docs) in qrels.queries() {
                run.set_query(qid, docs.iter().map(|(d, &g)| (d.clone(), f64::from(g)))).unwrap();
            }
            let e = evaluate(&qrels, &run, &[Metric::Ndcg(5), Metric::Ndcg(10), Metric::Map, Metric::Mrr], MissingQueries::Skip);
            for v in &e.means {
                prop_assert!((v - 1.0).abs() < 1e-12, "{v}");
            }
        }

        #[test]
        fn run_line_order_does_not_matter((q, r) in arb_case(), seed in any::<u64>()) {
            use rand::seq::SliceRandom;
            use rand::SeedableRng;
            let (qrels, text) = build(&q, &r);
            let mut lines: Vec<&str> = text.lines().collect();
            lines.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
            let shuffled = lines.join("\n");
            let a = Run::parse_str(&text, "r").unwrap();
            let b = Run::parse_str(&shuffled, "r").unwrap();
            prop_assert_eq!(&a, &b);
            let ea = evaluate(&qrels, &a, &Metric::STANDARD, MissingQueries::Skip);
            let eb = evaluate(&qrels, &b, &Metric::STANDARD, MissingQueries::Skip);
            prop_assert_eq!(ea, eb);
        }
    }
}
