//! `jobmatch index`: build or update the indexes from JSON Lines files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use jobmatch::load::{self, LoadOptions, LoadReport, Loaded};

use super::{Global, bad_input, default_index_dir, input_file};

/// Build or update the indexes: upsert postings and seekers by id, delete by id
/// lists.
///
/// Records are validated first; nothing is written unless the inputs can be
/// used. Invalid records are skipped and written, with the reason, to the
/// rejects file (JSON Lines: file, line, field, message); with --strict the
/// first invalid record stops the command instead. A file in which no record is
/// valid is an error.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("inputs").required(true).multiple(true)
    .args(["postings", "seekers", "delete_postings", "delete_seekers"])))]
pub struct Args {
    /// Postings to add or replace (JSON Lines, data format v1).
    #[arg(long, value_name = "FILE")]
    pub postings: Option<PathBuf>,
    /// Seekers to add or replace (JSON Lines, data format v1).
    #[arg(long, value_name = "FILE")]
    pub seekers: Option<PathBuf>,
    /// Posting ids to delete, one per line.
    #[arg(long, value_name = "FILE")]
    pub delete_postings: Option<PathBuf>,
    /// Seeker ids to delete, one per line.
    #[arg(long, value_name = "FILE")]
    pub delete_seekers: Option<PathBuf>,
    /// Index directory (created when absent).
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
    /// Where to write rejected records with their reasons [default: INDEX/rejects.jsonl].
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Stop at the first invalid record (exit code 2, nothing written).
    #[arg(long)]
    pub strict: bool,
}

fn load_file<T>(
    path: &Path,
    what: &str,
    options: &LoadOptions,
    loader: fn(&Path, &LoadOptions) -> jobmatch::Result<Loaded<T>>,
) -> Result<Loaded<T>> {
    input_file(path, what)?;
    let loaded = loader(path, options)?;
    if loaded.report.read > 0 && loaded.report.accepted == 0 {
        let first = loaded
            .report
            .rejects
            .first()
            .map(|r| format!("; first: {r}"))
            .unwrap_or_default();
        return Err(bad_input(format!(
            "no valid record in {what} {} (read {}, accepted 0, rejected {}{first})",
            path.display(),
            loaded.report.read,
            loaded.report.rejected
        )));
    }
    Ok(loaded)
}

/// Reads an id list: one id per line; blank lines and `#` comments skipped.
pub fn read_ids(path: &Path, what: &str) -> Result<Vec<String>> {
    input_file(path, what)?;
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| bad_input(format!("{what} {} is not UTF-8 text", path.display())))?;
    let mut ids = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let id = line.trim();
        if id.is_empty() || id.starts_with('#') {
            continue;
        }
        if id.len() > 128 || id.contains(char::is_whitespace) {
            return Err(bad_input(format!(
                "{}:{}: expected one id per line (at most 128 bytes, no spaces)",
                path.display(),
                n + 1
            )));
        }
        ids.push(id.to_string());
    }
    Ok(ids)
}

fn describe(what: &str, r: &LoadReport) -> String {
    format!(
        "{what}: read {}, accepted {}, rejected {}, replaced {} (repeated ids), personal fields dropped {}",
        r.read, r.accepted, r.rejected, r.replaced, r.personal_fields_dropped
    )
}

/// Runs the command.
pub fn run(args: Args, global: &Global) -> Result<()> {
    let options = if args.strict {
        LoadOptions::strict()
    } else {
        LoadOptions::lenient()
    };
    // Validate every input before touching the index.
    let postings = args
        .postings
        .as_deref()
        .map(|p| load_file(p, "postings file", &options, load::load_postings))
        .transpose()?;
    let seekers = args
        .seekers
        .as_deref()
        .map(|p| load_file(p, "seekers file", &options, load::load_seekers))
        .transpose()?;
    let delete_postings = args
        .delete_postings
        .as_deref()
        .map(|p| read_ids(p, "posting id list"))
        .transpose()?;
    let delete_seekers = args
        .delete_seekers
        .as_deref()
        .map(|p| read_ids(p, "seeker id list"))
        .transpose()?;
    if args.index.exists() && !args.index.is_dir() {
        return Err(bad_input(format!(
            "--index {} exists and is not a directory",
            args.index.display()
        )));
    }
    let weights = global.weights()?;

    let engine = jobmatch::Engine::builder()
        .weights(weights)
        .inference(global.inference())
        .open_or_create(&args.index)?;
    engine.lock_for_writing()?;
    let mut lines = Vec::new();
    if let Some(p) = &postings {
        let r = engine.upsert_postings(&p.records)?;
        lines.push(format!(
            "{} -> index: {} added, {} replaced",
            describe("postings", &p.report),
            r.added,
            r.replaced
        ));
    }
    if let Some(s) = &seekers {
        let r = engine.upsert_seekers(&s.records)?;
        lines.push(format!(
            "{} -> index: {} added, {} replaced",
            describe("seekers", &s.report),
            r.added,
            r.replaced
        ));
    }
    if let Some(ids) = &delete_postings {
        let r = engine.delete_postings(ids)?;
        lines.push(format!(
            "postings deleted: {} of {} ids listed",
            r.deleted,
            ids.len()
        ));
    }
    if let Some(ids) = &delete_seekers {
        let r = engine.delete_seekers(ids)?;
        lines.push(format!(
            "seekers deleted: {} of {} ids listed",
            r.deleted,
            ids.len()
        ));
    }
    // Commits, then merges each index into one segment (faster queries).
    engine.merge_segments()?;
    engine.close_writers()?;

    let rejects_path = args
        .rejects
        .clone()
        .unwrap_or_else(|| args.index.join("rejects.jsonl"));
    let mut rejects = Vec::new();
    let mut count = 0u64;
    for report in [
        postings.as_ref().map(|l| &l.report),
        seekers.as_ref().map(|l| &l.report),
    ]
    .into_iter()
    .flatten()
    {
        for r in &report.rejects {
            serde_json::to_writer(&mut rejects, r)?;
            rejects.push(b'\n');
            count += 1;
        }
    }
    jobmatch::push::write_atomic(&rejects_path, &rejects)?;
    for l in lines {
        outln!("{l}");
    }
    outln!(
        "rejected records: {count} (reasons in {})",
        rejects_path.display()
    );
    outln!("index: {}", args.index.display());
    if count > 0 {
        tracing::warn!(rejected = count, file = %rejects_path.display(), "some records were rejected");
    }
    Ok(())
}
