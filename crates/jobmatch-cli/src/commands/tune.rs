//! `jobmatch tune`: learn feature weights from judgments.

use std::path::PathBuf;

use anyhow::{Context, Result};
use jobmatch::eval::{self, Direction, EvalOptions, TuneOptions};

use super::eval::{open_engine, read_qrels};
use super::{Global, bad_input, date_or_today};

/// Learn feature weights from graded judgments (coordinate ascent on nDCG@10
/// over a training split of the queries) and write them as TOML.
/// Starts from the global `--config WEIGHTS.toml`, or the built-in weights.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Postings (JSON Lines).
    #[arg(long, value_name = "FILE", requires = "seekers")]
    pub postings: Option<PathBuf>,
    /// Seekers (JSON Lines).
    #[arg(long, value_name = "FILE", requires = "postings")]
    pub seekers: Option<PathBuf>,
    /// Use an existing index directory instead of the two files.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["postings", "seekers"])]
    pub index: Option<PathBuf>,
    /// Graded judgments in TREC qrels format.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// `postings`: each seeker is a query; `seekers`: each live posting is a query.
    #[arg(long, default_value = "postings", value_parser = ["postings", "seekers"])]
    pub direction: String,
    /// Where to write the tuned weights (TOML, accepted by every `--config`).
    #[arg(long, value_name = "WEIGHTS.toml")]
    pub out: PathBuf,
    /// Share of queries used for training; the rest is held out.
    #[arg(long, default_value_t = 0.7)]
    pub train_share: f64,
    /// Evaluation day (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `jobmatch tune`.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let direction: Direction = args.direction.parse()?;
    if !(args.train_share > 0.0 && args.train_share < 1.0) {
        return Err(bad_input(
            "--train-share must be between 0 and 1 (exclusive)",
        ));
    }
    let qrels = read_qrels(&args.qrels)?;
    let as_of = date_or_today(args.date.as_deref())?;
    let engine = open_engine(
        args.postings.as_deref(),
        args.seekers.as_deref(),
        args.index.as_deref(),
        global,
    )?;
    let snapshot = engine.snapshot()?;
    let mut options = TuneOptions::new(EvalOptions::new(direction, as_of));
    options.train_share = args.train_share;
    let report = eval::tune(&snapshot, &qrels, &options)?;
    let header = format!(
        "# tuned by `jobmatch tune` (direction {}, {} training queries):\n\
         # nDCG@{k} held out {:.4} -> {:.4}, training {:.4} -> {:.4}\n",
        direction.name(),
        report.train_queries,
        report.heldout_before,
        report.heldout_after,
        report.train_before,
        report.train_after,
        k = report.cutoff,
    );
    let text = format!("{header}{}", report.weights.to_toml_string());
    std::fs::write(&args.out, text).with_context(|| format!("writing {}", args.out.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_text());
        println!("\nweights written to {}", args.out.display());
    }
    Ok(())
}
