//! `jobmatch candidates`: the best seekers for one posting.

use std::path::PathBuf;

use anyhow::Result;
use jobmatch::MatchOptions;

use super::{Global, date_or_today, default_index_dir, open_index, print_matches};

/// The best seekers for an indexed posting: score, seeker id, place and the
/// reasons. Empty when the posting has expired or has no openings on the date.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The posting's id.
    #[arg(long, value_name = "ID")]
    pub posting: String,
    /// How many seekers.
    #[arg(short, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub k: u64,
    /// Day to judge expiry against (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
    /// Candidates retrieved before exact scoring [default: the engine's, 600].
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
    let matches = snapshot.candidates(&args.posting, &MatchOptions::new(args.k as usize, date))?;
    print_matches(
        &matches,
        args.json,
        &format!("seekers for posting {} on {date}:", args.posting),
    )
}
