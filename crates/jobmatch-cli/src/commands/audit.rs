//! `jobmatch audit`: what a priority policy does, per group, before and after.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use jobmatch::policy::{AuditSettings, Policy, audit};

use super::{Global, date_or_today, default_index_dir, input_file, open_index};

/// Per group: the share of seekers served, the mean rank and score of their
/// pushes, without and with a policy file (a simulation of the push's capacity
/// allocation on the index).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The policy file (TOML); without it the audit compares no policy with itself.
    #[arg(long, value_name = "POLICY.toml")]
    pub policy: Option<PathBuf>,
    /// Day of the simulated push (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Pushes per seeker.
    #[arg(short, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub k: u64,
    /// Seekers per opening a posting may be pushed to.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub cap_per_opening: u32,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
    /// Write the JSON report here.
    #[arg(long, value_name = "FILE")]
    pub json_out: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    let policy = match &args.policy {
        Some(path) => {
            input_file(path, "policy file")?;
            Policy::from_file(path)?
        }
        None => Policy::none(),
    };
    let engine = open_index(&args.index, global, None)?;
    let snapshot = engine.snapshot()?;
    let mut settings = AuditSettings::new(date);
    settings.k = args.k as usize;
    settings.cap_per_opening = args.cap_per_opening;
    let report = audit(&snapshot, &policy, &settings)?;
    let mut out = std::io::stdout().lock();
    write!(out, "{}", report.table())?;
    if let Some(path) = &args.json_out {
        jobmatch::push::write_atomic(path, &serde_json::to_vec_pretty(&report)?)?;
        writeln!(out, "report written to {}", path.display())?;
    }
    Ok(())
}
