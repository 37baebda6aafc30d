//! `jobmatch stats`: supply and demand per region and occupation, with what
//! the last push could not place; JSON, CSV and an HTML heat map.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use jobmatch::market::{LastPush, Names, heatmap_html, market_stats};
use jobmatch::push::WorkDir;

use super::{DEFAULT_WORK_DIR, Global, bad_input, date_or_today, default_index_dir, open_index};

/// Postings, openings, seekers, openings per seeker, postings the last push
/// sent to no one and seekers it gave nothing, per city and county × occupation
/// major and middle group.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output directory: stats.json, stats.csv, stats.html.
    #[arg(long, value_name = "DIR", default_value = "jobmatch-stats")]
    pub out: PathBuf,
    /// Day the postings are judged live on (YYYY-MM-DD) [default: the last push's date, else today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Work directory whose push history names the last push.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_WORK_DIR)]
    pub work: PathBuf,
    /// Read the last push from this output directory instead (postings.tsv, pushes.jsonl).
    #[arg(long, value_name = "DIR", conflicts_with = "no_push")]
    pub push_out: Option<PathBuf>,
    /// Ignore pushes: the unfilled and unserved columns are 0.
    #[arg(long)]
    pub no_push: bool,
    /// Province division code: regions outside it are counted as `(outside)`.
    #[arg(long, default_value = "22")]
    pub province: String,
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
    if args.province.is_empty() || !args.province.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_input(
            "--province: expected a division code (digits), e.g. 22",
        ));
    }
    let last = if args.no_push {
        None
    } else if let Some(dir) = &args.push_out {
        if !dir.is_dir() {
            return Err(bad_input(format!(
                "--push-out {} is not a directory",
                dir.display()
            )));
        }
        Some(LastPush::read_dir(dir)?)
    } else {
        LastPush::latest(&WorkDir::new(&args.work))?
    };
    let date = match (&args.date, last.as_ref().and_then(|l| l.date)) {
        (None, Some(d)) => d,
        (text, _) => date_or_today(text.as_deref())?,
    };
    if last.is_none() && !args.no_push {
        tracing::warn!(
            work = %args.work.display(),
            "no finished push found: the unfilled and unserved columns are 0"
        );
    }
    let engine = open_index(&args.index, global, None)?;
    let snapshot = engine.snapshot()?;
    let taxonomy = jobmatch::classify::Shipped::Cn2022Plain.load()?;
    let names = Names::default()
        .with_taxonomy(&taxonomy)
        .with_posting_places(snapshot.posting_ids().filter_map(|id| snapshot.posting(id)));
    let stats = market_stats(&snapshot, date, &args.province, last.as_ref(), &names);
    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    jobmatch::push::write_atomic(
        &args.out.join("stats.json"),
        &serde_json::to_vec_pretty(&stats)?,
    )?;
    jobmatch::push::write_atomic(&args.out.join("stats.csv"), stats.to_csv().as_bytes())?;
    let title = format!("Supply and demand, {date}");
    jobmatch::push::write_atomic(
        &args.out.join("stats.html"),
        heatmap_html(&stats, &title).as_bytes(),
    )?;
    let mut out = std::io::stdout().lock();
    match &stats.last_push {
        Some(p) => writeln!(
            out,
            "date {date}; last push: {}",
            p.date
                .map(|d| d.to_string())
                .or_else(|| p.dir.clone())
                .unwrap_or_default()
        )?,
        None => writeln!(out, "date {date}; no push")?,
    }
    write!(out, "{}", stats.table("city"))?;
    writeln!(
        out,
        "({} postings not live on {date} are not counted) written to {}/stats.{{json,csv,html}}",
        stats.postings_not_live,
        args.out.display()
    )?;
    Ok(())
}
