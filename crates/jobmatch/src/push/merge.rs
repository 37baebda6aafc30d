//! Joining the outputs of the shards of one run.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::fsio::{self, corrupt, write_atomic};
use super::output::{Counts, PostingRow, Spread, Summary, Timing, parse_postings, render_postings};
use crate::error::{Error, Result};

/// What [`merge`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeReport {
    /// The merged summary (also written as `summary.json`).
    pub summary: Summary,
    /// The shard directories joined, in shard order.
    pub inputs: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct LineHead {
    seeker: String,
    pushes: Vec<IgnoredAny>,
}

/// Joins the output directories of every shard `0/N .. N-1/N` of one run into
/// `out_dir`: `pushes.jsonl` (lines taken byte for byte, in seeker id order),
/// `postings.tsv` (capacity, wanted and pushed summed per posting) and
/// `summary.json` (counts recomputed or summed; timing: the longest shard).
/// Files are written atomically, `summary.json` last.
///
/// # Errors
/// [`Error::InvalidConfig`] when the inputs are not exactly the shards of one
/// run (a shard missing or repeated, different dates, settings or postings, a
/// seeker in two shards); [`Error::Io`] for unreadable or damaged files.
pub fn merge(shard_dirs: &[PathBuf], out_dir: &Path) -> Result<MergeReport> {
    if shard_dirs.is_empty() {
        return Err(Error::config("no shard outputs to merge"));
    }
    let mut shards: Vec<(Summary, PathBuf)> = Vec::new();
    for dir in shard_dirs {
        let path = dir.join("summary.json");
        let summary = Summary::read(&path)?.ok_or_else(|| {
            Error::config(format!(
                "{} is not a finished shard output (no summary.json)",
                dir.display()
            ))
        })?;
        if summary.shard.is_none() {
            return Err(Error::config(format!(
                "{} is not the output of a shard (run with --shard I/N)",
                dir.display()
            )));
        }
        shards.push((summary, dir.clone()));
    }
    shards.sort_by_key(|(s, _)| s.shard.map(|s| s.index));
    let first = shards[0].0.clone();
    let count = first.shard.map_or(1, |s| s.count);
    for (i, (s, dir)) in shards.iter().enumerate() {
        let same = s.date == first.date
            && s.k == first.k
            && s.margin == first.margin
            && s.window_days == first.window_days
            && s.cap_per_opening == first.cap_per_opening
            && s.pseudonymised == first.pseudonymised
            && s.weights == first.weights
            && s.shard.map(|s| s.count) == Some(count);
        if !same {
            return Err(Error::config(format!(
                "{} belongs to another run (date, shard count or settings differ from {})",
                dir.display(),
                shards[0].1.display()
            )));
        }
        if s.shard.map(|s| s.index) != Some(i as u32) {
            return Err(Error::config(format!(
                "shard outputs must be exactly shards 0..{count} of one run, each once; shard {i}/{count} is missing or repeated"
            )));
        }
    }
    if shards.len() != count as usize {
        return Err(Error::config(format!(
            "{} shard outputs given, the run has {count}",
            shards.len()
        )));
    }

    let mut lines: Vec<(String, Vec<u8>, usize)> = Vec::new();
    let mut rows: Vec<PostingRow> = Vec::new();
    for (i, (_, dir)) in shards.iter().enumerate() {
        let path = dir.join("pushes.jsonl");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let head: LineHead = serde_json::from_slice(line)
                .map_err(|e| corrupt(&path, format!("line {}: {e}", n + 1)))?;
            let mut raw = line.to_vec();
            raw.push(b'\n');
            lines.push((head.seeker, raw, head.pushes.len()));
        }
        let path = dir.join("postings.tsv");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let shard_rows = parse_postings(&path, &bytes)?;
        if i == 0 {
            rows = shard_rows;
        } else {
            let same = shard_rows.len() == rows.len()
                && shard_rows
                    .iter()
                    .zip(&rows)
                    .all(|(a, b)| a.posting == b.posting);
            if !same {
                return Err(Error::config(format!(
                    "{} lists other live postings than {}: the shards did not run on the same index",
                    path.display(),
                    shards[0].1.display()
                )));
            }
            for (r, s) in rows.iter_mut().zip(shard_rows) {
                r.capacity += s.capacity;
                r.wanted += s.wanted;
                r.pushed += s.pushed;
            }
        }
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = lines.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::config(format!(
            "seeker `{}` appears in more than one shard output",
            w[0].0
        )));
    }

    let pushed: Vec<u64> = rows.iter().map(|r| r.pushed).collect();
    let mut counts = Counts {
        seekers: lines.len() as u64,
        seekers_served: lines.iter().filter(|l| l.2 > 0).count() as u64,
        seekers_no_match: lines.iter().filter(|l| l.2 == 0).count() as u64,
        pushes: lines.iter().map(|l| l.2 as u64).sum(),
        live_postings: rows.len() as u64,
        pushes_per_posting: Spread::of(&pushed),
        postings_never_pushed: pushed.iter().filter(|&&p| p == 0).count() as u64,
        postings_oversubscribed: rows.iter().filter(|r| r.wanted > r.pushed).count() as u64,
        ..Counts::default()
    };
    let mut timing = Timing::default();
    let mut h = fsio::Fnv::default();
    for (s, _) in &shards {
        counts.redirected_by_capacity += s.counts.redirected_by_capacity;
        counts.dropped_by_capacity += s.counts.dropped_by_capacity;
        counts.priority_pushes += s.counts.priority_pushes;
        counts.skipped_recently_pushed += s.counts.skipped_recently_pushed;
        timing.elapsed_seconds = timing.elapsed_seconds.max(s.timing.elapsed_seconds);
        timing.chunks += s.timing.chunks;
        timing.chunks_resumed += s.timing.chunks_resumed;
        h.field(s.settings_fingerprint.as_bytes());
    }
    if timing.elapsed_seconds > 0.0 {
        timing.seekers_per_second = (counts.seekers as f64 / timing.elapsed_seconds).round();
    }
    let summary = Summary {
        date: first.date.clone(),
        shard: None,
        merged_shards: Some(count),
        k: first.k,
        margin: first.margin,
        window_days: first.window_days,
        cap_per_opening: first.cap_per_opening,
        settings_fingerprint: format!("{:016x}", h.finish()),
        weights: first.weights.clone(),
        pseudonymised: first.pseudonymised.clone(),
        counts,
        timing,
    };
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let all: Vec<u8> = lines.into_iter().flat_map(|l| l.1).collect();
    write_atomic(&out_dir.join("pushes.jsonl"), &all)?;
    write_atomic(&out_dir.join("postings.tsv"), &render_postings(&rows))?;
    write_atomic(&out_dir.join("summary.json"), &summary.to_json())?;
    Ok(MergeReport {
        summary,
        inputs: shards.into_iter().map(|(_, d)| d).collect(),
    })
}
