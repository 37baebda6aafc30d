//! Shared set-up of the criterion benches: generated datasets and their
//! indexes, cached under `target/bench-data/` so that repeated runs are cheap,
//! and percentile reporting for per-call timings.
//!
//! Datasets come from `jobmatch-datagen` at a fixed seed; an index is built
//! once per dataset (all writer threads) and reopened afterwards. A directory
//! is used only when its `complete` marker exists, so an interrupted build is
//! redone rather than reused.
#![allow(dead_code)] // each bench uses a different part of this module

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jobmatch::load::{LoadOptions, stream_postings, stream_seekers};
use jobmatch::model::Date;
use jobmatch::{Engine, Snapshot};

/// The allocator of the `jobmatch` binary (and the scale example), so that
/// the benches measure what the push runs: a query builds a weight and a
/// scorer per clause, and with the system allocator the same calls measured
/// a p99 of 5.56 ms against 100,000 postings where mimalloc gives about 4.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Seed of every generated bench dataset.
pub const SEED: u64 = 7;

/// The generator's reference date: expiry and freshness are judged against it.
pub fn as_of() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap_or_else(|| panic!("constant date"))
}

/// Whether `JOBMATCH_BENCH_SCALE=full` asks for the provincial scales.
pub fn full_scale() -> bool {
    std::env::var("JOBMATCH_BENCH_SCALE").is_ok_and(|v| v == "full")
}

/// `target/` of this workspace (or `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Where the benches write their own figures (percentiles, kernel fractions).
pub fn results_dir() -> PathBuf {
    let dir = target_dir().join("bench-results");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
    dir
}

/// Appends one JSON line to `target/bench-results/<file>` and prints it.
pub fn record(file: &str, line: &serde_json::Value) {
    use std::io::Write as _;
    println!("{line}");
    let path = results_dir().join(file);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot open {path:?}: {e}"));
    writeln!(f, "{line}").unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
}

/// A generated dataset of `postings` × `seekers` at [`SEED`], generated on first use.
pub fn dataset(postings: usize, seekers: usize) -> PathBuf {
    let dir = target_dir()
        .join("bench-data")
        .join(format!("p{postings}-s{seekers}-seed{SEED}"));
    let marker = dir.join("complete");
    if !marker.exists() {
        let t = Instant::now();
        let _ = std::fs::remove_dir_all(&dir);
        let mut config = jobmatch_datagen::GenConfig::new(postings, seekers, SEED);
        // Judgments are not needed by the benches; keep generation cheap.
        config.judged_per_seeker = 5;
        config.judged_per_posting = 5;
        jobmatch_datagen::generate(&config, &dir)
            .unwrap_or_else(|e| panic!("generating {dir:?}: {e}"));
        std::fs::write(&marker, b"").unwrap_or_else(|e| panic!("{marker:?}: {e}"));
        eprintln!(
            "bench data: generated {postings} postings x {seekers} seekers in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    dir
}

/// The engine over a dataset's index (built on first use, reopened afterwards).
pub fn engine(postings: usize, seekers: usize) -> Engine {
    let data = dataset(postings, seekers);
    let index = data.join("index");
    let marker = data.join("index-complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&index);
    }
    let engine = Engine::builder()
        .open_or_create(&index)
        .unwrap_or_else(|e| panic!("opening {index:?}: {e}"));
    if !marker.exists() {
        let t = Instant::now();
        stream_postings(
            &data.join("postings.jsonl"),
            &LoadOptions::lenient(),
            20_000,
            |chunk| engine.upsert_postings(&chunk).map(|_| ()),
        )
        .unwrap_or_else(|e| panic!("indexing postings: {e}"));
        engine.commit().unwrap_or_else(|e| panic!("commit: {e}"));
        let tp = t.elapsed().as_secs_f64();
        let t = Instant::now();
        stream_seekers(
            &data.join("seekers.jsonl"),
            &LoadOptions::lenient(),
            50_000,
            |chunk| engine.upsert_seekers(&chunk).map(|_| ()),
        )
        .unwrap_or_else(|e| panic!("indexing seekers: {e}"));
        engine.commit().unwrap_or_else(|e| panic!("commit: {e}"));
        engine
            .close_writers()
            .unwrap_or_else(|e| panic!("closing writers: {e}"));
        std::fs::write(&marker, b"").unwrap_or_else(|e| panic!("{marker:?}: {e}"));
        eprintln!(
            "bench data: indexed {postings} postings in {tp:.1} s and {seekers} seekers in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    // One segment per index, as `jobmatch`'s index builds leave it (a no-op
    // once merged).
    engine
        .merge_segments()
        .and_then(|()| engine.close_writers())
        .unwrap_or_else(|e| panic!("merging segments: {e}"));
    engine
}

/// A snapshot of [`engine`] with the scoring forms of both sides built, so
/// that the first timed call does not pay for them.
pub fn snapshot(postings: usize, seekers: usize) -> Snapshot {
    snapshot_of(&engine(postings, seekers))
}

/// A snapshot of `engine`, warmed as [`snapshot`] says.
pub fn snapshot_of(engine: &Engine) -> Snapshot {
    let snapshot = engine
        .snapshot()
        .unwrap_or_else(|e| panic!("snapshot: {e}"));
    let options = jobmatch::MatchOptions::new(1, as_of());
    if let Some(id) = snapshot.seeker_ids().next().map(String::from) {
        let _ = snapshot.recommend_postings(&id, &options);
    }
    if let Some(id) = snapshot.posting_ids().next().map(String::from) {
        let _ = snapshot.candidates(&id, &options);
    }
    snapshot
}

/// `n` ids spread evenly over `ids` (every `len / n`-th), in order.
pub fn spread<'a>(ids: impl Iterator<Item = &'a str>, n: usize) -> Vec<String> {
    let all: Vec<&str> = ids.collect();
    let step = (all.len() / n.max(1)).max(1);
    all.into_iter()
        .step_by(step)
        .take(n)
        .map(String::from)
        .collect()
}

/// Median and 99th percentile (nearest rank) of per-call timings, in milliseconds.
pub fn percentiles(samples: &mut [Duration]) -> (f64, f64) {
    samples.sort_unstable();
    let at = |q: f64| {
        let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
        samples[rank - 1].as_secs_f64() * 1e3
    };
    if samples.is_empty() {
        (f64::NAN, f64::NAN)
    } else {
        (at(0.5), at(0.99))
    }
}

/// The machine's load average (first three fields of `/proc/loadavg`).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
