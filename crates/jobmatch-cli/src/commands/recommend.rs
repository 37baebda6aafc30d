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
    /// Candidates retrieved before exact scoring [default: the engine's, 600].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub pool_size: Option<u64>,
    /// Not personalised (PIPL art. 24, for a seeker who opted out): the newest
    /// live postings, chosen without any part of the seeker's profile.
    #[arg(long)]
    pub non_personalised: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    let engine = open_index(&args.index, global, args.pool_size.map(|p| p as usize))?;
    let snapshot = engine.snapshot()?;
    let options = MatchOptions::new(args.k as usize, date);
    let matches = if args.non_personalised {
        if snapshot.seeker(&args.seeker).is_none() {
            return Err(jobmatch::Error::NotFound {
                kind: "seeker",
                id: args.seeker.clone(),
            }
            .into());
        }
        snapshot.recommend_non_personalised(&options)
    } else {
        snapshot.recommend_postings(&args.seeker, &options)?
    };
    print_matches(
        &matches,
        args.json,
        &format!("postings for seeker {} on {date}:", args.seeker),
    )
}
