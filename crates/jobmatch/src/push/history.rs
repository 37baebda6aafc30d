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
//!
//! A push reads the logs a record at a time ([`RecentPushes::read`]): each
//! record's checksum is verified, but only the records in the run's window
//! are decoded, with their ids borrowed from the one payload in memory, and
//! folded into a compact table (a million seekers' night is a record of about
//! 80 MB and 9 million ids). The logs are never pruned: a record older than
//! any window is still read and checked each night.

use std::collections::HashMap;
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

/// The fields a record starts with: enough to pick records without decoding
/// their pushes (bincode writes a struct's fields in order, so a
/// [`RunRecord`]'s payload decodes as this, the rest unread).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
struct RecordHead {
    date: Date,
    shard: Shard,
    settings: u64,
}

/// A record decoded with its ids borrowed from the payload (a million
/// seekers' record is a few hundred MB as owned strings).
#[derive(Debug, Deserialize)]
struct BorrowedRecord<'a> {
    date: Date,
    #[allow(dead_code)]
    shard: Shard,
    #[allow(dead_code)]
    settings: u64,
    #[serde(borrow)]
    pushes: Vec<(&'a str, Vec<&'a str>)>,
}

fn head_of(path: &Path, at: usize, payload: &[u8]) -> Result<RecordHead> {
    fsio::decode::<RecordHead>(payload)
        .ok_or_else(|| corrupt(path, format!("undecodable record at byte {at}")))
}

/// Reads `buf.len()` bytes, fewer only at the end of the file; returns how
/// many were read.
fn read_up_to(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Visits the records of one log in order (`visit(offset, payload)`, the
/// payload checked against its checksum), streaming: the log is never read
/// into memory whole, one payload at a time is. Returns the length of the
/// log's valid prefix. A missing log has none; damage is an error (see the
/// module docs), an interrupted append's tail is ignored.
fn scan_log(path: &Path, mut visit: impl FnMut(usize, &[u8]) -> Result<()>) -> Result<u64> {
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(Error::io(path, e)),
    };
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut magic = [0u8; MAGIC.len()];
    let got = read_up_to(&mut reader, &mut magic).map_err(|e| Error::io(path, e))?;
    if got < MAGIC.len() {
        if MAGIC.starts_with(&magic[..got]) && pending_start(path) == Some(0) {
            // A crash while creating the log: nothing recorded yet.
            return Ok(0);
        }
        return Err(damaged(path, 0, "shorter than its header"));
    }
    if &magic != MAGIC {
        return Err(corrupt(
            path,
            "not a jobmatch push history (bad magic bytes)",
        ));
    }
    let mut at = MAGIC.len() as u64;
    let mut payload = Vec::new();
    while at < size {
        let mut header = [0u8; 12];
        let got = read_up_to(&mut reader, &mut header).map_err(|e| Error::io(path, e))?;
        let mut whole = false;
        if got == header.len() {
            let len = u64::from(u32::from_le_bytes([
                header[0], header[1], header[2], header[3],
            ]));
            if len <= size - at - 12 {
                payload.resize(len as usize, 0);
                let read = read_up_to(&mut reader, &mut payload).map_err(|e| Error::io(path, e))?;
                whole = read == payload.len() && fsio::frame_header(&payload) == header;
            }
        }
        if !whole {
            if pending_start(path) == Some(at) {
                tracing::warn!(file = %path.display(), offset = at, "ignoring an incomplete record at the end of the push history (interrupted append)");
                break;
            }
            return Err(damaged(
                path,
                at as usize,
                "a record is cut short or fails its checksum",
            ));
        }
        visit(at as usize, &payload)?;
        at += 12 + payload.len() as u64;
    }
    Ok(at)
}

/// The records of one log and the length of its valid prefix.
fn read_log(path: &Path) -> Result<(Vec<RunRecord>, u64)> {
    let mut records = Vec::new();
    let valid = scan_log(path, |at, payload| {
        let record = fsio::decode::<RunRecord>(payload)
            .ok_or_else(|| corrupt(path, format!("undecodable record at byte {at}")))?;
        records.push(record);
        Ok(())
    })?;
    Ok((records, valid))
}

/// The logs of a history directory, sorted by file name.
fn log_paths(dir: &Path) -> Result<Vec<PathBuf>> {
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
    Ok(paths)
}

/// Every record of every log in `dir`, in file-name then append order. (All
/// of them in memory at once: a push reads only its window, see
/// [`RecentPushes::read`].)
pub fn read_all(dir: &Path) -> Result<Vec<RunRecord>> {
    let mut all = Vec::new();
    for p in log_paths(dir)? {
        all.extend(read_log(&p)?.0);
    }
    Ok(all)
}

/// The record of the finished run for `date` and `shard`, if any (the other
/// records' pushes are not decoded).
pub fn finished_run(dir: &Path, date: Date, shard: Shard) -> Result<Option<RunRecord>> {
    let path = dir.join(log_name(shard));
    let mut found = None;
    scan_log(&path, |at, payload| {
        let head = head_of(&path, at, payload)?;
        if found.is_none() && head.date == date && head.shard == shard {
            found = Some(
                fsio::decode::<RunRecord>(payload)
                    .ok_or_else(|| corrupt(&path, format!("undecodable record at byte {at}")))?,
            );
        }
        Ok(())
    })?;
    Ok(found)
}

/// Appends a run's record to its log (creating the log when needed), unless
/// the log already holds a record for the same date and shard. Returns whether
/// it appended.
pub(crate) fn append(dir: &Path, record: &RunRecord) -> Result<bool> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(log_name(record.shard));
    let mut recorded = false;
    let valid = scan_log(&path, |at, payload| {
        let head = head_of(&path, at, payload)?;
        recorded |= head.date == record.date && head.shard == record.shard;
        Ok(())
    })?;
    if recorded {
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
    // The frame's pieces written one after the other: a million seekers'
    // record is a few hundred MB, not worth copying into one buffer.
    let payload = fsio::encode(record, &path)?;
    let header = fsio::frame_header(&payload);
    let magic: &[u8] = if created { MAGIC } else { &[] };
    use std::io::Seek;
    f.seek(std::io::SeekFrom::Start(start))
        .map_err(|e| Error::io(&path, e))?;
    let written = [magic, &header, &payload]
        .iter()
        .try_for_each(|piece| fsio::faults::write_all(&mut f, piece));
    if let Err(e) = written.and_then(|()| f.sync_all()) {
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
///
/// Compact: each posting id is held once, a seeker's pushes are 4-byte
/// references to it (a million seekers with twenty pushes a night for a month
/// would be 600 million id strings otherwise).
#[derive(Debug, Clone, Default)]
pub struct RecentPushes {
    /// Every posting id pushed in the window, sorted.
    postings: Vec<Box<str>>,
    /// Seekers with a push in the window, sorted by id, with where their
    /// pushes start in `pushed` (they end where the next seeker's start).
    seekers: Vec<(Box<str>, u32)>,
    /// Per seeker in order: indexes into `postings`, ascending (so sorted by
    /// posting id) and distinct.
    pushed: Vec<u32>,
    fingerprint: u64,
}

/// One seeker's recent pushes (see [`RecentPushes::of`]).
#[derive(Debug, Clone, Copy)]
pub struct Recent<'a> {
    postings: &'a [Box<str>],
    pushed: &'a [u32],
}

impl<'a> Recent<'a> {
    /// Number of postings pushed to the seeker in the window.
    pub fn len(&self) -> usize {
        self.pushed.len()
    }

    /// Whether nothing was pushed to the seeker in the window.
    pub fn is_empty(&self) -> bool {
        self.pushed.is_empty()
    }

    /// Whether this posting was pushed to the seeker in the window.
    pub fn contains(&self, posting: &str) -> bool {
        self.pushed
            .binary_search_by(|&i| self.name(i).cmp(posting))
            .is_ok()
    }

    /// The postings pushed to the seeker in the window, as their indexes in
    /// [`RecentPushes::postings`], ascending.
    pub fn indexes(&self) -> &'a [u32] {
        self.pushed
    }

    /// The postings pushed to the seeker in the window, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let postings = self.postings;
        self.pushed
            .iter()
            .map(move |&i| postings.get(i as usize).map_or("", |p| &**p))
    }

    fn name(&self, i: u32) -> &'a str {
        self.postings.get(i as usize).map_or("", |p| &**p)
    }
}

/// Collects the pushes of the records in a window, interning posting ids.
#[derive(Default)]
struct RecentBuilder {
    names: HashMap<Box<str>, u32>,
    by_seeker: HashMap<Box<str>, Vec<u32>>,
}

impl RecentBuilder {
    fn add<'s>(&mut self, seeker: &str, postings: impl Iterator<Item = &'s str>) {
        let list = match self.by_seeker.get_mut(seeker) {
            Some(list) => list,
            None => self.by_seeker.entry(seeker.into()).or_default(),
        };
        for p in postings {
            let next = self.names.len() as u32;
            let id = match self.names.get(p) {
                Some(&id) => id,
                None => *self.names.entry(p.into()).or_insert(next),
            };
            list.push(id);
        }
    }

    fn finish(self) -> RecentPushes {
        // Number the postings in id order, so that sorted numbers are sorted ids.
        let mut names: Vec<(Box<str>, u32)> = self.names.into_iter().collect();
        names.sort_unstable();
        let mut renumber = vec![0u32; names.len()];
        for (new, (_, old)) in names.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }
        let postings: Vec<Box<str>> = names.into_iter().map(|(name, _)| name).collect();
        let mut by_seeker: Vec<(Box<str>, Vec<u32>)> = self.by_seeker.into_iter().collect();
        by_seeker.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut h = fsio::Fnv::default();
        let mut seekers = Vec::with_capacity(by_seeker.len());
        let mut pushed = Vec::new();
        for (seeker, mut list) in by_seeker {
            for id in &mut list {
                *id = renumber[*id as usize];
            }
            list.sort_unstable();
            list.dedup();
            h.field(seeker.as_bytes());
            for &id in &list {
                h.field(postings[id as usize].as_bytes());
            }
            seekers.push((seeker, pushed.len() as u32));
            pushed.extend(list);
        }
        RecentPushes {
            postings,
            seekers,
            pushed,
            fingerprint: h.finish(),
        }
    }
}

/// Whether a run of `run` is in the window of `window_days` before `date`.
fn in_window(run: Date, date: Date, window_days: u32) -> bool {
    let age = i64::from(date.0) - i64::from(run.0);
    age > 0 && age < i64::from(window_days)
}

impl RecentPushes {
    /// Pushes recorded on days `d` with `date - window_days < d < date`. Runs
    /// of `date` itself and of later days are not taken into account, so that
    /// re-running a day gives the same result whatever ran since.
    pub fn before(records: &[RunRecord], date: Date, window_days: u32) -> RecentPushes {
        let mut builder = RecentBuilder::default();
        for r in records {
            if in_window(r.date, date, window_days) {
                for (seeker, postings) in &r.pushes {
                    builder.add(seeker, postings.iter().map(String::as_str));
                }
            }
        }
        builder.finish()
    }

    /// [`RecentPushes::before`] over the history in `dir`, read a record at a
    /// time: records outside the window are skipped undecoded, and a record
    /// in it is decoded with its ids borrowed, folded in and dropped.
    ///
    /// # Errors
    /// [`Error::Io`] when a log cannot be read or is damaged.
    pub fn read(dir: &Path, date: Date, window_days: u32) -> Result<RecentPushes> {
        let mut builder = RecentBuilder::default();
        for path in log_paths(dir)? {
            scan_log(&path, |at, payload| {
                let head = head_of(&path, at, payload)?;
                if !in_window(head.date, date, window_days) {
                    return Ok(());
                }
                let (record, _): (BorrowedRecord<'_>, usize) =
                    bincode::serde::borrow_decode_from_slice(payload, bincode::config::standard())
                        .map_err(|_| corrupt(&path, format!("undecodable record at byte {at}")))?;
                debug_assert_eq!(record.date, head.date);
                for (seeker, postings) in &record.pushes {
                    builder.add(seeker, postings.iter().copied());
                }
                Ok(())
            })?;
        }
        Ok(builder.finish())
    }

    /// Every posting pushed to anyone in the window, sorted by id (what
    /// [`Recent::indexes`] number).
    pub fn postings(&self) -> impl ExactSizeIterator<Item = &str> {
        self.postings.iter().map(|p| &**p)
    }

    /// Postings recently pushed to a seeker.
    pub fn of(&self, seeker: &str) -> Recent<'_> {
        let found = self
            .seekers
            .binary_search_by(|(s, _)| (**s).cmp(seeker))
            .ok();
        let range = found.map_or(0..0, |i| {
            let start = self.seekers[i].1 as usize;
            let end = self
                .seekers
                .get(i + 1)
                .map_or(self.pushed.len(), |next| next.1 as usize);
            start..end
        });
        Recent {
            postings: &self.postings,
            pushed: self.pushed.get(range).unwrap_or(&[]),
        }
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
        assert_eq!(recent.of("S1").iter().collect::<Vec<_>>(), ["P2", "P5"]);
        assert!(recent.of("S1").contains("P5") && !recent.of("S1").contains("P1"));
        assert!(recent.of("S2").is_empty());
    }

    /// The window as the first implementation computed it (one map of owned
    /// strings), with its fingerprint: the oracle for the compact form.
    fn oracle(
        records: &[RunRecord],
        date: Date,
        window: u32,
    ) -> (std::collections::BTreeMap<String, Vec<String>>, u64) {
        let mut by_seeker: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for r in records {
            let age = i64::from(date.0) - i64::from(r.date.0);
            if age <= 0 || age >= i64::from(window) {
                continue;
            }
            for (seeker, postings) in &r.pushes {
                by_seeker
                    .entry(seeker.clone())
                    .or_default()
                    .extend(postings.iter().cloned());
            }
        }
        let mut h = fsio::Fnv::default();
        for (seeker, postings) in &mut by_seeker {
            postings.sort_unstable();
            postings.dedup();
            h.field(seeker.as_bytes());
            for p in postings.iter() {
                h.field(p.as_bytes());
            }
        }
        (by_seeker, h.finish())
    }

    fn records() -> impl proptest::strategy::Strategy<Value = Vec<RunRecord>> {
        use proptest::prelude::*;
        let pushes =
            proptest::collection::vec((0u8..12, proptest::collection::vec(0u8..30, 0..6)), 0..10);
        proptest::collection::btree_map(90i32..110, pushes, 0..8).prop_map(|days| {
            days.into_iter()
                .map(|(date, pushes)| {
                    let mut by_seeker: std::collections::BTreeMap<String, Vec<String>> =
                        Default::default();
                    for (s, ps) in pushes {
                        by_seeker
                            .entry(format!("S{s}"))
                            .or_default()
                            .extend(ps.into_iter().map(|p| format!("P{p}")));
                    }
                    RunRecord {
                        date: Date(date),
                        shard: Shard::ALL,
                        settings: 7,
                        pushes: by_seeker.into_iter().collect(),
                    }
                })
                .collect()
        })
    }

    proptest::proptest! {
        /// Differential: the compact window, from records in memory and read
        /// from the log a record at a time, equals the owned-string oracle
        /// (every seeker's postings and the fingerprint).
        #[test]
        fn the_window_read_from_the_log_equals_the_oracle(
            records in records(),
            date in 95i32..115,
            window in 0u32..12,
        ) {
            let dir = tempfile::tempdir().unwrap();
            for r in &records {
                proptest::prop_assert!(append(dir.path(), r).unwrap());
            }
            let (expected, fingerprint) = oracle(&records, Date(date), window);
            let from_records = RecentPushes::before(&records, Date(date), window);
            let from_log = RecentPushes::read(dir.path(), Date(date), window).unwrap();
            for recent in [&from_records, &from_log] {
                proptest::prop_assert_eq!(recent.fingerprint(), fingerprint);
                let names: Vec<&str> = recent.postings().collect();
                proptest::prop_assert!(names.windows(2).all(|w| w[0] < w[1]));
                for s in 0..13 {
                    let seeker = format!("S{s}");
                    let want = expected.get(&seeker).cloned().unwrap_or_default();
                    let got: Vec<&str> = recent.of(&seeker).iter().collect();
                    proptest::prop_assert_eq!(&got, &want);
                    let named: Vec<&str> =
                        recent.of(&seeker).indexes().iter().map(|&i| names[i as usize]).collect();
                    proptest::prop_assert_eq!(&named, &want);
                    for p in 0..31 {
                        let posting = format!("P{p}");
                        proptest::prop_assert_eq!(
                            recent.of(&seeker).contains(&posting),
                            want.contains(&posting)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_record_head_decodes_from_the_whole_payload() {
        let r = record(12_345, "S1", &["P1", "P2"]);
        let payload = fsio::encode(&r, Path::new("x")).unwrap();
        let head = head_of(Path::new("x"), 0, &payload).unwrap();
        assert_eq!(
            head,
            RecordHead {
                date: r.date,
                shard: r.shard,
                settings: r.settings
            }
        );
    }

    #[test]
    fn damage_inside_an_earlier_record_is_an_error_with_its_offset() {
        let dir = tempfile::tempdir().unwrap();
        assert!(append(dir.path(), &record(10, "S1", &["P1"])).unwrap());
        assert!(append(dir.path(), &record(11, "S1", &["P2"])).unwrap());
        let log = dir.path().join("all.log");
        let mut bytes = fs::read(&log).unwrap();
        bytes[MAGIC.len() + 14] ^= 1;
        fs::write(&log, &bytes).unwrap();
        for err in [
            read_all(dir.path()).unwrap_err(),
            RecentPushes::read(dir.path(), Date(12), 30).unwrap_err(),
            finished_run(dir.path(), Date(11), Shard::ALL).unwrap_err(),
            append(dir.path(), &record(12, "S1", &["P3"])).unwrap_err(),
        ] {
            let err = err.to_string();
            assert!(err.contains("damaged at byte 8"), "{err}");
        }
    }

    #[test]
    fn rejects_a_foreign_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("all.log"), b"something else entirely").unwrap();
        assert!(read_all(dir.path()).is_err());
    }
}
