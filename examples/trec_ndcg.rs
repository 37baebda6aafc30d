//! nDCG@10 (and nDCG@20, P@10) of TREC run files against qrels, with the
//! `jobmatch-eval` crate (the metrics `jobmatch eval` prints, cross-checked
//! against `pytrec_eval`). Every query in the qrels counts; a query missing
//! from a run scores 0 (`trec_eval -c`); means are over the queries with at
//! least one relevant judgment. Used by `benches/baselines/compare.sh`.
//!
//! `cargo run --release --example trec_ndcg -- QRELS RUN...`
//!
//! Prints one line per run: `RUN queries nDCG@10 nDCG@20 P@10`.
use jobmatch_eval::{Metric, MissingQueries, Qrels, Run, evaluate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let qrels = args
        .next()
        .ok_or("usage: trec_ndcg QRELS RUN... (TREC qrels and run files)")?;
    let qrels = Qrels::from_path(&qrels)?;
    let metrics = [Metric::Ndcg(10), Metric::Ndcg(20), Metric::Precision(10)];
    println!(
        "{:<40} {:>8} {:>8} {:>8} {:>8}",
        "run", "queries", "nDCG@10", "nDCG@20", "P@10"
    );
    let mut any = false;
    for path in args {
        any = true;
        let run = Run::from_path(&path)?;
        let eval = evaluate(&qrels, &run, &metrics, MissingQueries::CountAsZero);
        let mean = |m| eval.mean(m).unwrap_or(f64::NAN);
        println!(
            "{:<40} {:>8} {:>8.4} {:>8.4} {:>8.4}",
            path,
            eval.num_queries,
            mean(Metric::Ndcg(10)),
            mean(Metric::Ndcg(20)),
            mean(Metric::Precision(10))
        );
    }
    if !any {
        return Err("no run file given".into());
    }
    Ok(())
}
