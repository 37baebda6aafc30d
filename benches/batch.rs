//! Batch throughput: seekers per second for the push, in rayon pools of 1 and
//! 2 threads.
//!
//! - `rank`: `Snapshot::recommend_batch` for 2,000 seekers, top 30 without
//!   explanations — what the push's ranking phase asks of the engine for each
//!   seeker (top 20 plus its default margin of 10).
//! - `push`: the whole `jobmatch::push::run` (top 20: its snapshot, ranking, capacity
//!   allocation, explanations of the pushed pairs, checkpoints, atomic output,
//!   history) for the same 2,000 seekers, each iteration in a fresh work
//!   directory.
//!
//! Against 10k postings by default, and 100k postings with
//! `JOBMATCH_BENCH_SCALE=full`. Criterion's throughput line is seekers/s.
//!
//! `cargo bench --bench batch`

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jobmatch::push::{NoProgress, PushSettings, WorkDir};
use jobmatch::{Engine, MatchOptions};

const SEEKERS: usize = 2_000;

fn bench_scale(c: &mut Criterion, engine: &Engine, label: &str) {
    let snapshot = common::snapshot_of(engine);
    let ids = common::spread(snapshot.seeker_ids(), SEEKERS);
    let options = MatchOptions {
        explain: false,
        ..MatchOptions::new(30, common::as_of())
    };
    let mut settings = PushSettings::new(common::as_of());
    settings.k = 20;
    settings.seekers = Some(ids.clone());

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(ids.len() as u64));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        group.bench_function(
            BenchmarkId::new("rank", format!("{label}/{threads}t")),
            |b| {
                b.iter(|| {
                    pool.install(|| {
                        snapshot
                            .recommend_batch(Some(black_box(&ids)), &options)
                            .unwrap_or_else(|e| panic!("{e}"))
                    })
                });
            },
        );
        group.bench_function(
            BenchmarkId::new("push", format!("{label}/{threads}t")),
            |b| {
                b.iter_batched(
                    || tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
                    |work| {
                        let dir = WorkDir::new(work.path());
                        let out = work.path().join("out");
                        let outcome = pool.install(|| {
                            jobmatch::push::run(engine, &dir, &out, &settings, &NoProgress)
                                .unwrap_or_else(|e| panic!("{e}"))
                        });
                        (outcome, work)
                    },
                    BatchSize::PerIteration,
                );
            },
        );
    }
    group.finish();
}

fn batch(c: &mut Criterion) {
    let small = common::engine(10_000, 10_000);
    bench_scale(c, &small, "10k postings");
    drop(small);
    if common::full_scale() {
        let big = common::engine(100_000, 100_000);
        bench_scale(c, &big, "100k postings");
    }
}

criterion_group!(benches, batch);
criterion_main!(benches);
