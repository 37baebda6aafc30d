//! One recommendation: the latency of one call, median and p99.
//!
//! - `seeker_to_postings`: `Snapshot::recommend_postings` (top 20, with
//!   explanations, as a service embedding the library answers one seeker), for
//!   seekers spread over the corpus, against 10k postings (default) and 100k
//!   postings (`JOBMATCH_BENCH_SCALE=full`).
//! - `posting_to_seekers`: `Snapshot::candidates` (top 20, explanations) for
//!   postings live on the reference date, against 10k seekers (default) and
//!   100k and 1M seekers (full).
//!
//! Criterion reports the mean and median per call; every call is also timed on
//! its own (`iter_custom`), and the median and 99th percentile of those timings
//! (warm-up included) are printed and appended to
//! `target/bench-results/recommend.jsonl`.
//!
//! `cargo bench --bench recommend` (`JOBMATCH_BENCH_SCALE=full cargo bench --bench recommend`)

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use jobmatch::{MatchOptions, Snapshot};

/// Distinct queries the timed calls cycle through.
const QUERIES: usize = 500;

#[derive(Clone, Copy)]
enum Direction {
    SeekerToPostings,
    PostingToSeekers,
}

fn bench_one(
    c: &mut Criterion,
    snapshot: &Snapshot,
    direction: Direction,
    label: &str,
    scale: (usize, usize),
) {
    let options = MatchOptions::new(20, common::as_of());
    let (name, queries) = match direction {
        Direction::SeekerToPostings => (
            "seeker_to_postings",
            common::spread(snapshot.seeker_ids(), QUERIES),
        ),
        Direction::PostingToSeekers => {
            let live: Vec<&str> = snapshot
                .posting_ids()
                .filter(|id| {
                    snapshot
                        .posting(id)
                        .is_some_and(|p| p.is_live_on(options.as_of))
                })
                .collect();
            (
                "posting_to_seekers",
                common::spread(live.into_iter(), QUERIES),
            )
        }
    };
    let call = |id: &str| match direction {
        Direction::SeekerToPostings => snapshot.recommend_postings(id, &options),
        Direction::PostingToSeekers => snapshot.candidates(id, &options),
    };
    let mut samples: Vec<Duration> = Vec::new();
    let mut next = 0usize;
    let mut group = c.benchmark_group("recommend");
    group.sample_size(50);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function(BenchmarkId::new(name, label), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let id = &queries[next % queries.len()];
                next += 1;
                let t = Instant::now();
                let found = call(black_box(id)).unwrap_or_else(|e| panic!("{e}"));
                let spent = t.elapsed();
                black_box(found);
                total += spent;
                samples.push(spent);
            }
            total
        });
    });
    group.finish();
    let calls = samples.len();
    if calls == 0 {
        // Skipped by a criterion filter: nothing was measured, nothing to record.
        return;
    }
    let (median, p99) = common::percentiles(&mut samples);
    common::record(
        "recommend.jsonl",
        &serde_json::json!({
            "bench": format!("recommend/{name}/{label}"),
            "postings": scale.0,
            "seekers": scale.1,
            "calls": calls,
            "distinct_queries": queries.len(),
            "median_ms": median,
            "p99_ms": p99,
            "load": common::load_average(),
        }),
    );
}

fn recommend(c: &mut Criterion) {
    let small = common::snapshot(10_000, 10_000);
    bench_one(
        c,
        &small,
        Direction::SeekerToPostings,
        "10k postings",
        (10_000, 10_000),
    );
    bench_one(
        c,
        &small,
        Direction::PostingToSeekers,
        "10k seekers",
        (10_000, 10_000),
    );
    drop(small);
    if common::full_scale() {
        let mid = common::snapshot(100_000, 100_000);
        bench_one(
            c,
            &mid,
            Direction::PostingToSeekers,
            "100k seekers",
            (100_000, 100_000),
        );
        drop(mid);
        let big = common::snapshot(100_000, 1_000_000);
        bench_one(
            c,
            &big,
            Direction::SeekerToPostings,
            "100k postings",
            (100_000, 1_000_000),
        );
        bench_one(
            c,
            &big,
            Direction::PostingToSeekers,
            "1M seekers",
            (100_000, 1_000_000),
        );
    }
}

criterion_group!(benches, recommend);
criterion_main!(benches);
