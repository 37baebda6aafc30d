//! Indexing throughput: postings per second and seekers per second, with 1 and
//! 2 index writer threads (`EngineBuilder::writer_threads`).
//!
//! Each iteration builds a fresh in-memory engine, upserts the records (already
//! parsed and validated: loading is not timed) and commits. The default runs
//! 10,000 records per side; `JOBMATCH_BENCH_SCALE=full` also times 100,000
//! postings once per thread count (the "index 100k postings" target).
//!
//! `cargo bench --bench indexing`

mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jobmatch::Engine;
use jobmatch::load::{LoadOptions, load_postings, load_seekers};

const RECORDS: usize = 10_000;

fn indexing(c: &mut Criterion) {
    let data = common::dataset(RECORDS, RECORDS);
    let postings = load_postings(&data.join("postings.jsonl"), &LoadOptions::lenient())
        .unwrap_or_else(|e| panic!("{e}"))
        .records;
    let seekers = load_seekers(&data.join("seekers.jsonl"), &LoadOptions::lenient())
        .unwrap_or_else(|e| panic!("{e}"))
        .records;

    let mut group = c.benchmark_group("indexing");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_secs(1));
    group.measurement_time(std::time::Duration::from_secs(8));
    for threads in [1usize, 2] {
        group.throughput(Throughput::Elements(postings.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("postings", format!("{}k/{threads}t", postings.len() / 1000)),
            &threads,
            |b, &threads| {
                b.iter(|| {
                    let engine = Engine::builder()
                        .writer_threads(threads)
                        .in_ram()
                        .unwrap_or_else(|e| panic!("{e}"));
                    engine
                        .upsert_postings(black_box(&postings))
                        .unwrap_or_else(|e| panic!("{e}"));
                    engine.commit().unwrap_or_else(|e| panic!("{e}"));
                    engine
                });
            },
        );
        group.throughput(Throughput::Elements(seekers.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("seekers", format!("{}k/{threads}t", seekers.len() / 1000)),
            &threads,
            |b, &threads| {
                b.iter(|| {
                    let engine = Engine::builder()
                        .writer_threads(threads)
                        .in_ram()
                        .unwrap_or_else(|e| panic!("{e}"));
                    engine
                        .upsert_seekers(black_box(&seekers))
                        .unwrap_or_else(|e| panic!("{e}"));
                    engine.commit().unwrap_or_else(|e| panic!("{e}"));
                    engine
                });
            },
        );
    }
    group.finish();

    if common::full_scale() {
        // One timed build of 100k postings per thread count (too slow to repeat).
        let data = common::dataset(100_000, 1_000_000);
        let postings = load_postings(&data.join("postings.jsonl"), &LoadOptions::lenient())
            .unwrap_or_else(|e| panic!("{e}"))
            .records;
        for threads in [1usize, 2] {
            let engine = Engine::builder()
                .writer_threads(threads)
                .in_ram()
                .unwrap_or_else(|e| panic!("{e}"));
            let t = Instant::now();
            for chunk in postings.chunks(20_000) {
                engine
                    .upsert_postings(chunk)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            engine.commit().unwrap_or_else(|e| panic!("{e}"));
            let secs = t.elapsed().as_secs_f64();
            common::record(
                "indexing.jsonl",
                &serde_json::json!({
                    "bench": "indexing/postings-once",
                    "postings": postings.len(),
                    "writer_threads": threads,
                    "seconds": secs,
                    "per_second": postings.len() as f64 / secs,
                    "load": common::load_average(),
                }),
            );
        }
    }
}

criterion_group!(benches, indexing);
criterion_main!(benches);
