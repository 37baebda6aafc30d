//! `jobmatch recommend`: the best postings for one seeker.

use std::path::PathBuf;

use anyhow::Result;
use jobmatch::MatchOptions;

use super::{Global, date_or_today, default_index_dir, open_index, print_matches};

/// The best postings for an indexed seeker: score, title, place and the
/// reasons (top features, matched and missing skills, distance).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The seeker's id.
    #[arg(long, value_name = "ID")]
    pub seeker: String,
    /// How many postings.
    #[arg(short, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub k: u64,
    /// Day to judge expiry against (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
    /// Candidates retrieved before exact scoring [default: the engine's, 400].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub pool_size: Option<u64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    let engine = open_index(&args.index, global, args.pool_size.map(|p| p as usize))?;
    let snapshot = engine.snapshot()?;
    let matches =
        snapshot.recommend_postings(&args.seeker, &MatchOptions::new(args.k as usize, date))?;
    print_matches(
        &matches,
        args.json,
        &format!("postings for seeker {} on {date}:", args.seeker),
    )
}
