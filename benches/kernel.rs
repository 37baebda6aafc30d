//! The scoring kernel: candidate pairs scored per second, next to a
//! memory-bandwidth ceiling measured in the same bench.
//!
//! The kernel is what the engine runs on every retrieved candidate:
//! `features::compute` on a prepared seeker and a prepared posting, then the
//! weighted mean with normalised weights (as `Snapshot` does). It is built here
//! from the public API only (`profile`, `prepare`, `features`, `score`), on the
//! 10k-posting bench dataset (100k with `JOBMATCH_BENCH_SCALE=full`): each
//! iteration scores 20 seekers against every posting, on one thread.
//!
//! The ceiling is a streaming pass (a sum over `u64`s) over an array the size
//! of the postings' scoring inputs, taken as their bincode-encoded profiles
//! (the bytes stored per posting in the index; the decoded, prepared forms the
//! kernel actually reads are larger, so this under-states the bytes per pair
//! and the fraction is, if anything, flattering). A second pass over 1 GiB
//! gives the DRAM figure (this machine's L3 is reported as 480 MiB, so an array
//! below that may be served from cache). The fraction is
//! `pairs/s ÷ (bytes/s ÷ bytes per posting)`, printed and appended to
//! `target/bench-results/kernel.jsonl`.
//!
//! `cargo bench --bench kernel`

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jobmatch::analysis::Analyzer;
use jobmatch::features::{self, FEATURE_COUNT, MatchContext};
use jobmatch::load::{LoadOptions, load_postings, load_seekers};
use jobmatch::normalise::skills::SkillNormaliser;
use jobmatch::prepare::{PreparedPosting, PreparedSeeker, Vocabulary};
use jobmatch::profile::{PostingProfile, SeekerProfile};
use jobmatch::score::Weights;

const SEEKERS_PER_ITER: usize = 20;

/// Mean time per iteration of what criterion ran (warm-up included).
#[derive(Default)]
struct Mean {
    total: Duration,
    iters: u64,
}

impl Mean {
    fn add(&mut self, spent: Duration, iters: u64) {
        self.total += spent;
        self.iters += iters;
    }
    fn secs(&self) -> f64 {
        self.total.as_secs_f64() / self.iters.max(1) as f64
    }
}

fn stream(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |a, &w| a.wrapping_add(w))
}

fn kernel_at(c: &mut Criterion, postings_n: usize, seekers_n: usize) {
    let data = common::dataset(postings_n, seekers_n);
    let postings = load_postings(&data.join("postings.jsonl"), &LoadOptions::lenient())
        .unwrap_or_else(|e| panic!("{e}"))
        .records;
    let seekers = load_seekers(&data.join("seekers.jsonl"), &LoadOptions::lenient())
        .unwrap_or_else(|e| panic!("{e}"))
        .records;
    let mut analyzer = Analyzer::default();
    let posting_profiles: Vec<Arc<PostingProfile>> = postings
        .iter()
        .map(|p| Arc::new(PostingProfile::build(p, &mut analyzer)))
        .collect();
    let seeker_profiles: Vec<Arc<SeekerProfile>> =
        common::spread(seekers.iter().map(|s| s.id.as_str()), SEEKERS_PER_ITER)
            .iter()
            .filter_map(|id| seekers.iter().find(|s| &s.id == id))
            .map(|s| Arc::new(SeekerProfile::build(s, &mut analyzer)))
            .collect();
    let vocabulary = Vocabulary::build(posting_profiles.iter().map(|p| p.terms.as_slice()));
    let normaliser = SkillNormaliser::default();
    let prepared_postings: Vec<PreparedPosting> = posting_profiles
        .iter()
        .map(|p| PreparedPosting::new(p.clone(), &vocabulary, &normaliser))
        .collect();
    let prepared_seekers: Vec<PreparedSeeker> = seeker_profiles
        .iter()
        .map(|s| PreparedSeeker::new(s.clone(), &vocabulary, &normaliser))
        .collect();
    let weights: [f32; FEATURE_COUNT] = Weights::default().normalised();
    let ctx = MatchContext {
        as_of: common::as_of(),
    };
    let pairs = (prepared_seekers.len() * prepared_postings.len()) as u64;

    let feature_bytes: usize = posting_profiles
        .iter()
        .map(|p| {
            bincode::serde::encode_to_vec(p.as_ref(), bincode::config::standard())
                .map_or(0, |v| v.len())
        })
        .sum();
    let bytes_per_posting = feature_bytes as f64 / posting_profiles.len().max(1) as f64;
    let features_array: Vec<u64> = (0..feature_bytes.div_ceil(8) as u64).collect();
    let dram_array: Vec<u64> = (0..(1u64 << 27)).collect(); // 1 GiB

    let label = format!("{}k postings", postings_n / 1000);
    let mut group = c.benchmark_group("kernel");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));

    let mut kernel = Mean::default();
    group.throughput(Throughput::Elements(pairs));
    group.bench_function(BenchmarkId::new("score_pairs", &label), |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                let mut best = 0.0f32;
                for s in &prepared_seekers {
                    for p in &prepared_postings {
                        let v = features::compute(black_box(s), black_box(p), &ctx).0;
                        let mut score = 0.0f32;
                        for i in 0..FEATURE_COUNT {
                            score += weights[i] * v[i];
                        }
                        best = best.max(score.clamp(0.0, 1.0));
                    }
                }
                black_box(best);
            }
            let spent = t.elapsed();
            kernel.add(spent, iters);
            spent
        });
    });

    let mut feat = Mean::default();
    group.throughput(Throughput::Bytes(features_array.len() as u64 * 8));
    group.bench_function(BenchmarkId::new("stream_features_array", &label), |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(stream(black_box(&features_array)));
            }
            let spent = t.elapsed();
            feat.add(spent, iters);
            spent
        });
    });

    let mut dram = Mean::default();
    group.throughput(Throughput::Bytes(dram_array.len() as u64 * 8));
    group.bench_function(BenchmarkId::new("stream_1GiB", &label), |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(stream(black_box(&dram_array)));
            }
            let spent = t.elapsed();
            dram.add(spent, iters);
            spent
        });
    });
    group.finish();
    if kernel.iters == 0 || feat.iters == 0 || dram.iters == 0 {
        // Part of the group was skipped by a criterion filter: no ratio to record.
        return;
    }

    let pairs_per_sec = pairs as f64 / kernel.secs();
    let feat_bps = (features_array.len() * 8) as f64 / feat.secs();
    let dram_bps = (dram_array.len() * 8) as f64 / dram.secs();
    let ceiling_feat = feat_bps / bytes_per_posting;
    let ceiling_dram = dram_bps / bytes_per_posting;
    common::record(
        "kernel.jsonl",
        &serde_json::json!({
            "bench": format!("kernel/{label}"),
            "threads": 1,
            "pairs_per_iter": pairs,
            "pairs_per_sec": pairs_per_sec,
            "ns_per_pair": 1e9 / pairs_per_sec,
            "bytes_per_posting": bytes_per_posting,
            "features_array_bytes": features_array.len() * 8,
            "stream_features_gb_per_s": feat_bps / 1e9,
            "stream_1gib_gb_per_s": dram_bps / 1e9,
            "ceiling_pairs_per_sec_features_array": ceiling_feat,
            "ceiling_pairs_per_sec_1gib": ceiling_dram,
            "fraction_of_ceiling_features_array": pairs_per_sec / ceiling_feat,
            "fraction_of_ceiling_1gib": pairs_per_sec / ceiling_dram,
            "load": common::load_average(),
        }),
    );
}

fn kernel(c: &mut Criterion) {
    kernel_at(c, 10_000, 10_000);
    if common::full_scale() {
        kernel_at(c, 100_000, 100_000);
    }
}

criterion_group!(benches, kernel);
criterion_main!(benches);
