//! Evaluation core of jobmatch: works on any TREC run and qrels, independent of
//! the matching engine.
//!
//! * [`trec`]: read/write TREC qrels ([`Qrels`]) and runs ([`Run`]); runs are kept
//!   in exactly the order `trec_eval` ranks them (score descending as `f32`,
//!   ties by document id descending).
//! * [`metrics`]: nDCG@k, P@k, R@k, MRR and MAP with `trec_eval`/`pytrec_eval`
//!   semantics, per query and averaged ([`evaluate`]).
//! * [`market`]: coverage, concentration (Gini of exposure) and nDCG by group.
//! * [`table`]: a [`MetricTable`] of methods side by side, as text or JSON.
//!
//! The metrics are cross-checked against `pytrec_eval` by the integration test
//! `tests/pytrec_crosscheck.rs`.
//!
//! ```
//! use jobmatch_eval::{Metric, MissingQueries, Qrels, Run, evaluate};
//! let qrels = Qrels::parse_str("s1 0 p1 2\ns1 0 p2 1\n", "qrels.txt")?;
//! let run = Run::parse_str("s1 Q0 p2 1 0.9 engine\ns1 Q0 p1 2 0.4 engine\n", "run.txt")?;
//! let eval = evaluate(&qrels, &run, &Metric::STANDARD, MissingQueries::default());
//! assert_eq!(eval.num_queries, 1);
//! assert_eq!(eval.mean(Metric::Map), Some(1.0));
//! assert!(eval.mean(Metric::Ndcg(10)).is_some_and(|v| v < 1.0));
//! # Ok::<(), jobmatch_eval::EvalError>(())
//! ```
#![deny(missing_docs)]

mod error;
pub mod market;
pub mod metrics;
pub mod table;
pub mod trec;

pub use error::EvalError;
pub use metrics::{Evaluation, GroupMean, Metric, MissingQueries, QueryEval, evaluate};
pub use table::{Column, Goal, MethodSummary, MetricTable, Row};
pub use trec::{Grade, Qrels, Run, RunEntry};
