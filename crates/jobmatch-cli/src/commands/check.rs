//! `jobmatch check`: posting checks (discrimination, fraud signals, duplicates)
//! over a postings file, with an optional precision/recall score against labels.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use jobmatch::checks::{CheckMode, CheckReport, LabelReport, check_postings, score_labels};
use jobmatch::load::{LoadOptions, load_postings};

use super::{Global, bad_input, input_file};

/// Checks every posting of a file: discriminatory requirements, fraud signals,
/// pay outliers and duplicates. Prints each flag with its reason and writes a
/// JSON report; with `--labels`, prints precision and recall per flag kind.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Postings to check (JSON Lines).
    #[arg(long, value_name = "FILE")]
    pub postings: PathBuf,
    /// Write the JSON report here.
    #[arg(long, value_name = "FILE")]
    pub json_out: Option<PathBuf>,
    /// Expected flags per posting (JSON Lines `{"id", "flags": [kind]}`):
    /// print precision and recall per kind.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,
    /// More postings (e.g. the whole index's file) that only inform the pay
    /// ranges per occupation and city; not reported.
    #[arg(long, value_name = "FILE")]
    pub reference: Option<PathBuf>,
    /// `withhold` (default), `flag-only` or `off`: decides the `withheld` column.
    #[arg(long, default_value = "withhold", value_name = "MODE")]
    pub mode: String,
    /// Print only the summary (and the scores), not every flag.
    #[arg(long)]
    pub summary_only: bool,
}

/// Runs the command.
pub fn run(args: Args, _global: &Global) -> Result<()> {
    let mode = CheckMode::parse(&args.mode).ok_or_else(|| {
        bad_input(format!(
            "--mode `{}`: expected withhold, flag-only or off",
            args.mode
        ))
    })?;
    input_file(&args.postings, "postings file")?;
    let loaded = load_postings(&args.postings, &LoadOptions::lenient())?;
    if loaded.report.rejected > 0 {
        tracing::warn!(
            rejected = loaded.report.rejected,
            "some postings failed validation and were skipped"
        );
    }
    let reference = match &args.reference {
        Some(path) => {
            input_file(path, "reference postings file")?;
            load_postings(path, &LoadOptions::lenient())?.records
        }
        None => Vec::new(),
    };
    let report = check_postings(&loaded.records, &reference, mode);
    let mut out = std::io::stdout().lock();
    if !args.summary_only {
        print_flags(&mut out, &report)?;
    }
    print_summary(&mut out, &report)?;
    let scores = match &args.labels {
        Some(path) => {
            input_file(path, "labels file")?;
            let file =
                std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
            let scores = score_labels(
                &report,
                std::io::BufReader::new(file),
                &path.display().to_string(),
            )?;
            print_scores(&mut out, &scores)?;
            Some(scores)
        }
        None => None,
    };
    if let Some(path) = &args.json_out {
        let json = serde_json::json!({ "report": report, "scores": scores });
        let bytes = serde_json::to_vec_pretty(&json)?;
        jobmatch::push::write_atomic(path, &bytes)?;
        writeln!(out, "report written to {}", path.display())?;
    }
    Ok(())
}

fn print_flags(out: &mut impl Write, report: &CheckReport) -> Result<()> {
    for p in &report.postings {
        let status = if p.withheld { "WITHHELD" } else { "listed" };
        writeln!(out, "{}  [{status}]", p.id)?;
        for f in &p.flags {
            let severity = match f.severity {
                jobmatch::checks::Severity::Block => "block",
                jobmatch::checks::Severity::Warning => "warn ",
            };
            writeln!(out, "    {severity}  {:<20} {}", f.kind.as_str(), f.reason)?;
        }
        for e in &p.exceptions {
            writeln!(out, "    allowed {e}")?;
        }
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, report: &CheckReport) -> Result<()> {
    writeln!(
        out,
        "checked {} postings: {} flagged, {} withheld (mode {:?})",
        report.checked, report.flagged, report.withheld, report.mode
    )?;
    for (kind, n) in &report.by_kind {
        writeln!(out, "  {:<20} {n}", kind.as_str())?;
    }
    Ok(())
}

fn print_scores(out: &mut impl Write, scores: &LabelReport) -> Result<()> {
    writeln!(
        out,
        "\nagainst labels: {} postings ({} clean, {} of them blocked)",
        scores.postings, scores.clean, scores.clean_blocked
    )?;
    writeln!(
        out,
        "{:<20} {:>8} {:>8} {:>8} {:>9} {:>7}",
        "kind", "labelled", "flagged", "correct", "precision", "recall"
    )?;
    for k in &scores.kinds {
        writeln!(
            out,
            "{:<20} {:>8} {:>8} {:>8} {:>9.3} {:>7.3}",
            k.kind.as_str(),
            k.labelled,
            k.flagged,
            k.correct,
            k.precision,
            k.recall
        )?;
    }
    if !scores.mistakes.is_empty() {
        writeln!(out, "mismatches (id: missed / extra):")?;
        for (id, missed, extra) in &scores.mistakes {
            let names = |v: &Vec<jobmatch::checks::FlagKind>| {
                v.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",")
            };
            writeln!(out, "  {id}: -[{}] +[{}]", names(missed), names(extra))?;
        }
    }
    Ok(())
}
