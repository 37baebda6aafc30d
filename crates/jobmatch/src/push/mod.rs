//! The nightly batch push: recommended postings for every seeker, with
//! capacity, no repeats, priority groups, checkpoints and sharding.
//!
//! # What a run does
//! A run is identified by its **date** (expiry and the no-repeat window are
//! judged against it) and its **shard**. It works in two phases:
//!
//! 1. **Ranking**, resumable. The seekers (all indexed ones, or a given list;
//!    only those of the shard) are sorted by id and cut into chunks of
//!    [`PushSettings::chunk_size`]. For each chunk, in parallel across seekers,
//!    every seeker gets her `k + margin` best eligible postings (and the rest
//!    of her scored candidate pool below them), leaving out
//!    postings pushed to her in the last `window_days` days (see
//!    [`RecentPushes`]). Each finished chunk is written to a checkpoint file
//!    (`<work>/runs/<run>/chunk-NNNNNN.bin`: checksummed bincode, written to a
//!    temporary file, fsynced, renamed). A killed run, started again with the
//!    same command, reuses the valid checkpoints and ranks the rest. The
//!    checkpoints are thrown away when anything they depend on changed (the
//!    settings, the index, the recent history).
//! 2. **Allocation and output**, all at once. Each posting may go to at most
//!    `cap_per_opening × openings` seekers (its share of that in a shard).
//!    [`allocate`] runs seeker-proposing deferred acceptance: a posting wanted
//!    by more seekers than its capacity goes to seekers in one of its
//!    `target_groups` first, then to those it fits best (score, ties by seeker
//!    id); the others get their next-best candidates, down the whole scored
//!    candidate pool ([`PushSettings::pool_size`]) if need be: a seeker who
//!    runs out of it gets fewer than `k` (deterministic). Then the pushed
//!    pairs are
//!    explained; capacity and priority decisions are added to
//!    `explanation.notes`. The outputs are written atomically (temporary file,
//!    fsync, rename), `summary.json` last, and then the run's pushes are
//!    appended to the push history (fsynced): that append is the commit
//!    point. Finally the checkpoints are removed.
//!
//! A run whose date and shard are already in the history is finished: running
//! it again does nothing and changes no file. A run killed at any point
//! finishes when started again, and its outputs and history are byte for byte
//! those of an uninterrupted run (ranking and allocation are deterministic;
//! nothing depends on timing or thread count), with the run recorded once.
//!
//! # Files
//! In the work directory (see [`WorkDir`]): `history/*.log` (the push history,
//! see [`history`](RunRecord)), `runs/<date>[.shard-I-of-N]/` (checkpoints of an
//! unfinished run). In the output directory:
//! * `pushes.jsonl`: one line per seeker in id order,
//!   `{"seeker": id, "pushes": [{"posting", "rank", "score", "title", "place",
//!   "explanation"}]}` (an empty list when nothing could be pushed; the
//!   explanation is a [`CompactExplanation`](crate::score::CompactExplanation):
//!   feature values, the run's weights once in the summary);
//! * `postings.tsv`: every live posting in id order with its `capacity`, how
//!   many seekers `wanted` it and how many it was `pushed` to;
//! * `summary.json`: a [`Summary`]. Everything but its `timing` member is
//!   deterministic; `pushes.jsonl`, `postings.tsv` and the history are
//!   byte-identical between an interrupted-and-resumed run and an
//!   uninterrupted one.
//!
//! # Sharding
//! `Shard { index: i, count: n }` takes the seekers whose id hashes (FNV-1a 64,
//! see [`Shard::contains`]) to `i` modulo `n`. A posting's capacity `c` is split
//! so that the shares add up to `c`: every shard gets `c / n`, and the
//! `c mod n` shards following the posting's own hash (cyclically) get one more
//! ([`Shard::capacity_share`]). [`merge`] joins the shards' outputs; when no
//! shard's share of any posting binds, the merged `pushes.jsonl` and
//! `postings.tsv` equal an unsharded run's.
//!
//! ```
//! use jobmatch::push::Shard;
//! let shards: Vec<Shard> = (0..4).map(|i| Shard::new(i, 4).unwrap()).collect();
//! // Every seeker is in exactly one shard ...
//! assert_eq!(shards.iter().filter(|s| s.contains("S0000042")).count(), 1);
//! // ... and capacity shares add up.
//! assert_eq!(shards.iter().map(|s| s.capacity_share("P000001", 41)).sum::<u64>(), 41);
//! assert_eq!("2/4".parse::<Shard>().unwrap(), shards[2]);
//! ```

mod allocate;
mod dataset;
#[cfg(test)]
mod fault_tests;
mod fsio;
mod history;
mod merge;
mod output;
mod run;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use allocate::{Allocation, allocate};
pub use dataset::{
    DatasetFiles, IndexBuild, index_exists, index_fingerprint, prepare_index, prepare_index_again,
};
pub use history::{Recent, RecentPushes, RunRecord, finished_run, read_all as read_history};
pub use merge::{MergeReport, merge};
pub use output::{Counts, PostingRow, PushItem, SeekerPushes, Spread, Summary, Timing};
pub use run::{NoProgress, Progress, PushOutcome, discard_checkpoints, run, status};

use crate::error::{Error, Result};
use crate::model::Date;
use crate::score::Weights;

/// Writes `bytes` to `path` so that readers see the old file or the complete
/// new one, never a part: a temporary file in the same directory, fsync,
/// rename, fsync of the directory. Creates the directory when needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    fsio::write_atomic(path, bytes)
}

/// A part of the seekers: those whose id hashes to `index` modulo `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shard {
    /// 0-based shard number, below `count`.
    pub index: u32,
    /// Number of shards, at least 1.
    pub count: u32,
}

impl Shard {
    /// Every seeker (no sharding).
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count` (0-based).
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] unless `index < count`.
    pub fn new(index: u32, count: u32) -> Result<Shard> {
        if count == 0 || index >= count {
            return Err(Error::config(format!(
                "shard {index}/{count}: the shard number must be below the shard count (0-based, e.g. 0/4 .. 3/4)"
            )));
        }
        Ok(Shard { index, count })
    }

    /// Whether this is a real part (more than one shard).
    pub fn is_sharded(&self) -> bool {
        self.count > 1
    }

    /// Whether the seeker with this id belongs to the shard.
    pub fn contains(&self, seeker_id: &str) -> bool {
        self.count <= 1
            || fsio::hash(seeker_id.as_bytes()) % u64::from(self.count) == u64::from(self.index)
    }

    /// This shard's part of a posting's capacity: `capacity / count`, plus one
    /// for the `capacity % count` shards that follow the posting's hash.
    pub fn capacity_share(&self, posting_id: &str, capacity: u64) -> u64 {
        let n = u64::from(self.count.max(1));
        let start = fsio::hash(posting_id.as_bytes()) % n;
        let offset = (u64::from(self.index) + n - start) % n;
        capacity / n + u64::from(offset < capacity % n)
    }

    /// `shard-I-of-N`, or `all`.
    pub fn label(&self) -> String {
        if self.is_sharded() {
            format!("shard-{}-of-{}", self.index, self.count)
        } else {
            "all".to_string()
        }
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = Error;

    /// Parses `I/N` (0-based `I`).
    fn from_str(s: &str) -> Result<Shard> {
        let bad = || {
            Error::config(format!(
                "shard `{s}`: expected I/N with 0 <= I < N, e.g. 0/4"
            ))
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let i: u32 = i.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        Shard::new(i, n)
    }
}

/// Settings of a push run.
#[derive(Debug, Clone, PartialEq)]
pub struct PushSettings {
    /// Day of the run.
    pub date: Date,
    /// Postings per seeker (default 10).
    pub k: usize,
    /// Extra candidates ranked per seeker, to fall back on when capacity turns
    /// her away from better ones (default 10).
    pub margin: usize,
    /// A posting pushed to a seeker is not pushed to her again for this many
    /// days (default 30; 0 or 1 allows a repeat the next day).
    pub window_days: u32,
    /// Seekers per opening a posting may be pushed to (default 20).
    pub cap_per_opening: u32,
    /// The part of the seekers to serve.
    pub shard: Shard,
    /// Only these seekers (ids), instead of every indexed one.
    pub seekers: Option<Vec<String>>,
    /// Candidate pool per query (default: the engine's).
    pub pool_size: Option<usize>,
    /// Seekers per checkpoint (default 256).
    pub chunk_size: usize,
    /// The priority policy (see [`crate::policy`]; [`crate::policy::Policy::none`]
    /// by default): reservations and bounded boosts in ranking, capacity
    /// priority in allocation, notes in the explanations.
    pub policy: crate::policy::Policy,
    /// Seekers who opted out of personalised recommendations (PIPL art. 24):
    /// they are served from
    /// [`Snapshot::recommend_non_personalised`](crate::Snapshot::recommend_non_personalised),
    /// which uses no part of their profile, get no priority-group treatment and
    /// plain explanations (see [`crate::privacy`]). Ids not in the run are
    /// ignored.
    pub non_personalised: Option<Vec<String>>,
    /// Replace seeker ids in `pushes.jsonl` by keyed hashes (see
    /// [`crate::privacy::Pseudonymiser`]), for output that leaves the service;
    /// lines are then in pseudonym order. The push history keeps the ids.
    pub pseudonymise: Option<crate::privacy::Pseudonymiser>,
    /// A pause after each ranked chunk and each output file; for tests of
    /// interruption only.
    #[doc(hidden)]
    pub chunk_delay: Duration,
}

impl PushSettings {
    /// Default settings for a date.
    pub fn new(date: Date) -> PushSettings {
        PushSettings {
            date,
            k: 10,
            margin: 10,
            window_days: 30,
            cap_per_opening: 20,
            shard: Shard::ALL,
            seekers: None,
            pool_size: None,
            chunk_size: 256,
            policy: crate::policy::Policy::none(),
            non_personalised: None,
            pseudonymise: None,
            chunk_delay: Duration::ZERO,
        }
    }

    /// Checks the values.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] for `k = 0`, `chunk_size = 0`, `cap_per_opening = 0`.
    pub fn validate(&self) -> Result<()> {
        if self.k == 0 {
            return Err(Error::config("k must be at least 1"));
        }
        if self.chunk_size == 0 {
            return Err(Error::config("chunk size must be at least 1"));
        }
        if self.cap_per_opening == 0 {
            return Err(Error::config("cap per opening must be at least 1"));
        }
        if self.pool_size == Some(0) {
            return Err(Error::config("pool size must be at least 1"));
        }
        Ok(())
    }

    /// A fingerprint of everything that decides the run's pushes besides the
    /// index and the history: k, margin, window, cap, shard, the seeker list,
    /// the pool size, the weights, the policy, the opted-out seekers and the
    /// pseudonymisation key's id. Recorded with the run.
    pub fn fingerprint(&self, weights: &Weights) -> u64 {
        let mut h = fsio::Fnv::default();
        h.field(b"jobmatch-push-v1");
        for v in [
            self.k as u64,
            self.margin as u64,
            u64::from(self.window_days),
            u64::from(self.cap_per_opening),
            u64::from(self.shard.index),
            u64::from(self.shard.count),
            self.pool_size.map_or(0, |p| p as u64),
        ] {
            h.write(&v.to_le_bytes());
        }
        match &self.seekers {
            None => h.field(b"*"),
            Some(list) => {
                let mut ids: Vec<&str> = list.iter().map(String::as_str).collect();
                ids.sort_unstable();
                ids.dedup();
                for id in ids {
                    h.field(id.as_bytes());
                }
            }
        }
        h.field(weights.to_toml_string().as_bytes());
        if !self.policy.is_empty() {
            h.field(format!("{:?}", self.policy).as_bytes());
        }
        if let Some(list) = &self.non_personalised {
            h.field(b"non-personalised");
            let mut ids: Vec<&str> = list.iter().map(String::as_str).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                h.field(id.as_bytes());
            }
        }
        if let Some(p) = &self.pseudonymise {
            h.field(b"pseudonymised");
            h.field(p.key_id().as_bytes());
        }
        h.finish()
    }
}

/// The layout of a work directory: `index/`, `history/`, `runs/`, `out/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkDir {
    /// The root.
    pub root: PathBuf,
}

impl WorkDir {
    /// A work directory at `root` (nothing is created until used).
    pub fn new(root: impl Into<PathBuf>) -> WorkDir {
        WorkDir { root: root.into() }
    }

    /// `index/`: the index built from a dataset.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }

    /// `history/`: the push history logs.
    pub fn history_dir(&self) -> PathBuf {
        self.root.join("history")
    }

    /// `runs/<date>[.shard-I-of-N]/`: checkpoints of an unfinished run.
    pub fn run_dir(&self, date: Date, shard: Shard) -> PathBuf {
        let name = if shard.is_sharded() {
            format!("{date}.{}", shard.label())
        } else {
            date.to_string()
        };
        self.root.join("runs").join(name)
    }

    /// The default output directory: `out/<date>/`, or
    /// `out/<date>/shard-I-of-N/` for a shard.
    pub fn out_dir(&self, date: Date, shard: Shard) -> PathBuf {
        let dir = self.root.join("out").join(date.to_string());
        if shard.is_sharded() {
            dir.join(shard.label())
        } else {
            dir
        }
    }

    /// The default output directory of [`merge`]: `out/<date>/merged/`.
    pub fn merged_dir(&self, date: Date) -> PathBuf {
        self.root.join("out").join(date.to_string()).join("merged")
    }

    /// The shard output directories present under `out/<date>/`, sorted.
    pub fn shard_out_dirs(&self, date: Date) -> Result<Vec<PathBuf>> {
        let dir = self.root.join("out").join(date.to_string());
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("shard-") && entry.path().is_dir() {
                out.push(entry.path());
            }
        }
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn shards_partition_seekers_and_capacity(n in 1u32..9, cap in 0u64..200, id in "[A-Z][0-9]{1,8}") {
            let shards: Vec<Shard> = (0..n).map(|i| Shard::new(i, n).unwrap()).collect();
            prop_assert_eq!(shards.iter().filter(|s| s.contains(&id)).count(), 1);
            let shares: Vec<u64> = shards.iter().map(|s| s.capacity_share(&id, cap)).collect();
            prop_assert_eq!(shares.iter().sum::<u64>(), cap);
            let (lo, hi) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
            prop_assert!(hi - lo <= 1);
        }
    }

    #[test]
    fn parses_shards() {
        assert_eq!("0/1".parse::<Shard>().unwrap(), Shard::ALL);
        assert!("4/4".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
    }

    #[test]
    fn fingerprint_tracks_settings() {
        let d = Date(20_000);
        let w = Weights::default();
        let a = PushSettings::new(d);
        let mut b = a.clone();
        assert_eq!(a.fingerprint(&w), b.fingerprint(&w));
        b.k = 5;
        assert_ne!(a.fingerprint(&w), b.fingerprint(&w));
    }
}
