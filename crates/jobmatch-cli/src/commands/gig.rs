//! `jobmatch gig`: the gig counter — gig postings for a seeker, or seekers for
//! a gig posting, nearest first, with the reasons.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use jobmatch::gig::{GigBoard, GigMatch, GigOptions};
use jobmatch::model::DateTime;

use super::{Global, bad_input, default_index_dir, open_index};

/// Gig postings whose shifts fit a seeker's availability (or seekers for a gig
/// posting), sorted by distance, then soonest start, with the reasons.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["seeker", "posting", "bench"])))]
pub struct Args {
    /// A seeker's id: her gig postings.
    #[arg(long, value_name = "ID")]
    pub seeker: Option<String>,
    /// A gig posting's id: the seekers who can take it.
    #[arg(long, value_name = "ID")]
    pub posting: Option<String>,
    /// Answer for every seeker and every gig posting and print the latency
    /// (p50, p99) of one answer.
    #[arg(long)]
    pub bench: bool,
    /// How many results.
    #[arg(short, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub k: u64,
    /// The present moment (RFC 3339, e.g. 2026-11-27T08:00:00+08:00): shifts
    /// that ended before it do not count [default: now].
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn now(text: Option<&str>) -> Result<DateTime> {
    match text {
        Some(t) => DateTime::parse(t).ok_or_else(|| {
            bad_input(format!(
                "--now `{t}`: expected RFC 3339, e.g. 2026-11-27T08:00:00+08:00"
            ))
        }),
        None => Ok(DateTime(chrono::Utc::now().timestamp())),
    }
}

/// Runs the command.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let engine = open_index(&args.index, global, None)?;
    let snapshot = engine.snapshot()?;
    let board = GigBoard::new(&snapshot);
    let options = GigOptions::new(now(args.now.as_deref())?, args.k as usize);
    if args.bench {
        return bench(&snapshot, &board, &options);
    }
    let started = Instant::now();
    let (found, heading) = match (&args.seeker, &args.posting) {
        (Some(id), _) => (
            board.for_seeker(id, &options)?,
            format!("gig postings for seeker {id}"),
        ),
        (None, Some(id)) => (
            board.for_posting(id, &options)?,
            format!("seekers for gig posting {id}"),
        ),
        (None, None) => return Err(bad_input("give --seeker ID or --posting ID")),
    };
    let took = started.elapsed();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{heading} ({} found in {:.2} ms):",
        found.len(),
        took.as_secs_f64() * 1e3
    )?;
    print(&mut out, &found)
}

fn print(out: &mut impl Write, found: &[GigMatch]) -> Result<()> {
    if found.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for (i, m) in found.iter().enumerate() {
        let label = match &m.title {
            Some(t) => format!("{t} [{}]", m.id),
            None => m.id.clone(),
        };
        let distance = m
            .distance_km
            .map_or("? km".to_string(), |d| format!("{d} km"));
        let start = m.next_shift.map_or("any time".to_string(), |r| {
            chrono::DateTime::from_timestamp(r.start.0, 0)
                .map(|t| {
                    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| {
                        chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
                    }))
                    .format("%m-%d %H:%M")
                    .to_string()
                })
                .unwrap_or_default()
        });
        writeln!(
            out,
            "{:>3}. {distance:>9}  next {start}  {label}  @ {}",
            i + 1,
            m.place.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "       {}", m.reasons.join("; "))?;
    }
    Ok(())
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn bench(snapshot: &jobmatch::Snapshot, board: &GigBoard<'_>, options: &GigOptions) -> Result<()> {
    let mut seeker_ms = Vec::new();
    let mut found = 0usize;
    for id in snapshot.seeker_ids() {
        let t = Instant::now();
        found += board.for_seeker(id, options)?.len();
        seeker_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut posting_ms = Vec::new();
    for id in snapshot.posting_ids() {
        if !snapshot.posting(id).is_some_and(jobmatch::gig::is_gig) {
            continue;
        }
        let t = Instant::now();
        found += board.for_posting(id, options)?.len();
        posting_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    seeker_ms.sort_by(f64::total_cmp);
    posting_ms.sort_by(f64::total_cmp);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "gig board: {} gig postings; {found} results in all",
        board.gig_count()
    )?;
    writeln!(
        out,
        "--seeker  ({} queries): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        seeker_ms.len(),
        percentile(&seeker_ms, 0.5),
        percentile(&seeker_ms, 0.99),
        seeker_ms.last().copied().unwrap_or(0.0)
    )?;
    writeln!(
        out,
        "--posting ({} queries): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        posting_ms.len(),
        percentile(&posting_ms, 0.5),
        percentile(&posting_ms, 0.99),
        posting_ms.last().copied().unwrap_or(0.0)
    )?;
    Ok(())
}
