//! `jobmatch eval`: rank every query with the engine (and, with judgments, with
//! the baselines) and print the benchmark table.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use jobmatch::eval::jobmatch_eval::Qrels;
use jobmatch::eval::{self, Direction, EvalOptions, Method};
use jobmatch::{Engine, Snapshot};

use super::{Global, bad_input, date_or_today, input_file, open_index};

/// Benchmark match quality: engine against random, popularity, BM25 and
/// skills-only baselines, on graded judgments (TREC qrels).
/// The weights come from the global `--config WEIGHTS.toml` (e.g. written by `jobmatch tune`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Postings (JSON Lines); with --seekers, a temporary in-memory index is built.
    #[arg(long, value_name = "FILE", requires = "seekers")]
    pub postings: Option<PathBuf>,
    /// Seekers (JSON Lines).
    #[arg(long, value_name = "FILE", requires = "postings")]
    pub seekers: Option<PathBuf>,
    /// Use an existing index directory instead of the two files.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["postings", "seekers"])]
    pub index: Option<PathBuf>,
    /// Graded judgments in TREC qrels format; without them only the run is produced.
    #[arg(long, value_name = "FILE")]
    pub qrels: Option<PathBuf>,
    /// `postings`: each seeker is a query; `seekers`: each live posting is a query.
    #[arg(long, default_value = "postings", value_parser = ["postings", "seekers"])]
    pub direction: String,
    /// Documents kept per query.
    #[arg(long, default_value_t = eval::DEFAULT_K)]
    pub k: usize,
    /// Write the engine's ranking here in TREC run format.
    #[arg(long, value_name = "FILE")]
    pub run_out: Option<PathBuf>,
    /// Print the results as one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Write an HTML report with charts into this directory.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Evaluation day (YYYY-MM-DD): expiry and freshness are judged against it. Default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// Opens the engine from `--index` or builds it in memory from the two files.
pub(crate) fn open_engine(
    postings: Option<&Path>,
    seekers: Option<&Path>,
    index: Option<&Path>,
    global: &Global,
) -> Result<Engine> {
    if let Some(dir) = index {
        return open_index(dir, global, None);
    }
    let (Some(p), Some(s)) = (postings, seekers) else {
        return Err(bad_input(
            "give --postings FILE and --seekers FILE, or --index DIR",
        ));
    };
    input_file(p, "postings file")?;
    input_file(s, "seekers file")?;
    let builder = Engine::builder()
        .weights(global.weights()?)
        .inference(global.inference());
    let loaded = eval::engine_from_files_with(p, s, builder)?;
    for (what, report) in [("postings", &loaded.postings), ("seekers", &loaded.seekers)] {
        tracing::info!(
            "{what}: {} read, {} accepted, {} rejected",
            report.read,
            report.accepted,
            report.rejected
        );
    }
    Ok(loaded.engine)
}

/// Reads a qrels file.
pub(crate) fn read_qrels(path: &Path) -> Result<Qrels> {
    input_file(path, "qrels file")?;
    Qrels::from_path(path)
        .map_err(|e| bad_input(e.to_string()))
        .with_context(|| format!("reading {}", path.display()))
}

/// Runs `jobmatch eval`.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let direction: Direction = args.direction.parse()?;
    let as_of = date_or_today(args.date.as_deref())?;
    if args.k == 0 {
        return Err(bad_input("--k must be at least 1"));
    }
    let engine = open_engine(
        args.postings.as_deref(),
        args.seekers.as_deref(),
        args.index.as_deref(),
        global,
    )?;
    let snapshot = engine.snapshot()?;
    let options = EvalOptions {
        k: args.k,
        ..EvalOptions::new(direction, as_of)
    };
    let qrels = args.qrels.as_deref().map(read_qrels).transpose()?;
    match qrels {
        None => rank_only(&snapshot, &options, &args),
        Some(qrels) => benchmark(&snapshot, &qrels, &options, &args),
    }
}

fn rank_only(snapshot: &Snapshot, options: &EvalOptions, args: &Args) -> Result<()> {
    let queries = eval::queries(snapshot, options, None);
    let run = eval::rank(snapshot, &Method::Engine, &queries, options)?;
    if let Some(path) = &args.run_out {
        run.write_to_path(path)?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "direction": options.direction,
                "as_of": options.as_of.to_string(),
                "k": options.k,
                "queries_ranked": run.num_queries(),
                "run_out": args.run_out,
            })
        );
    } else {
        println!(
            "ranked {} queries (direction {}, date {}, top {}){}",
            run.num_queries(),
            options.direction.name(),
            options.as_of,
            options.k,
            args.run_out
                .as_ref()
                .map(|p| format!("; run written to {}", p.display()))
                .unwrap_or_else(|| "; no --qrels, no --run-out: nothing else to do".into())
        );
    }
    if args.report.is_some() {
        tracing::warn!("--report needs --qrels; no report written");
    }
    Ok(())
}

fn benchmark(snapshot: &Snapshot, qrels: &Qrels, options: &EvalOptions, args: &Args) -> Result<()> {
    let result = eval::benchmark(snapshot, qrels, options)?;
    if let Some(path) = &args.run_out
        && let Some(engine) = result.methods.first()
    {
        engine.run.write_to_path(path)?;
    }
    if let Some(dir) = &args.report {
        let path = eval::write_report(&result, dir)?;
        tracing::info!("report written to {}", path.display());
    }
    if args.json {
        println!("{}", result.to_json()?);
    } else {
        print!("{}", result.to_text()?);
    }
    Ok(())
}
