//! The output files: `pushes.jsonl`, `postings.tsv`, `summary.json`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fsio::corrupt;
use super::{PushSettings, Shard};
use crate::error::Result;
use crate::score::{CompactExplanation, FeatureValues};

/// One pushed posting in `pushes.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PushItem {
    /// Posting id.
    pub posting: String,
    /// 1-based rank among this seeker's pushes.
    pub rank: u32,
    /// Match score in [0, 1].
    pub score: f32,
    /// Posting title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Place name or division code of the posting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Why, including capacity and priority notes: each feature's value
    /// (its weight is in the run's [`Summary::weights`]), matched and missing
    /// skills, shared occupation, distance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<CompactExplanation>,
}

/// One line of `pushes.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeekerPushes {
    /// Seeker id.
    pub seeker: String,
    /// Pushed postings, best first (empty when none could be pushed).
    pub pushes: Vec<PushItem>,
}

/// One line of `postings.tsv`, after its header line
/// (`posting`, `capacity`, `wanted`, `pushed`, tab-separated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingRow {
    /// Posting id.
    pub posting: String,
    /// Seekers it may be pushed to (this shard's share).
    pub capacity: u64,
    /// Seekers who asked for it during allocation.
    pub wanted: u64,
    /// Seekers it was pushed to.
    pub pushed: u64,
}

pub(crate) const POSTINGS_HEADER: &str = "posting\tcapacity\twanted\tpushed\n";

pub(crate) fn render_postings(rows: &[PostingRow]) -> Vec<u8> {
    let mut out = String::from(POSTINGS_HEADER);
    for r in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            r.posting, r.capacity, r.wanted, r.pushed
        ));
    }
    out.into_bytes()
}

pub(crate) fn parse_postings(path: &Path, bytes: &[u8]) -> Result<Vec<PostingRow>> {
    let text = std::str::from_utf8(bytes).map_err(|_| corrupt(path, "not UTF-8"))?;
    let mut lines = text.lines();
    if lines.next().map(|l| format!("{l}\n")).as_deref() != Some(POSTINGS_HEADER) {
        return Err(corrupt(
            path,
            "not a postings.tsv written by jobmatch push (bad header)",
        ));
    }
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let num = |s: &str| {
            s.parse::<u64>()
                .map_err(|_| corrupt(path, format!("line {}: expected a number", i + 2)))
        };
        if f.len() != 4 {
            return Err(corrupt(path, format!("line {}: expected 4 columns", i + 2)));
        }
        rows.push(PostingRow {
            posting: f[0].to_string(),
            capacity: num(f[1])?,
            wanted: num(f[2])?,
            pushed: num(f[3])?,
        });
    }
    Ok(rows)
}

/// Minimum, median and maximum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Smallest value.
    pub min: u64,
    /// Median (mean of the middle two for an even count).
    pub median: f64,
    /// Largest value.
    pub max: u64,
}

impl Spread {
    /// The spread of some values (all zero when empty).
    pub fn of(values: &[u64]) -> Spread {
        if values.is_empty() {
            return Spread::default();
        }
        let mut v = values.to_vec();
        v.sort_unstable();
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0
        };
        Spread {
            min: v[0],
            median,
            max: v[n - 1],
        }
    }
}

/// The deterministic counts of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Seekers processed.
    pub seekers: u64,
    /// Seekers who got at least one push.
    pub seekers_served: u64,
    /// Seekers who got none.
    pub seekers_no_match: u64,
    /// Pushes made.
    pub pushes: u64,
    /// Postings live on the date (not expired, with openings).
    pub live_postings: u64,
    /// Pushes per live posting.
    pub pushes_per_posting: Spread,
    /// Live postings pushed to nobody.
    pub postings_never_pushed: u64,
    /// Postings wanted by more seekers than their capacity.
    pub postings_oversubscribed: u64,
    /// Pushes of a next-best posting made because a better one was full.
    pub redirected_by_capacity: u64,
    /// Better postings lost to capacity with no next-best left to push instead.
    pub dropped_by_capacity: u64,
    /// Pushes decided by priority for a posting's target group (the seeker got
    /// a full posting ahead of better-fitting seekers outside the group).
    pub priority_pushes: u64,
    /// Candidates left out because they were pushed to the seeker within the window.
    pub skipped_recently_pushed: u64,
}

/// How long a run took (the only non-deterministic part of a summary).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Wall-clock seconds of this process's part of the run, from loading to
    /// the pushes and postings files written (for a merge: the longest shard).
    pub elapsed_seconds: f64,
    /// Seekers per second.
    pub seekers_per_second: f64,
    /// Checkpointed chunks in the run.
    pub chunks: u64,
    /// Chunks taken from checkpoints of an interrupted attempt.
    pub chunks_resumed: u64,
}

/// `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Day of the run, `YYYY-MM-DD`.
    pub date: String,
    /// The shard, `None` for all seekers (or a merge).
    pub shard: Option<Shard>,
    /// For a merge: how many shard outputs were joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_shards: Option<u32>,
    /// Postings per seeker.
    pub k: usize,
    /// Extra candidates per seeker.
    pub margin: usize,
    /// No-repeat window in days.
    pub window_days: u32,
    /// Seekers per opening.
    pub cap_per_opening: u32,
    /// Fingerprint of the settings (hex).
    pub settings_fingerprint: String,
    /// The features' normalised weights (they sum to 1), the same for every
    /// push of the run: a push's explanation gives each feature's value, and
    /// value × weight is the feature's part of the score. Empty in a summary
    /// written before the weights were recorded here.
    #[serde(default)]
    pub weights: FeatureValues,
    /// When seeker ids in `pushes.jsonl` are pseudonyms: the key's public id
    /// (see [`crate::privacy::Pseudonymiser::key_id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonymised: Option<String>,
    /// What happened.
    pub counts: Counts,
    /// How long it took.
    pub timing: Timing,
}

impl Summary {
    pub(crate) fn new(
        settings: &PushSettings,
        weights: &crate::score::Weights,
        fingerprint: u64,
        counts: Counts,
        timing: Timing,
    ) -> Summary {
        Summary {
            date: settings.date.to_string(),
            shard: settings.shard.is_sharded().then_some(settings.shard),
            merged_shards: None,
            k: settings.k,
            margin: settings.margin,
            window_days: settings.window_days,
            cap_per_opening: settings.cap_per_opening,
            settings_fingerprint: format!("{fingerprint:016x}"),
            weights: FeatureValues::of(&weights.normalised()),
            pseudonymised: None,
            counts,
            timing,
        }
    }

    /// Reads a `summary.json`.
    pub fn read(path: &Path) -> Result<Option<Summary>> {
        let Some(bytes) = super::fsio::read_optional(path)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| corrupt(path, format!("not a jobmatch push summary: {e}")))
    }

    pub(crate) fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// The summary as a few lines of text.
    pub fn to_text(&self) -> String {
        let c = &self.counts;
        let t = &self.timing;
        let scope = match (self.shard, self.merged_shards) {
            (Some(s), _) => format!(" (shard {s})"),
            (None, Some(n)) => format!(" (merged from {n} shards)"),
            _ => String::new(),
        };
        let p = &c.pushes_per_posting;
        format!(
            "push {date}{scope}: {seekers} seekers, {served} served, {none} with no match, {pushes} pushes (k = {k})\n\
             pushes per posting: min {min} / median {median} / max {max}; {never} of {live} live postings never pushed\n\
             capacity ({cap} per opening): {over} postings oversubscribed, {redirected} pushes redirected, {dropped} dropped; {prio} priority-group pushes\n\
             no repeats ({window} days): {skipped} recently pushed candidates skipped\n\
             time {elapsed:.2} s, {rate:.0} seekers/s ({resumed} of {chunks} chunks resumed from checkpoints)\n",
            date = self.date,
            seekers = c.seekers,
            served = c.seekers_served,
            none = c.seekers_no_match,
            pushes = c.pushes,
            k = self.k,
            min = p.min,
            median = p.median,
            max = p.max,
            never = c.postings_never_pushed,
            live = c.live_postings,
            cap = self.cap_per_opening,
            over = c.postings_oversubscribed,
            redirected = c.redirected_by_capacity,
            dropped = c.dropped_by_capacity,
            prio = c.priority_pushes,
            window = self.window_days,
            skipped = c.skipped_recently_pushed,
            elapsed = t.elapsed_seconds,
            rate = t.seekers_per_second,
            resumed = t.chunks_resumed,
            chunks = t.chunks,
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spread() {
        assert_eq!(Spread::of(&[]), Spread::default());
        let s = Spread::of(&[5, 1, 3, 0]);
        assert_eq!((s.min, s.median, s.max), (0, 2.0, 5));
        assert_eq!(Spread::of(&[4, 1, 9]).median, 4.0);
    }
}
