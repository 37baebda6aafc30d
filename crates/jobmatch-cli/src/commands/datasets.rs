//! `jobmatch datasets`: sample data.

use std::path::PathBuf;

use anyhow::Result;
use jobmatch_datagen::{GenConfig, generate};

use super::{Global, bad_input};

/// Sample datasets.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do with datasets.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Generate a synthetic Jilin job market: postings.jsonl, seekers.jsonl,
    /// trainings.jsonl, qrels-postings.txt, qrels-seekers.txt, stats.json. The
    /// same sizes and seed give byte-identical files.
    Generate(GenerateArgs),
}

/// Options of `datasets generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of job postings.
    #[arg(long, value_name = "N")]
    pub postings: usize,
    /// Number of job seekers.
    #[arg(long, value_name = "M")]
    pub seekers: usize,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 20261127)]
    pub seed: u64,
    /// Output directory (created when absent; files are replaced atomically).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Runs the command.
pub fn run(args: Args, _global: &Global) -> Result<()> {
    match args.command {
        Command::Generate(a) => {
            if a.out.exists() && !a.out.is_dir() {
                return Err(bad_input(format!(
                    "--out {} exists and is not a directory",
                    a.out.display()
                )));
            }
            let config = GenConfig::new(a.postings, a.seekers, a.seed);
            let stats = generate(&config, &a.out)?;
            outln!(
                "generated {} postings, {} seekers, {} trainings, {} + {} judgments in {}",
                stats.postings,
                stats.seekers,
                stats.trainings,
                stats.qrels_postings,
                stats.qrels_seekers,
                a.out.display()
            );
            Ok(())
        }
    }
}
