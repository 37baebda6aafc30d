//! The push history: which postings went to which seeker on which date.
//!
//! One append-only log per shard layout in `<work>/history/` (`all.log` for
//! unsharded runs, `shard-I-of-N.log` for shard `I` of `N`), so that shards
//! sharing a work directory never write the same file. A log is the magic
//! bytes `JMHIST01` followed by one framed record per finished run:
//! `len u32 LE | FNV-1a-64 checksum u64 LE | bincode payload`. A record is
//! appended and fsynced as the last step of a run: it is the run's commit
//! point. Before appending, the writer records where the new record starts in
//! a marker file next to the log (`all.log.pending`). A crash mid-append
//! leaves a truncated or unchecksummed tail starting exactly there, which
//! readers ignore and the next append cuts off. Any other damage — a log cut
//! short inside a record with no append under way, a record whose checksum or
//! encoding fails before the end — is an [`Error::Io`] naming the log and the
//! byte offset, never silently skipped: the history decides what must not be
//! pushed again. Reading takes the union of all logs in the directory.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Shard;
use super::fsio::{self, corrupt};
use crate::error::{Error, Result};
use crate::model::Date;

const MAGIC: &[u8; 8] = b"JMHIST01";

/// One finished run, as recorded in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Day of the run.
    pub date: Date,
    /// Which part of the seekers it covered.
    pub shard: Shard,
    /// Fingerprint of the run's settings (see [`PushSettings`](super::PushSettings)).
    pub settings: u64,
    /// Per seeker (sorted by id): the postings pushed, in rank order.
    pub pushes: Vec<(String, Vec<String>)>,
}

impl RunRecord {
    /// Number of pushes recorded.
    pub fn push_count(&self) -> usize {
        self.pushes.iter().map(|(_, p)| p.len()).sum()
    }
}

/// The file name of a shard layout's log.
pub(crate) fn log_name(shard: Shard) -> String {
    if shard.count <= 1 {
        "all.log".to_string()
    } else {
        format!("shard-{}-of-{}.log", shard.index, shard.count)
    }
}

/// The marker of an append under way: `<log>.pending`.
fn pending_path(log: &Path) -> PathBuf {
    let mut name = log.file_name().unwrap_or_default().to_os_string();
    name.push(".pending");
    log.with_file_name(name)
}

/// Where the append under way (or last interrupted) started, if any.
fn pending_start(log: &Path) -> Option<u64> {
    let bytes = fsio::read_optional(&pending_path(log)).ok()??;
    std::str::from_utf8(&bytes).ok()?.trim().parse().ok()
}

fn damaged(path: &Path, at: usize, what: &str) -> Error {
    corrupt(
        path,
        format!(
            "the push history is damaged at byte {at} ({what}) and no append was under way there; it was truncated or corrupted. Nothing was changed: restore the file from a backup (a run's record can be rebuilt only by re-running its date in a fresh work directory)"
        ),
    )
}

/// The records of one log and the length of its valid prefix.
fn read_log(path: &Path) -> Result<(Vec<RunRecord>, u64)> {
    let Some(bytes) = fsio::read_optional(path)? else {
        return Ok((Vec::new(), 0));
    };
    if bytes.len() < MAGIC.len() {
        if MAGIC.starts_with(&bytes) && pending_start(path) == Some(0) {
            // A crash while creating the log: nothing recorded yet.
            return Ok((Vec::new(), 0));
        }
        return Err(damaged(path, 0, "shorter than its header"));
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(corrupt(
            path,
            "not a jobmatch push history (bad magic bytes)",
        ));
    }
    let mut records = Vec::new();
    let mut at = MAGIC.len();
    while at < bytes.len() {
        let Some((payload, len)) = fsio::unframe(&bytes[at..]) else {
            if pending_start(path) == Some(at as u64) {
                tracing::warn!(file = %path.display(), offset = at, "ignoring an incomplete record at the end of the push history (interrupted append)");
                break;
            }
            return Err(damaged(
                path,
                at,
                "a record is cut short or fails its checksum",
            ));
        };
        let Some(record) = fsio::decode::<RunRecord>(payload) else {
            return Err(corrupt(path, format!("undecodable record at byte {at}")));
        };
        records.push(record);
        at += len;
    }
    Ok((records, at as u64))
}

/// Every record of every log in `dir`, in file-name then append order.
pub fn read_all(dir: &Path) -> Result<Vec<RunRecord>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "log") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut all = Vec::new();
    for p in paths {
        all.extend(read_log(&p)?.0);
    }
    Ok(all)
}

/// The record of the finished run for `date` and `shard`, if any.
pub fn finished_run(dir: &Path, date: Date, shard: Shard) -> Result<Option<RunRecord>> {
    let (records, _) = read_log(&dir.join(log_name(shard)))?;
    Ok(records
        .into_iter()
        .find(|r| r.date == date && r.shard == shard))
}

/// Appends a run's record to its log (creating the log when needed), unless
/// the log already holds a record for the same date and shard. Returns whether
/// it appended.
pub(crate) fn append(dir: &Path, record: &RunRecord) -> Result<bool> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(log_name(record.shard));
    let (records, valid) = read_log(&path)?;
    if records
        .iter()
        .any(|r| r.date == record.date && r.shard == record.shard)
    {
        return Ok(false);
    }
    let created = valid == 0;
    let start = if created { 0 } else { valid };
    // Say where this append starts, so that a torn tail left by a crash is
    // recognised as such (and anything else as damage).
    let pending = pending_path(&path);
    fsio::write_atomic(&pending, start.to_string().as_bytes())?;
    let mut f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    // Cut off an interrupted append before writing after it.
    f.set_len(start).map_err(|e| Error::io(&path, e))?;
    let mut bytes = Vec::new();
    if created {
        bytes.extend_from_slice(MAGIC);
    }
    bytes.extend_from_slice(&fsio::frame(&fsio::encode(record, &path)?));
    use std::io::Seek;
    f.seek(std::io::SeekFrom::Start(start))
        .map_err(|e| Error::io(&path, e))?;
    if let Err(e) = fsio::faults::write_all(&mut f, &bytes).and_then(|()| f.sync_all()) {
        // Leave the log as it was (the marker covers a cut that fails too).
        if f.set_len(start).and_then(|()| f.sync_all()).is_ok() && created {
            let _ = fs::remove_file(&path);
        }
        return Err(Error::io(&path, e));
    }
    if created {
        fsio::sync_dir(dir)?;
    }
    // Best effort: a marker left behind points before the end of the valid
    // records and is ignored.
    let _ = fs::remove_file(&pending);
    Ok(true)
}

/// Postings pushed to each seeker within a window before a date.
#[derive(Debug, Clone, Default)]
pub struct RecentPushes {
    by_seeker: HashMap<String, Vec<String>>,
    fingerprint: u64,
}

impl RecentPushes {
    /// Pushes recorded on days `d` with `date - window_days < d < date`. Runs
    /// of `date` itself and of later days are not taken into account, so that
    /// re-running a day gives the same result whatever ran since.
    pub fn before(records: &[RunRecord], date: Date, window_days: u32) -> RecentPushes {
        let mut by_seeker: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for r in records {
            let age = i64::from(date.0) - i64::from(r.date.0);
            if age <= 0 || age >= i64::from(window_days) {
                continue;
            }
            for (seeker, postings) in &r.pushes {
                by_seeker
                    .entry(seeker)
                    .or_default()
                    .extend(postings.iter().map(String::as_str));
            }
        }
        let mut h = fsio::Fnv::default();
        let mut out = HashMap::with_capacity(by_seeker.len());
        for (seeker, mut postings) in by_seeker {
            postings.sort_unstable();
            postings.dedup();
            h.field(seeker.as_bytes());
            for p in &postings {
                h.field(p.as_bytes());
            }
            out.insert(
                seeker.to_string(),
                postings.into_iter().map(str::to_string).collect(),
            );
        }
        RecentPushes {
            by_seeker: out,
            fingerprint: h.finish(),
        }
    }

    /// Postings recently pushed to a seeker, sorted.
    pub fn of(&self, seeker: &str) -> &[String] {
        self.by_seeker.get(seeker).map_or(&[], Vec::as_slice)
    }

    /// A fingerprint of the whole set (changes when any recent push does).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn record(date: i32, seeker: &str, postings: &[&str]) -> RunRecord {
        RunRecord {
            date: Date(date),
            shard: Shard::ALL,
            settings: 7,
            pushes: vec![(
                seeker.to_string(),
                postings.iter().map(|p| p.to_string()).collect(),
            )],
        }
    }

    #[test]
    fn append_is_idempotent_and_survives_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let h = dir.path().join("history");
        assert!(append(&h, &record(10, "S1", &["P1"])).unwrap());
        assert!(!append(&h, &record(10, "S1", &["P2"])).unwrap());
        // Simulate a crash mid-append: the marker says where it started.
        let log = h.join("all.log");
        let good = fs::read(&log).unwrap();
        let mut torn = good.clone();
        torn.extend_from_slice(&fsio::frame(b"partial")[..9]);
        fs::write(&log, &torn).unwrap();
        // Without the marker, the same bytes are damage, not a crash.
        let err = read_all(&h).unwrap_err().to_string();
        assert!(
            err.contains("all.log") && err.contains("damaged at byte"),
            "{err}"
        );
        fs::write(pending_path(&log), good.len().to_string()).unwrap();
        assert_eq!(read_all(&h).unwrap().len(), 1);
        assert!(append(&h, &record(11, "S1", &["P3"])).unwrap());
        let all = read_all(&h).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].pushes[0].1, vec!["P3".to_string()]);
        assert!(finished_run(&h, Date(11), Shard::ALL).unwrap().is_some());
        assert!(finished_run(&h, Date(12), Shard::ALL).unwrap().is_none());
    }

    #[test]
    fn window_excludes_today_and_old_runs() {
        let records = vec![
            record(100, "S1", &["P1"]),
            record(71, "S1", &["P2"]),
            record(70, "S1", &["P3"]),
            record(101, "S1", &["P4"]),
            record(99, "S1", &["P5"]),
        ];
        let recent = RecentPushes::before(&records, Date(100), 30);
        assert_eq!(recent.of("S1"), &["P2".to_string(), "P5".to_string()]);
        assert!(recent.of("S2").is_empty());
    }

    #[test]
    fn rejects_a_foreign_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("all.log"), b"something else entirely").unwrap();
        assert!(read_all(dir.path()).is_err());
    }
}
