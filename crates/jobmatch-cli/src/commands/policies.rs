//! `jobmatch policies`: policy finds people (政策找人) — the seekers and
//! employers eligible under each declared entitlement rule.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use jobmatch::entitlement::{Entitlements, evaluate};

use super::{Global, date_or_today, default_index_dir, input_file, open_index};

/// Lists, per entitlement rule (subsidies.toml), the eligible seekers (and
/// employers, from postings) with the conditions each satisfies, as JSON
/// Lines, and prints a count table.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The eligibility rules (TOML; see datasets/policies/subsidies.toml).
    #[arg(long, value_name = "FILE")]
    pub policies: PathBuf,
    /// Write the JSON Lines here [default: stdout, and the table to stderr].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD): `live` and `within_days` are judged on it [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
}

/// Runs the command; a closed stdout (piped into `head`) is not a failure.
pub fn run(args: Args, global: &Global) -> Result<()> {
    match run_inner(args, global) {
        Err(e) if super::is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn run_inner(args: Args, global: &Global) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    input_file(&args.policies, "policy file")?;
    let rules = Entitlements::from_file(&args.policies)?;
    let engine = open_index(&args.index, global, None)?;
    let started = std::time::Instant::now();
    let snapshot = engine.snapshot()?;
    let opened = started.elapsed();
    let report = evaluate(&snapshot, &rules, date);
    let evaluated = started.elapsed() - opened;
    let mut lines = Vec::new();
    for e in &report.eligible {
        serde_json::to_writer(&mut lines, e)?;
        lines.push(b'\n');
    }
    let table = report.table();
    let timing = format!(
        "{} rules over {} seekers and {} postings: snapshot {:.2} s, evaluation {:.3} s\n",
        rules.entitlements.len(),
        snapshot.seeker_count(),
        snapshot.posting_count(),
        opened.as_secs_f64(),
        evaluated.as_secs_f64()
    );
    match &args.out {
        Some(path) => {
            jobmatch::push::write_atomic(&super::with_dir(path), &lines)?;
            let mut out = std::io::stdout().lock();
            write!(out, "{table}{timing}")?;
            writeln!(
                out,
                "{} eligible records written to {}",
                report.eligible.len(),
                path.display()
            )?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&lines)?;
            eprint!("{table}{timing}");
        }
    }
    Ok(())
}
