//! Provincial-scale run: index a generated dataset (100k postings, 1M seekers),
//! push the top 20 to every seeker, and measure the candidate path's recall@20
//! against exhaustive scoring on a sample of seekers.
//!
//! ```sh
//! cargo run --release -p jobmatch-datagen --example generate -- \
//!     --postings 100000 --seekers 1000000 --seed 7 --out /tmp/scale-data
//! cargo run --release --example scale -- --data /tmp/scale-data --index /tmp/scale-index
//! ```
//! Options: `--k 20`, `--limit N` (seekers to push, default all), `--recall-sample 10000`,
//! `--as-of 2026-11-27`, `--pool N`, `--explain` (attach explanations, as the push does),
//! `--latency N` (time N single recommendations, explanations on, one at a time on one
//! thread, as a service embedding the library answers them; default 2000), `--merge`
//! (merge each index into one segment first, as the `jobmatch` index builds do),
//! `--repeat N` (rank the same seekers N times and report each pass and the
//! fastest: for comparing two builds on a machine whose speed wanders).
//! The recall sample runs on every thread.
use std::path::PathBuf;
use std::time::Instant;

use jobmatch::load::{LoadOptions, stream_postings, stream_seekers};
use jobmatch::model::Date;
use jobmatch::{Engine, MatchOptions};
use rayon::prelude::*;

/// The allocator of the `jobmatch` binary, so that memory figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Processor time of this process so far (user and system, all threads), in
/// seconds: less sensitive than wall time to what else the machine runs.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the
    // 14th and 15th of the line (the 12th and 13th after it), in clock ticks.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: f64 = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

/// `n` seeker ids evenly spread over the id order; `offset` starts half a
/// step in, so that two samples of the same size do not overlap.
fn spread_seekers(snapshot: &jobmatch::Snapshot, n: usize, offset: bool) -> Vec<String> {
    let step = snapshot.seeker_count().checked_div(n).unwrap_or(1).max(1);
    snapshot
        .seeker_ids()
        .skip(if offset { step / 2 } else { 0 })
        .step_by(step)
        .take(n)
        .map(String::from)
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = PathBuf::from("/tmp/scale-data");
    let mut index = PathBuf::from("/tmp/scale-index");
    let (mut k, mut limit, mut sample, mut pool, mut explain) =
        (20usize, usize::MAX, 10_000usize, None, false);
    let mut latency_sample = 2000usize;
    let mut merge = false;
    let mut repeat = 1usize;
    let mut as_of = Date::from_ymd(2026, 11, 27).ok_or("date")?;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = v()?.into(),
            "--index" => index = v()?.into(),
            "--k" => k = v()?.parse()?,
            "--limit" => limit = v()?.parse()?,
            "--recall-sample" => sample = v()?.parse()?,
            "--pool" => pool = Some(v()?.parse()?),
            "--as-of" => as_of = Date::parse(&v()?).ok_or("bad --as-of")?,
            "--explain" => explain = true,
            "--latency" => latency_sample = v()?.parse()?,
            "--merge" => merge = true,
            "--repeat" => repeat = v()?.parse::<usize>()?.max(1),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let mut builder = Engine::builder();
    if let Some(p) = pool {
        builder = builder.pool_size(p);
    }
    let engine = builder.open_or_create(&index)?;
    if engine.snapshot()?.posting_count() == 0 {
        let t = Instant::now();
        let r = stream_postings(
            &data.join("postings.jsonl"),
            &LoadOptions::lenient(),
            20_000,
            |chunk| engine.upsert_postings(&chunk).map(|_| ()),
        )?;
        engine.commit()?;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "indexed {} postings in {secs:.1} s ({:.0}/s)",
            r.accepted,
            r.accepted as f64 / secs
        );
        let t = Instant::now();
        let r = stream_seekers(
            &data.join("seekers.jsonl"),
            &LoadOptions::lenient(),
            50_000,
            |chunk| engine.upsert_seekers(&chunk).map(|_| ()),
        )?;
        engine.commit()?;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "indexed {} seekers in {secs:.1} s ({:.0}/s)",
            r.accepted,
            r.accepted as f64 / secs
        );
        engine.close_writers()?;
    }
    if merge {
        let t = Instant::now();
        engine.merge_segments()?;
        engine.close_writers()?;
        println!("merged segments in {:.1} s", t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let snapshot = engine.snapshot()?;
    println!(
        "snapshot: {} postings, {} seekers, loaded in {:.1} s",
        snapshot.posting_count(),
        snapshot.seeker_count(),
        t.elapsed().as_secs_f64()
    );
    let mut options = MatchOptions::new(k, as_of);
    options.explain = explain;
    let ids: Vec<String> = snapshot
        .seeker_ids()
        .take(limit)
        .map(String::from)
        .collect();
    let mut fastest = f64::INFINITY;
    for pass in 0..repeat {
        let t = Instant::now();
        let cpu = cpu_seconds();
        let (mut served, mut pushes) = (0usize, 0usize);
        for chunk in ids.chunks(20_000) {
            for r in snapshot.recommend_batch(Some(chunk), &options)? {
                served += usize::from(!r.matches.is_empty());
                pushes += r.matches.len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        let per_seeker = cpu * 1e6 / ids.len().max(1) as f64;
        fastest = fastest.min(per_seeker);
        let pass = if repeat > 1 {
            format!(" (pass {} of {repeat})", pass + 1)
        } else {
            String::new()
        };
        println!(
            "push top-{k}{pass}: {} seekers in {secs:.1} s ({:.0} seekers/s; processor {cpu:.1} s, {per_seeker:.0} µs/seeker), {served} served, {pushes} pushes, threads {}",
            ids.len(),
            ids.len() as f64 / secs,
            rayon::current_num_threads()
        );
    }
    if repeat > 1 {
        println!("fastest pass: {fastest:.0} µs of processor a seeker");
    }
    if latency_sample > 0 {
        // Seekers spread over the corpus, other than the recall sample's.
        let picked = spread_seekers(&snapshot, latency_sample, true);
        let mut one = options;
        one.explain = true;
        let mut times = Vec::with_capacity(picked.len());
        for id in &picked {
            let t = Instant::now();
            std::hint::black_box(snapshot.recommend_postings(id, &one)?);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let rank = ((q * times.len() as f64).ceil() as usize).clamp(1, times.len());
            times[rank - 1]
        };
        if !times.is_empty() {
            println!(
                "one seeker (top {k}, explanations, one thread), {} seekers: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                times.len(),
                at(0.5),
                at(0.9),
                at(0.99),
                times[times.len() - 1]
            );
        }
    }
    if sample > 0 {
        let picked = spread_seekers(&snapshot, sample, false);
        let t = Instant::now();
        let mut quiet = options;
        quiet.explain = false;
        // Seekers in parallel (each exhaustive ranking scores every posting).
        let counts: Vec<(usize, usize)> = picked
            .par_iter()
            .map(|id| {
                let fast = snapshot.recommend_postings(id, &quiet)?;
                let slow = snapshot.exhaustive_postings(id, &quiet)?;
                let hit = slow
                    .iter()
                    .filter(|m| fast.iter().any(|f| f.id == m.id))
                    .count();
                Ok((hit, slow.len()))
            })
            .collect::<jobmatch::Result<_>>()?;
        let hit: usize = counts.iter().map(|c| c.0).sum();
        let total: usize = counts.iter().map(|c| c.1).sum();
        println!(
            "recall@{k} of the candidate path vs exhaustive scoring: {:.4} over {} seekers ({:.1} s)",
            hit as f64 / total.max(1) as f64,
            picked.len(),
            t.elapsed().as_secs_f64()
        );
    }
    println!("peak memory (VmHWM): {:.0} MiB", peak_rss_mib());
    Ok(())
}
